package kubernetes

import (
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

// badInputs are malformed values of the deployer properties: each must fail a stream app, a task pod, a task
// Job and a CronJob alike, in one line naming the property, before anything is built. (The app's name is
// added by flow: "app 'log': ...", "task 't': ...".)
var badInputs = []struct {
	props map[string]string // app level, after kubernetes.
	want  string
}{
	{map[string]string{"limits.memroy": "1Gi"}, "kubernetes.limits.memroy is not one the Kubernetes deployer knows: did you mean kubernetes.limits.memory?"},
	{map[string]string{"podSecurityContxt.runAsUser": "1000"}, "did you mean kubernetes.podSecurityContext?"},
	{map[string]string{"tolerashuns": "[]"}, "did you mean kubernetes.tolerations?"},
	{map[string]string{"podSecurityContext": "{runAsUser: 1000, runAsNonRoot: yes-please}"}, "kubernetes.podSecurityContext.runAsNonRoot must be true or false, got 'yes-please'"},
	{map[string]string{"podSecurityContext.runAsUsr": "1000"}, "kubernetes.podSecurityContext.runAsUsr is not a field Kubernetes knows"},
	{map[string]string{"containerSecurityContext": "{capabilities: {drop: [ALL]"}, "kubernetes.containerSecurityContext is not valid YAML"},
	{map[string]string{"containerSecurityContext.runAsUser": "root"}, "kubernetes.containerSecurityContext.runAsUser must be a whole number, got 'root'"},
	{map[string]string{"secretKeyRefs": "[{envVarName: PW, secretName: db}]"}, "kubernetes.secretKeyRefs[0] lacks dataKey (entries need envVarName, secretName and dataKey)"},
	{map[string]string{"configMapKeyRefs[0].envVarName": "MODE", "configMapKeyRefs[0].configMapName": "cm"}, "kubernetes.configMapKeyRefs[0] lacks dataKey (entries need envVarName, configMapName and dataKey)"},
	{map[string]string{"secretRefs": "[Not_A_Name]"}, "kubernetes.secretRefs: 'Not_A_Name' cannot name a Kubernetes object"},
	{map[string]string{"affinity.nodeAffinity": "{requiredDuringScheduling: {}}"}, "kubernetes.affinity.nodeAffinity.requiredDuringScheduling is not a field Kubernetes knows"},
	{map[string]string{"initContainer": "{containerName: x}"}, "kubernetes.initContainer needs containerName and imageName"},
	{map[string]string{"initContainers[0].imageName": "busybox"}, "kubernetes.initContainers[0] needs containerName and imageName"},
	{map[string]string{"initContainer": "{containerName: x, imageName: y, environmentVariables: [A]}"}, "kubernetes.initContainer.environmentVariables: 'A' must be written NAME=value"},
	{map[string]string{"initContainer": "{name: x, image: busybox}"}, "kubernetes.initContainer.image is not a field Kubernetes knows (its fields: args, commands, containerName, environmentVariables, imageName, volumeMounts)"},
	{map[string]string{"initContainers[1].containerName": "x", "initContainers[1].imageName": "y"}, "kubernetes.initContainers[0] is missing: list entries must be numbered from 0 without gaps"},
	{map[string]string{"additionalContainers": "[{name: sidecar}]"}, "kubernetes.additionalContainers[0] needs a name and an image"},
	{map[string]string{"shareProcessNamespace": "sometimes"}, "kubernetes.shareProcessNamespace must be true or false, got 'sometimes'"},
	{map[string]string{"lifecycle.preStop.exec.command": ","}, "kubernetes.lifecycle.preStop.exec.command must name a command"},
	{map[string]string{"terminationGracePeriodSeconds": "-1"}, "kubernetes.terminationGracePeriodSeconds must be a whole number of seconds, got '-1'"},
	{map[string]string{"restartPolicy": "Sometimes"}, "kubernetes.restartPolicy must be Always, OnFailure or Never, got 'Sometimes'"},
	{map[string]string{"entryPointStyle": "java"}, "kubernetes.entryPointStyle must be exec, shell or boot, got 'java'"},
	{map[string]string{"imagePullPolicy": "Sometimes"}, "kubernetes.imagePullPolicy must be Always, IfNotPresent or Never, got 'Sometimes'"},
	{map[string]string{"limits.gpuCount": "1"}, "kubernetes.limits.gpuCount needs kubernetes.limits.gpuVendor"},
	{map[string]string{"limits.gpuVendor": "nvidia.com", "limits.gpuCount": "-2"}, "kubernetes.limits.gpuCount must be a whole number of GPUs, got '-2'"},
	{map[string]string{"containerPorts": "8080,http"}, "kubernetes.containerPorts must list port numbers (1-65535), got 'http'"},
	{map[string]string{"containerCommand": `sh -c "echo`}, "kubernetes.containerCommand: the quote \" opened in"},
	{map[string]string{"hostNetwork": "yes"}, "kubernetes.hostNetwork must be true or false, got 'yes'"},
	{map[string]string{"volumes": "[{name: v, hostPath: {path: /x, type: 7}, bogus: 1}]"}, "kubernetes.volumes[0].bogus is not a field Kubernetes knows"},
	{map[string]string{"volumeMounts[0].name": "v", "volumeMounts[0].readOnly": "ja"}, "kubernetes.volumeMounts[0].readOnly must be true or false, got 'ja'"},
	{map[string]string{"tolerations[0].tolerationSeconds": "soon"}, "kubernetes.tolerations[0].tolerationSeconds must be a whole number, got 'soon'"},
}

func TestBadDeployerInputFailsEveryKindOfWorkload(t *testing.T) {
	tasks := &Tasks{Client: &Client{Namespace: "ns", Account: kafkazone}}
	schedules := &Schedules{&Client{Namespace: "ns", Account: kafkazone}}
	for _, c := range badInputs {
		deployer := map[string]string{}
		for k, v := range c.props {
			deployer[k8s+k] = v
		}
		check := func(kind string, err error) {
			t.Helper()
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("%s with %v: %v\nwant one line with %q", kind, c.props, err, c.want)
			}
		}
		_, err := buildAppObjects(kafkazone, "ns", appWith(c.props))
		check("stream app", err)
		spec := platforms.TaskSpec{TaskName: "t", Resource: "docker:org/t:1", DeployerProperties: deployer}
		check("task pod", tasks.ValidateTask(spec))
		withJob := map[string]string{k8s + "createJob": "'true'"}
		for k, v := range deployer {
			withJob[k] = v
		}
		spec.DeployerProperties = withJob
		check("task Job", tasks.ValidateTask(spec))
		_, _, err = schedules.cronJob(scheduleSpec("nightly", deployer))
		check("CronJob", err)
	}
}

func TestUnknownKeysOfTheAccountAndOfNoPlatform(t *testing.T) {
	for _, c := range []struct {
		acc      map[string]string
		deployer map[string]string
		want     string
	}{
		{acc: map[string]string{"podSecuritycontext.runAsUser": "1"}, want: ""}, // relaxed: a known name
		{acc: map[string]string{"nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key": "a"}, want: ""},
		{acc: map[string]string{"fabric8.trustCerts": "true"}, want: ""},
		{acc: map[string]string{"tolerations[0].kee": "a"}, want: "kubernetes.tolerations[0].kee is not a field Kubernetes knows"},
		{acc: map[string]string{"imagePulSecrets[0]": "reg"}, want: "account 'kafkazone': its property imagePulSecrets[0] is not one the Kubernetes deployer knows: did you mean imagePullSecrets?"},
		{deployer: map[string]string{"spring.cloud.deployer.memory": "2g"}, want: "deployer property memory is not read on Kubernetes: use kubernetes.limits.memory"},
		{deployer: map[string]string{k8s + "namespace": "other"}, want: "deployer property kubernetes.namespace cannot be set here: the namespace is the account's"},
		{deployer: map[string]string{"spring.cloud.deployer.cron.expression": "* * * * *"}, want: "cannot be set here: a schedule's expression is given with task schedule create --expression"},
		{acc: map[string]string{"namespace": "x", "requestTimeout": "5s"}, want: ""},
		{deployer: map[string]string{"spring.cloud.deployer.kubernets.limits.cpu": "1"}, want: "deployer property kubernets.limits.cpu is not one the Kubernetes deployer knows: did you mean kubernetes.limits.cpu?"},
		{deployer: map[string]string{"spring.cloud.deployer.cloudfoundry.services": "db", "spring.cloud.deployer.local.javaOpts": "-X"}, want: ""}, // flow notes them
		{deployer: map[string]string{k8s + "cron.concurrencyPolicy": "Forbid", k8s + "READINESS_HTTP_PROBE_PATH": "/ready", k8s + "liveness-probe-delay": "5"}, want: ""},
	} {
		app := cardata(c.deployer)
		_, err := buildAppObjects(accountWith(c.acc), "ns", app)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("account %v, deployer %v: %v, want %q", c.acc, c.deployer, err, c.want)
		}
	}
}

func TestNearestPropertyNames(t *testing.T) {
	for in, want := range map[string]string{
		"limits.memroy": "limits.memory", "imagePullSecret": "imagePullSecret", "initcontainer.imagename": "initContainer",
		"secretRef": "secretRefs", "livenessProbePth": "livenessProbePath", "affinity.nodeAfinity": "affinity.nodeAffinity",
	} {
		if got := nearestProperty(in); got != want {
			t.Errorf("%s: nearest %s, want %s", in, got, want)
		}
	}
}
