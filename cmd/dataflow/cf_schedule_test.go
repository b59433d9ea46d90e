package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// A schedule on a Cloud Foundry account is a PCF Scheduler job on the staged task app; list shows it and
// destroy deletes the job. An account without schedulerUrl refuses in one line.
func TestCloudFoundryTaskSchedules(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	conn := "      connection:\n        url: " + s.URL() + "\n        org: " + cctest.DefaultOrg + "\n        space: " + cctest.DefaultSpace +
		"\n        username: admin\n        password: ${CF_PASSWORD}\n"
	yaml := "tasks:\n" +
		"  - name: cfsched\n    type: cloudfoundry\n    cloudfoundry:\n" + conn + "      deployment:\n        schedulerUrl: " + s.URL() + "\n" +
		"  - name: cfplain\n    type: cloudfoundry\n    cloudfoundry:\n" + conn
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfTimestampTask(t, dir)

	out := mustRunCF(t, dir, "task", "schedule", "create", "--name", "Nightly", "--definitionName", "ts", "--expression", "0 2 * * *",
		"--platform", "cfsched", "--arguments", "--db.password=hunter22")
	if !strings.Contains(out, "Created schedule 'Nightly'") {
		t.Fatalf("create: %s", out)
	}
	jobs := s.ScheduledJobs()
	if len(jobs) != 1 || jobs[0].Name != "Nightly" || jobs[0].AppGUID != s.AppGUID("ts") || len(jobs[0].Expressions) != 1 || jobs[0].Expressions[0] != "0 2 * * ?" {
		t.Fatalf("jobs = %+v (apps %v)", jobs, s.AppNames())
	}
	if !strings.Contains(jobs[0].Command, "--format=yyyy") || !strings.Contains(jobs[0].Command, "--db.password=hunter22") {
		t.Fatalf("command = %q", jobs[0].Command)
	}
	_, listErr, _ := runCF(t, dir, "task", "schedule", "list", "--platform", "cfsched")
	list := mustRunCF(t, dir, "task", "schedule", "list", "--platform", "cfsched")
	if !strings.Contains(list, "Nightly") || listErr != "" || !strings.Contains(list, "0 2 * * *") || strings.Contains(list, "hunter22") {
		t.Fatalf("list:\n%s%s", list, listErr)
	}
	_, stderr, code := runCF(t, dir, "task", "schedule", "create", "--name", "Nightly", "--definitionName", "ts", "--expression", "0 3 * * *", "--platform", "cfsched")
	if code != 1 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("duplicate: %d %s", code, stderr)
	}
	_, stderr, code = runCF(t, dir, "task", "schedule", "create", "--name", "other", "--definitionName", "ts", "--expression", "0 3 * * *", "--platform", "cfplain")
	if code != 1 || !strings.Contains(stderr, "schedulerUrl") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("no schedulerUrl: %d %s", code, stderr)
	}
	if out := mustRunCF(t, dir, "task", "schedule", "destroy", "--name", "Nightly"); !strings.Contains(out, "Deleted task schedule 'Nightly'") {
		t.Fatalf("destroy: %s", out)
	}
	if jobs := s.ScheduledJobs(); len(jobs) != 0 {
		t.Fatalf("jobs after destroy: %+v", jobs)
	}
	if list := mustRunCF(t, dir, "task", "schedule", "list"); strings.Contains(list, "Nightly") {
		t.Fatalf("list after destroy:\n%s", list)
	}
}

// cfTimestampTask registers a jar task app (an empty zip is enough for the test server) and the task ts of it.
func cfTimestampTask(t *testing.T, dir string) {
	t.Helper()
	jar := filepath.Join(dir, "timestamp-task-1.0.0.jar")
	if err := os.WriteFile(jar, []byte("PK\x05\x06"+strings.Repeat("\x00", 18)), 0o600); err != nil { // an empty zip
		t.Fatal(err)
	}
	mustRunCF(t, dir, "app", "register", "--name", "timestamp", "--type", "task", "--uri", "file://"+jar)
	mustRunCF(t, dir, "task", "create", "ts", "--definition", "timestamp --format=yyyy")
}
