package cloudfoundry

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"sync"

	"github.com/dataflow-cli/dataflow/platforms"
)

// appPlan is everything a push will send, worked out before the first request: a property that cannot be
// read fails the deploy while nothing exists yet.
type appPlan struct {
	name string
	// image is set for docker: resources; source (a file path or an http(s) URL) for jars pushed as bits.
	image, source string
	buildpacks    []string
	env           map[string]string
	labels        map[string]string
	memoryMB      int
	diskMB        int
	instances     int
	health        healthCheck
	routes        []routeSpec
	services      []serviceSpec
	deleteRoutes  bool
	// props are the app properties the environment carries (stream apps; server.port dropped), as
	// SPRING_APPLICATION_JSON when springAppJSON, else one variable each: java-cfenv adds a profile to them.
	props         map[string]string
	springAppJSON bool
}

type healthCheck struct {
	kind     string // port, http or process (SCDF's NONE is process on v3)
	endpoint string
	timeout  int
}

// routeSpec is one route to map; an empty domain means the account's apps domain.
type routeSpec struct{ host, domain, path string }

func (r routeSpec) String() string {
	s := r.host
	if r.domain != "" {
		s += "." + r.domain
	}
	return s + r.path
}

// serviceSpec is a service instance to bind, with the parameters SCDF's 'name k:v,k2:v2' form gives.
type serviceSpec struct {
	name   string
	params map[string]string
}

// labelDeploymentID labels an app with its deployment id, so that an app whose handle was never recorded (an
// interrupted deploy) can still be found and removed.
const labelDeploymentID = "spring-deployment-id"

// Environment variables SCDF's CF deployer sets on every app.
const (
	envApplicationJSON = "SPRING_APPLICATION_JSON"
	envGroup           = "SPRING_CLOUD_APPLICATION_GROUP"
	envGUID            = "SPRING_CLOUD_APPLICATION_GUID"
	envIndex           = "SPRING_APPLICATION_INDEX"
	envJavaOpts        = "JAVA_OPTS"
	// The account's appAdmin credentials, for apps secured by the stream applications' common security
	// (an actuator POST needs them): SCDF's AppAdmin names.
	envAdminUser     = "SPRING_CLOUD_STREAMAPP_SECURITY_ADMIN-USER"
	envAdminPassword = "SPRING_CLOUD_STREAMAPP_SECURITY_ADMIN-PASSWORD"
)

// planApp resolves a stream app's push.
func planApp(acc platforms.Account, d platforms.AppDeployment, name string) (appPlan, error) {
	s := newSettings(acc, d.DeployerProperties)
	p, err := planCommon(s, d.Resource, name, d.AppProperties)
	if err != nil {
		return appPlan{}, err
	}
	// deployer.<app>.count, else the account's instances (SCDF's order), else flow's default of 1.
	p.instances = d.Count
	if _, set := d.DeployerProperties[deployerPrefix+"count"]; !set {
		if p.instances, err = s.integer(d.Count, "instances"); err != nil {
			return appPlan{}, err
		}
	}
	p.env[envGroup] = d.Group
	p.env[envGUID] = "${vcap.application.name}:${vcap.application.instance_index}"
	p.env[envIndex] = "${vcap.application.instance_index}"
	// Both or nothing, as SCDF's AppAdmin.hasCredentials; stream apps only (SCDF's task launcher sets none).
	if user, password := strings.TrimSpace(s.account[relaxed("appAdmin.user")]), strings.TrimSpace(s.account[relaxed("appAdmin.password")]); user != "" && password != "" {
		p.env[envAdminUser], p.env[envAdminPassword] = user, password
	}
	p.labels = validLabels(map[string]string{"spring-group-id": d.Group, "spring-application-name": d.Label, labelDeploymentID: d.DeploymentID})
	if p.health, err = planHealth(s); err != nil {
		return appPlan{}, err
	}
	if p.routes, err = planRoutes(s, name); err != nil {
		return appPlan{}, err
	}
	if p.deleteRoutes, err = s.boolean(true, "deleteRoutes"); err != nil {
		return appPlan{}, err
	}
	return p, nil
}

// planCommon is what stream apps and task apps share: resource, buildpacks, sizes, environment, services.
func planCommon(s settings, res, name string, props map[string]string) (appPlan, error) {
	p := appPlan{name: name}
	switch {
	case strings.HasPrefix(res, "docker:"):
		p.image = strings.TrimPrefix(res, "docker:")
	case strings.HasPrefix(res, "file:"):
		p.source = strings.TrimPrefix(strings.TrimPrefix(res, "file:"), "//")
	case strings.HasPrefix(res, "http://"), strings.HasPrefix(res, "https://"):
		p.source = res
	default:
		return appPlan{}, fmt.Errorf("'%s' cannot be pushed to Cloud Foundry: register the app with a docker:, file: or http(s): URI", res)
	}
	if p.image == "" && p.source == "" {
		return appPlan{}, fmt.Errorf("'%s' names no image or file", res)
	}
	if p.source != "" {
		p.buildpacks = planBuildpacks(s)
	}
	var err error
	if p.memoryMB, err = s.size("memory", defaultMemoryMB); err != nil {
		return appPlan{}, err
	}
	if p.diskMB, err = s.size("disk", defaultDiskMB); err != nil {
		return appPlan{}, err
	}
	if err = p.planEnv(s, props); err != nil {
		return appPlan{}, err
	}
	for _, item := range s.list("services") {
		svc, err := parseService(item)
		if err != nil {
			return appPlan{}, err
		}
		p.services = append(p.services, svc)
	}
	return p, nil
}

// planBuildpacks is SCDF's choice, not a merge: the app's buildpacks (a comma list), else its single buildpack,
// else the account's, else the java buildpack. An app that names its buildpack gets that one alone.
func planBuildpacks(s settings) []string {
	for _, m := range []map[string]string{s.app, s.account} {
		if v := strings.TrimSpace(m[relaxed("buildpacks")]); v != "" {
			return splitList(v)
		}
		if v := strings.TrimSpace(m[relaxed("buildpack")]); v != "" {
			return []string{v}
		}
	}
	return []string{defaultBuildpack}
}

// planEnv is SCDF's mergeEnvironmentVariables: the account's env, the app properties as SPRING_APPLICATION_JSON
// (or one variable each, with use-spring-application-json=false), the app's env, JAVA_OPTS. server.port is
// dropped: Cloud Foundry gives the port.
func (p *appPlan) planEnv(s settings, props map[string]string) error {
	env := maps.Clone(s.accountEnv)
	if env == nil {
		env = map[string]string{}
	}
	appProps := maps.Clone(props)
	if appProps == nil {
		appProps = map[string]string{}
	}
	delete(appProps, "server.port")
	useJSON, err := s.boolean(true, "useSpringApplicationJson")
	if err != nil {
		return err
	}
	p.props, p.springAppJSON = appProps, useJSON
	if useJSON {
		if len(appProps) > 0 {
			raw, err := json.Marshal(appProps)
			if err != nil {
				return err
			}
			// A string holding JSON: go-cfclient prints to stdout on env values that are JSON objects.
			env[envApplicationJSON] = string(raw)
		}
	} else {
		maps.Copy(env, appProps)
	}
	maps.Copy(env, s.appEnv)
	if opts := s.str("", "javaOpts"); opts != "" {
		env[envJavaOpts] = opts
	}
	p.env = env
	return nil
}

func planHealth(s settings) (healthCheck, error) {
	h := healthCheck{kind: strings.ToLower(s.str(defaultHealthCheck, "healthCheck"))}
	switch h.kind {
	case "none":
		h.kind = "process"
	case "port", "http", "process":
	default:
		return h, fmt.Errorf("cloudfoundry.health-check must be port, http, process or none, got '%s'", h.kind)
	}
	if h.kind == "http" {
		h.endpoint = s.str(defaultHealthPath, "healthCheckHttpEndpoint")
		if !strings.HasPrefix(h.endpoint, "/") {
			return h, fmt.Errorf("cloudfoundry.health-check-http-endpoint must start with '/', got '%s'", h.endpoint)
		}
	}
	var err error
	h.timeout, err = s.integer(defaultHealthTimeout, "healthCheckTimeout")
	return h, err
}

// planRoutes follows SCDF: no-route maps nothing; route and routes (full routes) are used as written; host,
// domain and route-path shape the one default route; otherwise the route is <app name>.<apps domain>.
func planRoutes(s settings, name string) ([]routeSpec, error) {
	noRoute, err := s.boolean(false, "noRoute")
	if err != nil || noRoute {
		return nil, err
	}
	var out []routeSpec
	full := s.list("routes")
	if r := s.str("", "route"); r != "" {
		full = append(full, r)
	}
	for _, r := range full {
		spec, err := parseRoute(r)
		if err != nil {
			return nil, err
		}
		out = append(out, spec)
	}
	if len(out) > 0 {
		// A full route names its host and domain: SCDF's push refuses them beside routes ("routes and hosts
		// cannot both be set"), rather than pick one.
		for _, other := range []string{"host", "domain"} {
			if v, ok := s.get(other); ok {
				return nil, fmt.Errorf("cloudfoundry.routes (or route) cannot be used with cloudfoundry.%s ('%s'): a route names its host and domain; drop one of them", other, v)
			}
		}
		return out, nil
	}
	spec := routeSpec{host: strings.ToLower(s.str(name, "host")), domain: s.str("", "domain"), path: s.str("", "routePath")}
	if spec.path != "" && !strings.HasPrefix(spec.path, "/") {
		return nil, fmt.Errorf("cloudfoundry.route-path must start with '/', got '%s'", spec.path)
	}
	return []routeSpec{spec}, nil
}

var hostPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`) })

// parseRoute reads host.domain[/path].
func parseRoute(r string) (routeSpec, error) {
	hostDomain, path, hasPath := strings.Cut(r, "/")
	host, domain, ok := strings.Cut(strings.ToLower(hostDomain), ".")
	if !ok || domain == "" || !hostPattern().MatchString(host) {
		return routeSpec{}, fmt.Errorf("'%s' is not a route: write host.domain or host.domain/path", r)
	}
	spec := routeSpec{host: host, domain: domain}
	if hasPath {
		spec.path = "/" + path
	}
	return spec, nil
}

// parseService reads 'name' or 'name key:value,key2:value2', where each pair may also be written key=value (or
// key|value), as SCDF's ServiceParser reads them; a pair with no separator, or more than one, is refused.
func parseService(item string) (serviceSpec, error) {
	name, params, _ := strings.Cut(strings.TrimSpace(item), " ")
	svc := serviceSpec{name: name}
	if strings.TrimSpace(params) == "" {
		return svc, nil
	}
	svc.params = map[string]string{}
	for _, kv := range strings.Split(params, ",") {
		pair := strings.FieldsFunc(kv, func(r rune) bool { return r == ':' || r == '=' || r == '|' })
		if len(pair) != 2 || strings.TrimSpace(pair[0]) == "" {
			return serviceSpec{}, fmt.Errorf("service '%s': parameters are written key:value,key2:value2 (or key=value), got '%s'", name, strings.TrimSpace(params))
		}
		svc.params[strings.TrimSpace(pair[0])] = strings.TrimSpace(pair[1])
	}
	return svc, nil
}

var labelValue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$`) })

// validLabels keeps the labels CF accepts; they help find our apps with `cf apps --labels`, nothing depends on them.
func validLabels(in map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range in {
		if labelValue().MatchString(v) {
			out[k] = v
		}
	}
	return out
}
