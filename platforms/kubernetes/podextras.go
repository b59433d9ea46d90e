package kubernetes

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// The pod and container settings SCDF's deployer reads through its DeploymentPropertiesResolver: security
// contexts, environment from Secrets and ConfigMaps, affinity, init and additional containers, lifecycle hooks,
// shareProcessNamespace. Each has its own rule for how the app's value and the account's combine; those rules
// are SCDF's and are said at each function.

// structured is a structured property from the app if the app sets it, else from the account (the app's value
// replaces the account's). Account-level names may differ (nodeAffinity for affinity.nodeAffinity): accountNames.
func (s settings) structured(name string, accountNames ...string) (any, bool, error) {
	v, ok, err := tree(s.appKeys, name)
	if ok || err != nil {
		return v, ok, err
	}
	for _, n := range append([]string{name}, accountNames...) {
		if v, ok, err := tree(s.accountKeys, n); ok || err != nil {
			return v, ok, err
		}
	}
	return nil, false, nil
}

// both is a list property's app and account values, each bound into a fresh *T, for the properties whose
// entries combine by name.
func bothLists[T any](s settings, name string) (app, account []T, err error) {
	for _, src := range []struct {
		keys []propertyKey
		out  *[]T
	}{{s.appKeys, &app}, {s.accountKeys, &account}} {
		v, ok, err := tree(src.keys, name)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			if err := bind(v, src.out, name); err != nil {
				return nil, nil, err
			}
		}
	}
	return app, account, nil
}

// podSecurityContext and containerSecurityContext: the app's replaces the account's, as a whole.
func podSecurityContext(s settings) (*corev1.PodSecurityContext, error) {
	v, ok, err := s.structured("podSecurityContext")
	if !ok || err != nil {
		return nil, err
	}
	out := &corev1.PodSecurityContext{}
	return out, bind(v, out, "podSecurityContext")
}

func containerSecurityContext(s settings) (*corev1.SecurityContext, error) {
	v, ok, err := s.structured("containerSecurityContext")
	if !ok || err != nil {
		return nil, err
	}
	out := &corev1.SecurityContext{}
	return out, bind(v, out, "containerSecurityContext")
}

// affinity is the app's affinity.nodeAffinity, .podAffinity and .podAntiAffinity, each replacing the account's
// (which an account may also write without the affinity. prefix, SCDF's account field names).
func affinity(s settings) (*corev1.Affinity, error) {
	a := &corev1.Affinity{}
	for _, part := range []struct {
		name string
		out  any
	}{{"nodeAffinity", &a.NodeAffinity}, {"podAffinity", &a.PodAffinity}, {"podAntiAffinity", &a.PodAntiAffinity}} {
		v, ok, err := s.structured("affinity."+part.name, part.name)
		if err != nil {
			return nil, err
		}
		if ok {
			if err := bind(v, part.out, "affinity."+part.name); err != nil {
				return nil, err
			}
		}
	}
	if a.NodeAffinity == nil && a.PodAffinity == nil && a.PodAntiAffinity == nil {
		return nil, nil
	}
	return a, nil
}

// keyRef is SCDF's secretKeyRefs / configMapKeyRefs entry: an environment variable read from one key of a
// Secret or ConfigMap.
type keyRef struct {
	EnvVarName    string `json:"envVarName"`
	SecretName    string `json:"secretName,omitempty"`
	ConfigMapName string `json:"configMapName,omitempty"`
	DataKey       string `json:"dataKey"`
}

// keyRefEnv is secretKeyRefs then configMapKeyRefs: the app's entries, then the account's whose variable the
// app does not set.
func keyRefEnv(s settings) ([]corev1.EnvVar, error) {
	var out []corev1.EnvVar
	for _, kind := range []string{"secretKeyRefs", "configMapKeyRefs"} {
		app, account, err := bothLists[keyRef](s, kind)
		if err != nil {
			return nil, err
		}
		var names []string
		for i, r := range append(app, account...) {
			if i >= len(app) && slices.Contains(names, r.EnvVarName) {
				continue
			}
			objName := r.SecretName
			if kind == "configMapKeyRefs" {
				objName = r.ConfigMapName
			}
			objField := map[bool]string{true: "secretName", false: "configMapName"}[kind == "secretKeyRefs"]
			var missing []string
			for _, f := range []struct{ name, value string }{{"envVarName", r.EnvVarName}, {objField, objName}, {"dataKey", r.DataKey}} {
				if f.value == "" {
					missing = append(missing, f.name)
				}
			}
			if len(missing) > 0 {
				at := i
				if i >= len(app) {
					at = i - len(app) // the account's list
				}
				return nil, fmt.Errorf("kubernetes.%s[%d] lacks %s (entries need envVarName, %s and dataKey)", kind, at, strings.Join(missing, " and "), objField)
			}
			if errs := validation.IsEnvVarName(r.EnvVarName); len(errs) > 0 {
				return nil, fmt.Errorf("kubernetes.%s: '%s' cannot name an environment variable: %s", kind, r.EnvVarName, strings.Join(errs, "; "))
			}
			names = append(names, r.EnvVarName)
			e := corev1.EnvVar{Name: r.EnvVarName, ValueFrom: &corev1.EnvVarSource{}}
			if kind == "secretKeyRefs" {
				e.ValueFrom.SecretKeyRef = &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: objName}, Key: r.DataKey}
			} else {
				e.ValueFrom.ConfigMapKeyRef = &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: objName}, Key: r.DataKey}
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// envFrom is configMapRefs then secretRefs: the app's list, or the account's when the app gives none.
func envFrom(s settings) ([]corev1.EnvFromSource, error) {
	var out []corev1.EnvFromSource
	for _, kind := range []string{"configMapRefs", "secretRefs"} {
		app, account, err := bothLists[string](s, kind)
		if err != nil {
			return nil, err
		}
		list := app
		if len(list) == 0 {
			list = account
		}
		for _, name := range list {
			if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
				return nil, fmt.Errorf("kubernetes.%s: '%s' cannot name a Kubernetes object: %s", kind, name, strings.Join(errs, "; "))
			}
			ref := corev1.LocalObjectReference{Name: name}
			if kind == "secretRefs" {
				out = append(out, corev1.EnvFromSource{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: ref}})
			} else {
				out = append(out, corev1.EnvFromSource{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: ref}})
			}
		}
	}
	return out, nil
}

// initContainerProps is SCDF's initContainer / initContainers entry (its own field names, not Kubernetes').
type initContainerProps struct {
	ContainerName        string               `json:"containerName"`
	ImageName            string               `json:"imageName"`
	Commands             []string             `json:"commands,omitempty"`
	Args                 []string             `json:"args,omitempty"`
	EnvironmentVariables []string             `json:"environmentVariables,omitempty"`
	VolumeMounts         []corev1.VolumeMount `json:"volumeMounts,omitempty"`
}

// initContainers is initContainer (the app's, else the account's) followed by initContainers: the app's list,
// then the account's entries beyond it. Each gets the container security context when one is set.
func initContainers(s settings, sc *corev1.SecurityContext) ([]corev1.Container, error) {
	type named struct {
		name  string // the property it came from, for errors
		props initContainerProps
	}
	var all []named
	v, ok, err := s.structured("initContainer")
	if err != nil {
		return nil, err
	}
	if ok {
		var one initContainerProps
		if err := bind(v, &one, "initContainer"); err != nil {
			return nil, err
		}
		all = append(all, named{"initContainer", one})
	}
	app, account, err := bothLists[initContainerProps](s, "initContainers")
	if err != nil {
		return nil, err
	}
	for i, p := range app {
		all = append(all, named{fmt.Sprintf("initContainers[%d]", i), p})
	}
	for i := len(app); i < len(account); i++ {
		all = append(all, named{fmt.Sprintf("initContainers[%d] (the account's)", i), account[i]})
	}
	out := make([]corev1.Container, 0, len(all))
	for _, n := range all {
		p := n.props
		if p.ContainerName == "" || p.ImageName == "" {
			return nil, fmt.Errorf("kubernetes.%s needs containerName and imageName", n.name)
		}
		c := corev1.Container{Name: p.ContainerName, Image: p.ImageName, Command: p.Commands, Args: p.Args, VolumeMounts: p.VolumeMounts, SecurityContext: sc}
		for _, kv := range p.EnvironmentVariables {
			k, val, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return nil, fmt.Errorf("kubernetes.%s.environmentVariables: '%s' must be written NAME=value", n.name, kv)
			}
			c.Env = append(c.Env, corev1.EnvVar{Name: k, Value: val})
		}
		out = append(out, c)
	}
	return out, nil
}

// additionalContainers are the app's sidecars, then the account's whose names the app does not use; a sidecar
// without a security context gets the container security context.
func additionalContainers(s settings, sc *corev1.SecurityContext) ([]corev1.Container, error) {
	app, account, err := bothLists[corev1.Container](s, "additionalContainers")
	if err != nil {
		return nil, err
	}
	var out []corev1.Container
	for i, c := range append(app, account...) {
		if i >= len(app) && slices.ContainsFunc(out, func(o corev1.Container) bool { return o.Name == c.Name }) {
			continue
		}
		if c.Name == "" || c.Image == "" {
			which := fmt.Sprintf("additionalContainers[%d]", i)
			if i >= len(app) {
				which = fmt.Sprintf("additionalContainers[%d] (the account's)", i-len(app))
			}
			return nil, fmt.Errorf("kubernetes.%s needs a name and an image", which)
		}
		if c.SecurityContext == nil {
			c.SecurityContext = sc
		}
		out = append(out, c)
	}
	return out, nil
}

// lifecycle is the container's postStart and preStop exec hooks: each the app's (a comma-separated command),
// else the account's (a list, or a comma-separated command).
func lifecycle(s settings) (*corev1.Lifecycle, error) {
	l := &corev1.Lifecycle{}
	for _, hook := range []struct {
		name string
		set  **corev1.LifecycleHandler
	}{{"postStart", &l.PostStart}, {"preStop", &l.PreStop}} {
		name := "lifecycle." + hook.name + ".exec.command"
		v, ok, err := s.structured(name)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		var cmd []string
		if str, isStr := v.(string); isStr {
			cmd = strings.Split(str, ",") // SCDF splits on commas, without trimming
		} else if err := bind(v, &cmd, name); err != nil {
			return nil, err
		}
		if len(cmd) == 0 || strings.TrimSpace(strings.Join(cmd, "")) == "" {
			return nil, fmt.Errorf("kubernetes.%s must name a command", name)
		}
		*hook.set = &corev1.LifecycleHandler{Exec: &corev1.ExecAction{Command: cmd}}
	}
	if l.PostStart == nil && l.PreStop == nil {
		return nil, nil
	}
	return l, nil
}

// optionalBool is a true/false property ('true' quoted too); a value that is neither is an error.
func (s settings) optionalBool(name string) (*bool, error) {
	v, ok := s.get(name)
	if !ok || strings.TrimSpace(v) == "" {
		return nil, nil
	}
	switch strings.ToLower(unquote(v)) {
	case "true":
		b := true
		return &b, nil
	case "false":
		b := false
		return &b, nil
	}
	return nil, fmt.Errorf("kubernetes.%s must be true or false, got '%s'", name, v)
}

// podExtras puts the settings above on a pod whose first container is the app's (or the task's).
func podExtras(s settings, spec *corev1.PodSpec) error {
	var err error
	if spec.SecurityContext, err = podSecurityContext(s); err != nil {
		return err
	}
	sc, err := containerSecurityContext(s)
	if err != nil {
		return err
	}
	main := &spec.Containers[0]
	main.SecurityContext = sc
	if main.Lifecycle, err = lifecycle(s); err != nil {
		return err
	}
	refs, err := keyRefEnv(s)
	if err != nil {
		return err
	}
	main.Env = insertBeforeGUID(main.Env, refs)
	if main.EnvFrom, err = envFrom(s); err != nil {
		return err
	}
	if spec.Affinity, err = affinity(s); err != nil {
		return err
	}
	if spec.InitContainers, err = initContainers(s, sc); err != nil {
		return err
	}
	extra, err := additionalContainers(s, sc)
	if err != nil {
		return err
	}
	spec.Containers = append(spec.Containers, extra...)
	if spec.ShareProcessNamespace, err = s.optionalBool("shareProcessNamespace"); err != nil {
		return err
	}
	return nil
}

// insertBeforeGUID puts the key-reference variables where SCDF puts them: after the plain variables, before
// SPRING_CLOUD_APPLICATION_GUID and the group.
func insertBeforeGUID(env, refs []corev1.EnvVar) []corev1.EnvVar {
	if len(refs) == 0 {
		return env
	}
	at := slices.IndexFunc(env, func(e corev1.EnvVar) bool { return e.Name == envGUID })
	if at < 0 {
		return append(env, refs...)
	}
	out := make([]corev1.EnvVar, 0, len(env)+len(refs))
	out = append(out, env[:at]...)
	out = append(out, refs...)
	return append(out, env[at:]...)
}
