//go:build k8sintegration

package main

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// shownAnywhere runs each command and returns the outputs that hold one of the secrets, "" when none does.
func shownAnywhere(t *testing.T, dir string, secrets []string, commands ...[]string) string {
	t.Helper()
	var leaks []string
	for _, args := range commands {
		out := mustRunK(t, dir, args...)
		for _, s := range secrets {
			if strings.Contains(out, s) {
				leaks = append(leaks, strings.Join(args, " ")+" shows "+s+":\n"+out)
			}
		}
	}
	return strings.Join(leaks, "\n")
}

// A URL password in a stream definition or a deploy property reaches the pod through the app's Secret, and is
// masked (user:******@host) in everything dataflow shows; the same for a task launch and a schedule.
func TestKubernetesURLPasswordsGoTheSecretWay(t *testing.T) {
	api := cluster(t, "urls-ns")
	ctx := context.Background()
	dir := t.TempDir()
	writeAccounts(t, dir, os.Getenv("KUBECONFIG"), "urls-ns")
	mustRunK(t, dir, "app", "register", "--name", "http", "--type", "source", "--uri", "docker:myorg/http:1.0.0")
	mustRunK(t, dir, "app", "register", "--name", "log", "--type", "sink", "--uri", "docker:myorg/log:1.0.0")
	mustRunK(t, dir, "app", "register", "--name", "job", "--type", "task", "--uri", "docker:myorg/job:1.0.0")
	mustRunK(t, dir, "stream", "create", "web", "--definition", "http --url=https://user:PWDEF@host/x | log")
	props := "app.log.x.url=https://u:PWPROP@db/y"
	secrets := []string{"PWDEF", "PWPROP"}
	if dry := mustRunK(t, dir, "stream", "deploy", "web", "--properties", props, "--dry-run"); strings.Contains(dry, "PW") ||
		!strings.Contains(dry, "--url=$(URL)") {
		t.Errorf("dry run:\n%s", dry)
	}
	mustRunK(t, dir, "stream", "deploy", "web", "--properties", props)
	for _, c := range []struct{ id, env, value string }{{"web-http-v1", "URL", "https://user:PWDEF@host/x"}, {"web-log-v1", "X_URL", "https://u:PWPROP@db/y"}} {
		d, err := api.AppsV1().Deployments("urls-ns").Get(ctx, c.id, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(d)
		if strings.Contains(string(raw), "PW") || !strings.Contains(string(raw), `"secretKeyRef":{"name":"`+c.id+`","key":"`+c.env+`"}`) {
			t.Errorf("deployment %s: %s", c.id, raw)
		}
		secret, err := api.CoreV1().Secrets("urls-ns").Get(ctx, c.id, metav1.GetOptions{})
		if err != nil || string(secret.Data[c.env]) != c.value {
			t.Errorf("secret %s: %v %v", c.id, secret, err)
		}
	}
	if leak := shownAnywhere(t, dir, secrets, []string{"stream", "list"}, []string{"stream", "info", "web", "--properties"},
		[]string{"stream", "manifest", "web"}, []string{"stream", "history", "web"}, []string{"audit-record", "list"}); leak != "" {
		t.Error(leak)
	}
	if m := mustRunK(t, dir, "stream", "manifest", "web"); !strings.Contains(m, `"url": "https://user:******@host/x"`) {
		t.Errorf("manifest:\n%s", m)
	}

	mustRunK(t, dir, "task", "create", "t", "--definition", "job --repo=https://u:PWTASK@repo/z")
	id := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t", "--arguments", "--mirror https://u:PWARG@mirror"))[2]
	pod, err := api.CoreV1().Pods("urls-ns").Get(ctx, executionStatus(t, dir, id).ExternalID, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if spec, _ := json.Marshal(pod.Spec); strings.Contains(string(spec), "PW") ||
		!strings.Contains(strings.Join(pod.Spec.Containers[0].Args, " "), "--repo=$(DATAFLOW_SECRET_REPO) --mirror $(DATAFLOW_SECRET_MIRROR)") {
		t.Errorf("task pod: %s", spec)
	}
	secret, err := api.CoreV1().Secrets("urls-ns").Get(ctx, pod.Name, metav1.GetOptions{})
	if err != nil || string(secret.Data["DATAFLOW_SECRET_MIRROR"]) != "https://u:PWARG@mirror" {
		t.Errorf("the run's secret: %v %v", secret, err)
	}
	mustRunK(t, dir, "task", "schedule", "create", "--name", "nightly", "--definitionName", "t", "--expression", "0 2 * * *",
		"--arguments", "--mirror https://u:PWSCHED@mirror")
	cron, err := api.BatchV1().CronJobs("urls-ns").Get(ctx, "nightly", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := json.Marshal(cron); strings.Contains(string(raw), "PW") {
		t.Errorf("CronJob: %s", raw)
	}
	if leak := shownAnywhere(t, dir, []string{"PWTASK", "PWARG", "PWSCHED"}, []string{"task", "list"}, []string{"task", "execution", "status", id},
		[]string{"task", "execution", "list"}, []string{"task", "schedule", "list"}, []string{"audit-record", "list"}); leak != "" {
		t.Error(leak)
	}
}

// `deployer.<app>.kubernetes.environmentVariables=DB_PASSWORD=...`: a variable whose name looks secret reaches
// the container from the app's (or the run's, or the schedule's) Secret, for stream apps, task pods, Jobs and
// CronJobs, and its value is masked in everything dataflow shows.
func TestKubernetesSecretEnvironmentVariables(t *testing.T) {
	api := cluster(t, "envs-ns")
	ctx := context.Background()
	dir := t.TempDir()
	writeAccounts(t, dir, os.Getenv("KUBECONFIG"), "envs-ns")
	mustRunK(t, dir, "app", "register", "--name", "http", "--type", "source", "--uri", "docker:myorg/http:1.0.0")
	mustRunK(t, dir, "app", "register", "--name", "log", "--type", "sink", "--uri", "docker:myorg/log:1.0.0")
	mustRunK(t, dir, "app", "register", "--name", "job", "--type", "task", "--uri", "docker:myorg/job:1.0.0")
	mustRunK(t, dir, "stream", "create", "web", "--definition", "http | log")
	props := "deployer.log.kubernetes.environmentVariables=DB_PASSWORD=PWSTREAM,PLAIN=visible"
	if dry := mustRunK(t, dir, "stream", "deploy", "web", "--properties", props, "--dry-run"); strings.Contains(dry, "PW") ||
		!strings.Contains(dry, "key: DB_PASSWORD") {
		t.Errorf("dry run:\n%s", dry)
	}
	mustRunK(t, dir, "stream", "deploy", "web", "--properties", props)
	ref := func(secret string) string {
		return `{"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"` + secret + `","key":"DB_PASSWORD"}}}`
	}
	d, err := api.AppsV1().Deployments("envs-ns").Get(ctx, "web-log-v1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := json.Marshal(d); strings.Contains(string(raw), "PW") || !strings.Contains(string(raw), ref("web-log-v1")) ||
		!strings.Contains(string(raw), `{"name":"PLAIN","value":"visible"}`) {
		t.Errorf("deployment: %s", raw)
	}
	if s, err := api.CoreV1().Secrets("envs-ns").Get(ctx, "web-log-v1", metav1.GetOptions{}); err != nil || string(s.Data["DB_PASSWORD"]) != "PWSTREAM" {
		t.Errorf("secret: %v %v", s, err)
	}
	if leak := shownAnywhere(t, dir, []string{"PWSTREAM"}, []string{"stream", "manifest", "web"}, []string{"stream", "history", "web"},
		[]string{"audit-record", "list"}); leak != "" {
		t.Error(leak)
	}

	mustRunK(t, dir, "task", "create", "t", "--definition", "job")
	env := "deployer.job.kubernetes.environmentVariables=DB_PASSWORD=PWTASK"
	podID := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t", "--properties", env))[2]
	jobID := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t", "--properties", env+",deployer.job.kubernetes.createJob=true"))[2]
	pod, err := api.CoreV1().Pods("envs-ns").Get(ctx, executionStatus(t, dir, podID).ExternalID, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	job, err := api.BatchV1().Jobs("envs-ns").Get(ctx, executionStatus(t, dir, jobID).ExternalID, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustRunK(t, dir, "task", "schedule", "create", "--name", "nightly", "--definitionName", "t", "--expression", "0 2 * * *", "--properties", env)
	cron, err := api.BatchV1().CronJobs("envs-ns").Get(ctx, "nightly", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, obj := range map[string]any{pod.Name: pod, job.Name: job, cron.Name: cron} {
		if raw, _ := json.Marshal(obj); strings.Contains(string(raw), "PW") || !strings.Contains(string(raw), ref(name)) {
			t.Errorf("%s: %s", name, raw)
		}
		if s, err := api.CoreV1().Secrets("envs-ns").Get(ctx, name, metav1.GetOptions{}); err != nil || string(s.Data["DB_PASSWORD"]) != "PWTASK" {
			t.Errorf("secret of %s: %v %v", name, s, err)
		}
	}
	if leak := shownAnywhere(t, dir, []string{"PWTASK"}, []string{"task", "execution", "status", podID}, []string{"task", "schedule", "list"},
		[]string{"audit-record", "list"}); leak != "" {
		t.Error(leak)
	}
}
