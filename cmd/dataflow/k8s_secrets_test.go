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
