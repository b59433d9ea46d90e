package kubernetes

import (
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/dataflow-cli/dataflow/platforms"
)

const k8s = "spring.cloud.deployer.kubernetes."

// accountWith is the seed account with extra account-level properties, as `platform import` writes them.
func accountWith(props map[string]string) platforms.Account {
	acc := kafkazone
	k := *acc.Kubernetes
	k.Properties = props
	acc.Kubernetes = &k
	return acc
}

// appWith is the cardata app with app-level kubernetes properties (deployer.cardata.kubernetes.x).
func appWith(props map[string]string) platforms.AppDeployment {
	d := map[string]string{}
	for k, v := range props {
		d[k8s+k] = v
	}
	return cardata(d)
}

func mustPod(t *testing.T, acc platforms.Account, app platforms.AppDeployment) corev1.PodSpec {
	t.Helper()
	objs, err := buildAppObjects(acc, "ns", app)
	if err != nil {
		t.Fatal(err)
	}
	if objs.StatefulSet != nil {
		return objs.StatefulSet.Spec.Template.Spec
	}
	return objs.Deployment.Spec.Template.Spec
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestSecurityContextsInEveryForm(t *testing.T) {
	want := `{"runAsUser":65534,"runAsGroup":65534,"runAsNonRoot":true,"fsGroup":2000,"seccompProfile":{"type":"RuntimeDefault"}}`
	for name, c := range map[string]struct {
		acc map[string]string
		app map[string]string
	}{
		"app YAML":                             {app: map[string]string{"podSecurityContext": "{runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}"}},
		"app YAML, quoted boolean and numbers": {app: map[string]string{"podSecurityContext": "{runAsUser: '65534', runAsGroup: \"65534\", runAsNonRoot: 'true', fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}"}},
		"app flattened, kebab-case": {app: map[string]string{"pod-security-context.run-as-user": "65534", "podSecurityContext.runAsGroup": "65534",
			"podSecurityContext.runAsNonRoot": "true", "podSecurityContext.fsGroup": "2000", "podSecurityContext.seccompProfile.type": "RuntimeDefault"}},
		"account flattened (platform import)": {acc: map[string]string{"podSecurityContext.runAsUser": "65534", "podSecurityContext.runAsGroup": "65534",
			"podSecurityContext.runAsNonRoot": "true", "podSecurityContext.fsGroup": "2000", "podSecurityContext.seccompProfile.type": "RuntimeDefault"}},
		"app replaces the account's whole": {acc: map[string]string{"podSecurityContext.runAsUser": "0", "podSecurityContext.supplementalGroups[0]": "5"},
			app: map[string]string{"podSecurityContext": "{runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}"}},
	} {
		pod := mustPod(t, accountWith(c.acc), appWith(c.app))
		if got := asJSON(t, pod.SecurityContext); got != want {
			t.Errorf("%s: pod security context %s, want %s", name, got, want)
		}
	}

	pod := mustPod(t, kafkazone, appWith(map[string]string{
		"containerSecurityContext": "{allowPrivilegeEscalation: 'false', readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}",
		"initContainer":            "{containerName: setup, imageName: busybox:1.36, commands: [sh, -c, 'echo hi']}",
		"additionalContainers":     "[{name: sidecar, image: nginx:1.25}, {name: own, image: envoy:1, securityContext: {runAsUser: 7}}]",
	}))
	wantSC := `{"capabilities":{"drop":["ALL"]},"readOnlyRootFilesystem":true,"allowPrivilegeEscalation":false}`
	for _, c := range append(append([]corev1.Container{}, pod.Containers[:2]...), pod.InitContainers...) {
		if got := asJSON(t, c.SecurityContext); got != wantSC {
			t.Errorf("container %s: security context %s, want %s (SCDF copies it to init and additional containers)", c.Name, got, wantSC)
		}
	}
	if got := pod.Containers[2].SecurityContext; got == nil || *got.RunAsUser != 7 {
		t.Errorf("a sidecar's own security context must be kept, got %+v", got)
	}
}

func TestEnvironmentFromSecretsAndConfigMaps(t *testing.T) {
	acc := accountWith(map[string]string{
		"secretKeyRefs[0].envVarName": "DB_PW", "secretKeyRefs[0].secretName": "account-db", "secretKeyRefs[0].dataKey": "password",
		"secretKeyRefs[1].envVarName": "SHARED", "secretKeyRefs[1].secretName": "shared", "secretKeyRefs[1].dataKey": "k",
		"configMapRefs[0]": "account-config", "secretRefs": "[account-creds]",
	})
	pod := mustPod(t, acc, appWith(map[string]string{
		"secretKeyRefs":    "[{envVarName: DB_PW, secretName: app-db, dataKey: pw}]",
		"configMapKeyRefs": "[{envVarName: MODE, configMapName: app-config, dataKey: mode}]",
		"configMapRefs":    "[app-config]",
	}))
	c := pod.Containers[0]
	var names []string
	for _, e := range c.Env {
		names = append(names, e.Name)
	}
	// SCDF's order: the environmentVariables (the account's), the key references (the app's, then the account's
	// it does not override), the GUID and the group.
	if got, want := strings.Join(names, ","), "SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS,SPRING_CLOUD_STREAM_KAFKA_BINDER_ZK_NODES,DB_PW,SHARED,MODE,SPRING_CLOUD_APPLICATION_GUID,SPRING_CLOUD_APPLICATION_GROUP"; got != want {
		t.Errorf("env order %s\nwant %s", got, want)
	}
	if got := asJSON(t, c.Env[2].ValueFrom); got != `{"secretKeyRef":{"name":"app-db","key":"pw"}}` {
		t.Errorf("the app's DB_PW must win: %s", got)
	}
	if got := asJSON(t, c.Env[4].ValueFrom); got != `{"configMapKeyRef":{"name":"app-config","key":"mode"}}` {
		t.Errorf("MODE: %s", got)
	}
	// configMapRefs: the app's list replaces the account's; secretRefs: the account's, as the app gives none.
	if got := asJSON(t, c.EnvFrom); got != `[{"configMapRef":{"name":"app-config"}},{"secretRef":{"name":"account-creds"}}]` {
		t.Errorf("envFrom %s", got)
	}
}

func TestAffinityAppAndAccount(t *testing.T) {
	acc := accountWith(map[string]string{
		// SCDF's account field name, flattened
		"nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key":       "disk",
		"nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator":  "In",
		"nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]": "ssd",
		"affinity.podAffinity": "{preferredDuringSchedulingIgnoredDuringExecution: [{weight: 10, podAffinityTerm: {topologyKey: zone, labelSelector: {matchLabels: {app: db}}}}]}",
	})
	pod := mustPod(t, acc, appWith(map[string]string{
		"affinity.podAntiAffinity": "{requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {role: spring-app}}}]}",
		"affinity.podAffinity":     "{preferredDuringSchedulingIgnoredDuringExecution: [{weight: '50', podAffinityTerm: {topologyKey: rack}}]}",
	}))
	a := pod.Affinity
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Values[0] != "ssd" {
		t.Fatalf("the account's node affinity is missing: %s", asJSON(t, a))
	}
	if a.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution[0].Weight != 50 {
		t.Errorf("the app's pod affinity must replace the account's: %s", asJSON(t, a.PodAffinity))
	}
	if a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].TopologyKey != "kubernetes.io/hostname" {
		t.Errorf("pod anti-affinity: %s", asJSON(t, a.PodAntiAffinity))
	}
}

func TestInitContainersLifecycleAndSharing(t *testing.T) {
	acc := accountWith(map[string]string{
		"initContainers[0].containerName": "account-0", "initContainers[0].imageName": "busybox",
		"initContainers[1].containerName": "account-1", "initContainers[1].imageName": "busybox",
		"lifecycle.preStop.exec.command[0]": "sh", "lifecycle.preStop.exec.command[1]": "-c", "lifecycle.preStop.exec.command[2]": "sleep 5",
		"volumes": "[{name: shared, emptyDir: {}}, {name: unused, emptyDir: {}}]",
	})
	pod := mustPod(t, acc, appWith(map[string]string{
		"initContainer.containerName":        "wait",
		"initContainer.imageName":            "busybox:1.36",
		"initContainer.commands":             "sh,-c,until nslookup db; do sleep 1; done",
		"initContainer.environmentVariables": "A=1,B=2",
		"initContainer.volumeMounts":         "[{name: shared, mountPath: /shared}]",
		"initContainers":                     "[{containerName: app-0, imageName: alpine, args: [x]}]",
		"lifecycle.postStart.exec.command":   "/bin/sh,-c,echo started",
		"shareProcessNamespace":              "'true'",
	}))
	var names []string
	for _, c := range pod.InitContainers {
		names = append(names, c.Name)
	}
	// initContainer, then the app's initContainers, then the account's beyond the app's count.
	if got := strings.Join(names, ","); got != "wait,app-0,account-1" {
		t.Errorf("init containers %s", got)
	}
	w := pod.InitContainers[0]
	if got := strings.Join(w.Command, "|"); got != "sh|-c|until nslookup db; do sleep 1; done" || asJSON(t, w.Env) != `[{"name":"A","value":"1"},{"name":"B","value":"2"}]` {
		t.Errorf("initContainer: command %q env %s", got, asJSON(t, w.Env))
	}
	if got := asJSON(t, pod.Containers[0].Lifecycle); got != `{"postStart":{"exec":{"command":["/bin/sh","-c","echo started"]}},"preStop":{"exec":{"command":["sh","-c","sleep 5"]}}}` {
		t.Errorf("lifecycle %s", got)
	}
	if pod.ShareProcessNamespace == nil || !*pod.ShareProcessNamespace {
		t.Error("shareProcessNamespace 'true' must be set")
	}
	// Only the volume an (init) container mounts is kept, as SCDF keeps only mounted volumes.
	if got := asJSON(t, pod.Volumes); got != `[{"name":"shared","emptyDir":{}}]` {
		t.Errorf("volumes %s", got)
	}
}

func TestFlattenedAccountListsAreRead(t *testing.T) {
	acc := accountWith(map[string]string{
		"tolerations[0].key": "gpu", "tolerations[0].operator": "Exists", "tolerations[0].effect": "NoSchedule", "tolerations[0].tolerationSeconds": "30",
		"tolerations[1].key": "shared", "tolerations[1].operator": "Equal", "tolerations[1].value": "x",
		"volumes[0].name": "data", "volumes[0].persistentVolumeClaim.claimName": "pvc", "volumes[0].persistentVolumeClaim.readOnly": "true",
		"volumeMounts[0].name": "data", "volumeMounts[0].mountPath": "/data", "volumeMounts[0].readOnly": "'true'",
		"imagePullSecrets[0]": "account-reg",
	})
	pod := mustPod(t, acc, appWith(map[string]string{"tolerations": "[{key: shared, operator: Equal, value: app}]"}))
	if got := asJSON(t, pod.Tolerations); got != `[{"key":"shared","operator":"Equal","value":"app"},{"key":"gpu","operator":"Exists","effect":"NoSchedule","tolerationSeconds":30}]` {
		t.Errorf("tolerations (the app's, then the account's of other keys): %s", got)
	}
	if got := asJSON(t, pod.Volumes); got != `[{"name":"data","persistentVolumeClaim":{"claimName":"pvc","readOnly":true}}]` {
		t.Errorf("volumes %s", got)
	}
	if got := asJSON(t, pod.Containers[0].VolumeMounts); got != `[{"name":"data","readOnly":true,"mountPath":"/data"}]` {
		t.Errorf("volume mounts %s", got)
	}
	if got := asJSON(t, pod.ImagePullSecrets); got != `[{"name":"account-reg"}]` {
		t.Errorf("pull secrets %s", got)
	}
	// The app's pull secrets replace the account's list.
	pod = mustPod(t, acc, appWith(map[string]string{"imagePullSecrets": "[app-reg]", "imagePullSecret": "single"}))
	if got := asJSON(t, pod.ImagePullSecrets); got != `[{"name":"single"},{"name":"app-reg"}]` {
		t.Errorf("pull secrets %s", got)
	}
}

func TestPartitionedAppRunsAsSCDFRanIt(t *testing.T) {
	app := appWith(map[string]string{"statefulSet.volumeClaimTemplate.storage": "1g", "statefulSet.volumeClaimTemplate.storageClassName": "fast",
		"containerSecurityContext.runAsNonRoot": "true"})
	app.DeployerProperties["spring.cloud.deployer.indexed"] = "true"
	objs, err := buildAppObjects(kafkazone, "ns", app)
	if err != nil {
		t.Fatal(err)
	}
	ss := objs.StatefulSet
	claim := ss.Spec.VolumeClaimTemplates[0]
	if claim.Name != "foo-cardata-v1" || claim.Spec.Resources.Requests.Storage().String() != "1Gi" || *claim.Spec.StorageClassName != "fast" ||
		claim.Spec.AccessModes[0] != corev1.ReadWriteOnce || claim.Labels[labelAppID] != "foo-cardata-v1" || claim.Labels[labelRole] != roleSpringApp {
		t.Errorf("claim template %s", asJSON(t, claim))
	}
	spec := ss.Spec.Template.Spec
	ip := spec.InitContainers[0]
	if ip.Name != "index-provider" || ip.Image != "busybox" || !strings.Contains(ip.Command[2], `echo spring.cloud.stream.instanceIndex="$(expr $HOSTNAME | grep -o "[[:digit:]]*$")" >> /config/application.properties`) ||
		ip.SecurityContext == nil || !*ip.SecurityContext.RunAsNonRoot {
		t.Errorf("index provider %s", asJSON(t, ip))
	}
	if asJSON(t, spec.Volumes) != `[{"name":"config","emptyDir":{}}]` || asJSON(t, spec.Containers[0].VolumeMounts) != `[{"name":"config","mountPath":"/config"}]` {
		t.Errorf("config volume %s / %s", asJSON(t, spec.Volumes), asJSON(t, spec.Containers[0].VolumeMounts))
	}
}

func TestProbePortsAndServicePorts(t *testing.T) {
	objs, err := buildAppObjects(kafkazone, "ns", appWith(map[string]string{"livenessHttpProbePort": "9090", "containerPorts": "9091,8080",
		"servicePorts": "8080,9092", "containerCommand": `sh -c "java -jar /app.jar"`, "hostNetwork": "'true'"}))
	if err != nil {
		t.Fatal(err)
	}
	c := objs.Deployment.Spec.Template.Spec.Containers[0]
	if got := asJSON(t, c.Ports); got != `[{"hostPort":8080,"containerPort":8080},{"hostPort":9090,"containerPort":9090},{"hostPort":9091,"containerPort":9091}]` {
		t.Errorf("container ports %s", got)
	}
	if got := strings.Join(c.Command, "|"); got != "sh|-c|java -jar /app.jar" {
		t.Errorf("containerCommand %q", got)
	}
	var ports []string
	for _, p := range objs.Service.Spec.Ports {
		ports = append(ports, p.Name)
	}
	if got := strings.Join(ports, ","); got != "port-8080,port-9092" {
		t.Errorf("service ports %s", got)
	}
}

func TestAppAdminCredentialsReachAppsAndTasks(t *testing.T) {
	acc := accountWith(map[string]string{"appAdmin.user": "admin", "appAdmin.password": "s3cret"})
	objs, err := buildAppObjects(acc, "ns", cardata(nil))
	if err != nil {
		t.Fatal(err)
	}
	args := strings.Join(objs.Deployment.Spec.Template.Spec.Containers[0].Args, " ")
	if !strings.Contains(args, "--spring.cloud.streamapp.security.admin-user=admin") ||
		!strings.Contains(args, "--spring.cloud.streamapp.security.admin-password=$(SPRING_CLOUD_STREAMAPP_SECURITY_ADMINPASSWORD)") || strings.Contains(args, "s3cret") {
		t.Errorf("args %s", args)
	}
	if objs.Secret == nil || string(objs.Secret.Data["SPRING_CLOUD_STREAMAPP_SECURITY_ADMINPASSWORD"]) != "s3cret" {
		t.Errorf("the password must be in the app's Secret: %+v", objs.Secret)
	}
	tasks := &Tasks{Client: &Client{Namespace: "ns", Account: acc}}
	pod, secret, err := tasks.taskPod(newSettings(acc, nil), platforms.TaskSpec{TaskName: "t", Resource: "docker:org/t:1"}, "t-1")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(pod.Spec.Containers[0].Args, " "); got != "--spring.cloud.streamapp.security.admin-user=admin --spring.cloud.streamapp.security.admin-password=$(SPRING_CLOUD_STREAMAPP_SECURITY_ADMINPASSWORD)" ||
		secret["SPRING_CLOUD_STREAMAPP_SECURITY_ADMINPASSWORD"] != "s3cret" {
		t.Errorf("task args %q, secret %v", got, secret)
	}
}
