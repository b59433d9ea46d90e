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
	labelAppID       = "spring-app-id"
	labelDeployment  = "spring-deployment-id"
	labelGroup       = "spring-group-id"
	labelAppName     = "spring-application-name"
	labelRole        = "role"
	roleSpringApp    = "spring-app"
	envGUID          = "SPRING_CLOUD_APPLICATION_GUID"
	envGroup         = "SPRING_CLOUD_APPLICATION_GROUP"
	defaultAppPort   = 8080
	gpuVendorDefault = "nvidia.com/gpu"
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
	userLabels, err := labelPairs(s.str("", "deploymentLabels"), "deploymentLabels entry")
	if err != nil {
		return appObjects{}, err
	}
	for k, v := range userLabels {
		podLabels[k] = v
	}
	style := strings.ToLower(s.str("exec", "entryPointStyle"))
	secrets, err := secretEnvs(app, style)
	if err != nil {
		return appObjects{}, err
	}
	c, envSecrets, err := container(s, app, id, port, style, secrets)
	if err != nil {
		return appObjects{}, err
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
	out := appObjects{Secret: appSecret(namespace, id, withRole(ids), secrets, envSecrets)}
	if app.DeployerProperties["spring.cloud.deployer.indexed"] == "true" {
		out.StatefulSet = &appsv1.StatefulSet{
			ObjectMeta: metav1.ObjectMeta{Name: id, Namespace: namespace, Labels: podLabels},
			Spec: appsv1.StatefulSetSpec{Replicas: &replicas, ServiceName: id, PodManagementPolicy: appsv1.ParallelPodManagement,
				Selector: &metav1.LabelSelector{MatchLabels: withRole(ids)}, Template: template},
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

// podSpec is the pod around an app's or a task's container: restart policy, service account, pull secrets,
// node selector, tolerations, volumes.
func podSpec(s settings, c corev1.Container) (corev1.PodSpec, error) {
	var err error
	spec := corev1.PodSpec{Containers: []corev1.Container{c}, RestartPolicy: corev1.RestartPolicy(s.str("Always", "restartPolicy")),
		ServiceAccountName: s.str("", "deploymentServiceAccountName")}
	for _, name := range []string{s.str("", "imagePullSecret")} {
		if name != "" {
			spec.ImagePullSecrets = append(spec.ImagePullSecrets, corev1.LocalObjectReference{Name: name})
		}
	}
	var secrets []string
	if err := s.yamlValue(&secrets, "imagePullSecrets"); err != nil {
		return spec, err
	}
	for _, name := range secrets {
		spec.ImagePullSecrets = append(spec.ImagePullSecrets, corev1.LocalObjectReference{Name: name})
	}
	if spec.NodeSelector, err = labelPairs(s.str("", "nodeSelector"), "nodeSelector entry"); err != nil {
		return spec, err
	}
	if err := yamlInto(s, "tolerations", &spec.Tolerations); err != nil {
		return spec, err
	}
	if err := yamlInto(s, "volumes", &spec.Volumes); err != nil {
		return spec, err
	}
	if v, ok := s.get("terminationGracePeriodSeconds"); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return spec, fmt.Errorf("kubernetes.terminationGracePeriodSeconds must be a number, got '%s'", v)
		}
		spec.TerminationGracePeriodSeconds = &n
	}
	spec.PriorityClassName = s.str("", "priorityClassName")
	spec.HostNetwork = s.boolean("hostNetwork")
	return spec, nil
}

// yamlInto decodes a structured property through JSON, so Kubernetes' own field names and types apply.
func yamlInto(s settings, name string, out any) error {
	var generic any
	if err := s.yamlValue(&generic, name); err != nil || generic == nil {
		return err
	}
	raw, err := json.Marshal(generic)
	if err != nil {
		return fmt.Errorf("kubernetes.%s: %v", name, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("kubernetes.%s does not fit Kubernetes' schema: %v", name, err)
	}
	return nil
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
	c := corev1.Container{Name: id, Image: image, Ports: []corev1.ContainerPort{{ContainerPort: int32(port)}}}
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
	env := []corev1.EnvVar{}
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
			env = append(env, corev1.EnvVar{Name: strings.ToUpper(strings.ReplaceAll(k, ".", "_")), Value: app.AppProperties[k]})
		}
	case "boot":
		flat := map[string]string{}
		for _, k := range keys {
			flat[k] = app.AppProperties[k]
		}
		raw, _ := json.Marshal(flat)
		env = append(env, corev1.EnvVar{Name: "SPRING_APPLICATION_JSON", Value: string(raw)})
	default:
		return c, nil, fmt.Errorf("kubernetes.entryPointStyle must be exec, shell or boot, got '%s'", style)
	}
	env = append(env, secretEnvVars(id, secrets)...)
	env = append(env, corev1.EnvVar{Name: envGUID, ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.uid"}}},
		corev1.EnvVar{Name: envGroup, Value: app.Group})
	var envSecrets map[string]string
	if c.Env, envSecrets, err = withUserEnv(s, env, app.SecretEnvNames, id); err != nil {
		return c, nil, err
	}
	if cmd := s.str("", "containerCommand"); cmd != "" {
		c.Command = strings.Fields(cmd)
	}
	if extra := s.str("", "containerPorts"); extra != "" {
		for _, p := range strings.Split(extra, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil {
				return c, nil, fmt.Errorf("kubernetes.containerPorts must list port numbers, got '%s'", p)
			}
			c.Ports = append(c.Ports, corev1.ContainerPort{ContainerPort: int32(n)})
		}
	}
	if c.Resources, err = resourceRequirements(s); err != nil {
		return c, nil, err
	}
	if err := yamlInto(s, "volumeMounts", &c.VolumeMounts); err != nil {
		return c, nil, err
	}
	c.StartupProbe, c.ReadinessProbe, c.LivenessProbe, err = probes(s, port)
	return c, envSecrets, err
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
			if n := s.str("", "limits.gpuCount"); n != "" {
				q, err := resource.ParseQuantity(n)
				if err != nil {
					return r, fmt.Errorf("kubernetes.limits.gpuCount must be a number, got '%s'", n)
				}
				list[corev1.ResourceName(s.str(gpuVendorDefault, "limits.gpuVendor"))] = q
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
	if extra := s.str("", "servicePorts"); extra != "" {
		for _, p := range strings.Split(extra, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil {
				return nil, fmt.Errorf("kubernetes.servicePorts must list port numbers, got '%s'", p)
			}
			svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{Name: "port-" + strconv.Itoa(n), Port: int32(n), TargetPort: intstr.FromInt32(int32(n))})
		}
	}
	lb := s.boolean("createLoadBalancer")
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
