package accounts

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/dataflow-cli/dataflow/internal/calltimeout"
	"github.com/dataflow-cli/dataflow/platforms"
)

// accountError is a validation problem with one account; it remembers where the account sits so LoadConfig can
// point at its line and column.
type accountError struct {
	list  string // "streams" or "tasks"
	index int
	field string // dotted path below the account, when one field is to blame
	err   error
}

func (e *accountError) Error() string { return e.err.Error() }
func (e *accountError) Unwrap() error { return e.err }

// Validate checks names, types, that each account carries the block for its type and the fields that type
// cannot do without. Account names are unique within the stream list and within the task list, across types.
func (c *Config) Validate() error {
	if err := validateMaven(c.Maven); err != nil {
		return err
	}
	for _, list := range []struct {
		key, what string
		accounts  []platforms.Account
	}{{"streams", "stream", c.Streams}, {"tasks", "task", c.Tasks}} {
		seen := map[string]platforms.AccountType{}
		for i, a := range list.accounts {
			fail := func(field, format string, args ...any) error {
				return &accountError{list: list.key, index: i, field: field, err: fmt.Errorf(format, args...)}
			}
			if a.Name == "" {
				return fail("", "%s account #%d has no name", list.what, i+1)
			}
			if !validAccountName().MatchString(a.Name) {
				return fail("name", "%s account name '%s' is invalid: use letters, digits, '-' and '_'", list.what, a.Name)
			}
			if t, dup := seen[a.Name]; dup {
				return fail("name", "%s account '%s' is defined twice (as %s and as %s): account names are unique across types", list.what, a.Name, t, a.Type)
			}
			seen[a.Name] = a.Type
			if a.Type != platforms.Kubernetes && a.Type != platforms.CloudFoundry && a.Type != platforms.Local {
				if a.Type == "" {
					return fail("", "%s account '%s' has no type: use kubernetes, cloudfoundry or local", list.what, a.Name)
				}
				return fail("type", "%s account '%s': unknown platform type '%s': use kubernetes, cloudfoundry or local", list.what, a.Name, a.Type)
			}
			if field, err := checkAccount(a); err != nil {
				return fail(field, "%s account '%s': %v", list.what, a.Name, err)
			}
		}
	}
	return c.TaskDatabase.Validate()
}

var validAccountName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`) })

// checkAccount validates the account's own block and returns the field to blame.
func checkAccount(a platforms.Account) (string, error) {
	blocks := []struct {
		t       platforms.AccountType
		present bool
	}{{platforms.Kubernetes, a.Kubernetes != nil}, {platforms.CloudFoundry, a.CloudFoundry != nil}, {platforms.Local, a.Local != nil}}
	for _, b := range blocks {
		if b.present && b.t != a.Type {
			return string(b.t), fmt.Errorf("a %s account cannot have a '%s' block", a.Type, b.t)
		}
	}
	switch a.Type {
	case platforms.Kubernetes:
		if a.Kubernetes != nil {
			return checkKubernetes(a.Kubernetes)
		}
	case platforms.CloudFoundry:
		if a.CloudFoundry == nil {
			return "", errors.New("a cloudfoundry account needs a 'cloudfoundry' block with connection.url, org and space")
		}
		return checkCloudFoundry(a.CloudFoundry)
	case platforms.Local:
		if a.Local != nil {
			return checkLocal(a.Local)
		}
	}
	return "", nil
}

func checkKubernetes(k *platforms.KubernetesAccount) (string, error) {
	const block = "kubernetes."
	if k.MasterURL != "" && k.Kubeconfig != "" {
		return block + "masterUrl", errors.New("give either masterUrl or kubeconfig, not both")
	}
	if k.MasterURL != "" && k.Context != "" {
		return block + "context", errors.New("give either masterUrl or a kubeconfig context, not both")
	}
	if k.MasterURL != "" {
		if err := checkHTTPURL(k.MasterURL); err != nil {
			return block + "masterUrl", fmt.Errorf("masterUrl %v", err)
		}
	}
	if k.ImagePullPolicy != "" && !oneOf(k.ImagePullPolicy, "Always", "IfNotPresent", "Never") {
		return block + "imagePullPolicy", fmt.Errorf("imagePullPolicy '%s' is invalid: use Always, IfNotPresent or Never", k.ImagePullPolicy)
	}
	if k.EntryPointStyle != "" && !oneOf(k.EntryPointStyle, "exec", "shell", "boot") {
		return block + "entryPointStyle", fmt.Errorf("entryPointStyle '%s' is invalid: use exec, shell or boot", k.EntryPointStyle)
	}
	for _, f := range []struct {
		name  string
		value int
	}{{"readinessProbeDelay", k.ReadinessProbeDelay}, {"livenessProbeDelay", k.LivenessProbeDelay}, {"maximumConcurrentTasks", k.MaxConcurrentTasks}} {
		if f.value < 0 {
			return block + f.name, fmt.Errorf("%s cannot be negative", f.name)
		}
	}
	if _, err := calltimeout.Parse(k.RequestTimeout); err != nil {
		return block + "requestTimeout", fmt.Errorf("requestTimeout %v", err)
	}
	return "", nil
}

func checkCloudFoundry(c *platforms.CloudFoundryAccount) (string, error) {
	const block = "cloudfoundry.connection."
	conn := c.Connection
	// With useCfCliLogin the cf CLI's target is the API; a url, when given too, must name the same one.
	if conn.URL == "" && !conn.UseCFCLILogin {
		return "cloudfoundry", errors.New("connection.url is required (the Cloud Controller API, e.g. https://api.run.pivotal.io)")
	}
	if conn.URL != "" {
		if err := checkHTTPURL(conn.URL); err != nil {
			return block + "url", fmt.Errorf("connection.url %v", err)
		}
	}
	if conn.Org == "" {
		return "cloudfoundry.connection", errors.New("connection.org is required")
	}
	if conn.Space == "" {
		return "cloudfoundry.connection", errors.New("connection.space is required")
	}
	switch {
	case conn.UseCFCLILogin:
	case conn.Username != "" && conn.Password != "":
	case conn.ClientID != "" && conn.ClientSecret != "":
	default:
		return "cloudfoundry.connection", errors.New("connection needs username and password, clientId and clientSecret, or useCfCliLogin: true")
	}
	if _, err := calltimeout.Parse(conn.RequestTimeout); err != nil {
		return block + "requestTimeout", fmt.Errorf("connection.requestTimeout %v", err)
	}
	d := c.Deployment
	if d.HealthCheck != "" && !oneOf(d.HealthCheck, "port", "http", "process", "none") {
		return "cloudfoundry.deployment.healthCheck", fmt.Errorf("deployment.healthCheck '%s' is invalid: use port, http, process or none", d.HealthCheck)
	}
	if (d.Instances != nil && *d.Instances < 0) || d.HealthCheckTimeout < 0 || d.MaxConcurrentTasks < 0 {
		return "cloudfoundry.deployment", errors.New("deployment instances, healthCheckTimeout and maximumConcurrentTasks cannot be negative")
	}
	if d.SchedulerURL != "" {
		if err := checkHTTPURL(d.SchedulerURL); err != nil {
			return "cloudfoundry.deployment.schedulerUrl", fmt.Errorf("deployment.schedulerUrl %v", err)
		}
	}
	return "", nil
}

func checkLocal(l *platforms.LocalAccount) (string, error) {
	if l.ShutdownTimeout != nil && *l.ShutdownTimeout < -1 {
		return "local.shutdownTimeout", errors.New("shutdownTimeout must be -1 or more")
	}
	if l.MaxConcurrentTasks < 0 {
		return "local.maximumConcurrentTasks", errors.New("maximumConcurrentTasks cannot be negative")
	}
	for _, pattern := range l.EnvVarsToInherit {
		if _, err := regexp.Compile(pattern); err != nil {
			return "local.envVarsToInherit", fmt.Errorf("envVarsToInherit '%s' is not a regular expression", pattern)
		}
	}
	return "", nil
}

// checkHTTPURL accepts http(s) URLs with a host; a ${ENV} reference is checked only when it is resolved.
func checkHTTPURL(s string) error {
	if strings.Contains(s, "${") {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("'%s' is not an http(s) URL", s)
	}
	return nil
}

// oneOf compares case-insensitively, as Spring binds enum values.
func oneOf(v string, allowed ...string) bool {
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return true
		}
	}
	return false
}
