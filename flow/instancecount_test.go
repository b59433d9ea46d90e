package flow

import (
	"encoding/json"
	"testing"
)

// appCounts is an app's deployer count and instanceCount in a release's config.
func (e *engine) appCounts(version int, label string) (deployer, instance string) {
	e.t.Helper()
	var c releaseConfig
	if err := json.Unmarshal([]byte(e.release("tick", version).Config), &c); err != nil {
		e.t.Fatal(err)
	}
	a, ok := c.app(label)
	if !ok {
		e.t.Fatalf("no app %s in release %d", label, version)
	}
	return a.DeploymentProperties[deployerPrefix+"count"], a.ApplicationProperties[instanceCountKey]
}

// A count given to an update is applied, with the app's instanceCount to match: the app is deployed again
// with it (Skipper compared without the count and kept the running one). A count carried over from a scale
// reaches instanceCount when its app is deployed again; apps kept running keep their config as it is.
func TestUpdateCountsAreConsistent(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", props("deployer.log.count", "2"))
	if d, i := e.appCounts(1, "log"); d != "2" || i != "2" {
		t.Fatalf("deploy: count %s, instanceCount %s", d, i)
	}
	rel := e.update("tick", props("deployer.log.count", "3")) // a count-only update
	if d, i := e.appCounts(rel.Version, "log"); d != "3" || i != "3" {
		t.Fatalf("count-only update: count %s, instanceCount %s", d, i)
	}
	if got := e.p.running[objectName("tick-log-v2")].Count; got != 3 {
		t.Fatalf("deployed with %d instances", got)
	}
	if _, ok := e.p.running[objectName("tick-time-v1")]; !ok {
		t.Fatal("an app the update did not touch was deployed again")
	}
	_, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("deployer.log.count", "3")})
	wantErr(t, err, "Package to upgrade has no difference than existing deployed/deleted package. Not upgrading.")

	if err := e.f.ScaleStreamApp(e.ctx, "tick", "log", 5); err != nil {
		t.Fatal(err)
	}
	if d, i := e.appCounts(2, "log"); d != "5" || i != "3" {
		t.Fatalf("after the scale the manifest says what runs: count %s, instanceCount %s", d, i)
	}
	rel = e.update("tick", props("app.log.level", "debug"))
	if d, i := e.appCounts(rel.Version, "log"); d != "5" || i != "5" {
		t.Fatalf("redeployed after a scale: count %s, instanceCount %s", d, i)
	}
	if _, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: "tick", Properties: props("deployer.log.count", "x")}); err == nil {
		t.Fatal("a bad count was taken")
	}
}
