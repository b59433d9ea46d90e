package shell

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
)

// `scdf import --executions`: SCDF's executions are listed per task in the plan, then shown by `task execution
// list`, `task execution status` and `task list` with SCDF's ids, secrets masked; a second import changes
// nothing; SCDF's run going on cannot be stopped from here.
func TestSCDFImportExecutionsCommand(t *testing.T) {
	srv := testSCDF(t)
	start := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	zero, one := 0, 1
	srv.Change(func(x *scdftest.Server) {
		x.Estate.Executions = []scdftest.Execution{
			{ID: 44, TaskName: "ts", Start: start.Add(2 * time.Hour), Platform: "default", ExternalID: "ts-scdf44", SchemaTarget: "boot3"},
			{ID: 43, TaskName: "gone", Start: start, End: start, ExitCode: &zero},
			{ID: 42, TaskName: "ts", Start: start.Add(time.Hour), End: start.Add(time.Hour + time.Minute), ExitCode: &one, ExitMessage: "failed"},
			{ID: 41, TaskName: "ts", Start: start, End: start.Add(time.Minute), ExitCode: &zero, Platform: "default", SchemaTarget: "boot3",
				Arguments: []string{"--db.password=hunter2", "--mode=fast"}, Deployment: map[string]string{"spring.cloud.deployer.memory": "1g"}},
		}
	})
	s, out := newTestSession(t)
	auth := " --username admin --password s3cret"

	mustRun(t, s, "scdf import "+srv.URL+auth+" --executions --dryRun")
	got := out.String()
	for _, want := range []string{"║execution│ts ", "3 executions (ids 41-42, 44), 1 not ended in SCDF", "Task executions: 3 created, 0 updated, 0 unchanged, 0 conflicts left alone, 1 skipped",
		"Note: 1 task executions were not imported (they stay in SCDF):\n  gone: 1 execution (id 43): task not defined here"} {
		if !strings.Contains(got, want) {
			t.Fatalf("dry run lacks %q:\n%s", want, got)
		}
	}
	out.Reset()
	mustRun(t, s, "task execution list")
	if strings.Contains(out.String(), "41") {
		t.Fatalf("the dry run wrote executions:\n%s", out)
	}

	out.Reset()
	mustRun(t, s, "scdf import "+srv.URL+auth+" --executions")
	if !strings.Contains(out.String(), "Imported from "+srv.URL+": 7 created") || !strings.Contains(out.String(), "Task executions: 3 created") {
		t.Fatalf("import:\n%s", out)
	}
	out.Reset()
	mustRun(t, s, "task execution list", "task list", "task execution status 41", "task execution status 44")
	got = out.String()
	for _, want := range []string{"║ts       │44│", "║ts       │42│", "║ts       │41│", "│ERROR ", "│COMPLETE", "--db.password=****** --mode=fast",
		"spring.cloud.deployer.memory=1g", "║Schema Target         │boot3", "║External Execution Id │ts-scdf44", "launched by SCDF and imported while it had not ended"} {
		if !strings.Contains(got, want) {
			t.Fatalf("listings lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "hunter2") || strings.Contains(got, "│gone") {
		t.Fatalf("a secret, or an execution of a task not imported:\n%s", got)
	}

	out.Reset()
	mustRun(t, s, "scdf import "+srv.URL+auth+" --executions")
	if want := "Nothing to import from " + srv.URL + ": its 7 items already match this store\nTask executions: 0 created, 0 updated, 3 unchanged, 0 conflicts left alone, 1 skipped\n"; !strings.HasPrefix(out.String(), want) {
		t.Fatalf("second import:\n%q\nwant prefix %q", out.String(), want)
	}
	out.Reset()
	mustRun(t, s, "scdf import "+srv.URL+auth+" --executions -o json")
	if !strings.Contains(out.String(), `"executions": [`) || !strings.Contains(out.String(), `"name": "44"`) {
		t.Fatalf("json:\n%s", out)
	}

	err := s.RunLine(context.Background(), "task execution stop 44")
	if err == nil || !strings.Contains(err.Error(), "Cannot stop task execution 44: it was launched by SCDF") {
		t.Fatalf("stop: %v", err)
	}
	out.Reset()
	mustRun(t, s, "task execution status 44")
	if !strings.Contains(out.String(), "║Status                │RUNNING") {
		t.Fatalf("after the refused stop:\n%s", out)
	}
}
