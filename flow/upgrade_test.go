package flow

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// waitOpts are the wait options of the tests: a poll that does not divide the timeout, so the timeout never
// fires with a poll.
func waitOpts(progress *[]string) UpgradeOptions {
	o := UpgradeOptions{Timeout: time.Second, Poll: 300 * time.Millisecond}
	if progress != nil {
		o.Progress = func(s string) { *progress = append(*progress, s) }
	}
	return o
}

// async runs an operation in the background.
func async(fn func() error) chan error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	return done
}

const v1Running = "tick-log-v1 tick-transform-v1 tick-time-v1"

// An update deploys only the changed apps, as -v<N+1>, beside the old ones; the replaced old apps are removed
// only once the new ones are healthy.
func TestUpdateStreamRedBlack(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", props("deployer.log.count", "2"))
	before := len(e.p.log())
	e.p.script("tick-log-v2", deploying(), deployed())
	var progress []string
	done := async(func() error {
		rel, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN"), Wait: waitOpts(&progress)})
		if err == nil && (rel.Version != 2 || rel.Status != store.ReleaseDeployed || rel.Description != "Upgrade complete") {
			t.Errorf("release %+v", rel)
		}
		return err
	})
	e.clock.BlockUntil(t, 2)
	// While the new app is not ready, the old one runs beside it.
	e.wantRunning("tick-log-v1", "tick-log-v2", "tick-transform-v1", "tick-time-v1")
	e.clock.Advance(300 * time.Millisecond)
	if err := recv(t, done); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Deploy tick-log-v2",
		"Status tick-log-v2,tick-transform-v1,tick-time-v1",
		"Status tick-log-v2,tick-transform-v1,tick-time-v1",
		"Undeploy tick-log-v1",
	}
	if got := e.p.log()[before:]; !slices.Equal(got, want) {
		t.Fatalf("calls\n got %q\nwant %q", got, want)
	}
	e.wantRunning("tick-log-v2", "tick-transform-v1", "tick-time-v1")
	if got := e.releases("tick"); got != "v2 DEPLOYED (Upgrade complete), v1 DELETED (Delete complete)" {
		t.Fatalf("history %s", got)
	}
	if got := appIDs(e.release("tick", 2)); !slices.Equal(got, []string{"tick-log-v2", "tick-transform-v1", "tick-time-v1"}) {
		t.Fatalf("release 2 apps %v", got)
	}
	wantProgress := []string{
		"Deploying log of release 2 beside release 1",
		"2 of 3 apps ready; waiting for tick-log-v2 deploying",
		"Release 2 is ready; removing the replaced apps of release 1",
	}
	if !slices.Equal(progress, wantProgress) {
		t.Fatalf("progress %q", progress)
	}
	// The running count is kept, the new property arrived.
	if d, _ := e.p.deployment("tick-log-v2"); d.Count != 2 || d.AppProperties["level"] != "WARN" {
		t.Fatalf("log v2: %+v", d)
	}
	audits, _ := e.s.Read().ListAudit(e.ctx, store.AuditFilter{Operation: "STREAM"})
	if audits[0].Action != "UPDATE" || audits[0].Data != "release 1 -> 2, apps log" {
		t.Fatalf("audit %+v", audits[0])
	}

	// Updates are additive: a later one keeps what the one before added.
	e.update("tick", props("app.log.format", "json"))
	if d, _ := e.p.deployment("tick-log-v3"); d.AppProperties["level"] != "WARN" || d.AppProperties["format"] != "json" {
		t.Fatalf("log v3: %+v", d.AppProperties)
	}
	e.wantRunning("tick-log-v3", "tick-transform-v1", "tick-time-v1")
	// A new version of an app is a change of that app.
	e.update("tick", props("version.log", "5.0.1"))
	if d, _ := e.p.deployment("tick-log-v4"); d.Resource != "docker:springcloudstream/log-sink-kafka:5.0.1" {
		t.Fatalf("log v4: %+v", d)
	}
	// Every app changed: every app is replaced.
	e.update("tick", props("app.*.x", "1"))
	e.wantRunning("tick-log-v5", "tick-transform-v5", "tick-time-v5")
	if got := e.releases("tick"); !strings.HasPrefix(got, "v5 DEPLOYED (Upgrade complete), v4 DELETED (Delete complete), v3 DELETED") {
		t.Fatalf("history %s", got)
	}
}

// An update whose new apps fail, do not become healthy in time, or cannot be deployed: the new apps are
// removed, the new release is FAILED and the old one keeps running, untouched.
func TestUpdateStreamFailureKeepsTheOldRelease(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		props   map[string]string
		setup   func(p *fakePlatform)
		advance []time.Duration
		cancel  bool
		wantErr string
		// wantV2 is release 2's status line.
		wantV2 string
		// wantUndo are the apps removed.
		wantUndo []string
	}{
		{
			name:     "the new app fails",
			props:    props("app.log.level", "WARN"),
			setup:    func(p *fakePlatform) { p.script("tick-log-v2", deploying(), failedWith("CrashLoopBackOff")) },
			advance:  []time.Duration{300 * time.Millisecond},
			wantErr:  "upgrade of stream 'tick' failed: app tick-log-v2 failed (CrashLoopBackOff) after 300 ms; the new apps were removed and release 1 keeps running",
			wantV2:   "v2 FAILED (app tick-log-v2 failed (CrashLoopBackOff) after 300 ms)",
			wantUndo: []string{"tick-log-v2"},
		},
		{
			name:     "the new apps time out",
			props:    props("app.*.level", "WARN"),
			setup:    func(p *fakePlatform) { p.script("tick-transform-v2", deploying()) },
			advance:  []time.Duration{300 * time.Millisecond, 300 * time.Millisecond, 300 * time.Millisecond, 100 * time.Millisecond},
			wantErr:  "upgrade of stream 'tick' failed: Did not detect apps in replacing release as healthy after 1000 ms.; the new apps were removed and release 1 keeps running",
			wantV2:   "v2 FAILED (Did not detect apps in replacing release as healthy after 1000 ms.)",
			wantUndo: []string{"tick-log-v2", "tick-transform-v2", "tick-time-v2"},
		},
		{
			name:     "cancelled while waiting",
			props:    props("app.log.level", "WARN"),
			setup:    func(p *fakePlatform) { p.script("tick-log-v2", deploying()) },
			advance:  []time.Duration{100 * time.Millisecond},
			cancel:   true,
			wantErr:  "upgrade of stream 'tick' failed: Cancelled after 100 ms.; the new apps were removed and release 1 keeps running",
			wantV2:   "v2 FAILED (Cancelled after 100 ms.)",
			wantUndo: []string{"tick-log-v2"},
		},
		{
			name:     "the new app cannot be deployed",
			props:    props("app.log.level", "WARN"),
			setup:    func(p *fakePlatform) { p.failNth(kDeploy, 4, errBoom) },
			wantErr:  "upgrade of stream 'tick' failed: app 'log': boom; release 1 keeps running",
			wantV2:   "v2 FAILED (Could not deploy app.)",
			wantUndo: []string{"tick-log-v2"}, // the failing app too: its own cleanup may have failed
		},
		{
			name:     "the second new app cannot be deployed",
			props:    props("app.*.level", "WARN"),
			setup:    func(p *fakePlatform) { p.failNth(kDeploy, 5, errBoom) },
			wantErr:  "upgrade of stream 'tick' failed: app 'transform': boom; release 1 keeps running",
			wantV2:   "v2 FAILED (Could not deploy app.)",
			wantUndo: []string{"tick-log-v2", "tick-transform-v2"},
		},
		{
			name:  "side by side, one new app cannot be deployed",
			props: props("app.*.level", "WARN"),
			setup: func(p *fakePlatform) {
				p.concurrent = true
				p.failID(kDeploy, "tick-time-v2", errBoom)
			},
			wantErr: "upgrade of stream 'tick' failed: app 'time': boom; release 1 keeps running",
			wantV2:  "v2 FAILED (Could not deploy app.)",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t)
			e.deploy("tick", nil)
			c.setup(e.p)
			ctx, cancel := context.WithCancel(e.ctx)
			defer cancel()
			done := async(func() error {
				_, err := e.f.UpdateStream(ctx, StreamUpdateRequest{Name: "tick", Properties: c.props, Wait: waitOpts(nil)})
				return err
			})
			for _, d := range c.advance {
				e.clock.BlockUntil(t, 2)
				e.clock.Advance(d)
			}
			if c.cancel {
				cancel()
			}
			wantErr(t, recv(t, done), c.wantErr)
			e.wantRunning(strings.Fields(v1Running)...)
			if got := e.releases("tick"); got != c.wantV2+", v1 DEPLOYED (Install complete)" {
				t.Fatalf("history %s", got)
			}
			undone := e.p.callsOf(kUndeploy)
			slices.Sort(undone)
			slices.Sort(c.wantUndo)
			if c.name != "side by side, one new app cannot be deployed" && !slices.Equal(undone, c.wantUndo) {
				t.Fatalf("undeployed %v, want %v", undone, c.wantUndo)
			}
			for _, id := range undone {
				if strings.HasSuffix(id, "-v1") {
					t.Fatalf("an app of the running release was removed: %v", undone)
				}
			}
			if rt, err := e.f.StreamRuntimeOf(e.ctx, "tick"); err != nil || rt.State != platforms.StateDeployed || rt.Release.Version != 1 {
				t.Fatalf("after a failed update: %s v%d %v", rt.State, rt.Release.Version, err)
			}
			// The stream can be updated again, as release 3.
			e.p.heal()
			e.p.script("tick-log-v3")
			e.p.script("tick-transform-v3")
			e.update("tick", props("app.log.level", "DEBUG"))
			e.wantRunning("tick-log-v3", "tick-transform-v1", "tick-time-v1")
		})
	}
}

// What an update refuses, having changed nothing.
func TestUpdateStreamRefusals(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	_, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
	wantErr(t, err, "Stream 'tick' is not deployed")
	e.deploy("tick", props("app.log.level", "WARN"))
	for _, c := range []struct {
		name string
		req  StreamUpdateRequest
		want string
	}{
		{"unknown stream", StreamUpdateRequest{Name: "nope"}, "Could not find stream definition named nope"},
		{"no difference", StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")},
			"Package to upgrade has no difference than existing deployed/deleted package. Not upgrading."},
		{"no properties", StreamUpdateRequest{Name: "tick"},
			"Package to upgrade has no difference than existing deployed/deleted package. Not upgrading."},
		{"app names without force", StreamUpdateRequest{Name: "tick", AppNames: []string{"log"}},
			"App names can be used only when the stream update is forced."},
		{"unknown app name", StreamUpdateRequest{Name: "tick", Force: true, AppNames: []string{"lgo"}},
			"app 'lgo' is not in stream 'tick' (its apps: log, time, transform)"},
		{"property for no app", StreamUpdateRequest{Name: "tick", Properties: props("deployer.lgo.memory", "1g")},
			"property 'deployer.lgo.memory' names no app of stream 'tick' (its apps: log, time, transform)"},
		{"bad count", StreamUpdateRequest{Name: "tick", Properties: props("deployer.log.count", "-1")},
			"app 'log': deployer count must be a whole number of instances, got '-1'"},
		{"unregistered version", StreamUpdateRequest{Name: "tick", Properties: props("version.log", "9.9.9")},
			"The 'sink:log:9.9.9' application could not be found."},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.f.UpdateStream(e.ctx, c.req)
			wantErr(t, err, c.want)
		})
	}
	if got := e.releases("tick"); got != "v1 DEPLOYED (Install complete)" {
		t.Fatalf("refused updates wrote: %s", got)
	}
	if got := e.p.callsOf(kDeploy); len(got) != 3 {
		t.Fatalf("refused updates deployed: %v", got)
	}
	// A release whose stored config cannot be read is refused with what is wrong.
	if err := e.s.InTx(e.ctx, func(tx *store.Tx) error { return tx.SetReleaseConfig(e.ctx, "tick", 1, "{", "") }); err != nil {
		t.Fatal(err)
	}
	_, err = e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "INFO")})
	wantErrContains(t, err, "release 1 of 'tick' has an unreadable config: ")
}

// --force redeploys the named apps (or every app) even when nothing changed.
func TestUpdateStreamForce(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		names []string
		want  []string
	}{
		{[]string{"log"}, []string{"tick-log-v2", "tick-transform-v1", "tick-time-v1"}},
		{[]string{"time", "transform"}, []string{"tick-log-v1", "tick-transform-v2", "tick-time-v2"}},
		{nil, []string{"tick-log-v2", "tick-transform-v2", "tick-time-v2"}},
	} {
		name := strings.Join(c.names, ",")
		if name == "" {
			name = "every app"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t)
			e.deploy("tick", nil)
			rel, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Force: true, AppNames: c.names})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(appIDs(rel), c.want) {
				t.Fatalf("apps %v, want %v", appIDs(rel), c.want)
			}
			e.wantRunning(c.want...)
		})
	}
}

// The old release's replaced apps could not be removed after the new release became ready: the new release
// is deployed, the user is told which apps are left, and the next command on the stream removes them.
func TestUpdateStreamCleanupFailureIsReported(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", nil)
	e.p.failID(kUndeploy, "tick-log-v1", errors.New("forbidden"))
	rel, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")})
	wantErr(t, err, "release 2 is deployed, but apps of release 1 could not be removed (the next command on the stream removes them): tick-log-v1: forbidden")
	if rel.Version != 2 || rel.Status != store.ReleaseDeployed {
		t.Fatalf("release %+v", rel)
	}
	if got := e.release("tick", 2); got.Status != store.ReleaseDeployed {
		t.Fatalf("release 2 is %s", got.Status)
	}
	e.wantRunning("tick-log-v1", "tick-log-v2", "tick-transform-v1", "tick-time-v1")
	if got := e.releases("tick"); got != "v2 DEPLOYED (Upgrade complete), v1 DELETED (Delete complete)" {
		t.Fatalf("history %s", got)
	}
	// While the platform still refuses, the next command says so and changes nothing.
	_, err = e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "INFO")})
	wantErrContains(t, err, "Stream 'tick' has apps left by an earlier failure that could not be removed: tick-log-v1: forbidden")
	e.wantRunning("tick-log-v1", "tick-log-v2", "tick-transform-v1", "tick-time-v1")
	// Once it lets it, the next command removes the leftover first.
	e.p.heal()
	if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
		t.Fatal(err)
	}
	e.wantRunning()
}

// Rollback goes back to the config of a release, under a new version: the release before the latest deployed
// or deleted one by default, or the one named; only the apps that differ are replaced, and the config is the
// old one exactly (properties added since do not survive).
func TestRollbackStream(t *testing.T) {
	t.Parallel()
	t.Run("to the previous release", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.update("tick", props("app.log.level", "WARN"))
		rel, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
		if err != nil {
			t.Fatal(err)
		}
		if rel.Version != 3 || rel.Description != "Rollback complete" || !slices.Equal(appIDs(rel), []string{"tick-log-v3", "tick-transform-v1", "tick-time-v1"}) {
			t.Fatalf("release %+v", rel)
		}
		if d, _ := e.p.deployment("tick-log-v3"); d.AppProperties["level"] != "" {
			t.Fatalf("a property added after the release rolled back to survived: %v", d.AppProperties["level"])
		}
		e.wantRunning("tick-log-v3", "tick-transform-v1", "tick-time-v1")
		if got := e.releases("tick"); got != "v3 DEPLOYED (Rollback complete), v2 DELETED (Delete complete), v1 DELETED (Delete complete)" {
			t.Fatalf("history %s", got)
		}
		if got := e.audits("STREAM"); got[len(got)-1] != "ROLLBACK" {
			t.Fatalf("audit %v", got)
		}
		// Rolling back again goes to the release before 3: 2.
		if rel, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"}); err != nil || !slices.Equal(appIDs(rel), []string{"tick-log-v4", "tick-transform-v1", "tick-time-v1"}) {
			t.Fatalf("second rollback: %v %v", appIDs(rel), err)
		}
		if d, _ := e.p.deployment("tick-log-v4"); d.AppProperties["level"] != "WARN" {
			t.Fatalf("log v4: %v", d.AppProperties)
		}
	})
	t.Run("to a named release, keeping the running count", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.update("tick", props("app.log.level", "WARN"))
		e.update("tick", props("app.time.x", "1"))
		if err := e.f.ScaleStreamApp(e.ctx, "tick", "log", 3); err != nil {
			t.Fatal(err)
		}
		rel, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(appIDs(rel), []string{"tick-log-v4", "tick-transform-v1", "tick-time-v4"}) {
			t.Fatalf("apps %v", appIDs(rel))
		}
		if d, _ := e.p.deployment("tick-log-v4"); d.Count != 3 {
			t.Fatalf("count %d, want the running 3", d.Count)
		}
		e.wantRunning("tick-log-v4", "tick-transform-v1", "tick-time-v4")
	})
	t.Run("from undeployed: a fresh install", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.update("tick", props("app.log.level", "WARN"))
		if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
			t.Fatal(err)
		}
		rel, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"tick-log-v3", "tick-transform-v3", "tick-time-v3"}
		if rel.Version != 3 || rel.Status != store.ReleaseDeployed || !slices.Equal(appIDs(rel), want) {
			t.Fatalf("release %+v", rel)
		}
		if d, _ := e.p.deployment("tick-log-v3"); d.AppProperties["level"] != "" {
			t.Fatalf("rolled back to release 2 instead of 1: %v", d.AppProperties)
		}
		e.wantRunning(want...)
		if got := e.releases("tick"); got != "v3 DEPLOYED (Rollback complete), v2 DELETED (Delete complete), v1 DELETED (Delete complete)" {
			t.Fatalf("history %s", got)
		}
		audits, _ := e.s.Read().ListAudit(e.ctx, store.AuditFilter{Operation: "STREAM"})
		if audits[0].Action != "ROLLBACK" || audits[0].Data != "to release 1 as release 3" {
			t.Fatalf("audit %+v", audits[0])
		}
	})
	t.Run("a fresh install that fails", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
			t.Fatal(err)
		}
		e.p.failNth(kDeploy, 5, errBoom)
		_, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 1})
		wantErr(t, err, "could not roll back stream 'tick': app 'transform': boom (nothing was left running)")
		e.wantRunning()
		if got := e.releases("tick"); got != "v2 FAILED (Could not deploy app.), v1 DELETED (Delete complete)" {
			t.Fatalf("history %s", got)
		}
	})
	t.Run("its new app fails", func(t *testing.T) {
		t.Parallel()
		e := newEngine(t)
		e.deploy("tick", nil)
		e.update("tick", props("app.log.level", "WARN"))
		e.p.script("tick-log-v3", failedWith("exited with 1"))
		_, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
		wantErr(t, err, "rollback of stream 'tick' failed: app tick-log-v3 failed (exited with 1) after 0 ms; the new apps were removed and release 2 keeps running")
		e.wantRunning("tick-log-v2", "tick-transform-v1", "tick-time-v1")
	})
}

// The releases a rollback cannot go to, with SCDF's and Skipper's messages.
func TestRollbackStreamInvalidTargets(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	_, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "nope"})
	wantErr(t, err, "Could not find stream definition named nope")
	_, err = e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
	wantErr(t, err, "Could not find a release of 'tick' to roll back to: it needs an earlier deployed or deleted release")
	e.deploy("tick", nil)
	_, err = e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
	wantErr(t, err, "Could not find a release of 'tick' to roll back to: it needs an earlier deployed or deleted release")
	e.p.failNth(kDeploy, 4, errBoom)
	if _, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN")}); err == nil {
		t.Fatal("update should have failed")
	}
	e.update("tick", props("app.log.level", "INFO")) // release 3
	for _, c := range []struct {
		version int
		want    string
	}{
		{9, "Release with name 'tick' and version '9' does not exist"},
		{2, "Cannot roll back to release 2 of 'tick': its status is FAILED (only DEPLOYED or DELETED releases can be rolled back to)"},
		{3, "release 3 of 'tick' has the same apps and properties as the deployed release 3: nothing to roll back"},
	} {
		_, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: c.version})
		wantErr(t, err, c.want)
	}
	// The default target skips the FAILED release 2.
	rel, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick"})
	if err != nil || rel.Version != 4 {
		t.Fatalf("rollback %+v %v", rel, err)
	}
	if d, _ := e.p.deployment("tick-log-v4"); d.AppProperties["level"] != "" {
		t.Fatalf("rolled back to the failed release: %v", d.AppProperties)
	}
}

// A wait that times out says what the platform last said about the apps that are not ready.
func TestWaitReasons(t *testing.T) {
	t.Parallel()
	got := waitReasons([]platforms.AppStatus{{DeploymentID: "a", State: platforms.StateDeployed, Reason: "ignored"},
		{DeploymentID: "b", State: platforms.StateDeploying, Reason: "Unschedulable: no node"}, {DeploymentID: "c", State: platforms.StateDeploying},
		{DeploymentID: "d", State: platforms.StateUnknown, Reason: "FailedCreate: quota"}})
	if got != " b: Unschedulable: no node; d: FailedCreate: quota" {
		t.Errorf("reasons: %q", got)
	}
	if got := waitReasons([]platforms.AppStatus{{DeploymentID: "c", State: platforms.StateDeploying}}); got != "" {
		t.Errorf("no reasons: %q", got)
	}
}

// summarize's progress line and failure reason.
func TestSummarize(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in      []platforms.AppStatus
		ready   bool
		line    string
		failure string
	}{
		{nil, true, "0 of 0 apps ready; waiting for ", ""},
		{[]platforms.AppStatus{{DeploymentID: "a", State: platforms.StateDeployed}, {DeploymentID: "b", State: platforms.StateUndeployed}, {DeploymentID: "c", State: platforms.StatePartial}},
			false, "1 of 3 apps ready; waiting for b undeployed, c partial", ""},
		{[]platforms.AppStatus{{DeploymentID: "a", State: platforms.StateDeploying}, {DeploymentID: "b", State: platforms.StateFailed, Reason: "OOMKilled"}},
			false, "", "app b failed (OOMKilled)"},
		{[]platforms.AppStatus{{DeploymentID: "a", State: platforms.StateDeployed}, {DeploymentID: "b", State: platforms.StateDeploying, Reason: "Unschedulable: 0/2 nodes are available"}},
			false, "1 of 2 apps ready; waiting for b deploying (Unschedulable: 0/2 nodes are available)", ""},
	} {
		ready, line, failure := summarize(c.in)
		if ready != c.ready || line != c.line || failure != c.failure {
			t.Errorf("%+v: %v %q %q", c.in, ready, line, failure)
		}
	}
}
