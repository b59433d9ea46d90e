package kubernetes

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/dataflow-cli/dataflow/platforms"
)

// kafkazone is the seed's Skipper account.
var kafkazone = platforms.Account{Name: "kafkazone", Type: platforms.Kubernetes, Kubernetes: &platforms.KubernetesAccount{
	Namespace:            "kafka-namespace",
	EnvironmentVariables: "SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS=${KAFKA_SERVICE_HOST}:${KAFKA_SERVICE_PORT},SPRING_CLOUD_STREAM_KAFKA_BINDER_ZK_NODES=${KAFKA_ZK_SERVICE_HOST}:${KAFKA_ZK_SERVICE_PORT}",
	Limits:               platforms.Resources{Memory: "2048Mi", CPU: "500m"},
	ReadinessProbeDelay:  180, LivenessProbeDelay: 120,
}}

func cardata(deployer map[string]string) platforms.AppDeployment {
	d := map[string]string{"spring.cloud.deployer.group": "foo"}
	for k, v := range deployer {
		d[k] = v
	}
	return platforms.AppDeployment{Group: "foo", Label: "cardata", DeploymentID: "foo-cardata-v1", Resource: "docker:myorg/cardata:1.0.0",
		AppProperties:      map[string]string{"spring.cloud.stream.bindings.output.destination": "foo.cardata", "empty": ""},
		DeployerProperties: d, Count: 1}
}

func TestSeedAccountShapesTheDeployment(t *testing.T) {
	objs, err := buildAppObjects(kafkazone, "kafka-namespace", cardata(nil))
	if err != nil {
		t.Fatal(err)
	}
	d, svc := objs.Deployment, objs.Service
	c := d.Spec.Template.Spec.Containers[0]
	checks := []struct{ what, got, want string }{
		{"name", d.Name, "foo-cardata-v1"},
		{"namespace", d.Namespace, "kafka-namespace"},
		{"container", c.Name, "foo-cardata-v1"},
		{"image", c.Image, "myorg/cardata:1.0.0"},
		{"pull policy", string(c.ImagePullPolicy), "IfNotPresent"},
		{"args", strings.Join(c.Args, " "), "--spring.cloud.stream.bindings.output.destination=foo.cardata"},
		{"memory", itoa(int32(c.Resources.Limits.Memory().Value() >> 20)), "2048"},
		{"cpu", c.Resources.Limits.Cpu().String(), "500m"},
		{"readiness delay", itoa(c.ReadinessProbe.InitialDelaySeconds), "180"},
		{"liveness delay", itoa(c.LivenessProbe.InitialDelaySeconds), "120"},
		{"readiness path", c.ReadinessProbe.HTTPGet.Path, "/actuator/info"},
		{"liveness path", c.LivenessProbe.HTTPGet.Path, "/actuator/health"},
		{"startup", itoa(c.StartupProbe.InitialDelaySeconds) + "/" + itoa(c.StartupProbe.FailureThreshold), "30/20"},
		{"probe port", c.LivenessProbe.HTTPGet.Port.String(), "8080"},
		{"selector", labelString(d.Spec.Selector.MatchLabels), "spring-app-id=foo-cardata-v1,spring-application-name=cardata,spring-deployment-id=foo-cardata-v1,spring-group-id=foo"},
		{"pod labels", labelString(d.Spec.Template.Labels), "role=spring-app,spring-app-id=foo-cardata-v1,spring-application-name=cardata,spring-deployment-id=foo-cardata-v1,spring-group-id=foo"},
		{"service", svc.Name, "foo-cardata"},
		{"service selector", labelString(svc.Spec.Selector), "spring-application-name=cardata,spring-group-id=foo"},
		{"service port", svc.Spec.Ports[0].Name, "port-8080"},
		{"replicas", itoa(*d.Spec.Replicas), "1"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: got %q, want %q", ck.what, ck.got, ck.want)
		}
	}
	env := map[string]corev1.EnvVar{}
	for _, e := range c.Env {
		env[e.Name] = e
	}
	if e := env["SPRING_CLOUD_APPLICATION_GUID"]; e.ValueFrom == nil || e.ValueFrom.FieldRef.FieldPath != "metadata.uid" {
		t.Errorf("GUID env: %+v", e)
	}
	if env["SPRING_CLOUD_APPLICATION_GROUP"].Value != "foo" || env["SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS"].Value != "${KAFKA_SERVICE_HOST}:${KAFKA_SERVICE_PORT}" {
		t.Errorf("env: %+v", c.Env)
	}
}

// Per-app deployer properties win over the account's and are matched relaxed, legacy probe names included.
func TestPerAppPropertiesAreRelaxed(t *testing.T) {
	objs, err := buildAppObjects(kafkazone, "ns", cardata(map[string]string{
		"spring.cloud.deployer.kubernetes.limits.memory":         "1Gi",
		"spring.cloud.deployer.kubernetes.readiness-probe-delay": "5",
		"spring.cloud.deployer.kubernetes.livenessHttpProbePath": "/live",
		"spring.cloud.deployer.kubernetes.image_pull_policy":     "always",
		"spring.cloud.deployer.kubernetes.environmentVariables":  "SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS=b:9092,LIST='a,b'",
		"spring.cloud.deployer.kubernetes.entryPointStyle":       "boot",
		"spring.cloud.deployer.kubernetes.deploymentLabels":      "team:data,tier:gold",
		"spring.cloud.deployer.kubernetes.podAnnotations":        "kwok.dataflow.test/never-ready:true",
		"spring.cloud.deployer.kubernetes.nodeSelector":          "disk:ssd",
		"spring.cloud.deployer.kubernetes.tolerations":           "[{key: gpu, operator: Exists, effect: NoSchedule}]",
		"spring.cloud.deployer.indexed":                          "true",
	}))
	if err != nil {
		t.Fatal(err)
	}
	ss := objs.StatefulSet
	if ss == nil || objs.Deployment != nil {
		t.Fatal("an indexed app is not a StatefulSet")
	}
	c := ss.Spec.Template.Spec.Containers[0]
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	checks := []struct{ what, got, want string }{
		{"memory", c.Resources.Limits.Memory().String(), "1Gi"},
		{"cpu from the account", c.Resources.Limits.Cpu().String(), "500m"},
		{"readiness", itoa(c.ReadinessProbe.InitialDelaySeconds), "5"},
		{"liveness path", c.LivenessProbe.HTTPGet.Path, "/live"},
		{"pull", string(c.ImagePullPolicy), "Always"},
		{"brokers", env["SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS"], "b:9092"},
		{"quoted", env["LIST"], "a,b"},
		{"boot json", env["SPRING_APPLICATION_JSON"], `{"spring.cloud.stream.bindings.output.destination":"foo.cardata"}`},
		{"args", strings.Join(c.Args, " "), ""},
		{"label", ss.Spec.Template.Labels["team"], "data"},
		{"annotation", ss.Spec.Template.Annotations["kwok.dataflow.test/never-ready"], "true"},
		{"node selector", ss.Spec.Template.Spec.NodeSelector["disk"], "ssd"},
		{"toleration", string(ss.Spec.Template.Spec.Tolerations[0].Effect), "NoSchedule"},
		{"service name", ss.Spec.ServiceName, "foo-cardata-v1"},
		{"selector role", ss.Spec.Selector.MatchLabels["role"], "spring-app"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: got %q, want %q", ck.what, ck.got, ck.want)
		}
	}
}

func TestBadInputFailsBeforeAnyObject(t *testing.T) {
	cases := []struct {
		mutate func(*platforms.AppDeployment)
		want   string
	}{
		{func(a *platforms.AppDeployment) { a.Resource = "file:/x.jar" }, "Kubernetes runs docker images"},
		{func(a *platforms.AppDeployment) { a.DeploymentID = "foo-" + strings.Repeat("x", 60) + "-v1" }, "is not a valid Kubernetes name"},
		{func(a *platforms.AppDeployment) { a.Label = "Bad_Label!" }, "cannot be a Kubernetes label value"},
		{func(a *platforms.AppDeployment) { a.AppProperties["server.port"] = "http" }, "server.port must be a port number"},
		{func(a *platforms.AppDeployment) {
			a.DeployerProperties["spring.cloud.deployer.kubernetes.limits.memory"] = "lots"
		}, "is not a quantity"},
		{func(a *platforms.AppDeployment) {
			a.DeployerProperties["spring.cloud.deployer.kubernetes.probeType"] = "magic"
		}, "probeType must be HTTP, TCP or COMMAND"},
		{func(a *platforms.AppDeployment) {
			a.DeployerProperties["spring.cloud.deployer.kubernetes.tolerations"] = "[{key: a"
		}, "is not valid YAML"},
		{func(a *platforms.AppDeployment) {
			a.DeployerProperties["spring.cloud.deployer.kubernetes.imagePullSecrets"] = "[{name: regcred}]"
		}, "kubernetes.imagePullSecrets[0] must be a single value"},
		{func(a *platforms.AppDeployment) {
			a.DeployerProperties["spring.cloud.deployer.kubernetes.deploymentLabels"] = "team:Data Platform"
		}, "'Data Platform' cannot be a Kubernetes label value"},
		{func(a *platforms.AppDeployment) {
			a.DeployerProperties["spring.cloud.deployer.kubernetes.deploymentLabels"] = "my team:data"
		}, "'my team' cannot be a Kubernetes label key"},
		{func(a *platforms.AppDeployment) {
			a.DeployerProperties["spring.cloud.deployer.kubernetes.nodeSelector"] = "disk:ssd!"
		}, "'ssd!' cannot be a Kubernetes label value"},
		{func(a *platforms.AppDeployment) {
			a.DeployerProperties["spring.cloud.deployer.kubernetes.createLoadBalancer"] = "true"
			a.DeployerProperties["spring.cloud.deployer.kubernetes.createNodePort"] = "true"
		}, "cannot both be set"},
	}
	for i, c := range cases {
		app := cardata(nil)
		c.mutate(&app)
		if _, err := buildAppObjects(kafkazone, "ns", app); err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("case %d: %q, want one line with %q", i, err, c.want)
		}
	}
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

// labelString renders labels sorted, k=v joined by commas.
func labelString(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = k + "=" + m[k]
	}
	return strings.Join(keys, ",")
}
