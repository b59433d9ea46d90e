package flow

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

// listingPlatform is the fake platform with a GroupLister: it lists the objects of the apps it runs as this
// store's (owner), plus objects others made (extra), and counts its lists.
type listingPlatform struct {
	*fakePlatform
	mu    sync.Mutex
	owner string
	extra []platforms.GroupObject
	lists int
}

func (l *listingPlatform) ListGroup(ctx context.Context, group, _ string) ([]platforms.GroupObject, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lists++
	out := append([]platforms.GroupObject{}, l.extra...)
	l.fakePlatform.mu.Lock()
	for name, d := range l.fakePlatform.running {
		if d.Group == group {
			out = append(out, platforms.GroupObject{Object: "deployment " + name, DeploymentID: name, Owner: l.owner, Dataflow: true})
		}
	}
	l.fakePlatform.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Object < out[j].Object })
	return out, nil
}

func (l *listingPlatform) listCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lists
}

// newListingEngine is an engine whose platform lists a stream's objects, its own labelled with the store's
// identity.
func newListingEngine(t *testing.T) (*engine, *listingPlatform) {
	t.Helper()
	var lp *listingPlatform
	e := newEngine(t, func(p *fakePlatform) (platforms.AppDeployer, platforms.TaskLauncher) {
		lp = &listingPlatform{fakePlatform: p}
		return lp, p
	})
	id, err := e.s.Identity(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	lp.owner = id
	return e, lp
}

func TestAnotherStoresObjectStopsEveryCommandBeforeAnyChange(t *testing.T) {
	e, lp := newListingEngine(t)
	e.deploy("tick", nil)
	e.update("tick", map[string]string{"app.log.level": "debug"})
	theirs := platforms.GroupObject{Object: "service tick-log in namespace ns1", DeploymentID: "tick-log-v1", Owner: "0123abcd", Dataflow: true}
	lp.extra = []platforms.GroupObject{theirs}
	history := e.releases("tick")
	calls := len(e.p.callsOf(kDeploy)) + len(e.p.callsOf(kUndeploy)) + len(e.p.callsOf(kScale))
	want := "stream tick: service tick-log in namespace ns1 belongs to another dataflow store (id 0123abcd); nothing changed"
	_, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: map[string]string{"app.log.level": "info"}})
	wantErr(t, err, want)
	if !errors.Is(err, ErrNotOurs) || !errors.Is(err, platforms.ErrNotOurs) {
		t.Fatalf("%v does not match ErrNotOurs", err)
	}
	wantErr(t, e.f.ScaleStreamApp(e.ctx, "tick", "log", 3), want)
	_, err = e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
	wantErr(t, err, want)
	wantErr(t, e.f.UndeployStream(e.ctx, "tick"), want)
	if got := e.releases("tick"); got != history {
		t.Fatalf("history changed: %s, was %s", got, history)
	}
	if n := len(e.p.callsOf(kDeploy)) + len(e.p.callsOf(kUndeploy)) + len(e.p.callsOf(kScale)); n != calls {
		t.Fatalf("%d changing calls, %d before the refused commands", n, calls)
	}
	e.wantRunning("tick-time-v1", "tick-transform-v1", "tick-log-v2")

	// Without the other store's object, the same commands go on.
	lp.extra = nil
	if _, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"}); err != nil {
		t.Fatal(err)
	}
	e.wantRunning("tick-time-v1", "tick-transform-v1", "tick-log-v3")
}

func TestADeployMeetingObjectsItDidNotMakeWritesNothing(t *testing.T) {
	for _, c := range []struct {
		name   string
		object platforms.GroupObject
		want   string
	}{
		{"another store", platforms.GroupObject{Object: "deployment tick-log-v1 in namespace ns1", DeploymentID: "tick-log-v1", Owner: "feed", Dataflow: true},
			"stream tick: deployment tick-log-v1 in namespace ns1 belongs to another dataflow store (id feed); nothing changed"},
		{"SCDF or a person", platforms.GroupObject{Object: "deployment tick-log-v1 in namespace ns1", DeploymentID: "tick-log-v1"},
			"stream tick: deployment tick-log-v1 in namespace ns1 was not made by dataflow (it carries no dataflow-store-id: SCDF, Skipper or made by hand); nothing changed"},
		{"a store from before identities", platforms.GroupObject{Object: "deployment tick-log-v1 in namespace ns1", DeploymentID: "tick-log-v1", Dataflow: true},
			"stream tick: deployment tick-log-v1 in namespace ns1 was made by a dataflow store without an identity (before store ids), not by this store's recorded releases; nothing changed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, lp := newListingEngine(t)
			lp.extra = []platforms.GroupObject{c.object}
			_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
			wantErr(t, err, c.want)
			if h := e.releases("tick"); h != "" {
				t.Fatalf("the refused deploy recorded %s", h)
			}
			if calls := e.p.callsOf(kDeploy); len(calls) != 0 {
				t.Fatalf("the refused deploy deployed %v", calls)
			}
			if got := e.audits("stream"); len(got) != 0 {
				t.Fatalf("the refused deploy was audited: %v", got)
			}
		})
	}
}

// Objects without an identity that dataflow made for a release the store recorded before it had one are the
// store's: upgrading dataflow strands no running stream.
func TestObjectsOfReleasesFromBeforeTheIdentityAreClaimed(t *testing.T) {
	e, lp := newListingEngine(t)
	e.deploy("tick", nil)
	// What the upgrade's migration does to a release recorded before it, and what such a release's objects
	// look like: dataflow's, without an identity.
	mark := func() {
		db := openRaw(t, e.dir)
		defer func() { _ = db.Close() }()
		if _, err := db.Exec("UPDATE releases SET unlabelled = 1"); err != nil {
			t.Fatal(err)
		}
	}
	lp.owner = ""
	err := e.f.ScaleStreamApp(e.ctx, "tick", "log", 2)
	wantErrContains(t, err, "was made by a dataflow store without an identity")
	mark()
	if err := e.f.ScaleStreamApp(e.ctx, "tick", "log", 2); err != nil {
		t.Fatal(err)
	}
	// An object without an identity that dataflow did not make is never claimed.
	lp.extra = []platforms.GroupObject{{Object: "service tick-log in namespace ns1", DeploymentID: "tick-log-v1"}}
	wantErrContains(t, e.f.UndeployStream(e.ctx, "tick"), "service tick-log in namespace ns1 was not made by dataflow")
	lp.extra = nil
	if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
		t.Fatal(err)
	}
	e.wantRunning()
}

// An undeploy reads the stream's objects once: the check before it changes anything and the sweep after it
// share the list.
func TestUndeployListsTheStreamOnce(t *testing.T) {
	e, lp := newListingEngine(t)
	e.deploy("tick", nil)
	before := lp.listCount()
	if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
		t.Fatal(err)
	}
	if n := lp.listCount() - before; n != 1 {
		t.Fatalf("undeploy listed the stream %d times", n)
	}
	if got := e.p.callsOf(kUndeploy); len(got) != 3 {
		t.Fatalf("undeploy calls %v: the sweep must not remove again what the undeploy removed", got)
	}
}

// openRaw opens the engine's store file directly, to put it in a state only an older dataflow could.
func openRaw(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// A store that no longer runs a stream may undeploy (nothing to do) or destroy it while another store runs it:
// only objects of its own history's ids would be touched, so only those must be its own.
func TestAStreamAnotherStoreRunsCanBeDestroyedHere(t *testing.T) {
	e, lp := newListingEngine(t)
	e.deploy("tick", nil)
	if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
		t.Fatal(err)
	}
	// Another store now runs tick under ids this store's history does not hold.
	lp.extra = []platforms.GroupObject{{Object: "deployment tick-log-v7 in namespace ns1", DeploymentID: "tick-log-v7", Owner: "feed", Dataflow: true}}
	wantErr(t, e.f.UndeployStream(e.ctx, "tick"), "Stream 'tick' is not deployed")
	if err := e.f.UndeployIfDeployed(e.ctx, "tick"); err != nil {
		t.Fatalf("destroy's undeploy: %v", err)
	}
	// One of this store's ids under another store's identity is not swept.
	lp.extra = append(lp.extra, platforms.GroupObject{Object: "deployment tick-log-v1 in namespace ns1", DeploymentID: "tick-log-v1", Owner: "feed", Dataflow: true})
	want := "stream tick: deployment tick-log-v1 in namespace ns1 belongs to another dataflow store (id feed); nothing changed"
	wantErr(t, e.f.UndeployIfDeployed(e.ctx, "tick"), want)
	wantErr(t, e.f.UndeployStream(e.ctx, "tick"), want)
	if got := e.p.callsOf(kUndeploy); len(got) != 3 {
		t.Fatalf("undeploy calls %v: only the store's own three apps, once", got)
	}
}
