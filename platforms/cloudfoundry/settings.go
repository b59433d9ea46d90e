package cloudfoundry

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Where deployer properties arrive: deployer.<app>.cloudfoundry.x and the generic deployer.<app>.memory|disk.
const (
	deployerPrefix = "spring.cloud.deployer."
	cfPrefix       = deployerPrefix + "cloudfoundry."
)

// SCDF's CF deployer defaults (scdf-deployers §2.3).
const (
	defaultMemoryMB      = 1024
	defaultDiskMB        = 1024
	defaultHealthCheck   = "port"
	defaultHealthPath    = "/health"
	defaultHealthTimeout = 120
	defaultBuildpack     = "https://github.com/cloudfoundry/java-buildpack.git#v4.29.1"
)

// settings answers "what is property X for this app": the app's own cloudfoundry.X, else the account's. Names
// match relaxed (health-check, healthCheck, HEALTH_CHECK are one), where SCDF matched per-app keys exactly
// and silently ignored deployer.x.cloudfoundry.healthCheck.
type settings struct {
	app, account       map[string]string
	generic            map[string]string // spring.cloud.deployer.<x> that are not cloudfoundry.*
	appEnv, accountEnv map[string]string // env.<VAR>: names kept as written
}

func relaxed(name string) string { return platforms.RelaxedName(name) }

func newSettings(acc platforms.Account, deployer map[string]string) settings {
	s := settings{app: map[string]string{}, account: map[string]string{}, generic: map[string]string{},
		appEnv: map[string]string{}, accountEnv: map[string]string{}}
	for k, v := range deployer {
		if name, ok := strings.CutPrefix(k, cfPrefix); ok {
			if env, ok := strings.CutPrefix(name, "env."); ok {
				s.appEnv[env] = v
			} else {
				s.app[relaxed(name)] = v
			}
		} else if name, ok := strings.CutPrefix(k, deployerPrefix); ok {
			s.generic[relaxed(name)] = v
		}
	}
	if acc.CloudFoundry == nil {
		return s
	}
	d := acc.CloudFoundry.Deployment
	for name, v := range d.Properties {
		if env, ok := strings.CutPrefix(name, "env."); ok {
			s.accountEnv[env] = v
		} else {
			s.account[relaxed(name)] = v
		}
	}
	typed := map[string]string{"memory": d.Memory, "disk": d.Disk, "services": d.Services, "buildpacks": d.Buildpacks,
		"domain": d.Domain, "healthCheck": d.HealthCheck, "healthCheckHttpEndpoint": d.HealthCheckHTTPEndpoint, "javaOpts": d.JavaOpts}
	if d.Instances != nil {
		typed["instances"] = strconv.Itoa(*d.Instances)
	}
	if d.HealthCheckTimeout != 0 {
		typed["healthCheckTimeout"] = strconv.Itoa(d.HealthCheckTimeout)
	}
	if d.DeleteRoutes != nil {
		typed["deleteRoutes"] = strconv.FormatBool(*d.DeleteRoutes)
	}
	if d.MaxConcurrentTasks != 0 {
		typed["maximumConcurrentTasks"] = strconv.Itoa(d.MaxConcurrentTasks)
	}
	for name, v := range typed {
		if v != "" {
			s.account[relaxed(name)] = v
		}
	}
	return s
}

func (s settings) get(names ...string) (string, bool) {
	for _, m := range []map[string]string{s.app, s.account} {
		for _, n := range names {
			if v, ok := m[relaxed(n)]; ok && strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v), true
			}
		}
	}
	return "", false
}

func (s settings) str(def string, names ...string) string {
	if v, ok := s.get(names...); ok {
		return v
	}
	return def
}

func (s settings) boolean(def bool, names ...string) (bool, error) {
	v, ok := s.get(names...)
	if !ok {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("cloudfoundry.%s must be true or false, got '%s'", names[0], v)
	}
	return b, nil
}

// accountBoolean reads a property only the account sets (SCDF's server-level deployment properties, such as
// pushTaskAppsEnabled, have no per-app key).
func (s settings) accountBoolean(def bool, name string) (bool, error) {
	v := strings.TrimSpace(s.account[relaxed(name)])
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("the account's deployment.%s must be true or false, got '%s'", name, v)
	}
	return b, nil
}

func (s settings) integer(def int, names ...string) (int, error) {
	v, ok := s.get(names...)
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("cloudfoundry.%s must be a whole number, got '%s'", names[0], v)
	}
	return n, nil
}

// list is a comma list from the account and then the app, as SCDF merged services, routes and buildpacks.
func (s settings) list(name string) []string {
	var out []string
	for _, m := range []map[string]string{s.account, s.app} {
		out = append(out, splitList(m[relaxed(name)])...)
	}
	return out
}

// splitList splits on commas outside single quotes ('svc k:v,k2:v2' stays one item) and drops the quotes.
func splitList(v string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	flush := func() {
		if item := strings.TrimSpace(cur.String()); item != "" {
			out = append(out, item)
		}
		cur.Reset()
	}
	for _, r := range v {
		switch {
		case r == '\'':
			quoted = !quoted
		case r == ',' && !quoted:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

var sizePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?i)([0-9]+)\s*(m|mb|mi|g|gb|gi)?$`) })

// mebibytes reads SCDF's sizes: 1024, 1024m, 2g (a bare number is megabytes, as in SCDF's ByteSizeUtils).
func mebibytes(what, v string) (int, error) {
	m := sizePattern().FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return 0, fmt.Errorf("%s must be a size such as 1024m or 2g, got '%s'", what, v)
	}
	n, _ := strconv.Atoi(m[1])
	if strings.HasPrefix(strings.ToLower(m[2]), "g") {
		n *= 1024
	}
	if n <= 0 {
		return 0, fmt.Errorf("%s must be more than zero, got '%s'", what, v)
	}
	return n, nil
}

// size is memory or disk: the generic deployer.<app>.memory first (SCDF's per-app key), then the account's.
func (s settings) size(name string, def int) (int, error) {
	v, ok := s.generic[name]
	if !ok || strings.TrimSpace(v) == "" {
		v, ok = s.get(name)
	}
	if !ok {
		return def, nil
	}
	return mebibytes(name, v)
}
