package flow

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// The release engine under faults (issue "Under faults"): each subtest failed before its fix landed.
func TestUnderFaults(t *testing.T) {
	t.Parallel()

	// An update whose new release became ready, but whose replaced old app could not be removed: the app is
	// recorded as a leftover of the stream (it was marked DELETED and forgotten), and the next command removes it.
	t.Run("a failed cleanup after an update or rollback keeps the old release's leftovers known", func(t *testing.T) {
		t.Parallel()
		for _, kind := range []string{"update", "rollback"} {
			t.Run(kind, func(t *testing.T) {
				t.Parallel()
				e := newEngine(t)
				e.deploy("tick", nil)
				old := 1
				if kind == "rollback" {
					e.update("tick", props("app.log.level", "WARN"))
					old = 2
				}
				replaced := e.release("tick", old).Apps[0].DeploymentID // log
				e.p.failID(kUndeploy, replaced, errors.New("forbidden"))
				var err error
				if kind == "update" {
					_, err = e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
				} else {
					_, err = e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
				}
				wantErrContains(t, err, "could not be removed (the next command on the stream removes them): "+replaced+": forbidden")
				left, err := e.s.Read().Leftovers(e.ctx, "tick")
				if err != nil || len(left) != 1 || left[0].DeploymentID != replaced || left[0].Release != old {
					t.Errorf("leftovers %+v %v, want %s of release %d", left, err, replaced, old)
				}
				// Once the platform lets it, undeploying the stream leaves nothing behind.
				e.p.heal()
				if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
					t.Fatal(err)
				}
				e.wantRunning()
			})
		}
	})

	// A deploy that failed and whose cleanup failed too: the apps it could not remove are orphans that the
	// next deploy never looks at, so they run for ever beside the new release.
	t.Run("a failed deploy's leftovers are removed by the next deploy", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.p.failNth(kDeploy, 2, errBoom)
		e.p.failID(kUndeploy, "tick-log-v1", errors.New("connection refused"))
		_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
		wantErrContains(t, err, "these apps could not be removed and the next command on the stream removes them: tick-log-v1")
		e.wantRunning("tick-log-v1")
		e.p.heal()
		e.deploy("tick", nil)
		e.wantRunning("tick-log-v2", "tick-transform-v2", "tick-time-v2")
		if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
			t.Fatal(err)
		}
		e.wantRunning()
	})

	// stream undeploy and stream update at the same moment: undeploy claims nothing, so the update runs while
	// the undeploy removes the apps it keeps; both succeed, and the store says release 2 is deployed while
	// the platform runs only part of it.
	t.Run("undeploy and update at once cannot both succeed", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		g := e.p.holdNth(kUndeploy, 1) // the undeploy's first app
		undeploy := async(func() error { return e.f.UndeployStream(e.ctx, "tick") })
		g.Wait(t)
		_, updateErr := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
		g.Release()
		undeployErr := recv(t, undeploy)
		if updateErr == nil && undeployErr == nil {
			t.Errorf("both succeeded: history %s, platform runs %v", e.releases("tick"), e.p.runningIDs())
		}
		// Whoever won, the store and the platform agree: the deployed release's apps run, and nothing else.
		var want []string
		if cur, ok, err := e.s.Read().DeployedRelease(e.ctx, "tick"); err != nil {
			t.Fatal(err)
		} else if ok {
			want = appIDs(cur)
		}
		e.wantRunning(want...)
	})

	// Kubernetes (and Cloud Foundry) names are not case-sensitive: streams `tick` and `Tick` name the same
	// platform objects, so deploying one takes over the other's apps and undeploying one removes the other's.
	t.Run("names that differ only in case do not collide", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		if _, err := e.f.CreateStream(e.ctx, "Tick", "time | transform | log", ""); err != nil {
			t.Fatal(err) // SCDF takes both names: the definitions may coexist, their deployments may not
		}
		calls := len(e.p.callsOf(kDeploy))
		_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "Tick"})
		if !errors.Is(err, ErrNameClash) {
			t.Fatalf("deploying Tick beside tick: %v, want a name clash", err)
		}
		if n := len(e.p.callsOf(kDeploy)); n != calls {
			t.Fatalf("the refused deploy reached the platform (%d deploy calls)", n-calls)
		}
		// Destroying Tick (which was never deployed) leaves tick's apps alone.
		if err := e.f.UndeployIfDeployed(e.ctx, "Tick"); err != nil {
			t.Fatal(err)
		}
		if err := e.f.DestroyStream(e.ctx, "Tick"); err != nil {
			t.Fatal(err)
		}
		// tick is deployed, and its apps must still run.
		rt, err := e.f.StreamRuntimeOf(e.ctx, "tick")
		if err != nil {
			t.Fatal(err)
		}
		if rt.State != platforms.StateDeployed {
			var ids []string
			for _, a := range rt.Apps {
				ids = append(ids, a.DeploymentID+" "+string(a.State))
			}
			t.Errorf("undeploying Tick took tick's apps: tick is %s (%s)", rt.State, strings.Join(ids, ", "))
		}
	})
}

// An update killed while it removes the replaced apps: by then the store already says the new release is
// deployed and the replaced apps are leftovers, so the next command removes those and never the serving apps
// (before, the interrupted release was "recovered" by deleting its new, serving apps).
func TestUpdateKilledDuringCleanupLeavesTheServingApps(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", nil)
	g := e.p.holdNth(kUndeploy, 1) // the first removal of a replaced app
	done := async(func() error {
		_, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
		return err
	})
	g.Wait(t)
	// What a process killed here leaves in the store:
	if got := e.releases("tick"); got != "v2 DEPLOYED (Upgrade complete), v1 DELETED (Delete complete)" {
		t.Fatalf("history while the replaced apps are removed: %s", got)
	}
	left, err := e.s.Read().Leftovers(e.ctx, "tick")
	if err != nil || len(left) != 1 || left[0].DeploymentID != "tick-log-v1" {
		t.Fatalf("leftovers while the replaced apps are removed: %+v %v", left, err)
	}
	g.Release()
	if err := recv(t, done); err != nil {
		t.Fatal(err)
	}
	e.wantRunning("tick-log-v2", "tick-transform-v1", "tick-time-v1")
	if left, _ := e.s.Read().Leftovers(e.ctx, "tick"); len(left) != 0 {
		t.Fatalf("leftovers after the removal: %+v", left)
	}
}

// Ctrl-C while a failed deploy removes what it made: the removal goes on for a moment (cleanupGrace), then
// ends; what it could not remove is named and recorded, and the next command removes it. Before, a hung removal
// kept the command running however often the user pressed Ctrl-C.
func TestCancelledCleanupEndsAndIsRecorded(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.p.failNth(kDeploy, 2, errBoom)
	g := e.p.holdNth(kUndeploy, 1) // the removal of the app deployed first hangs
	ctx, cancel := context.WithCancel(e.ctx)
	done := async(func() error {
		_, err := e.f.DeployStream(ctx, StreamDeployRequest{Name: "tick"})
		return err
	})
	g.Wait(t)
	cancel()
	err := recv(t, done)
	wantErrContains(t, err, "these apps could not be removed and the next command on the stream removes them: tick-log-v1")
	left, lerr := e.s.Read().Leftovers(e.ctx, "tick")
	if lerr != nil || len(left) != 1 || left[0].DeploymentID != "tick-log-v1" {
		t.Fatalf("leftovers %+v %v", left, lerr)
	}
	e.deploy("tick", nil)
	e.wantRunning("tick-log-v2", "tick-transform-v2", "tick-time-v2")
}

// A leftover on an account that is no longer configured cannot be removed by any command: it stays recorded,
// and does not hold the stream's commands back.
func TestLeftoversOnAnUnconfiguredAccountHoldNothingBack(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	gone := store.Leftover{Stream: "tick", Platform: "removed-account", Label: "log", DeploymentID: "tick-log-v7", Release: 7,
		Reason: "connection refused", CreatedAt: e.f.Now()}
	if err := e.s.Read().AddLeftovers(e.ctx, []store.Leftover{gone}); err != nil {
		t.Fatal(err)
	}
	e.deploy("tick", nil)
	if left, err := e.s.Read().Leftovers(e.ctx, "tick"); err != nil || len(left) != 1 || left[0].DeploymentID != "tick-log-v7" {
		t.Fatalf("leftovers %+v %v", left, err)
	}
	if got := e.p.callsOf(kUndeploy); len(got) != 0 {
		t.Fatalf("undeployed %v on another account", got)
	}
}
