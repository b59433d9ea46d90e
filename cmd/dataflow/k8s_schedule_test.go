//go:build k8sintegration

package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

type scheduledRow struct {
	ID          int64  `json:"executionId"`
	Status      string `json:"status"`
	ExitCode    *int   `json:"exitCode"`
	ExitMessage string `json:"exitMessage"`
	ExternalID  string `json:"externalExecutionId"`
	Schedule    string `json:"scheduleName"`
	EndTime     string `json:"endTime"`
}

func cronJobGone(t *testing.T, api kubernetes.Interface, ns, name string) {
	t.Helper()
	eventuallyK(t, "CronJob "+name+" deleted", func() string {
		if _, err := api.BatchV1().CronJobs(ns).Get(context.Background(), name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			return "still there"
		}
		return ""
	})
}

// A schedule on the seed's highmemory account is a CronJob built like a launch's pod; the CronJob controller's
// Jobs show up in `task execution list` once each, with the exit code read from the pod; destroy removes it,
// and so does `task destroy` for the schedules of the task.
func TestKubernetesTaskSchedule(t *testing.T) {
	const ns = "highmemory-namespace"
	api := cluster(t, ns)
	ctx := context.Background()
	dir := t.TempDir()
	importSeed(t, dir)
	mustRunK(t, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0")
	mustRunK(t, dir, "task", "create", "tick", "--definition", "train --epochs=1")

	// Every minute; each run exits with 3 (KWOK reads the pod annotation), and its Job does not retry.
	out := mustRunK(t, dir, "task", "schedule", "create", "--name", "Every-Minute", "--definitionName", "tick", "--expression", "*/1 * * * *",
		"--platform", "highmemory", "--arguments", "--mode=nightly",
		"--properties", "app.train.db.password=s3cret,deployer.train.kubernetes.podAnnotations=kwok.dataflow.test/exit-code:3,scheduler.kubernetes.backoffLimit=0")
	if strings.TrimSpace(out) != "Created schedule 'Every-Minute'" {
		t.Fatalf("create: %q", out)
	}
	cron, err := api.BatchV1().CronJobs(ns).Get(ctx, "every-minute", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod := cron.Spec.JobTemplate.Spec.Template
	args := strings.Join(pod.Spec.Containers[0].Args, " ")
	if cron.Spec.Schedule != "*/1 * * * *" || cron.Spec.ConcurrencyPolicy != batchv1.AllowConcurrent || cron.Labels["spring-cronjob-id"] != "tick" ||
		pod.Labels["spring-cronjob-id"] != "tick" || *cron.Spec.JobTemplate.Spec.BackoffLimit != 0 || pod.Spec.RestartPolicy != corev1.RestartPolicyNever ||
		args != "--db.password=$(DATAFLOW_SECRET_DB_PASSWORD) --epochs=1 --mode=nightly" || pod.Spec.Containers[0].Resources.Limits.Memory().String() != "4Gi" {
		t.Fatalf("CronJob: %+v\nargs %s", cron, args)
	}
	// The secret value is in a Secret the container's environment refers to, not in the CronJob.
	if raw, _ := json.Marshal(cron); strings.Contains(string(raw), "s3cret") {
		t.Fatalf("the CronJob holds the secret: %s", raw)
	}
	secret, err := api.CoreV1().Secrets(ns).Get(ctx, "every-minute", metav1.GetOptions{})
	if err != nil || string(secret.Data["DATAFLOW_SECRET_DB_PASSWORD"]) != "s3cret" || secret.Labels["dataflow-schedule"] != "every-minute" {
		t.Fatalf("secret: %+v %v", secret, err)
	}

	// Refusals: the same name again, and a CronJob of that name made by someone else; nothing is recorded.
	if _, stderr, code := runK(t, dir, "task", "schedule", "create", "--name", "every-minute", "--definitionName", "tick", "--expression", "@daily", "--platform", "highmemory"); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("duplicate: %d %s", code, stderr)
	}
	foreign := cron.DeepCopy()
	foreign.ObjectMeta = metav1.ObjectMeta{Name: "foreign", Namespace: ns}
	foreign.Spec.Suspend = new(bool)
	*foreign.Spec.Suspend = true
	if _, err := api.BatchV1().CronJobs(ns).Create(ctx, foreign, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runK(t, dir, "task", "schedule", "create", "--name", "foreign", "--definitionName", "tick", "--expression", "@daily", "--platform", "highmemory"); code != 1 || !strings.Contains(stderr, "made outside this dataflow store") {
		t.Fatalf("foreign CronJob: %d %s", code, stderr)
	}
	if _, stderr, code := runK(t, dir, "task", "schedule", "create", "--name", "forbid", "--definitionName", "tick", "--expression", "@daily", "--platform", "highmemory",
		"--properties", "scheduler.kubernetes.cron.concurrencyPolicy=Sometimes"); code != 1 || !strings.Contains(stderr, "must be Allow, Forbid or Replace") {
		t.Fatalf("bad concurrencyPolicy: %d %s", code, stderr)
	}
	list, listErr, _ := runK(t, dir, "task", "schedule", "list")
	if listErr != "" || !strings.Contains(list, "║every-minute │tick                │spring.cloud.scheduler.cron.expression = */1 * * * *") || strings.Contains(list, "s3cret") ||
		strings.Contains(list, "foreign") || strings.Contains(list, "forbid") {
		t.Fatalf("schedule list:\n%s", list)
	}

	// The one wait for the CronJob controller (it starts a Job at the next minute), then the run's end.
	var runs []scheduledRow
	deadline := time.Now().Add(100 * time.Second)
	for {
		runs = nil
		if err := json.Unmarshal([]byte(mustRunK(t, dir, "task", "execution", "list", "--name", "tick", "-o", "json")), &runs); err != nil {
			t.Fatal(err)
		}
		if len(runs) > 0 && runs[len(runs)-1].EndTime != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no scheduled run ended within 100 s: %+v", runs)
		}
		time.Sleep(time.Second)
	}
	first := runs[len(runs)-1]
	if first.Schedule != "every-minute" || first.Status != "ERROR" || first.ExitCode == nil || *first.ExitCode != 3 ||
		!strings.HasPrefix(first.ExternalID, "every-minute-") {
		t.Fatalf("scheduled run: %+v", first)
	}
	job, err := api.BatchV1().Jobs(ns).Get(ctx, first.ExternalID, metav1.GetOptions{})
	if err != nil || job.Labels["task-name"] != "tick" || job.Labels["dataflow-schedule"] != "every-minute" {
		t.Fatalf("job: %+v %v", job, err)
	}
	// Listing again records nothing twice.
	var again []scheduledRow
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "task", "execution", "list", "--name", "tick", "-o", "json")), &again); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range again {
		if seen[r.ExternalID]++; seen[r.ExternalID] > 1 {
			t.Fatalf("run %s recorded twice: %+v", r.ExternalID, again)
		}
	}
	if status := mustRunK(t, dir, "task", "execution", "status", itoa64(first.ID)); !strings.Contains(status, "Schedule Name ") || strings.Contains(status, "s3cret") {
		t.Fatalf("status:\n%s", status)
	}

	// Destroy removes the CronJob and the record, audited as SCDF's SCHEDULE operation.
	if out := mustRunK(t, dir, "task", "schedule", "destroy", "--name", "every-minute"); strings.TrimSpace(out) != "Deleted task schedule 'every-minute'" {
		t.Fatalf("destroy: %q", out)
	}
	cronJobGone(t, api, ns, "every-minute")
	if _, err := api.CoreV1().Secrets(ns).Get(ctx, "every-minute", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("the schedule's Secret is left: %v", err)
	}
	if out := mustRunK(t, dir, "task", "schedule", "list", "-o", "json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("after destroy: %s", out)
	}
	audit := mustRunK(t, dir, "audit-record", "list", "--operation", "SCHEDULE", "-o", "json")
	if strings.Count(audit, `"operation": "SCHEDULE"`)+strings.Count(audit, `"operation":"SCHEDULE"`) != 2 || strings.Contains(audit, "s3cret") {
		t.Fatalf("audit: %s", audit)
	}

	// task destroy deletes the task's schedules, as SCDF's does.
	mustRunK(t, dir, "task", "schedule", "create", "--name", "hourly", "--definitionName", "tick", "--expression", "@hourly", "--platform", "highmemory")
	if _, err := api.BatchV1().CronJobs(ns).Get(ctx, "hourly", metav1.GetOptions{}); err != nil {
		t.Fatal(err)
	}
	// A CronJob deleted behind dataflow's back: the listing keeps the record and says so; destroy still works.
	if err := api.BatchV1().CronJobs(ns).Delete(ctx, "hourly", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	cronJobGone(t, api, ns, "hourly")
	if out, stderr, code := runK(t, dir, "task", "schedule", "list"); code != 0 || !strings.Contains(out, "hourly") ||
		!strings.Contains(stderr, "schedule 'hourly' is not on platform 'highmemory' any more") {
		t.Fatalf("drift: %d %s %s", code, out, stderr)
	}
	mustRunK(t, dir, "task", "destroy", "tick")
	if out := mustRunK(t, dir, "task", "schedule", "list", "-o", "json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("after task destroy: %s", out)
	}
	if _, err := api.BatchV1().CronJobs(ns).Get(ctx, "foreign", metav1.GetOptions{}); err != nil {
		t.Fatalf("someone else's CronJob went too: %v", err)
	}
}

func itoa64(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// The launch limit counts the task pods that have not ended, asked of the server with a field selector: ended
// pods (which pile up until cleanup) do not count, pending and running ones do.
func TestKubernetesLaunchLimitCountsRunsNotEnded(t *testing.T) {
	cluster(t, "highmemory-namespace")
	dir := t.TempDir()
	importSeed(t, dir)
	mustRunK(t, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0")
	mustRunK(t, dir, "task", "create", "lim", "--definition", "train")
	launch := func(annotations string) (string, int) {
		_, stderr, code := runK(t, dir, "task", "launch", "lim", "--platformName", "highmemory", "--properties",
			"deployer.train.kubernetes.maximumConcurrentTasks=2,deployer.train.kubernetes.podAnnotations="+annotations)
		return stderr, code
	}
	allEnded := func() string {
		var rows []scheduledRow
		if err := json.Unmarshal([]byte(mustRunK(t, dir, "task", "execution", "list", "-o", "json")), &rows); err != nil {
			return err.Error()
		}
		for _, r := range rows {
			if r.EndTime == "" {
				return "still running: " + r.ExternalID
			}
		}
		return ""
	}
	// Three runs that end at once, one after the other: ended runs do not count against the limit. (Launched
	// back to back, a loaded cluster may not have ended the first two when the third comes, and the limit
	// rightly refuses it.)
	for range 3 {
		if stderr, code := launch("kwok.dataflow.test/run-ms:0"); code != 0 {
			t.Fatal(stderr)
		}
		eventuallyK(t, "the quick run ends", allEnded)
	}
	for range 2 {
		if stderr, code := launch("kwok.dataflow.test/run-ms:600000"); code != 0 {
			t.Fatalf("a launch under the limit was refused: %s", stderr)
		}
	}
	if stderr, code := launch("kwok.dataflow.test/run-ms:600000"); code != 1 || !strings.Contains(stderr, "The maximum concurrent task executions is at its limit [2]") {
		t.Fatalf("third long run: %d %s", code, stderr)
	}
}
