package flow

import (
	"errors"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// Known defects of the release engine under faults (issue "Under faults"). Each subtest shows one and is
// skipped until its fix lands; without the skip each fails today.
func TestUnderFaults(t *testing.T) {
	t.Parallel()

	// An update whose new release became ready, but whose replaced old app could not be removed: the old
	// release is marked DELETED while its app still runs, and nothing will ever remove it (undeploy looks at
	// the deployed release only).
	t.Run("a failed cleanup after an update or rollback keeps the old release's leftovers known", func(t *testing.T) {
		t.Skip("known defect: a failed delete during update/rollback cleanup marks the old release DELETED although its apps remain; see issue 'Under faults'")
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
				wantErrContains(t, err, "could not be removed: "+replaced+": forbidden")
				if r := e.release("tick", old); r.Status == store.ReleaseDeleted {
					t.Errorf("release %d is %s (%s) although %s still runs", old, r.Status, r.Description, replaced)
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
		t.Skip("known defect: a deploy whose cleanup fails leaves orphans that the next deploy never looks at; see issue 'Under faults'")
		t.Parallel()
		e := newEngine(t)
		e.p.failNth(kDeploy, 2, errBoom)
		e.p.failID(kUndeploy, "tick-log-v1", errors.New("connection refused"))
		_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
		wantErrContains(t, err, "these apps could not be removed: tick-log-v1")
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
		t.Skip("known defect: undeploy+update at once can both succeed; see issue 'Under faults'")
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
		if cur, ok := deployedRelease(mustReleases(t, e)); ok {
			want = appIDs(cur)
		}
		e.wantRunning(want...)
	})

	// Kubernetes (and Cloud Foundry) names are not case-sensitive: streams `tick` and `Tick` name the same
	// platform objects, so deploying one takes over the other's apps and undeploying one removes the other's.
	t.Run("names that differ only in case do not collide", func(t *testing.T) {
		t.Skip("known defect: names differing only in case collide; see issue 'Under faults'")
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		if _, err := e.f.CreateStream(e.ctx, "Tick", "time | transform | log", ""); err != nil {
			return // refused: no collision
		}
		if _, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "Tick"}); err != nil {
			return // refused: no collision
		}
		if err := e.f.UndeployStream(e.ctx, "Tick"); err != nil {
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

func mustReleases(t *testing.T, e *engine) []store.Release {
	t.Helper()
	list, err := e.s.Read().Releases(e.ctx, "tick")
	if err != nil {
		t.Fatal(err)
	}
	return list
}
