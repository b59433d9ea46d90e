package main

import (
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
)

// `scdf import --executions` from the built binary, on a SQLite and on a PostgreSQL store: a dry run writes
// nothing; the import keeps SCDF's ids and masks a secret argument; a second run changes nothing; an execution
// SCDF shows with an id another run has here is a conflict, listed, exit 0; SCDF's run going on, on a platform
// named as the local account here, cannot be stopped from here. The job execution ids SCDF lists are kept and
// shown without a task database.
func TestSCDFImportExecutionsEndToEnd(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgresql"} {
		t.Run(engine, func(t *testing.T) {
			dir := e2eDir(t)
			env := []string{"KUBECONFIG=", "TZ=UTC"}
			if engine == "postgresql" {
				_, shared := sharedStore(t)
				env = append(env, shared...)
			}
			start := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
			zero := 0
			srv := scdftest.New(scdftest.Estate{
				Apps:  []scdftest.App{{Type: "task", Name: "timestamp", URI: "docker:springcloudtask/timestamp-task:2.0.2", Version: "2.0.2", Default: true}},
				Tasks: []scdftest.Task{{Name: "ts", DSL: "timestamp"}},
				Executions: []scdftest.Execution{
					{ID: 12, TaskName: "ts", Start: start.Add(time.Hour), Platform: "default", ExternalID: "ts-running", SchemaTarget: "boot2"},
					{ID: 11, TaskName: "ts", Start: start, End: start.Add(time.Minute), ExitCode: &zero, Platform: "default", SchemaTarget: "boot2",
						Arguments: []string{"--spring.datasource.password=pgsecret"}, JobExecutionIDs: []int64{31, 30}},
				},
			}, 1)
			defer srv.Close()
			importArgs := []string{"scdf", "import", "--uri", srv.URL, "--executions"}

			out, stderr, code := runEnv(t, dir, "", env, append(importArgs, "--dryRun")...)
			if code != 0 || !strings.Contains(out, "Task executions: 2 created") {
				t.Fatalf("dry run: exit %d\n%s%s", code, out, stderr)
			}
			if out, _, _ := runEnv(t, dir, "", env, "task", "execution", "list"); strings.Contains(out, "11") {
				t.Fatalf("the dry run wrote:\n%s", out)
			}
			out, stderr, code = runEnv(t, dir, "", env, importArgs...)
			if code != 0 || !strings.Contains(out, "Task executions: 2 created") {
				t.Fatalf("import: exit %d\n%s%s", code, out, stderr)
			}
			out, _, code = runEnv(t, dir, "", env, "task", "execution", "status", "11")
			if code != 0 || !strings.Contains(out, "--spring.datasource.password=******") || strings.Contains(out, "pgsecret") ||
				!strings.Contains(out, "║Job Execution Ids     │30, 31") {
				t.Fatalf("status 11: exit %d\n%s", code, out)
			}
			// No task database here: the job execution ids SCDF listed are kept by the store, in JSON and YAML too.
			for _, args := range [][]string{{"task", "execution", "status", "11", "-o", "json"}, {"task", "execution", "list", "-o", "json"}} {
				out, stderr, code = runEnv(t, dir, "", env, args...)
				if code != 0 || !strings.Contains(strings.Join(strings.Fields(out), ""), `"jobExecutionIds":[30,31]`) {
					t.Fatalf("%v: exit %d\n%s%s", args, code, out, stderr)
				}
			}
			out, _, code = runEnv(t, dir, "", env, "task", "execution", "status", "11", "-o", "yaml")
			if code != 0 || !strings.Contains(out, "jobExecutionIds:\n  - 30\n  - 31\n") {
				t.Fatalf("status 11 as YAML: exit %d\n%s", code, out)
			}
			out, stderr, code = runEnv(t, dir, "", env, importArgs...)
			if code != 0 || !strings.HasPrefix(out, "Nothing to import from "+srv.URL) || !strings.Contains(out, "0 created, 0 updated, 2 unchanged") {
				t.Fatalf("second import: exit %d\n%s%s", code, out, stderr)
			}

			_, stderr, code = runEnv(t, dir, "", env, "task", "execution", "stop", "12")
			if code != 1 || !strings.Contains(stderr, "it was launched by SCDF") {
				t.Fatalf("stop: exit %d\n%s", code, stderr)
			}

			// Another SCDF's execution 11 (another start) is not the one imported: a conflict, left.
			srv.Change(func(x *scdftest.Server) { x.Estate.Executions[1].Start = start.Add(-time.Hour) })
			out, stderr, code = runEnv(t, dir, "", env, importArgs...)
			if code != 0 || !strings.Contains(out, "│conflict│1 execution (id 11): the ids are used here by other executions") ||
				!strings.Contains(stderr, "Warning: 1 task executions were left out: their ids name other executions here") {
				t.Fatalf("conflict: exit %d\n%s%s", code, out, stderr)
			}
			out, _, _ = runEnv(t, dir, "", env, "task", "execution", "status", "11", "-o", "json")
			if !strings.Contains(out, `"startTime": "Sun Jun 01 08:00:00 UTC 2025"`) {
				t.Fatalf("the conflicting execution replaced the imported one:\n%s", out)
			}
		})
	}
}
