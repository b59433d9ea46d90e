package flow

import (
	"errors"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/store"
)

// auditResults lists "ACTION result" of an operation's audit records, oldest first.
func (e *engine) auditResults(operation string) []string {
	e.t.Helper()
	list, err := e.s.Read().ListAudit(e.ctx, store.AuditFilter{Operation: store.AuditOperation(operation)})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for i := len(list) - 1; i >= 0; i-- {
		out = append(out, string(list[i].Action)+" "+list[i].Result)
	}
	return out
}

// A deploy, update or launch is audited when it is claimed; when the platform then fails it, the record says
// so with the error on one line (secrets masked), not "ok".
func TestAuditRecordsTheOutcome(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	e.p.failNth(kDeploy, 2, errors.New("the API server is down\n(connection refused)"))
	_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick", Properties: props("app.time.password", "s3cret")})
	if err == nil {
		t.Fatal("the deploy did not fail")
	}
	e.deploy("tick", nil)
	e.update("tick", props("app.log.level", "debug"))
	got := e.auditResults("STREAM")
	if len(got) != 4 || got[0] != "CREATE ok" || !strings.HasPrefix(got[1], "DEPLOY could not deploy stream 'tick': ") ||
		!strings.Contains(got[1], "the API server is down (connection refused)") || got[2] != "DEPLOY ok" || got[3] != "UPDATE ok" {
		t.Fatalf("stream audit %q", got)
	}

	e.p.failNth(kLaunch, 1, errors.New("quota exceeded for password=hunter2"))
	if _, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"}); err == nil {
		t.Fatal("the launch did not fail")
	}
	if _, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"}); err != nil {
		t.Fatal(err)
	}
	tasks := e.auditResults("TASK")
	if len(tasks) != 3 || !strings.HasPrefix(tasks[1], "DEPLOY task ts (execution 1) did not start: quota exceeded") || tasks[2] != "DEPLOY ok" {
		t.Fatalf("task audit %q", tasks)
	}
	if strings.Contains(tasks[1], "hunter2") {
		t.Fatalf("a secret in the audit: %q", tasks[1])
	}
}
