package kubernetes

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/dataflow-cli/dataflow/platforms"
)

// appPrefix is how an app's own Kubernetes deployer properties arrive (deployer.<app>.kubernetes.x).
const appPrefix = "spring.cloud.deployer.kubernetes."

// settings answers "what is property X for this app": the app's own value (deployer.<app>.kubernetes.X, its
// name matched relaxed: camelCase, kebab-case, snake_case, any case), else the account's, else nothing.
type settings struct {
	app     map[string]string
	account map[string]string
	// appRaw and accountRaw keep the names as written, for structured values whose field names matter
	// (podSecurityContext.runAsUser, tolerations[0].key).
	appRaw     map[string]string
	accountRaw map[string]string
	// appKeys and accountKeys are the same names parsed, for tree.
	appKeys     []propertyKey
	accountKeys []propertyKey
	accountName string
}

// relaxed folds SCDF's name variants (readinessProbeDelay, readiness-probe-delay, READINESS_PROBE_DELAY) into one.
func relaxed(name string) string { return platforms.RelaxedName(name) }

func newSettings(acc platforms.Account, deployer map[string]string) settings {
	s := settings{app: map[string]string{}, account: map[string]string{}, appRaw: map[string]string{}, accountRaw: map[string]string{}}
	for k, v := range deployer {
		if name, ok := strings.CutPrefix(k, appPrefix); ok {
			s.app[relaxed(name)] = v
			s.appRaw[name] = v
		}
	}
	s.appKeys = parseKeys(s.appRaw)
	s.accountName = acc.Name
	k := acc.Kubernetes
	if k == nil {
		return s
	}
	s.accountKeys = parseKeys(k.Properties)
	for name, v := range k.Properties {
		s.account[relaxed(name)] = v
		s.accountRaw[name] = v
	}
	typed := map[string]string{
		"limits.memory": k.Limits.Memory, "limits.cpu": k.Limits.CPU, "limits.gpuCount": k.Limits.GPU,
		"requests.memory": k.Requests.Memory, "requests.cpu": k.Requests.CPU,
		"environmentVariables": k.EnvironmentVariables, "imagePullPolicy": k.ImagePullPolicy,
		"imagePullSecret": k.ImagePullSecret, "deploymentServiceAccountName": k.ServiceAccountName,
		"entryPointStyle": k.EntryPointStyle,
	}
	if k.ReadinessProbeDelay != 0 {
		typed["readinessProbeDelay"] = strconv.Itoa(k.ReadinessProbeDelay)
	}
	if k.LivenessProbeDelay != 0 {
		typed["livenessProbeDelay"] = strconv.Itoa(k.LivenessProbeDelay)
	}
	if k.MaxConcurrentTasks != 0 {
		typed["maximumConcurrentTasks"] = strconv.Itoa(k.MaxConcurrentTasks)
	}
	if k.CreateJob {
		typed["createJob"] = "true"
	}
	for name, v := range typed {
		if v != "" {
			s.account[relaxed(name)] = v
		}
	}
	return s
}

// get returns the first of the names the app sets, else the first the account sets.
func (s settings) get(names ...string) (string, bool) {
	for _, m := range []map[string]string{s.app, s.account} {
		for _, n := range names {
			if v, ok := m[relaxed(n)]; ok {
				return v, true
			}
		}
	}
	return "", false
}

func (s settings) str(def string, names ...string) string {
	if v, ok := s.get(names...); ok && v != "" {
		return v
	}
	return def
}

func (s settings) integer(def int, names ...string) (int, error) {
	v, ok := s.get(names...)
	if !ok || strings.TrimSpace(v) == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("kubernetes.%s must be a whole number, got '%s'", names[0], v)
	}
	return n, nil
}

func (s settings) boolean(name string) (bool, error) {
	b, err := s.optionalBool(name)
	return b != nil && *b, err
}

// firstYAMLProblem is the first of yaml.v3's type errors, which it lists one a line below a heading: the error
// is to be one line, and the first problem is the one to fix first.
func firstYAMLProblem(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return te.Errors[0]
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// labelPairs is pairs for labels and node selectors: each key must be a qualified name and each value a label
// value, checked here so that a bad one fails before anything is sent (the API server would refuse the object
// half-way through a release).
func labelPairs(s, what string) (map[string]string, error) {
	out, err := pairs(s, what)
	if err != nil {
		return nil, err
	}
	for k, v := range out {
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			return nil, fmt.Errorf("%s '%s:%s': '%s' cannot be a Kubernetes label key: %s", what, k, v, k, strings.Join(errs, "; "))
		}
		if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
			return nil, fmt.Errorf("%s '%s:%s': '%s' cannot be a Kubernetes label value: %s", what, k, v, v, strings.Join(errs, "; "))
		}
	}
	return out, nil
}

// pairs parses SCDF's "k1:v1,k2:v2" lists (labels, annotations, node selectors); commas inside double quotes
// do not split, and the quotes stay in the value (an annotation may hold JSON).
func pairs(s, what string) (map[string]string, error) {
	out := map[string]string{}
	for _, item := range platforms.SplitOutsideQuotes(s, ',') {
		if strings.TrimSpace(item) == "" {
			continue
		}
		k, v, ok := strings.Cut(item, ":")
		if !ok {
			return nil, fmt.Errorf("%s '%s' must be written key:value", what, strings.TrimSpace(item))
		}
		out[strings.TrimSpace(k)] = strings.TrimSpace(v) // quotes are the value's, as SCDF keeps them
	}
	return out, nil
}
