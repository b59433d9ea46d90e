//go:build k8sintegration

package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// propsAccounts is an account with account-level deployer properties, flattened as `platform import` writes
// them, and a quoted boolean.
func propsAccounts(t *testing.T, dir, namespace string) {
	t.Helper()
	account := fmt.Sprintf(`  - name: secure
    type: kubernetes
    kubernetes:
      kubeconfig: %q
      namespace: %s
      properties:
        podSecurityContext.runAsUser: "65534"
        podSecurityContext.runAsGroup: "65534"
        podSecurityContext.runAsNonRoot: "'true'"
        podSecurityContext.seccompProfile.type: RuntimeDefault
        containerSecurityContext.allowPrivilegeEscalation: "false"
        containerSecurityContext.capabilities.drop[0]: ALL
        tolerations[0].key: dedicated
        tolerations[0].operator: Exists
        secretRefs[0]: shared-credentials
        deploymentLabels: team:data
`, os.Getenv("KUBECONFIG"), namespace)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("streams:\n"+account+"tasks:\n"+account), 0o600); err != nil {
		t.Fatal(err)
	}
}

// realObjects makes the Secrets and the ConfigMap the properties refer to, as a user would have them.
func realObjects(t *testing.T, api kubernetes.Interface, ns string) {
	t.Helper()
	ctx := context.Background()
	for name, data := range map[string]map[string]string{
		"shared-credentials": {"BROKER_PASSWORD": "b"}, "db": {"password": "pw"}, "probe-credentials": {"credentials": "actuator:s3cret"},
	} {
		if _, err := api.CoreV1().Secrets(ns).Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}, StringData: data}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "log-config"}, Data: map[string]string{"level": "DEBUG"}}
	if _, err := api.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The properties SCDF users rely on reach the objects the API server accepts and the controllers act on: a
// stream app's Deployment and its pods, a task's Job and its pod, with security contexts, Secret and ConfigMap
// references to real objects, affinity, an init container, lifecycle hooks and probe credentials read from a
// real Secret.
func TestKubernetesDeployerPropertiesReachTheCluster(t *testing.T) {
	const ns = "props-ns"
	api := cluster(t, ns)
	ctx := context.Background()
	dir := t.TempDir()
	propsAccounts(t, dir, ns)
	realObjects(t, api, ns)
	mustRunK(t, dir, "app", "register", "--name", "time", "--type", "source", "--uri", "docker:myorg/time:1.0.0")
	mustRunK(t, dir, "app", "register", "--name", "log", "--type", "sink", "--uri", "docker:myorg/log:1.0.0")
	mustRunK(t, dir, "app", "register", "--name", "job", "--type", "task", "--uri", "docker:myorg/job:1.0.0")
	mustRunK(t, dir, "stream", "create", "props", "--definition", "time | log")
	streamProps := writeFile(t, filepath.Join(dir, "stream.properties"), `
deployer.log.kubernetes.secretKeyRefs=[{envVarName: DB_PASSWORD, secretName: db, dataKey: password}]
deployer.log.kubernetes.configMapKeyRefs[0].envVarName=LOG_LEVEL
deployer.log.kubernetes.configMapKeyRefs[0].configMapName=log-config
deployer.log.kubernetes.configMapKeyRefs[0].dataKey=level
deployer.log.kubernetes.configMapRefs=log-config
deployer.log.kubernetes.affinity.podAntiAffinity={preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {spring-application-name: log}}}}]}
deployer.log.kubernetes.initContainer.containerName=wait
deployer.log.kubernetes.initContainer.imageName=busybox:1.36
deployer.log.kubernetes.initContainer.commands=sh,-c,echo ready
deployer.log.kubernetes.lifecycle.preStop.exec.command=sh,-c,sleep 2
deployer.log.kubernetes.probeCredentialsSecret=probe-credentials
deployer.log.kubernetes.shareProcessNamespace='true'
deployer.log.cloudfoundry.memory=2g
`)
	out, stderr, code := runK(t, dir, "stream", "deploy", "props", "--platformName", "secure", "--propertiesFile", streamProps)
	if code != 0 || !strings.Contains(stderr+out, "Note: Kubernetes account 'secure' ignores the other platforms' deployer properties: cloudfoundry.memory") {
		t.Fatalf("deploy: exit %d\n%s%s", code, out, stderr)
	}
	d, err := api.AppsV1().Deployments(ns).Get(ctx, "props-log-v1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	spec := d.Spec.Template.Spec
	c := spec.Containers[0]
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte("actuator:s3cret"))
	checks := []struct{ what, got, want string }{
		{"pod security context", js(t, spec.SecurityContext), `{"runAsUser":65534,"runAsGroup":65534,"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}}`},
		{"container security context", js(t, c.SecurityContext), `{"capabilities":{"drop":["ALL"]},"allowPrivilegeEscalation":false}`},
		{"init container", c.Name + " " + js(t, spec.InitContainers), `props-log-v1 [{"name":"wait","image":"busybox:1.36","command":["sh","-c","echo ready"],"resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent","securityContext":{"capabilities":{"drop":["ALL"]},"allowPrivilegeEscalation":false}}]`},
		// configMapRefs and secretRefs are two lists: the app's ConfigMaps, the account's Secrets
		{"env from", js(t, c.EnvFrom), `[{"configMapRef":{"name":"log-config"}},{"secretRef":{"name":"shared-credentials"}}]`},
		{"key refs", js(t, c.Env[:2]), `[{"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}},{"name":"LOG_LEVEL","valueFrom":{"configMapKeyRef":{"name":"log-config","key":"level"}}}]`},
		{"lifecycle", js(t, c.Lifecycle), `{"preStop":{"exec":{"command":["sh","-c","sleep 2"]}}}`},
		{"probe header", c.ReadinessProbe.HTTPGet.HTTPHeaders[0].Value, wantAuth},
		{"anti-affinity", js(t, spec.Affinity), `{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,"podAffinityTerm":{"labelSelector":{"matchLabels":{"spring-application-name":"log"}},"topologyKey":"kubernetes.io/hostname"}}]}}`},
		{"tolerations", js(t, spec.Tolerations), `[{"key":"dedicated","operator":"Exists"}]`},
		{"share process namespace", fmt.Sprint(*spec.ShareProcessNamespace), "true"},
		{"labels", d.Spec.Template.Labels["team"], "data"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s:\n got %s\nwant %s", ck.what, ck.got, ck.want)
		}
	}
	// The time app has the account's secretRefs alone.
	if td, err := api.AppsV1().Deployments(ns).Get(ctx, "props-time-v1", metav1.GetOptions{}); err != nil ||
		js(t, td.Spec.Template.Spec.Containers[0].EnvFrom) != `[{"secretRef":{"name":"shared-credentials"}}]` {
		t.Errorf("time app env from: %v %v", err, td)
	}
	// The ReplicaSet controller creates pods from the template: the API server accepted every field.
	eventuallyK(t, "the log app's pod", func() string {
		pods, err := api.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "spring-app-id=props-log-v1"})
		if err != nil || len(pods.Items) == 0 {
			return fmt.Sprintf("no pod yet (%v)", err)
		}
		if p := pods.Items[0].Spec; p.SecurityContext == nil || p.SecurityContext.RunAsUser == nil || len(p.InitContainers) != 1 {
			return "the pod lacks the template's settings: " + js(t, p)
		}
		return ""
	})
	if m := mustRunK(t, dir, "stream", "manifest", "props"); !strings.Contains(m, `"spring.cloud.deployer.kubernetes.secretKeyRefs": "[{envVarName: DB_PASSWORD, secretName: db, dataKey: password}]"`) {
		t.Errorf("the manifest must show the names of Secrets:\n%s", m)
	}

	mustRunK(t, dir, "task", "create", "batch", "--definition", "job --mode=full")
	taskProps := strings.Join([]string{
		"deployer.job.kubernetes.createJob='true'",
		"deployer.job.kubernetes.podSecurityContext={runAsUser: 1000, fsGroup: 1000}",
		"deployer.job.kubernetes.secretKeyRefs=[{envVarName: DB_PASSWORD, secretName: db, dataKey: password}]",
		"deployer.job.kubernetes.affinity.nodeAffinity={preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: pool, operator: In, values: [batch]}]}}]}",
		"deployer.job.kubernetes.initContainers[0].containerName=migrate",
		"deployer.job.kubernetes.initContainers[0].imageName=busybox:1.36",
		"deployer.job.kubernetes.lifecycle.postStart.exec.command=sh,-c,echo started",
		"deployer.job.kubernetes.jobAnnotations=owner:ops",
		"deployer.job.kubernetes.backoffLimit=1",
	}, ",")
	id := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "batch", "--platformName", "secure", "--properties", taskProps,
		"--arguments", "--mode=delta --note='two words'"))[2]
	name := executionStatus(t, dir, id).ExternalID
	job, err := api.BatchV1().Jobs(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tspec := job.Spec.Template.Spec
	tc := tspec.Containers[0]
	checks = []struct{ what, got, want string }{
		{"job annotations", js(t, job.Annotations), `{"owner":"ops"}`},
		{"backoff", fmt.Sprint(*job.Spec.BackoffLimit), "1"},
		{"pod security context", js(t, tspec.SecurityContext), `{"runAsUser":1000,"fsGroup":1000}`},
		{"container security context", js(t, tc.SecurityContext), `{"capabilities":{"drop":["ALL"]},"allowPrivilegeEscalation":false}`},
		{"init container", tspec.InitContainers[0].Name + " " + tspec.InitContainers[0].Image, "migrate busybox:1.36"},
		{"env from", js(t, tc.EnvFrom), `[{"secretRef":{"name":"shared-credentials"}}]`},
		{"key ref", envNamed(tc.Env, "DB_PASSWORD"), `{"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}`},
		{"lifecycle", js(t, tc.Lifecycle), `{"postStart":{"exec":{"command":["sh","-c","echo started"]}}}`},
		{"node affinity", fmt.Sprint(tspec.Affinity.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution[0].Weight), "1"},
		// the argument replaces the definition's --mode; a quoted argument stays one
		{"args", strings.Join(tc.Args, " "), "--mode=delta --note=two words"}, // no task database: no execution id (docs/tasks.md)
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("task %s:\n got %s\nwant %s", ck.what, ck.got, ck.want)
		}
	}
	eventuallyK(t, "the Job's pod", func() string {
		pods, err := api.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "job-name=" + name})
		if err != nil || len(pods.Items) == 0 {
			return fmt.Sprintf("no pod yet (%v)", err)
		}
		return ""
	})

	// Bad input: one line naming the property and the app (or task); nothing created, nothing recorded.
	before := mustRunK(t, dir, "task", "execution", "list")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"task", "launch", "batch", "--platformName", "secure", "--properties", "deployer.job.kubernetes.podSecurityContext.runAsUsr=1"},
			"task 'batch': kubernetes.podSecurityContext.runAsUsr is not a field Kubernetes knows"},
		{[]string{"task", "launch", "batch", "--platformName", "secure", "--properties", "deployer.job.kubernetes.limits.memroy=1Gi"},
			"task 'batch': deployer property kubernetes.limits.memroy is not one the Kubernetes deployer knows: did you mean kubernetes.limits.memory?"},
		{[]string{"stream", "deploy", "bad", "--platformName", "secure", "--properties", "deployer.log.kubernetes.initContainer={containerName: x}"},
			"app 'log': kubernetes.initContainer needs containerName and imageName"},
		{[]string{"stream", "deploy", "bad", "--platformName", "secure", "--properties", "deployer.log.kubernetes.probeCredentialsSecret=missing"},
			"app 'log': kubernetes.probeCredentialsSecret: there is no Secret missing in namespace props-ns"},
	} {
		if c.args[0] == "stream" {
			runK(t, dir, "stream", "create", "bad", "--definition", "time | log")
		}
		out, stderr, code := runK(t, dir, c.args...)
		if msg := strings.TrimSpace(stderr + out); code == 0 || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("%v: exit %d, %q\nwant %q", c.args, code, strings.TrimSpace(stderr+out), c.want)
		}
	}
	if after := mustRunK(t, dir, "task", "execution", "list"); after != before {
		t.Errorf("a refused launch was recorded:\n%s", after)
	}
	if got := deploymentNames(t, api, ns, "spring-group-id=bad"); got != "" {
		t.Errorf("a refused deploy left %s", got)
	}
	jobs, err := api.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{LabelSelector: "task-name=batch"})
	if err != nil || len(jobs.Items) != 1 {
		t.Errorf("jobs after the refused launches: %v %v", err, jobs)
	}
}

func js(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func envNamed(env []corev1.EnvVar, name string) string {
	for _, e := range env {
		if e.Name == name {
			raw, _ := json.Marshal(e)
			return string(raw)
		}
	}
	return "no " + name
}
