package flow

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// writes is everything a command could write: the history, the audit trail and the platform's write calls.
func (e *engine) writes(name string) string {
	e.t.Helper()
	audits, err := e.s.Read().ListAudit(e.ctx, store.AuditFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	var calls []string
	for _, c := range e.p.log() {
		if !strings.HasPrefix(c, kStatus+" ") {
			calls = append(calls, c)
		}
	}
	return e.releases(name) + " | audits " + strings.Repeat("x", len(audits)) + " | calls " + strings.Join(calls, "; ")
}

// planApps is "label action old->new" of each app of a plan, in its order.
func planApps(p StreamPlan) []string {
	out := make([]string, len(p.Apps))
	for i, a := range p.Apps {
		out[i] = a.Label + " " + a.Action + " " + a.OldDeploymentID + "->" + a.NewDeploymentID
	}
	return out
}

// newIDs are the deployment ids a plan says the release will have, in its order.
func newIDs(p StreamPlan) []string {
	out := make([]string, len(p.Apps))
	for i, a := range p.Apps {
		out[i] = a.NewDeploymentID
	}
	return out
}

func objectLines(p StreamPlan) []string {
	var out []string
	for _, o := range p.Objects {
		out = append(out, o.Action+" "+o.DeploymentID)
	}
	return out
}

// The plan of an update is what the update then does: the same apps replaced under the same ids, the same
// objects created and removed; making it writes nothing.
func TestPlanStreamUpdateIsWhatTheUpdateDoes(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", props("deployer.log.count", "2", "app.log.db.password", "hunter2", "app.transform.expression", "x"))
	before := e.writes("tick")
	req := StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN", "app.log.db.password", "s3cret", "version.log", "5.0.1")}
	plan, err := e.f.PlanStreamUpdate(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if after := e.writes("tick"); after != before {
		t.Fatalf("the plan wrote:\n before %s\n after  %s", before, after)
	}
	wantApps := []string{"log replace tick-log-v1->tick-log-v2", "transform keep tick-transform-v1->tick-transform-v1", "time keep tick-time-v1->tick-time-v1"}
	if got := planApps(plan); !slices.Equal(got, wantApps) {
		t.Fatalf("apps\n got %q\nwant %q", got, wantApps)
	}
	if plan.Operation != "update" || plan.FromRelease != 1 || plan.ToRelease != 2 || plan.Platform != "default" {
		t.Fatalf("plan %+v", plan)
	}
	if got := objectLines(plan); !slices.Equal(got, []string{"create tick-log-v2", "delete tick-log-v1"}) {
		t.Fatalf("objects %q", got)
	}
	log := plan.Apps[0]
	if log.Version != "5.0.1" || log.OldVersion != "5.0.0" || log.OldURI != "docker:springcloudstream/log-sink-kafka:5.0.0" {
		t.Fatalf("log %+v", log)
	}
	var changes []string
	for _, c := range log.Properties {
		changes = append(changes, c.Kind+" "+c.Action+" "+c.Key+" "+c.Old+"->"+c.New)
	}
	wantChanges := []string{
		"application change db.password ******->******",
		"application add level ->WARN",
	}
	if !slices.Equal(changes, wantChanges) {
		t.Fatalf("changes\n got %q\nwant %q", changes, wantChanges)
	}
	if plan.Apps[1].Properties != nil || plan.Apps[2].Properties != nil {
		t.Fatalf("kept apps have changes: %+v", plan.Apps[1:])
	}
	raw, _ := json.Marshal(plan)
	if strings.Contains(string(raw), "hunter2") || strings.Contains(string(raw), "s3cret") {
		t.Fatalf("a secret leaked into the plan: %s", raw)
	}

	rel, err := e.f.UpdateStream(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if got := appIDs(rel); !slices.Equal(got, newIDs(plan)) {
		t.Fatalf("the update made %v, the plan said %v", got, newIDs(plan))
	}
	e.wantRunning(newIDs(plan)...)
	if got := e.p.callsOf(kDeploy)[3:]; !slices.Equal(got, []string{"tick-log-v2"}) {
		t.Fatalf("deployed %v", got)
	}
	if got := e.p.callsOf(kUndeploy); !slices.Equal(got, []string{"tick-log-v1"}) {
		t.Fatalf("removed %v", got)
	}
}

// A forced update's plan replaces the apps named (or all of them) though nothing changed.
func TestPlanStreamUpdateForced(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", nil)
	plan, err := e.f.PlanStreamUpdate(e.ctx, StreamUpdateRequest{Name: "tick", Force: true, AppNames: []string{"time"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"log keep tick-log-v1->tick-log-v1", "transform keep tick-transform-v1->tick-transform-v1", "time replace tick-time-v1->tick-time-v2"}
	if got := planApps(plan); !slices.Equal(got, want) {
		t.Fatalf("apps %q", got)
	}
	rel, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Force: true, AppNames: []string{"time"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := appIDs(rel); !slices.Equal(got, newIDs(plan)) {
		t.Fatalf("the update made %v, the plan said %v", got, newIDs(plan))
	}
}

// A plan is refused exactly as the update is, and a refused plan writes nothing either.
func TestPlanStreamUpdateRefusals(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	_, err := e.f.PlanStreamUpdate(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
	wantErr(t, err, "Stream 'tick' is not deployed")
	e.deploy("tick", props("app.log.level", "WARN"))
	before := e.writes("tick")
	for _, c := range []struct {
		name string
		req  StreamUpdateRequest
	}{
		{"unknown stream", StreamUpdateRequest{Name: "nope"}},
		{"app names without force", StreamUpdateRequest{Name: "tick", AppNames: []string{"log"}}},
		{"unknown app name", StreamUpdateRequest{Name: "tick", Force: true, AppNames: []string{"lgo"}}},
		{"property for no app", StreamUpdateRequest{Name: "tick", Properties: props("deployer.lgo.memory", "1g")}},
		{"bad count", StreamUpdateRequest{Name: "tick", Properties: props("deployer.log.count", "-1")}},
		{"unregistered version", StreamUpdateRequest{Name: "tick", Properties: props("version.log", "9.9.9")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, planErr := e.f.PlanStreamUpdate(e.ctx, c.req)
			_, realErr := e.f.UpdateStream(e.ctx, c.req)
			if planErr == nil || realErr == nil || planErr.Error() != realErr.Error() {
				t.Fatalf("plan refused with %v, the update with %v", planErr, realErr)
			}
		})
	}
	// No difference: the update's NOTHING_TO_UPGRADE, said to be a plan's.
	_, err = e.f.PlanStreamUpdate(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
	wantErr(t, err, "Dry run, nothing changed: Package to upgrade has no difference than existing deployed/deleted package. Not upgrading.")
	if !errors.Is(err, ErrNothingToUpgrade) {
		t.Fatalf("%v is not NOTHING_TO_UPGRADE", err)
	}
	if after := e.writes("tick"); after != before {
		t.Fatalf("refused plans wrote:\n before %s\n after  %s", before, after)
	}

	// A stream another live process is changing: refused as busy, as the update is.
	busy := e.f.newRelease("tick", 2, "default", releaseConfig{}, "Upgrade install underway")
	if _, err := e.f.claimRelease(e.ctx, store.AuditRecord{Operation: store.AuditStream, Action: store.AuditUpdate, Correlation: "tick"}, busy); err != nil {
		t.Fatal(err)
	}
	before = e.writes("tick")
	_, planErr := e.f.PlanStreamUpdate(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "INFO")})
	_, realErr := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "INFO")})
	wantErrContains(t, planErr, "Stream 'tick' is busy: release 2 (Upgrade install underway)")
	if realErr == nil || planErr.Error() != realErr.Error() {
		t.Fatalf("plan refused with %v, the update with %v", planErr, realErr)
	}
	if after := e.writes("tick"); after != before {
		t.Fatalf("a busy plan wrote:\n before %s\n after  %s", before, after)
	}
}

// A rollback's plan is what the rollback does, for a deployed stream (an upgrade to the old config) and for
// one that is not deployed (an install of it).
func TestPlanStreamRollback(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", nil)
	e.update("tick", props("app.log.level", "WARN", "app.time.api-key", "abc123"))
	before := e.writes("tick")
	plan, err := e.f.PlanStreamRollback(e.ctx, StreamRollbackRequest{Name: "tick"})
	if err != nil {
		t.Fatal(err)
	}
	if after := e.writes("tick"); after != before {
		t.Fatalf("the plan wrote:\n before %s\n after  %s", before, after)
	}
	want := []string{"log replace tick-log-v2->tick-log-v3", "transform keep tick-transform-v1->tick-transform-v1", "time replace tick-time-v2->tick-time-v3"}
	if got := planApps(plan); !slices.Equal(got, want) {
		t.Fatalf("apps %q", got)
	}
	if plan.Operation != "rollback" || plan.RollbackTo != 1 || plan.FromRelease != 2 || plan.ToRelease != 3 {
		t.Fatalf("plan %+v", plan)
	}
	if c := plan.Apps[2].Properties; len(c) != 1 || c[0].Action != PlanRemove || c[0].Key != "api-key" || c[0].Old != Redacted {
		t.Fatalf("time's changes %+v", c)
	}
	rel, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
	if err != nil {
		t.Fatal(err)
	}
	if got := appIDs(rel); !slices.Equal(got, newIDs(plan)) {
		t.Fatalf("the rollback made %v, the plan said %v", got, newIDs(plan))
	}

	// Rolling back to the release just restored changes nothing: refused as the rollback is, said to be a plan.
	_, err = e.f.PlanStreamRollback(e.ctx, StreamRollbackRequest{Name: "tick", Version: 3})
	wantErr(t, err, "Dry run, nothing changed: release 3 of 'tick' has the same apps and properties as the deployed release 3: nothing to roll back")

	// Not deployed: every app of the release rolled back to is created.
	if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
		t.Fatal(err)
	}
	plan, err = e.f.PlanStreamRollback(e.ctx, StreamRollbackRequest{Name: "tick", Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"log create ->tick-log-v4", "transform create ->tick-transform-v4", "time create ->tick-time-v4"}
	if got := planApps(plan); !slices.Equal(got, want) || plan.FromRelease != 0 {
		t.Fatalf("apps %q, from %d", got, plan.FromRelease)
	}
	raw, _ := json.Marshal(plan)
	if strings.Contains(string(raw), "abc123") {
		t.Fatalf("a secret leaked into the plan: %s", raw)
	}
	rel, err = e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := appIDs(rel); !slices.Equal(got, newIDs(plan)) {
		t.Fatalf("the rollback made %v, the plan said %v", got, newIDs(plan))
	}
	_, err = e.f.PlanStreamRollback(e.ctx, StreamRollbackRequest{Name: "tick", Version: 9})
	_, realErr := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 9})
	if err == nil || realErr == nil || err.Error() != realErr.Error() {
		t.Fatalf("plan refused with %v, the rollback with %v", err, realErr)
	}
}

// A deploy dry run of a deployed stream is refused as the deploy is: an update is how a deployed stream changes.
func TestRenderStreamDeployOfADeployedStream(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", nil)
	_, err := e.f.RenderStreamDeploy(e.ctx, StreamDeployRequest{Name: "tick"})
	wantErr(t, err, "Stream 'tick' is already deployed")
}

// A plan names the objects a deletion removes as the platform lists them, and refuses another store's objects
// as the update does.
func TestPlanNamesListedObjects(t *testing.T) {
	t.Parallel()
	e, lp := newListingEngine(t)
	e.deploy("tick", nil)
	plan, err := e.f.PlanStreamUpdate(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
	if err != nil {
		t.Fatal(err)
	}
	if o := plan.Objects[1]; o.Action != PlanDelete || !slices.Equal(o.Objects, []string{"deployment tick-log-v1"}) {
		t.Fatalf("deletion %+v", o)
	}
	lp.extra = []platforms.GroupObject{{Object: "deployment tick-log-v7 in namespace ns1", DeploymentID: "tick-log-v7", Owner: "feed", Dataflow: true}}
	before := e.writes("tick")
	_, planErr := e.f.PlanStreamUpdate(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
	_, realErr := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
	if planErr == nil || realErr == nil || planErr.Error() != realErr.Error() {
		t.Fatalf("plan refused with %v, the update with %v", planErr, realErr)
	}
	if after := e.writes("tick"); after != before {
		t.Fatalf("a refused plan wrote:\n before %s\n after  %s", before, after)
	}
}

// An interrupted release is not recovered by a plan, only noted; the update then recovers it and does what the
// plan said.
func TestPlanNotesAnInterruptedRelease(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", nil)
	e.interrupt(goneOwner(t))
	before := e.writes("tick")
	req := StreamUpdateRequest{Name: "tick", Properties: props("app.time.x", "1")}
	plan, err := e.f.PlanStreamUpdate(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if after := e.writes("tick"); after != before {
		t.Fatalf("the plan recovered something:\n before %s\n after  %s", before, after)
	}
	if !slices.Equal(plan.Notes, []string{"release 2 was interrupted: the command first removes the apps it made and marks it FAILED"}) || plan.ToRelease != 3 {
		t.Fatalf("plan %+v", plan)
	}
	rel, err := e.f.UpdateStream(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if got := appIDs(rel); !slices.Equal(got, newIDs(plan)) {
		t.Fatalf("the update made %v, the plan said %v", got, newIDs(plan))
	}
}
