package flow

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// The state `stream list` shows per stream, from its releases and what the platform says of its apps, as SCDF
// aggregates it; a stream whose platform cannot be asked is unknown, and the others are still listed.
func TestStreamStatuses(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	step := func() { e.clock.Advance(time.Second) } // releases' times tell which happened last
	for _, n := range []string{"partial", "busy", "gone", "broken", "retried", "dark", "idle"} {
		e.createStream(n, "time | log")
	}
	e.deploy("tick", nil)
	e.deploy("partial", nil)
	e.p.script("partial-log-v1", failedWith("CrashLoopBackOff"))
	step()
	e.deploy("busy", nil)
	rel := e.f.newRelease("busy", 2, "default", releaseConfig{}, "Upgrade install underway")
	if _, err := e.f.claimRelease(e.ctx, store.AuditRecord{Operation: "STREAM", Action: "UPDATE", Correlation: "busy"}, rel); err != nil {
		t.Fatal(err)
	}
	e.deploy("gone", nil)
	step()
	if err := e.f.UndeployStream(e.ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	e.p.failNth(kDeploy, e.p.counts[kDeploy]+1, errBoom)
	if _, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: "broken"}); err == nil {
		t.Fatal("deploy should fail")
	}
	// A failed update and then an undeploy: the undeploy is the newer event.
	e.deploy("retried", nil)
	step()
	e.p.failNth(kDeploy, e.p.counts[kDeploy]+1, errBoom)
	if _, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "retried", Properties: props("app.log.x", "1")}); err == nil {
		t.Fatal("update should fail")
	}
	step()
	if err := e.f.UndeployStream(e.ctx, "retried"); err != nil {
		t.Fatal(err)
	}
	e.deploy("dark", nil)
	e.p.failID(kStatus, "dark-log-v1", errors.New("connection refused"))

	got, err := e.f.StreamStatuses(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]platforms.DeploymentState{
		"tick": platforms.StateDeployed, "partial": platforms.StatePartial, "busy": platforms.StateDeploying,
		"gone": platforms.StateUndeployed, "broken": platforms.StateFailed, "retried": platforms.StateUndeployed,
		"dark": platforms.StateUnknown,
	}
	if len(got) != len(want) {
		t.Fatalf("statuses %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}

	// One stream, live.
	rt, err := e.f.StreamRuntimeOf(e.ctx, "partial")
	if err != nil || rt.State != platforms.StatePartial || len(rt.Apps) != 2 || rt.Apps[0].Reason != "CrashLoopBackOff" || rt.Release.Version != 1 {
		t.Fatalf("partial: %+v %v", rt, err)
	}
	if rt, err := e.f.StreamRuntimeOf(e.ctx, "idle"); err != nil || rt.State != platforms.StateUndeployed {
		t.Fatalf("idle: %+v %v", rt, err)
	}
	_, err = e.f.StreamRuntimeOf(e.ctx, "dark")
	wantErr(t, err, "cannot read the status of stream 'dark' on 'default': connection refused")

	// runtime apps: the deployed streams only, by name, each with its apps; a platform error is reported.
	_, err = e.f.RuntimeApps(e.ctx, nil)
	wantErr(t, err, "cannot read the status of stream 'dark' on 'default': connection refused")
	e.p.heal()
	all, err := e.f.RuntimeApps(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range all {
		names = append(names, r.Release.Name)
	}
	if !slices.Equal(names, []string{"dark", "partial", "tick"}) {
		t.Fatalf("runtime apps of %v", names)
	}
	tick := all[2]
	if tick.State != platforms.StateDeployed || len(tick.Apps) != 3 || tick.Apps[0].DeploymentID != "tick-log-v1" || len(tick.Apps[0].Instances) != 1 {
		t.Fatalf("tick: %+v", tick)
	}
	some, err := e.f.RuntimeApps(e.ctx, []string{"tick", "idle"})
	if err != nil || len(some) != 1 || some[0].Release.Name != "tick" {
		t.Fatalf("named: %+v %v", some, err)
	}
	_, err = e.f.RuntimeApps(e.ctx, []string{"nope"})
	wantErr(t, err, "Could not find stream definition named nope")
}

// Scale changes an app's count in place on the platform and in the release's config and manifest, with no new
// release; a refused or failed scale records nothing.
func TestScaleStreamApp(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.createStream("lab", "time | sink: log")
	_ = e.deploy("tick", nil)
	wantErr(t, e.f.ScaleStreamApp(e.ctx, "lab", "sink", 2), "Stream 'lab' is not deployed")
	e.deploy("lab", nil)

	e.p.scaleHandle = "tick-log-v1@2"
	if err := e.f.ScaleStreamApp(e.ctx, "tick", "log", 3); err != nil {
		t.Fatal(err)
	}
	if got := e.p.callsOf(kScale); !slices.Equal(got, []string{"tick-log-v1=3"}) {
		t.Fatalf("scale calls %v", got)
	}
	if d, _ := e.p.deployment("tick-log-v1"); d.Count != 3 {
		t.Fatalf("count on the platform %d", d.Count)
	}
	rel := e.release("tick", 1)
	config, _ := configOf(rel)
	if log, _ := config.app("log"); log.DeploymentProperties["spring.cloud.deployer.count"] != "3" {
		t.Fatalf("config %+v", log.DeploymentProperties)
	}
	if !strings.Contains(rel.Manifest, `"spring.cloud.deployer.count": "3"`) || rel.Apps[0].Handle != "tick-log-v1@2" {
		t.Fatalf("release %+v", rel)
	}
	if got := e.releases("tick"); got != "v1 DEPLOYED (Install complete)" {
		t.Fatalf("a scale made a release: %s", got)
	}
	audits, _ := e.s.Read().ListAudit(e.ctx, store.AuditFilter{Operation: "STREAM"})
	if audits[0].Action != "SCALE" || audits[0].Data != "log=3" {
		t.Fatalf("audit %+v", audits[0])
	}
	// By the app's name when its label differs; to zero.
	if err := e.f.ScaleStreamApp(e.ctx, "lab", "log", 0); err != nil {
		t.Fatal(err)
	}
	if got := e.p.callsOf(kScale); got[1] != "lab-sink-v1=0" {
		t.Fatalf("scale calls %v", got)
	}

	for _, c := range []struct {
		app   string
		count int
		want  string
	}{
		{"log", -1, "the instance count must be 0 or more, got -1"},
		{"nope", 2, "app 'nope' is not in stream 'tick' (its apps: log, time, transform)"},
	} {
		wantErr(t, e.f.ScaleStreamApp(e.ctx, "tick", c.app, c.count), c.want)
	}
	e.p.failNth(kScale, 3, errBoom)
	wantErr(t, e.f.ScaleStreamApp(e.ctx, "tick", "time", 2), "could not scale tick-time-v1: boom")
	config, _ = configOf(e.release("tick", 1))
	if tm, _ := config.app("time"); tm.DeploymentProperties["spring.cloud.deployer.count"] != "" {
		t.Fatalf("a failed scale was recorded: %v", tm.DeploymentProperties)
	}
}

// stream logs: every app's output under its id, sink first, or one app's.
func TestStreamLogs(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	_, err := streamLogs(e, "tick", "")
	wantErr(t, err, "Stream 'tick' is not deployed")
	e.deploy("tick", nil)
	e.p.logs["tick-log-v1"] = "hello\nworld"
	e.p.logs["tick-time-v1"] = "tick\n"
	all, err := streamLogs(e, "tick", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "==> tick-log-v1 <==\nhello\nworld\n==> tick-transform-v1 <==\n==> tick-time-v1 <==\ntick\n"; all != want {
		t.Fatalf("logs\n%q\nwant\n%q", all, want)
	}
	one, err := streamLogs(e, "tick", "time")
	if err != nil || one != "==> tick-time-v1 <==\ntick\n" {
		t.Fatalf("one app: %q %v", one, err)
	}
	_, err = streamLogs(e, "tick", "nope")
	wantErr(t, err, "app 'nope' is not in stream 'tick'")
	e.p.failID(kLogs, "tick-transform-v1", errBoom)
	_, err = streamLogs(e, "tick", "")
	wantErr(t, err, "cannot read the logs of tick-transform-v1: boom")
}
