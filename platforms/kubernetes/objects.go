package kubernetes

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/dataflow-cli/dataflow/platforms"
)

// SCDF's label names (AbstractKubernetesDeployer).
const (
	labelAppID      = "spring-app-id"
	labelDeployment = "spring-deployment-id"
	labelGroup      = "spring-group-id"
	labelAppName    = "spring-application-name"
	labelRole       = "role"
	roleSpringApp   = "spring-app"
	envGUID         = "SPRING_CLOUD_APPLICATION_GUID"
	envGroup        = "SPRING_CLOUD_APPLICATION_GROUP"
	defaultAppPort  = 8080
)

// objectName is SCDF's name rule: lower case, '.' as '-'.
func objectName(s string) string { return strings.ReplaceAll(strings.ToLower(s), ".", "-") }

// appObjects are the objects one stream app is made of.
type appObjects struct {
	// Secret holds the app's secret properties (nil when it has none).
	Secret      *corev1.Secret
	Service     *corev1.Service
	Deployment  *appsv1.Deployment
	StatefulSet *appsv1.StatefulSet
	// probeSecret is the probeCredentialsSecret whose value the HTTP probes' header needs ("" for none).
	probeSecret string
}

// podTemplate is the workload's pod template.
func (o appObjects) podTemplate() *corev1.PodTemplateSpec {
	if o.StatefulSet != nil {
		return &o.StatefulSet.Spec.Template
	}
	return &o.Deployment.Spec.Template
}

// setTypes fills in the kinds, which server-side apply and YAML output need.
func (o appObjects) setTypes() {
	o.Service.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Service"}
	if o.StatefulSet != nil {
		o.StatefulSet.TypeMeta = metav1.TypeMeta{APIVersion: "apps/v1", Kind: "StatefulSet"}
	}
	if o.Deployment != nil {
		o.Deployment.TypeMeta = metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"}
	}
}

// idLabels is SCDF's id map: what selects an app version's pods.
func idLabels(id, group, label string) map[string]string {
	return map[string]string{labelAppID: id, labelDeployment: id, labelGroup: group, labelAppName: label}
}

func withRole(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	out[labelRole] = roleSpringApp
	return out
}

// buildAppObjects makes the Service and the Deployment (or, for an indexed app, the StatefulSet) of a stream
// app as SCDF's KubernetesAppDeployer made them. Every name and label is checked first, so a name Kubernetes
// would refuse fails before anything is created.
func buildAppObjects(acc platforms.Account, namespace string, app platforms.AppDeployment) (appObjects, error) {
	s := newSettings(acc, app.DeployerProperties)
	if err := checkDeployerKeys(s, app.DeployerProperties); err != nil {
		return appObjects{}, err
	}
	app = withAppAdmin(s, app)
	id := objectName(app.DeploymentID)
	serviceName := objectName(app.Group + "-" + app.Label)
	if err := checkNames(id, serviceName, app.Group, app.Label); err != nil {
		return appObjects{}, err
	}
	port, err := appPort(app.AppProperties)
	if err != nil {
		return appObjects{}, err
	}
	ids := idLabels(id, app.Group, app.Label)
	podLabels := withRole(ids)
	userLabels, err := deploymentLabels(s)
	if err != nil {
		return appObjects{}, err
	}
	for k, v := range userLabels {
		podLabels[k] = v
	}
	style, err := entryPointStyle(s)
	if err != nil {
		return appObjects{}, err
	}
	secrets, err := secretEnvs(app, style)
	if err != nil {
		return appObjects{}, err
	}
	c, envSecrets, err := container(s, app, id, port, style, secrets)
	if err != nil {
		return appObjects{}, err
	}
	probeSecret := s.str("", "probeCredentialsSecret")
	if probeSecret != "" {
		if errs := validation.IsDNS1123Subdomain(probeSecret); len(errs) > 0 {
			return appObjects{}, fmt.Errorf("kubernetes.probeCredentialsSecret '%s' cannot name a Secret: %s", probeSecret, strings.Join(errs, "; "))
		}
		setProbeAuthorization(&c, probeCredentialsPlaceholder(probeSecret))
	}
	pod, err := podSpec(s, c)
	if err != nil {
		return appObjects{}, err
	}
	podAnnotations, err := pairs(s.str("", "podAnnotations"), "podAnnotations entry")
	if err != nil {
		return appObjects{}, err
	}
	template := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: podLabels, Annotations: podAnnotations}, Spec: pod}
	replicas := int32(app.Count)
	out := appObjects{Secret: appSecret(namespace, id, withRole(ids), secrets, envSecrets), probeSecret: probeSecret}
	indexed, err := isIndexed(app.DeployerProperties)
	if err != nil {
		return appObjects{}, err
	}
	if indexed {
		claim, err := volumeClaimTemplate(s, id, withRole(ids))
		if err != nil {
			return appObjects{}, err
		}
		indexProvider(s, &template.Spec)
		out.StatefulSet = &appsv1.StatefulSet{
			ObjectMeta: metav1.ObjectMeta{Name: id, Namespace: namespace, Labels: podLabels},
			Spec: appsv1.StatefulSetSpec{Replicas: &replicas, ServiceName: id, PodManagementPolicy: appsv1.ParallelPodManagement,
				Selector: &metav1.LabelSelector{MatchLabels: withRole(ids)}, Template: template,
				VolumeClaimTemplates: []corev1.PersistentVolumeClaim{claim}},
		}
	} else {
		out.Deployment = &appsv1.Deployment{
			ObjectMeta: metav1.ObjectMeta{Name: id, Namespace: namespace, Labels: podLabels},
			Spec:       appsv1.DeploymentSpec{Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: ids}, Template: template},
		}
	}
	out.Service, err = service(s, namespace, serviceName, withRole(ids), app, port)
	return out, err
}

// deploymentLabels are the account's deploymentLabels and the app's (SCDF joins the two lists; where both
// name a label, the app's value is kept here).
func deploymentLabels(s settings) (map[string]string, error) {
	out, err := labelPairs(s.account[relaxed("deploymentLabels")], "deploymentLabels entry")
	if err != nil {
		return nil, err
	}
	app, err := labelPairs(s.app[relaxed("deploymentLabels")], "deploymentLabels entry")
	if err != nil {
		return nil, err
	}
	for k, v := range app {
		out[k] = v
	}
	return out, nil
}

// entryPointStyle is exec (the default), shell or boot, in any case. SCDF fell back to the default on a value
// it did not know; a typo there changed how every property reached the app without a word, so it is refused.
func entryPointStyle(s settings) (string, error) {
	v := strings.ToLower(strings.TrimSpace(s.str("exec", "entryPointStyle")))
	switch v {
	case "exec", "shell", "boot":
		return v, nil
	}
	return "", fmt.Errorf("kubernetes.entryPointStyle must be exec, shell or boot, got '%s'", v)
}

// checkNames refuses names Kubernetes would refuse, before anything is created (SCDF let the API server fail
// half-way and left orphans).
func checkNames(id, serviceName, group, label string) error {
	for _, v := range []string{group, label} {
		if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
			return fmt.Errorf("'%s' cannot be a Kubernetes label value: %s", v, strings.Join(errs, "; "))
		}
	}
	for _, n := range []struct{ what, value string }{{"deployment name", id}, {"service name", serviceName}} {
		if errs := validation.IsDNS1123Label(n.value); len(errs) > 0 {
			return fmt.Errorf("the %s '%s' is not a valid Kubernetes name: %s", n.what, n.value, strings.Join(errs, "; "))
		}
	}
	return nil
}

// appPort is server.port from the app's properties, else 8080.
func appPort(props map[string]string) (int, error) {
	v, ok := props["server.port"]
	if !ok || v == "" {
		return defaultAppPort, nil
	}
	p, err := strconv.Atoi(v)
	if err != nil || p < 1 || p > 65535 {
		return 0, fmt.Errorf("server.port must be a port number, got '%s'", v)
	}
	return p, nil
}

// podSpec is the pod around an app's or a task's container, as SCDF's createPodSpec builds it: pull secrets,
// node selector, tolerations, security contexts, affinity, init and additional containers, lifecycle, volumes
// (only those some container mounts), restart policy, service account, grace period, priority class.
func podSpec(s settings, c corev1.Container) (corev1.PodSpec, error) {
	var err error
	spec := corev1.PodSpec{Containers: []corev1.Container{c}, ServiceAccountName: s.str("", "deploymentServiceAccountName")}
	if spec.RestartPolicy, err = restartPolicy(s, corev1.RestartPolicyAlways); err != nil {
		return spec, err
	}
	if name := s.str("", "imagePullSecret"); name != "" {
		spec.ImagePullSecrets = append(spec.ImagePullSecrets, corev1.LocalObjectReference{Name: name})
	}
	appSecrets, accountSecrets, err := bothLists[string](s, "imagePullSecrets")
	if err != nil {
		return spec, err
	}
	if len(appSecrets) == 0 { // the app's list replaces the account's
		appSecrets = accountSecrets
	}
	for _, name := range appSecrets {
		spec.ImagePullSecrets = append(spec.ImagePullSecrets, corev1.LocalObjectReference{Name: name})
	}
	if spec.NodeSelector, err = labelPairs(s.str("", "nodeSelector"), "nodeSelector entry"); err != nil {
		return spec, err
	}
	if spec.Tolerations, err = tolerations(s); err != nil {
		return spec, err
	}
	if v, ok := s.get("terminationGracePeriodSeconds"); ok && strings.TrimSpace(v) != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n < 0 {
			return spec, fmt.Errorf("kubernetes.terminationGracePeriodSeconds must be a whole number of seconds, got '%s'", v)
		}
		spec.TerminationGracePeriodSeconds = &n
	}
	spec.PriorityClassName = s.str("", "priorityClassName")
	hostNetwork, err := s.optionalBool("hostNetwork")
	if err != nil {
		return spec, err
	}
	spec.HostNetwork = hostNetwork != nil && *hostNetwork
	if spec.HostNetwork { // SCDF: with the host's network, each container port is the same host port
		for i := range spec.Containers[0].Ports {
			spec.Containers[0].Ports[i].HostPort = spec.Containers[0].Ports[i].ContainerPort
		}
	}
	if err := podExtras(s, &spec); err != nil {
		return spec, err
	}
	volumes, err := byName(s, "volumes", func(v corev1.Volume) string { return v.Name })
	if err != nil {
		return spec, err
	}
	spec.Volumes = mountedVolumes(volumes, slices.Concat(spec.Containers, spec.InitContainers))
	return spec, nil
}

// restartPolicy is kubernetes.restartPolicy (Always, OnFailure, Never), else def.
func restartPolicy(s settings, def corev1.RestartPolicy) (corev1.RestartPolicy, error) {
	v := strings.TrimSpace(s.str("", "restartPolicy"))
	if v == "" {
		return def, nil
	}
	for _, p := range []corev1.RestartPolicy{corev1.RestartPolicyAlways, corev1.RestartPolicyOnFailure, corev1.RestartPolicyNever} {
		if relaxed(v) == relaxed(string(p)) {
			return p, nil
		}
	}
	return "", fmt.Errorf("kubernetes.restartPolicy must be Always, OnFailure or Never, got '%s'", v)
}

// volumeMounts are the app's, then the account's whose names the app's do not use.
func volumeMounts(s settings) ([]corev1.VolumeMount, error) {
	return byName(s, "volumeMounts", func(m corev1.VolumeMount) string { return m.Name })
}

// tolerations are the app's, then the account's whose key the app's do not use (SCDF's rule).
func tolerations(s settings) ([]corev1.Toleration, error) {
	return byName(s, "tolerations", func(t corev1.Toleration) string { return t.Key })
}

// byName is a list property's app entries, then the account's entries whose name (by key) the app's lack.
func byName[T any](s settings, name string, key func(T) string) ([]T, error) {
	app, account, err := bothLists[T](s, name)
	if err != nil {
		return nil, err
	}
	out := app
	for _, e := range account {
		if !slices.ContainsFunc(app, func(a T) bool { return key(a) == key(e) }) {
			out = append(out, e)
		}
	}
	return out, nil
}

// mountedVolumes keeps the volumes some container (or init container) mounts: SCDF drops the others, so an
// account can list volumes for the apps that want them.
func mountedVolumes(volumes []corev1.Volume, containers []corev1.Container) []corev1.Volume {
	var out []corev1.Volume
	for _, v := range volumes {
		for _, c := range containers {
			if slices.ContainsFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool { return m.Name == v.Name }) {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// container is SCDF's DefaultContainerFactory: the image, the properties as args (exec), env vars (shell) or
// SPRING_APPLICATION_JSON (boot), the GUID and group env vars, ports, probes and resources. Secret properties
// are left out of all three and read from the app's Secret instead.
// Secret environment variables (app.SecretEnvNames) read it too; their values are returned for it.
func container(s settings, app platforms.AppDeployment, id string, port int, style string, secrets []secretEnv) (corev1.Container, map[string]string, error) {
	image, err := imageOf(app.Resource)
	if err != nil {
		return corev1.Container{}, nil, err
	}
	c := corev1.Container{Name: id, Image: image}
	if c.ImagePullPolicy, err = pullPolicy(s.str("IfNotPresent", "imagePullPolicy")); err != nil {
		return c, nil, err
	}
	keys := make([]string, 0, len(app.AppProperties))
	for k, v := range app.AppProperties {
		if v != "" && !isSecretKey(app, k) { // SCDF drops empty values
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	// SCDF's order: the account's and the app's environmentVariables, then what the entry point style makes
	// variables of, then the key references (podExtras), the GUID and the group.
	env, envSecrets, err := withUserEnv(s, nil, app.SecretEnvNames, id)
	if err != nil {
		return c, nil, err
	}
	switch style {
	case "exec":
		// A secret stays an argument, as a $(NAME) reference Kubernetes expands from the Secret-backed variable:
		// the app gets the arguments it would get without secrets, Spring Boot or not.
		refs := map[string]string{}
		for _, sec := range secrets {
			refs[sec.key] = "$(" + sec.env + ")"
			keys = append(keys, sec.key)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v, secret := refs[k]
			if !secret {
				v = app.AppProperties[k]
			}
			c.Args = append(c.Args, "--"+k+"="+v)
		}
	case "shell":
		for _, k := range keys {
			env = setEnv(env, corev1.EnvVar{Name: shellEnvName(k), Value: app.AppProperties[k]})
		}
	case "boot":
		if slices.ContainsFunc(env, func(e corev1.EnvVar) bool { return e.Name == "SPRING_APPLICATION_JSON" }) {
			return c, nil, fmt.Errorf("kubernetes.entryPointStyle boot cannot be used with SPRING_APPLICATION_JSON in kubernetes.environmentVariables: the boot style sets it")
		}
		flat := map[string]string{}
		for _, k := range keys {
			flat[k] = app.AppProperties[k]
		}
		raw, _ := json.Marshal(flat)
		env = append(env, corev1.EnvVar{Name: "SPRING_APPLICATION_JSON", Value: string(raw)})
	}
	for _, e := range secretEnvVars(id, secrets) {
		env = setEnv(env, e)
	}
	env = append(env, corev1.EnvVar{Name: envGUID, ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.uid"}}},
		corev1.EnvVar{Name: envGroup, Value: app.Group})
	c.Env = env
	if c.Command, err = containerCommand(s); err != nil {
		return c, nil, err
	}
	if c.Resources, err = resourceRequirements(s); err != nil {
		return c, nil, err
	}
	if c.VolumeMounts, err = volumeMounts(s); err != nil {
		return c, nil, err
	}
	if c.StartupProbe, c.ReadinessProbe, c.LivenessProbe, err = probes(s, port); err != nil {
		return c, nil, err
	}
	ports, err := portList(s.str("", "containerPorts"), "containerPorts")
	if err != nil {
		return c, nil, err
	}
	for _, p := range []*corev1.Probe{c.StartupProbe, c.ReadinessProbe, c.LivenessProbe} {
		switch {
		case p == nil:
		case p.HTTPGet != nil:
			ports = append(ports, int(p.HTTPGet.Port.IntVal))
		case p.TCPSocket != nil:
			ports = append(ports, int(p.TCPSocket.Port.IntVal))
		}
	}
	c.Ports = containerPorts(port, ports)
	return c, envSecrets, nil
}

// containerCommand is kubernetes.containerCommand split as SCDF splits it (quoted words kept whole, quotes
// dropped): it replaces the image's entry point.
func containerCommand(s settings) ([]string, error) {
	cmd := s.str("", "containerCommand")
	if strings.TrimSpace(cmd) == "" {
		return nil, nil
	}
	words, err := platforms.CommandLineTokens(cmd)
	if err != nil {
		return nil, fmt.Errorf("kubernetes.containerCommand: %v", err)
	}
	return words, nil
}

// portList reads a comma list of port numbers (containerPorts, servicePorts).
func portList(list, name string) ([]int, error) {
	var out []int
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	for _, p := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("kubernetes.%s must list port numbers (1-65535), got '%s'", name, strings.TrimSpace(p))
		}
		out = append(out, n)
	}
	return out, nil
}

// containerPorts is the app's port first, then the other ports (containerPorts, the probes') once each,
// ascending; SCDF gathers them in a set.
func containerPorts(appPort int, others []int) []corev1.ContainerPort {
	out := []corev1.ContainerPort{}
	if appPort > 0 {
		out = append(out, corev1.ContainerPort{ContainerPort: int32(appPort)})
	}
	sort.Ints(others)
	for _, p := range others {
		if !slices.ContainsFunc(out, func(c corev1.ContainerPort) bool { return int(c.ContainerPort) == p }) {
			out = append(out, corev1.ContainerPort{ContainerPort: int32(p)})
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// withUserEnv adds the account's environmentVariables and then the app's (the app's win by name), SCDF's order.
// Those flow named secret (secretNames) read the Secret secretName instead of holding their value; their values
// are returned, for that Secret.
func withUserEnv(s settings, env []corev1.EnvVar, secretNames []string, secretName string) ([]corev1.EnvVar, map[string]string, error) {
	index := map[string]int{}
	for i, e := range env {
		index[e.Name] = i
	}
	secretValues := map[string]string{}
	for _, source := range []map[string]string{s.account, s.app} {
		list, err := platforms.EnvironmentVariables(source[relaxed("environmentVariables")])
		if err != nil {
			return nil, nil, err
		}
		for _, kv := range list {
			v := corev1.EnvVar{Name: kv[0], Value: kv[1]}
			if kv[1] != "" && slices.Contains(secretNames, kv[0]) {
				if errs := validation.IsConfigMapKey(kv[0]); len(errs) > 0 {
					return nil, nil, fmt.Errorf("the environment variable '%s' cannot be kept in a Secret: %s", kv[0], strings.Join(errs, "; "))
				}
				v = secretEnvVar(secretName, kv[0])
				secretValues[kv[0]] = kv[1]
			} else {
				delete(secretValues, kv[0]) // an app's plain value replaces the account's secret one
			}
			if i, ok := index[kv[0]]; ok {
				env[i] = v
				continue
			}
			index[kv[0]] = len(env)
			env = append(env, v)
		}
	}
	return env, secretValues, nil
}

// imageOf is the image of a docker: resource (docker:org/app:1.0 and docker://org/app:1.0 alike).
func imageOf(resource string) (string, error) {
	rest, ok := strings.CutPrefix(resource, "docker:")
	if !ok {
		return "", fmt.Errorf("Kubernetes runs docker images: '%s' is not a docker: resource (register the app's image)", resource)
	}
	return strings.TrimLeft(rest, "/"), nil
}

// pullPolicy matches SCDF's loose spelling (always, if-not-present, IfNotPresent, never).
func pullPolicy(v string) (corev1.PullPolicy, error) {
	switch relaxed(v) {
	case "always":
		return corev1.PullAlways, nil
	case "ifnotpresent":
		return corev1.PullIfNotPresent, nil
	case "never":
		return corev1.PullNever, nil
	}
	return "", fmt.Errorf("kubernetes.imagePullPolicy must be Always, IfNotPresent or Never, got '%s'", v)
}

// resourceRequirements are limits and requests as given (no defaults, as SCDF); a GPU limit needs its count (and vendor).
func resourceRequirements(s settings) (corev1.ResourceRequirements, error) {
	var r corev1.ResourceRequirements
	for _, kind := range []string{"limits", "requests"} {
		list := corev1.ResourceList{}
		for _, name := range []string{"memory", "cpu", "ephemeral-storage", "hugepages-2Mi", "hugepages-1Gi"} {
			v := s.str("", kind+"."+name)
			if v == "" {
				continue
			}
			q, err := resource.ParseQuantity(v)
			if err != nil {
				return r, fmt.Errorf("kubernetes.%s.%s '%s' is not a quantity (e.g. 512Mi, 500m)", kind, name, v)
			}
			list[corev1.ResourceName(name)] = q
		}
		if kind == "limits" {
			if err := gpuLimit(s, list); err != nil {
				return r, err
			}
		}
		if len(list) > 0 {
			if kind == "limits" {
				r.Limits = list
			} else {
				r.Requests = list
			}
		}
	}
	return r, nil
}

// gpuLimit is SCDF's GPU limit: <gpuVendor>/gpu: <gpuCount> (limits.gpuVendor nvidia.com and limits.gpuCount 1
// make nvidia.com/gpu: 1). SCDF set nothing when only one of the two was given; that is refused here.
func gpuLimit(s settings, list corev1.ResourceList) error {
	vendor, count := strings.TrimSpace(s.str("", "limits.gpuVendor")), strings.TrimSpace(s.str("", "limits.gpuCount"))
	switch {
	case vendor == "" && count == "":
		return nil
	case vendor == "":
		return fmt.Errorf("kubernetes.limits.gpuCount needs kubernetes.limits.gpuVendor (nvidia.com, amd.com): the limit is <gpuVendor>/gpu")
	case count == "":
		return fmt.Errorf("kubernetes.limits.gpuVendor needs kubernetes.limits.gpuCount")
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 0 {
		return fmt.Errorf("kubernetes.limits.gpuCount must be a whole number of GPUs, got '%s'", count)
	}
	name := strings.TrimSuffix(vendor, "/gpu") + "/gpu"
	if errs := validation.IsQualifiedName(name); len(errs) > 0 {
		return fmt.Errorf("kubernetes.limits.gpuVendor '%s' does not make a resource name: %s", vendor, strings.Join(errs, "; "))
	}
	list[corev1.ResourceName(name)] = *resource.NewQuantity(int64(n), resource.DecimalSI)
	return nil
}

// service is the un-versioned Service of the app: it selects every version of the app, so traffic reaches
// both during a red/black update.
func service(s settings, namespace, name string, labels map[string]string, app platforms.AppDeployment, port int) (*corev1.Service, error) {
	annotations, err := pairs(s.str("", "serviceAnnotations"), "serviceAnnotations entry")
	if err != nil {
		return nil, err
	}
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace, Labels: labels, Annotations: annotations},
		Spec: corev1.ServiceSpec{Selector: map[string]string{labelAppName: app.Label, labelGroup: app.Group},
			Ports: []corev1.ServicePort{{Name: "port-" + strconv.Itoa(port), Port: int32(port), TargetPort: intstr.FromInt32(int32(port))}}},
	}
	extra, err := portList(s.str("", "servicePorts"), "servicePorts")
	if err != nil {
		return nil, err
	}
	for _, n := range extra {
		if !slices.ContainsFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool { return int(p.Port) == n }) {
			svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{Name: "port-" + strconv.Itoa(n), Port: int32(n), TargetPort: intstr.FromInt32(int32(n))})
		}
	}
	lb, err := s.boolean("createLoadBalancer")
	if err != nil {
		return nil, err
	}
	nodePort, hasNodePort := s.get("createNodePort")
	switch {
	case lb && hasNodePort:
		return nil, fmt.Errorf("kubernetes.createLoadBalancer and kubernetes.createNodePort cannot both be set")
	case lb:
		svc.Spec.Type = corev1.ServiceTypeLoadBalancer
	case hasNodePort:
		svc.Spec.Type = corev1.ServiceTypeNodePort
		if n, err := strconv.Atoi(nodePort); err == nil {
			svc.Spec.Ports[0].NodePort = int32(n)
		} else if nodePort != "true" {
			return nil, fmt.Errorf("kubernetes.createNodePort must be true or a port number, got '%s'", nodePort)
		}
	}
	return svc, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// setEnv replaces the variable of e's name, or adds e at the end.
func setEnv(env []corev1.EnvVar, e corev1.EnvVar) []corev1.EnvVar {
	if i := slices.IndexFunc(env, func(x corev1.EnvVar) bool { return x.Name == e.Name }); i >= 0 {
		env[i] = e
		return env
	}
	return append(env, e)
}
