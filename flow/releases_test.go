package flow

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/accounts"
	"github.com/dataflow-cli/dataflow/store"
)

// A deploy sends the apps sink first, one after the other, records them with their handles and says so in the
// release, its audit record and the manifest.
func TestDeployStreamSinkFirst(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	rel := e.deploy("tick", props("app.log.level", "WARN", "deployer.transform.count", "2"))
	want := []string{"tick-log-v1", "tick-transform-v1", "tick-time-v1"}
	if got := e.p.callsOf(kDeploy); !slices.Equal(got, want) {
		t.Fatalf("deploy order %v, want %v", got, want)
	}
	if rel.Version != 1 || rel.Status != store.ReleaseDeployed || rel.Description != "Install complete" || !slices.Equal(appIDs(rel), want) {
		t.Fatalf("release %+v", rel)
	}
	if got := e.releases("tick"); got != "v1 DEPLOYED (Install complete)" {
		t.Fatalf("history: %s", got)
	}
	stored := e.release("tick", 1)
	for _, a := range stored.Apps {
		if a.Handle != "-" {
			t.Errorf("%s: handle %q, want - (the platform finds it by its id)", a.DeploymentID, a.Handle)
		}
	}
	if stored.Owner != "" {
		t.Errorf("a finished release keeps its owner %q", stored.Owner)
	}
	if d, _ := e.p.deployment("tick-transform-v1"); d.Count != 2 || d.Group != "tick" || d.Label != "transform" ||
		d.Resource != "docker:springcloudstream/transform-processor-kafka:5.0.0" ||
		d.AppProperties["spring.cloud.stream.bindings.input.destination"] != "tick.time" {
		t.Fatalf("transform deployed as %+v", d)
	}
	if d, _ := e.p.deployment("tick-log-v1"); d.AppProperties["level"] != "WARN" {
		t.Fatalf("log deployed as %+v", d)
	}
	if e.p.connects != 1 {
		t.Errorf("Connect called %d times, want once", e.p.connects)
	}
	if got := e.audits("STREAM"); !slices.Equal(got, []string{"CREATE", "DEPLOY"}) {
		t.Errorf("audit %v", got)
	}
	m, err := e.f.StreamManifest(e.ctx, "tick", 0)
	if err != nil || !strings.HasPrefix(m, "\"apiVersion\": \"skipper.spring.io/v1\"\n\"kind\": \"SpringCloudDeployerApplication\"\n\"metadata\":\n  \"name\": \"log\"") {
		t.Fatalf("manifest %v:\n%s", err, m)
	}
	e.wantRunning(want...)
}

// A deploy that fails at app k removes the apps deployed before it and the failing one (its own cleanup may have
// failed), and records the release FAILED; the error says what was left when the removal failed too, and the
// next deploy removes it first.
func TestDeployStreamFailureCleansUp(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name       string
		faults     func(p *fakePlatform)
		wantErr    string
		wantUndo   []string
		wantLeft   []string
		wantStatus string
	}{
		{
			name:       "first app",
			faults:     func(p *fakePlatform) { p.failNth(kDeploy, 1, errBoom) },
			wantErr:    "could not deploy stream 'tick': app 'log': boom (nothing was left running)",
			wantUndo:   []string{"tick-log-v1"},
			wantStatus: "v1 FAILED (Install failed: app 'log': boom)",
		},
		{
			name:       "second app",
			faults:     func(p *fakePlatform) { p.failNth(kDeploy, 2, errBoom) },
			wantErr:    "could not deploy stream 'tick': app 'transform': boom (nothing was left running)",
			wantUndo:   []string{"tick-log-v1", "tick-transform-v1"},
			wantStatus: "v1 FAILED (Install failed: app 'transform': boom)",
		},
		{
			name:       "last app",
			faults:     func(p *fakePlatform) { p.failNth(kDeploy, 3, errBoom) },
			wantErr:    "could not deploy stream 'tick': app 'time': boom (nothing was left running)",
			wantUndo:   []string{"tick-log-v1", "tick-transform-v1", "tick-time-v1"},
			wantStatus: "v1 FAILED (Install failed: app 'time': boom)",
		},
		{
			name: "last app, and the first cannot be removed",
			faults: func(p *fakePlatform) {
				p.failNth(kDeploy, 3, errBoom)
				p.failID(kUndeploy, "tick-log-v1", errors.New("forbidden"))
			},
			wantErr:    "could not deploy stream 'tick': app 'time': boom (these apps could not be removed and the next command on the stream removes them: tick-log-v1: forbidden)",
			wantUndo:   []string{"tick-log-v1", "tick-transform-v1", "tick-time-v1"},
			wantLeft:   []string{"tick-log-v1"},
			wantStatus: "v1 FAILED (Install failed: app 'time': boom)",
		},
		{
			name: "the platform goes down after the first app",
			faults: func(p *fakePlatform) {
				p.failFrom(kDeploy, 2, errors.New("connection refused"))
				p.failFrom(kUndeploy, 1, errors.New("connection refused"))
			},
			wantErr:    "could not deploy stream 'tick': app 'transform': connection refused (these apps could not be removed and the next command on the stream removes them: tick-log-v1: connection refused; tick-transform-v1: connection refused)",
			wantUndo:   []string{"tick-log-v1", "tick-transform-v1"},
			wantLeft:   []string{"tick-log-v1"},
			wantStatus: "v1 FAILED (Install failed: app 'transform': connection refused)",
		},
		{
			name:       "the failing app's own cleanup failed",
			faults:     func(p *fakePlatform) { p.add(&fault{kind: kDeploy, n: 2, err: errBoom, leftBehind: true}) },
			wantErr:    "could not deploy stream 'tick': app 'transform': some of what the deploy made could not be removed: tick-transform-v1: delete it by hand (dataflow removed what that left: nothing was left running)",
			wantUndo:   []string{"tick-log-v1", "tick-transform-v1"},
			wantStatus: "v1 FAILED (Install failed: app 'transform': some of what the deploy made could not be removed: tick-transform-v1: delete it by hand)",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t)
			c.faults(e.p)
			_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
			wantErr(t, err, c.wantErr)
			if got := e.p.callsOf(kUndeploy); !slices.Equal(got, c.wantUndo) {
				t.Errorf("undeployed %v, want %v", got, c.wantUndo)
			}
			e.wantRunning(c.wantLeft...)
			if got := e.releases("tick"); got != c.wantStatus {
				t.Errorf("history %s, want %s", got, c.wantStatus)
			}
			if rt, err := e.f.StreamRuntimeOf(e.ctx, "tick"); err != nil || rt.State != platforms.StateFailed {
				t.Errorf("state after a failed install: %v %v", rt.State, err)
			}
			// The next deploy continues the numbers once the platform is back.
			e.p.heal()
			rel := e.deploy("tick", nil)
			if rel.Version != 2 || !slices.Equal(appIDs(rel), []string{"tick-log-v2", "tick-transform-v2", "tick-time-v2"}) {
				t.Fatalf("redeploy: %+v", rel)
			}
			// ... and nothing of release 1 is left: what its cleanup could not remove, the redeploy did.
			e.wantRunning("tick-log-v2", "tick-transform-v2", "tick-time-v2")
		})
	}
}

// Where the deployer says it deploys concurrently, the apps of a release go side by side; when one fails, those
// that were created are removed all the same.
func TestDeployStreamConcurrently(t *testing.T) {
	t.Parallel()
	t.Run("side by side", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.p.concurrent = true
		g := e.p.holdNth(kDeploy, 1)
		done := make(chan error, 1)
		go func() {
			_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
			done <- err
		}()
		g.Wait(t)
		// While the first app is held, the two others are sent.
		waitFor(t, func() bool { return len(e.p.callsOf(kDeploy)) == 3 })
		g.Release()
		if err := recv(t, done); err != nil {
			t.Fatal(err)
		}
		e.wantRunning("tick-log-v1", "tick-transform-v1", "tick-time-v1")
		if rel := e.release("tick", 1); !slices.Equal(appIDs(rel), []string{"tick-log-v1", "tick-transform-v1", "tick-time-v1"}) {
			t.Fatalf("apps recorded out of their order: %v", appIDs(rel))
		}
	})
	t.Run("one fails", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.p.concurrent = true
		e.p.failID(kDeploy, "tick-transform-v1", errBoom)
		_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
		wantErr(t, err, "could not deploy stream 'tick': app 'transform': boom (nothing was left running)")
		e.wantRunning()
		// The app that failed is removed too: a platform's own cleanup of a failed deploy may fail.
		if !slices.Contains(e.p.callsOf(kUndeploy), "tick-transform-v1") {
			t.Errorf("the app that failed was not removed: undeployed %v", e.p.callsOf(kUndeploy))
		}
		if got := e.releases("tick"); got != "v1 FAILED (Install failed: app 'transform': boom)" {
			t.Fatalf("history %s", got)
		}
	})
}

// waitFor polls a condition in real time, for what other goroutines do.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never met")
		}
		time.Sleep(time.Millisecond)
	}
}

// Ctrl-C while an app is being deployed: the call ends with the context, what was created is removed anyway
// (the cleanup does not inherit the cancel) and the release is FAILED.
func TestDeployStreamCancelled(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	g := e.p.holdNth(kDeploy, 2)
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() {
		_, err := e.f.DeployStream(ctx, StreamDeployRequest{Name: "tick"})
		done <- err
	}()
	g.Wait(t)
	cancel()
	wantErr(t, recv(t, done), "could not deploy stream 'tick': app 'transform': context canceled (nothing was left running)")
	e.wantRunning()
	if got := e.releases("tick"); got != "v1 FAILED (Install failed: app 'transform': context canceled)" {
		t.Fatalf("history %s", got)
	}
}

// What a deploy refuses before it writes or sends anything.
func TestDeployStreamRefusals(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.createStream(strings.Repeat("s", 52), "time | log")
	e.p.validate = func(d platforms.AppDeployment) error {
		if d.DeployerProperties["spring.cloud.deployer.bad"] != "" {
			return errors.New("kubernetes says no")
		}
		return nil
	}
	for _, c := range []struct {
		name string
		req  StreamDeployRequest
		want string
	}{
		{"unknown stream", StreamDeployRequest{Name: "nope"}, "Could not find stream definition named nope"},
		{"property for no app", StreamDeployRequest{Name: "tick", Properties: props("app.lgo.level", "WARN")},
			"property 'app.lgo.level' names no app of stream 'tick' (its apps: time, transform, log)"},
		{"unknown prefix", StreamDeployRequest{Name: "tick", Properties: props("spring.x", "1")},
			"Only deployment property keys starting with 'app.', 'deployer.' or 'version.' allowed, got 'spring.x'"},
		{"names too long", StreamDeployRequest{Name: strings.Repeat("s", 52)},
			"The length of the stream name '" + strings.Repeat("s", 52) + "' plus the app name 'time' (59 characters) is over the limit of 58: the platform names of its apps would be too long"},
		{"unknown platform", StreamDeployRequest{Name: "tick", Platform: "mars"},
			"No Launcher found for the platform named 'mars'. Available platform names are default, cf, laptop"},
		{"platform without a driver", StreamDeployRequest{Name: "tick", Platform: "laptop"},
			"deploying streams on local accounts ('laptop') is not available in this version"},
		{"bad count", StreamDeployRequest{Name: "tick", Properties: props("deployer.log.count", "many")},
			"app 'log': deployer count must be a whole number of instances, got 'many'"},
		{"unregistered version", StreamDeployRequest{Name: "tick", Properties: props("version.log", "9.9.9")},
			"The 'sink:log:9.9.9' application could not be found."},
		{"the deployer refuses an app", StreamDeployRequest{Name: "tick", Properties: props("deployer.transform.bad", "x")},
			"app 'transform': kubernetes says no"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.f.DeployStream(e.ctx, c.req)
			wantErr(t, err, c.want)
			if _, err := e.f.RenderStreamDeploy(e.ctx, c.req); err == nil || err.Error() != c.want {
				t.Errorf("dry run: %v", err)
			}
		})
	}
	if calls := e.p.log(); len(calls) != 0 {
		t.Fatalf("refused deploys reached the platform: %v", calls)
	}
	if _, err := e.f.StreamHistory(e.ctx, "tick", 0, 1); err == nil || err.Error() != "Release with name 'tick' does not exist" {
		t.Fatalf("refused deploys wrote a release: %v", err)
	}
	if got := e.audits("STREAM"); !slices.Equal(got, []string{"CREATE", "CREATE"}) {
		t.Fatalf("refused deploys were audited: %v", got)
	}

	// A deployed stream is not deployed again; an undeployed one is, under the next version.
	e.deploy("tick", nil)
	_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
	wantErr(t, err, "Stream 'tick' is already deployed")
	if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
		t.Fatal(err)
	}
	if rel := e.deploy("tick", nil); rel.Version != 2 || rel.Apps[0].DeploymentID != "tick-log-v2" {
		t.Fatalf("deploy after undeploy: %+v", rel)
	}
	if got := e.releases("tick"); got != "v2 DEPLOYED (Install complete), v1 DELETED (Delete complete)" {
		t.Fatalf("history %s", got)
	}
}

// A flow with no accounts says so when asked to deploy.
func TestDeployStreamWithoutAccounts(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	f := New(Config{Store: e.s, Actor: "tester", Clock: e.clock})
	_, err := f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
	wantErr(t, err, "no platform accounts are configured for this command")
}

// On Cloud Foundry every app gets the account's app name prefix, made once and kept; the checks before
// anything is written use a stand-in of the same length.
func TestDeployStreamCloudFoundryPrefix(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	dry, err := e.f.RenderStreamDeploy(e.ctx, StreamDeployRequest{Name: "tick", Platform: "cf"})
	if err != nil || !strings.HasPrefix(dry, "name: RANDOM7-tick-log-v1\n") {
		t.Fatalf("dry run before the prefix exists: %v\n%s", err, dry)
	}
	var checked []string
	e.p.validate = func(d platforms.AppDeployment) error {
		checked = append(checked, d.NamePrefix+" "+d.DeploymentID)
		return nil
	}
	rel, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick", Platform: "cf"})
	if err != nil {
		t.Fatal(err)
	}
	prefix, ok, err := e.s.Read().StoredAppNamePrefix(e.ctx, "cf")
	if err != nil || !ok || len(prefix) != 7 {
		t.Fatalf("prefix %q %v %v", prefix, ok, err)
	}
	if rel.Platform != "cf" || rel.Apps[0].Handle != prefix+"-tick-log-v1" {
		t.Fatalf("release %+v", rel)
	}
	if d, _ := e.p.deployment("tick-log-v1"); d.NamePrefix != prefix {
		t.Fatalf("deployed with prefix %q, want %q", d.NamePrefix, prefix)
	}
	if len(checked) != 6 || checked[0] != "xxxxxxx tick-log-v1" || checked[3] != prefix+" tick-log-v1" {
		t.Fatalf("checked %v", checked)
	}
	if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
		t.Fatal(err)
	}
	// The handle the platform returned is what undeploy is given back; later dry runs show the kept prefix.
	dry, err = e.f.RenderStreamDeploy(e.ctx, StreamDeployRequest{Name: "tick", Platform: "cf"})
	if err != nil || !strings.HasPrefix(dry, "name: "+prefix+"-tick-log-v2\n") {
		t.Fatalf("dry run after: %v\n%s", err, dry)
	}
}

// `stream deploy --dry-run` renders what would be created, secrets masked, sink first, and writes nothing.
func TestRenderStreamDeploy(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	text, err := e.f.RenderStreamDeploy(e.ctx, StreamDeployRequest{Name: "tick", Properties: props("app.log.db.password", "s3cret")})
	if err != nil {
		t.Fatal(err)
	}
	docs := strings.Split(text, "---\n")
	if len(docs) != 3 || !strings.HasPrefix(docs[0], "name: tick-log-v1\n") || !strings.HasPrefix(docs[2], "name: tick-time-v1\n") {
		t.Fatalf("render:\n%s", text)
	}
	if strings.Contains(text, "s3cret") || !strings.Contains(docs[0], "db.password=******\n") {
		t.Fatalf("secret not masked:\n%s", docs[0])
	}
	if len(e.p.log()) != 0 || e.releases("tick") != "" {
		t.Fatalf("a dry run did something: %v, %s", e.p.log(), e.releases("tick"))
	}

	e.p.render = func(d platforms.AppDeployment) (string, error) {
		if d.Label == "transform" {
			return "", errors.New("cannot render")
		}
		return "x", nil
	}
	_, err = e.f.RenderStreamDeploy(e.ctx, StreamDeployRequest{Name: "tick"})
	wantErr(t, err, "app 'transform': cannot render")

	p := newEngine(t, plain)
	_, err = p.f.RenderStreamDeploy(p.ctx, StreamDeployRequest{Name: "tick"})
	wantErr(t, err, "--dry-run is not available for kubernetes accounts")
}

// Undeploy removes every app of the deployed release and keeps the history; an app that cannot be removed is
// an error and leaves the release DEPLOYED, so undeploy can be tried again.
func TestUndeployStream(t *testing.T) {
	t.Parallel()
	t.Run("removes every app", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
			t.Fatal(err)
		}
		if got := e.p.callsOf(kUndeploy); !slices.Equal(got, []string{"tick-log-v1", "tick-transform-v1", "tick-time-v1"}) {
			t.Fatalf("undeployed %v", got)
		}
		e.wantRunning()
		if got := e.releases("tick"); got != "v1 DELETED (Delete complete)" {
			t.Fatalf("history %s", got)
		}
		if got := e.audits("STREAM"); !slices.Equal(got, []string{"CREATE", "DEPLOY", "UNDEPLOY"}) {
			t.Fatalf("audit %v", got)
		}
		wantErr(t, e.f.UndeployStream(e.ctx, "tick"), "Stream 'tick' is not deployed")
		wantErr(t, e.f.UndeployStream(e.ctx, "nope"), "Could not find stream definition named nope")
	})
	t.Run("a failed undeploy keeps the release DEPLOYED", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.p.failID(kUndeploy, "tick-transform-v1", errors.New("forbidden"))
		wantErr(t, e.f.UndeployStream(e.ctx, "tick"), "could not undeploy stream 'tick': tick-transform-v1: forbidden")
		e.wantRunning("tick-transform-v1")
		if got := e.releases("tick"); got != "v1 DEPLOYED (Install complete)" {
			t.Fatalf("history %s", got)
		}
		if got := e.audits("STREAM"); slices.Contains(got, "UNDEPLOY") {
			t.Fatalf("a failed undeploy was audited: %v", got)
		}
		e.p.heal()
		if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
			t.Fatal(err)
		}
		e.wantRunning()
		if got := e.releases("tick"); got != "v1 DELETED (Delete complete)" {
			t.Fatalf("history %s", got)
		}
	})
	t.Run("the account is no longer configured", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.f.loadAcc = func() (*Accounts, error) {
			return &Accounts{config: &accounts.Config{Streams: []platforms.Account{{Name: "other", Type: platforms.Kubernetes}}}}, nil
		}
		wantErr(t, e.f.UndeployStream(e.ctx, "tick"),
			"release 1 of 'tick' runs on 'default', which is no longer configured: No Launcher found for the platform named 'default'. Available platform names are other")
	})
}

// UndeployIfDeployed (before a destroy) undeploys a deployed stream, does nothing for one that is not, and
// reports an operation underway.
func TestUndeployIfDeployed(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	if err := e.f.UndeployIfDeployed(e.ctx, "tick"); err != nil || len(e.p.log()) != 0 {
		t.Fatalf("never deployed: %v %v", err, e.p.log())
	}
	e.deploy("tick", nil)
	if err := e.f.UndeployIfDeployed(e.ctx, "tick"); err != nil {
		t.Fatal(err)
	}
	e.wantRunning()
	if err := e.f.UndeployIfDeployed(e.ctx, "tick"); err != nil {
		t.Fatalf("undeployed already: %v", err)
	}
	// An operation underway, run by a live process, is reported.
	rel := e.f.newRelease("tick", 2, "default", releaseConfig{}, "Initial install underway")
	if _, err := e.f.claimRelease(e.ctx, store.AuditRecord{Operation: "STREAM", Action: "DEPLOY", Correlation: "tick"}, rel); err != nil {
		t.Fatal(err)
	}
	wantErr(t, e.f.UndeployIfDeployed(e.ctx, "tick"),
		"Stream 'tick' is busy: release 2 (Initial install underway) is being run by another dataflow process; try again when it ends")
}

// Two operations on one stream at once: the second is refused while the first runs, and has changed nothing.
func TestBusyStreamRefusesASecondOperation(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", nil)
	g := e.p.holdNth(kDeploy, 4) // the update's new log app
	done := make(chan error, 1)
	go func() {
		_, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
		done <- err
	}()
	g.Wait(t)
	const busy = "Stream 'tick' is busy: release 2 (Upgrade install underway) is being run by another dataflow process; try again when it ends"
	// Another shell, on the same store.
	other := New(Config{Store: e.s, Actor: "other", Clock: e.clock})
	withAccounts(other, e.accounts, map[platforms.AccountType]platforms.Driver{platforms.Kubernetes: testDriver{apps: e.p}})
	_, err := other.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "INFO")})
	wantErr(t, err, busy)
	_, err = other.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 1})
	wantErr(t, err, busy)
	wantErr(t, other.UndeployStream(e.ctx, "tick"), busy)
	wantErr(t, other.ScaleStreamApp(e.ctx, "tick", "log", 2), busy)
	_, err = other.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
	wantErr(t, err, busy)
	if rt, err := other.StreamRuntimeOf(e.ctx, "tick"); err != nil || rt.State != platforms.StateDeploying {
		t.Fatalf("state while busy: %v %v", rt.State, err)
	}
	g.Release()
	if err := recv(t, done); err != nil {
		t.Fatal(err)
	}
	if got := e.releases("tick"); got != "v2 DEPLOYED (Upgrade complete), v1 DELETED (Delete complete)" {
		t.Fatalf("history %s", got)
	}
	if got := e.p.callsOf(kDeploy); len(got) != 4 {
		t.Fatalf("refused operations deployed: %v", got)
	}
}

// claimRelease is the check inside SQLite's write lock: of two claims read from the same history one wins,
// one read from a history that has moved on is refused, and one that finds the history gone says so.
func TestClaimReleaseTable(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", nil) // release 1
	audit := store.AuditRecord{Operation: "STREAM", Action: "UPDATE", Correlation: "tick", Platform: "default"}
	claim := func(version int, desc string) error {
		_, err := e.f.claimRelease(e.ctx, audit, e.f.newRelease("tick", version, "default", releaseConfig{}, desc))
		return err
	}
	if err := claim(2, "Upgrade install underway"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, claim(2, "Rollback install underway"),
		"Stream 'tick' is busy: release 2 (Upgrade install underway) is being run by another dataflow process; try again when it ends")
	if err := e.f.finishRelease(e.ctx, "tick", 2, store.ReleaseFailed, "Could not deploy app.", nil); err != nil {
		t.Fatal(err)
	}
	wantErr(t, claim(2, "stale"), "Stream 'tick' is busy: release 2 (Could not deploy app.) is being run by another dataflow process; try again when it ends")
	if err := claim(3, "Upgrade install underway"); err != nil {
		t.Fatalf("a claim that read the latest history: %v", err)
	}
	_, err := e.f.claimRelease(e.ctx, audit, e.f.newRelease("gone", 4, "default", releaseConfig{}, "x"))
	wantErr(t, err, "Stream 'gone' lost its release history while this command ran; try again")
}

// goneOwner is the identity of a process that has exited: a release it owned was interrupted.
func goneOwner(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	id, err := procid.Of(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if !procid.Gone(id) {
		t.Fatalf("%s is not gone", id)
	}
	return id
}

// interrupt records release 2 of tick as an update underway (log changed) run by owner, whose new app the
// platform already runs: what a process killed half-way through `stream update` leaves.
func (e *engine) interrupt(owner string) {
	e.t.Helper()
	cur := e.release("tick", 1)
	config, err := configOf(cur)
	if err != nil {
		e.t.Fatal(err)
	}
	rel := e.f.newRelease("tick", 2, "default", config, "Upgrade install underway")
	rel.Owner = owner
	for _, a := range cur.Apps {
		if a.Label == "log" {
			a = store.ReleaseApp{Label: "log", DeploymentID: "tick-log-v2", Handle: "-"}
		}
		rel.Apps = append(rel.Apps, a)
	}
	if _, err := e.f.claimRelease(e.ctx, store.AuditRecord{Operation: "STREAM", Action: "UPDATE", Correlation: "tick"}, rel); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.p.Deploy(e.ctx, platforms.AppDeployment{DeploymentID: "tick-log-v2", Count: 1}); err != nil {
		e.t.Fatal(err)
	}
}

// A release left UNKNOWN by a process that is gone is recovered by the next command on the stream: its new
// apps are removed (the ones it shares with the release before stay) and it becomes FAILED. One whose owner is
// alive is busy.
func TestInterruptedReleaseRecovery(t *testing.T) {
	t.Parallel()
	const interrupted = "Interrupted: the process running it ended before it finished"
	dead := goneOwner(t)
	for _, c := range []struct {
		name string
		run  func(e *engine) error
		// after is the history once the command ran; left what the platform runs.
		after string
		left  []string
	}{
		{"update", func(e *engine) error {
			_, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.time.x", "1")})
			return err
		}, "v3 DEPLOYED (Upgrade complete), v2 FAILED (" + interrupted + "), v1 DELETED (Delete complete)",
			[]string{"tick-log-v1", "tick-transform-v1", "tick-time-v3"}},
		{"undeploy", func(e *engine) error { return e.f.UndeployStream(e.ctx, "tick") },
			"v2 FAILED (" + interrupted + "), v1 DELETED (Delete complete)", nil},
		{"rollback", func(e *engine) error {
			_, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
			return err
		}, "v2 FAILED (" + interrupted + "), v1 DEPLOYED (Install complete)", []string{"tick-log-v1", "tick-transform-v1", "tick-time-v1"}},
		{"status", func(e *engine) error {
			rt, err := e.f.StreamRuntimeOf(e.ctx, "tick")
			if err == nil && rt.State != platforms.StateDeploying {
				err = fmt.Errorf("state %s", rt.State)
			}
			return err
		}, "v2 UNKNOWN (Upgrade install underway), v1 DEPLOYED (Install complete)",
			[]string{"tick-log-v1", "tick-log-v2", "tick-transform-v1", "tick-time-v1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t)
			e.deploy("tick", nil)
			e.interrupt(dead)
			err := c.run(e)
			if c.name == "rollback" {
				// Recovered first, then nothing is before release 1 to roll back to.
				wantErr(t, err, "Could not find a release of 'tick' to roll back to: it needs an earlier deployed or deleted release")
			} else if err != nil {
				t.Fatal(err)
			}
			if got := e.releases("tick"); got != c.after {
				t.Fatalf("history\n got %s\nwant %s", got, c.after)
			}
			e.wantRunning(c.left...)
		})
	}
	t.Run("owner alive", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.interrupt(procid.Self())
		err := e.f.UndeployStream(e.ctx, "tick")
		wantErr(t, err, "Stream 'tick' is busy: release 2 (Upgrade install underway) is being run by another dataflow process; try again when it ends")
		e.wantRunning("tick-log-v1", "tick-log-v2", "tick-transform-v1", "tick-time-v1")
		if got := e.p.callsOf(kUndeploy); len(got) != 0 {
			t.Fatalf("a busy stream was touched: %v", got)
		}
	})
	t.Run("owner unreadable is taken as alive", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.interrupt("not an identity")
		wantErrContains(t, e.f.UndeployStream(e.ctx, "tick"), "is busy")
	})
	t.Run("no owner recorded", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.interrupt("")
		if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
			t.Fatal(err)
		}
		e.wantRunning()
	})
	t.Run("its apps cannot be removed", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.interrupt(dead)
		e.p.failID(kUndeploy, "tick-log-v2", errors.New("forbidden"))
		_, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.time.x", "1")})
		wantErr(t, err, "Stream 'tick' has apps left by an earlier failure that could not be removed: tick-log-v2: forbidden (they stay recorded, and the next command on the stream removes them; check the account)")
		if got := e.releases("tick"); got != "v2 FAILED (Interrupted: the process running it ended before it finished), v1 DEPLOYED (Install complete)" {
			t.Fatalf("history %s", got)
		}
		// Tried by the recovery, and again as a leftover before the update would change anything.
		if got := e.p.callsOf(kUndeploy); !slices.Equal(got, []string{"tick-log-v2", "tick-log-v2"}) {
			t.Fatalf("undeployed %v: only the interrupted release's new app may be touched", got)
		}
		// Once the platform lets it, the next command recovers.
		e.p.heal()
		e.update("tick", props("app.time.x", "1"))
		e.wantRunning("tick-log-v1", "tick-transform-v1", "tick-time-v3")
	})
}

// `stream history` and `stream manifest`: newest first, and SCDF's messages for what does not exist.
func TestStreamHistoryAndManifest(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	_, err := e.f.StreamHistory(e.ctx, "nope", 0, 1)
	wantErr(t, err, "Could not find stream definition named nope")
	_, err = e.f.StreamHistory(e.ctx, "tick", 0, 1)
	wantErr(t, err, "Release with name 'tick' does not exist")
	_, err = e.f.StreamManifest(e.ctx, "tick", 0)
	wantErr(t, err, "Release with name 'tick' does not exist")

	e.deploy("tick", nil)
	e.update("tick", props("app.log.db.password", "s3cret"))
	list, err := e.f.StreamHistory(e.ctx, "tick", 0, 1)
	if err != nil || len(list) != 2 || list[0].Version != 2 || list[1].Version != 1 {
		t.Fatalf("history %+v %v", list, err)
	}
	if page, err := e.f.StreamHistory(e.ctx, "tick", 1, 2); err != nil || len(page) != 1 || page[0].Version != 1 {
		t.Fatalf("history page 2 %+v %v", page, err)
	}
	if past, err := e.f.StreamHistory(e.ctx, "tick", 1, 3); err != nil || len(past) != 0 {
		t.Fatalf("history past its last page %+v %v", past, err)
	}
	latest, err := e.f.StreamManifest(e.ctx, "tick", 0)
	if err != nil || !strings.Contains(latest, `"db.password": "******"`) || strings.Contains(latest, "s3cret") {
		t.Fatalf("latest manifest %v:\n%s", err, latest)
	}
	first, err := e.f.StreamManifest(e.ctx, "tick", 1)
	if err != nil || strings.Contains(first, "db.password") || first == latest {
		t.Fatalf("manifest 1 %v:\n%s", err, first)
	}
	_, err = e.f.StreamManifest(e.ctx, "tick", 5)
	wantErr(t, err, "Release with name 'tick' and version '5' does not exist")
}

// stream deploy --wait: until every app is deployed, a failing app at once, or the timeout, on the flow's clock.
func TestWaitStreamDeployed(t *testing.T) {
	t.Parallel()
	opts := UpgradeOptions{Timeout: time.Second, Poll: 300 * time.Millisecond}
	for _, c := range []struct {
		name    string
		script  []platforms.AppStatus
		advance []time.Duration
		want    string
	}{
		{"ready at once", []platforms.AppStatus{deployed()}, nil, ""},
		{"ready after two polls", []platforms.AppStatus{deploying(), deploying(), deployed()}, []time.Duration{300 * time.Millisecond, 300 * time.Millisecond}, ""},
		{"fails on the second poll", []platforms.AppStatus{deploying(), failedWith("CrashLoopBackOff")}, []time.Duration{300 * time.Millisecond},
			"stream 'tick' is deployed but not ready: app tick-log-v1 failed (CrashLoopBackOff) after 300 ms"},
		{"error without a reason", []platforms.AppStatus{{State: platforms.StateError}}, nil,
			"stream 'tick' is deployed but not ready: app tick-log-v1 failed (error) after 0 ms"},
		{"times out", []platforms.AppStatus{deploying()},
			[]time.Duration{300 * time.Millisecond, 300 * time.Millisecond, 300 * time.Millisecond, 100 * time.Millisecond},
			"stream 'tick' is deployed but not ready: Did not detect apps in replacing release as healthy after 1000 ms."},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t)
			rel := e.deploy("tick", nil)
			e.p.script("tick-log-v1", c.script...)
			var progress []string
			o := opts
			o.Progress = func(s string) { progress = append(progress, s) }
			done := make(chan error, 1)
			go func() { done <- e.f.WaitStreamDeployed(e.ctx, rel, o) }()
			for _, d := range c.advance {
				e.clock.BlockUntil(t, 2) // the deadline and the next poll
				e.clock.Advance(d)
			}
			err := recv(t, done)
			if c.want == "" && err != nil || c.want != "" && (err == nil || err.Error() != c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			// A waiting app is said once, not at every poll.
			var want []string
			if c.script[0].State == platforms.StateDeploying {
				want = []string{"2 of 3 apps ready; waiting for tick-log-v1 deploying"}
			}
			if !slices.Equal(progress, want) {
				t.Fatalf("progress %q, want %q", progress, want)
			}
		})
	}
	t.Run("a status call that fails is asked again", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		rel := e.deploy("tick", nil)
		e.p.failNth(kStatus, 1, errors.New("timeout"))
		done := make(chan error, 1)
		go func() { done <- e.f.WaitStreamDeployed(e.ctx, rel, opts) }()
		e.clock.BlockUntil(t, 2)
		e.clock.Advance(300 * time.Millisecond)
		if err := recv(t, done); err != nil {
			t.Fatal(err)
		}
		if n := len(e.p.callsOf(kStatus)); n != 2 {
			t.Fatalf("%d status calls", n)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		rel := e.deploy("tick", nil)
		e.p.script("tick-log-v1", deploying())
		ctx, cancel := context.WithCancel(e.ctx)
		done := make(chan error, 1)
		go func() { done <- e.f.WaitStreamDeployed(ctx, rel, opts) }()
		e.clock.BlockUntil(t, 2)
		e.clock.Advance(200 * time.Millisecond) // fires nothing
		cancel()
		wantErr(t, recv(t, done), "stream 'tick' is deployed but not ready: Cancelled after 200 ms.")
	})
	t.Run("default options", func(t *testing.T) {
		o := UpgradeOptions{}.withDefaults()
		if o.Timeout != 5*time.Minute || o.Poll != 500*time.Millisecond || o.Progress == nil {
			t.Fatalf("%+v", o)
		}
	})
}

// Two shells that both find the stream idle: the one that claims its release first wins; the other, whose
// view of the history is stale by then, is refused and has sent and written nothing. The loser is stopped
// between its checks and its claim: deploy in the deployer's checks, update and rollback when they build the
// release's deployer.
func TestConcurrentOperationsOneClaimWins(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		// setup brings the stream where both start from; loser and winner are the two operations.
		setup          func(e *engine)
		loser, winner  func(f *Flow, e *engine) error
		holdInValidate bool
		want           string
	}{
		{
			name:  "deploy and deploy",
			setup: func(e *engine) {},
			loser: func(f *Flow, e *engine) error {
				_, err := f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
				return err
			},
			winner: func(f *Flow, e *engine) error {
				_, err := f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
				return err
			},
			holdInValidate: true,
			want:           "Stream 'tick' is busy: release 1 (Install complete) is being run by another dataflow process; try again when it ends",
		},
		{
			name:  "update and update",
			setup: func(e *engine) { e.deploy("tick", nil) },
			loser: func(f *Flow, e *engine) error {
				_, err := f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
				return err
			},
			winner: func(f *Flow, e *engine) error {
				_, err := f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "INFO")})
				return err
			},
			want: "Stream 'tick' is busy: release 2 (Upgrade complete) is being run by another dataflow process; try again when it ends",
		},
		{
			name: "rollback (a fresh install) and deploy",
			setup: func(e *engine) {
				e.deploy("tick", nil)
				if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
					e.t.Fatal(err)
				}
			},
			loser: func(f *Flow, e *engine) error {
				_, err := f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 1})
				return err
			},
			winner: func(f *Flow, e *engine) error {
				_, err := f.DeployStream(e.ctx, StreamDeployRequest{Name: "tick"})
				return err
			},
			want: "Stream 'tick' is busy: release 2 (Install complete) is being run by another dataflow process; try again when it ends",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t)
			c.setup(e)
			g := newGate()
			var armed atomic.Pointer[gate]
			hold := func() {
				if h := armed.Swap(nil); h != nil {
					close(h.arrived)
					<-h.release
				}
			}
			// The loser is another shell on the same store and platform.
			loser := New(Config{Store: e.s, Actor: "loser", Clock: e.clock})
			withAccounts(loser, e.accounts, map[platforms.AccountType]platforms.Driver{platforms.Kubernetes: testDriver{apps: e.p}})
			if c.holdInValidate {
				e.p.validate = func(platforms.AppDeployment) error { hold(); return nil }
			} else {
				loser.loadAcc = func() (*Accounts, error) { hold(); return e.accounts, nil }
			}
			deploysBefore := len(e.p.callsOf(kDeploy))
			historyBefore := e.releases("tick")
			armed.Store(g)
			done := async(func() error { return c.loser(loser, e) })
			g.Wait(t)
			if got := e.releases("tick"); got != historyBefore {
				t.Fatalf("the loser wrote before its claim: %s", got)
			}
			if err := c.winner(e.f, e); err != nil {
				t.Fatal(err)
			}
			afterWinner := e.releases("tick")
			deploysAfterWinner := len(e.p.callsOf(kDeploy))
			running := e.p.runningIDs()
			g.Release()
			wantErr(t, recv(t, done), c.want)
			if got := e.releases("tick"); got != afterWinner {
				t.Fatalf("the loser changed the history:\n%s\nwas\n%s", got, afterWinner)
			}
			if n := len(e.p.callsOf(kDeploy)); n != deploysAfterWinner || n == deploysBefore {
				t.Fatalf("deploy calls %d before, %d after the winner, %d after the loser", deploysBefore, deploysAfterWinner, n)
			}
			e.wantRunning(running...)
		})
	}
}
