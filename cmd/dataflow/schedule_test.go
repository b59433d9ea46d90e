package main

import (
	"strings"
	"testing"
)

// Every refusal of `task schedule create` is one line on stderr, exit code 1 (2 for usage), and nothing is
// written: no schedule, no audit record.
func TestScheduleCreateRefusalsExitNonZeroAndWriteNothing(t *testing.T) {
	dir := t.TempDir()
	mustRun := func(args ...string) string {
		t.Helper()
		out, stderr, code := run(t, dir, "", args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
		return out
	}
	mustRun("app", "register", "--name", "timestamp", "--type", "task", "--uri", "docker:springcloudtask/timestamp-task:2.0.2")
	mustRun("task", "create", "ts", "--definition", "timestamp")
	create := func(extra ...string) []string {
		return append([]string{"task", "schedule", "create"}, extra...)
	}
	base := []string{"--name", "s", "--definitionName", "ts"}
	local := append(create(base...), "--expression", "* * * * *")
	if _, stderr, code := run(t, dir, "", local...); code != 1 || !strings.Contains(stderr, "Task platform 'default' is a local account") {
		t.Fatalf("local account: %d %s", code, stderr)
	}
	mustRun("platform", "import", "../../testdata/accounts/server-config.yaml")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{append(create(base...), "--expression", "0 0/5 * * * ?"), 1, "this is a Quartz expression"},
		{append(create(base...), "--expression", "* * *"), 1, "it has 3 fields"},
		{create("--name", strings.Repeat("s", 53), "--definitionName", "ts", "--expression", "* * * * *"), 1, "maximum schedule name length of 52"},
		{create("--name", "s", "--definitionName", "nope", "--expression", "* * * * *"), 1, "Could not find task definition named nope"},
		{append(create(base...), "--expression", "* * * * *", "--platform", "mars"), 1, "Task platform 'mars' does not exist"},
		{append(create(base...), "--expression", "* * * * *", "--properties", "bogus.x=1"), 1, "Only deployment property keys"},
		{create(base...), 2, "Missing option '--expression'"},
	} {
		_, stderr, code := run(t, dir, "", c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line with %q", c.args, code, stderr, c.code, c.want)
		}
	}
	_, stderr, code := runEnv(t, dir, "", []string{"KUBECONFIG=", "SPRING_CLOUD_DATAFLOW_FEATURES_SCHEDULES_ENABLED=false"}, "task", "schedule", "list")
	if code != 1 || !strings.Contains(stderr, "Schedules are disabled") {
		t.Errorf("feature off: %d %s", code, stderr)
	}
	if out := mustRun("task", "schedule", "list", "-o", "json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("schedules written: %s", out)
	}
	if out := mustRun("audit-record", "list", "--operation", "SCHEDULE", "-o", "json"); strings.TrimSpace(out) != "[]" && strings.TrimSpace(out) != "null" {
		t.Errorf("audit written: %s", out)
	}
}
