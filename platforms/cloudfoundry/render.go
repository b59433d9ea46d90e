package cloudfoundry

import (
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dataflow-cli/dataflow/platforms"
)

// manifestApp is one app of a cf CLI manifest (`cf push -f`): what Deploy would push, in the form CF users read.
type manifestApp struct {
	Name            string              `yaml:"name"`
	Docker          map[string]string   `yaml:"docker,omitempty"`
	Path            string              `yaml:"path,omitempty"`
	Buildpacks      []string            `yaml:"buildpacks,omitempty"`
	Memory          string              `yaml:"memory"`
	DiskQuota       string              `yaml:"disk_quota"`
	Instances       int                 `yaml:"instances"`
	HealthCheckType string              `yaml:"health-check-type"`
	HealthCheckPath string              `yaml:"health-check-http-endpoint,omitempty"`
	Timeout         int                 `yaml:"timeout"`
	NoRoute         bool                `yaml:"no-route,omitempty"`
	Routes          []map[string]string `yaml:"routes,omitempty"`
	Services        []any               `yaml:"services,omitempty"`
	Env             map[string]string   `yaml:"env,omitempty"`
	Metadata        map[string]any      `yaml:"metadata,omitempty"`
}

// Render shows the app Deploy would push as a cf CLI manifest; nothing is sent. A route on the account's
// default domain reads <host>.<apps domain> when the account names none (finding the org's needs a request).
func (a *Apps) Render(d platforms.AppDeployment) (string, error) {
	name, err := AppName(d.NamePrefix, d.DeploymentID)
	if err != nil {
		return "", err
	}
	p, err := planApp(a.Account, d, name)
	if err != nil {
		return "", err
	}
	// A jar on this machine is read for java-cfenv as the push reads it; one behind a URL is not downloaded.
	if p.source != "" && !strings.HasPrefix(p.source, "http://") && !strings.HasPrefix(p.source, "https://") {
		if f, err := os.Open(p.source); err == nil {
			cfEnv := jarHasCfEnv(f)
			_ = f.Close()
			if cfEnv {
				if err := p.useCfEnv(false); err != nil {
					return "", err
				}
			}
		}
	}
	// The account's admin password is a secret: the manifest shows that it is set, not what it is.
	if _, ok := p.env[envAdminPassword]; ok {
		p.env = maps.Clone(p.env)
		p.env[envAdminPassword] = redacted
	}
	m := manifestApp{Name: name, Path: p.source, Buildpacks: p.buildpacks, Memory: sizeText(p.memoryMB), DiskQuota: sizeText(p.diskMB),
		Instances: p.instances, HealthCheckType: p.health.kind, HealthCheckPath: p.health.endpoint, Timeout: p.health.timeout,
		NoRoute: len(p.routes) == 0, Env: p.env, Metadata: map[string]any{"labels": p.labels}}
	if p.image != "" {
		m.Docker = map[string]string{"image": p.image}
	}
	for _, r := range p.routes {
		if r.domain == "" {
			r.domain = firstNonEmpty(a.Account.CloudFoundry.AppsDomain(), "<apps domain>")
		}
		m.Routes = append(m.Routes, map[string]string{"route": r.String()})
	}
	for _, s := range p.services {
		if len(s.params) == 0 {
			m.Services = append(m.Services, s.name)
			continue
		}
		params := map[string]string{}
		for _, k := range slices.Sorted(maps.Keys(s.params)) {
			params[k] = s.params[k]
		}
		m.Services = append(m.Services, map[string]any{"name": s.name, "parameters": params})
	}
	raw, err := yaml.Marshal(map[string]any{"applications": []manifestApp{m}})
	return string(raw), err
}

// redacted stands for a secret in what dataflow shows (flow.Redacted, which platforms cannot import).
const redacted = "******"

func sizeText(mb int) string {
	if mb%1024 == 0 {
		return strconv.Itoa(mb/1024) + "G"
	}
	return strconv.Itoa(mb) + "M"
}
