package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// `stream update --dryRun` on a running local stream: the plan, as text and as JSON, with the secret masked;
// nothing written (history, audit records) and nothing changed on the platform; then the update does what the
// plan said.
func TestLocalStreamUpdateDryRun(t *testing.T) {
	dir := e2eDir(t)
	bus := streamApps(t, dir)
	t.Cleanup(func() { run(t, dir, "", "stream", "all", "destroy", "--force") })
	mustRun(t, dir, `stream create tick --definition "time --interval=50ms | uppercase --transform=upper | log"
stream deploy tick --wait --timeout 20s --properties "app.*.dataflow.bus.dir=`+bus+`"
`)
	audits := mustRun(t, dir, "audit-record list\n")
	update := `stream update tick --properties "app.log.greeting=hi,app.log.db.password=pw1234" --dryRun`
	out := mustRun(t, dir, update+"\n")
	for _, want := range []string{
		"Plan for the update of stream 'tick' on platform 'default': release 1 -> release 2\n",
		"~ log: replaced, tick-log-v1 -> tick-log-v2\n    + db.password=******\n    + greeting=hi\n",
		"  time: kept, tick-time-v1\n",
		"+ tick-log-v2 on 'default' (app log of release 2)\n",
		"- tick-log-v1 on 'default' (replaced by release 2 once it is ready)\n",
		"Dry run: nothing was changed.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "pw1234") || strings.Contains(out, "\x1b[") {
		t.Fatalf("a secret or colour in the plan:\n%s", out)
	}
	var plan struct {
		ToRelease int `json:"toRelease"`
		Apps      []struct {
			Label           string `json:"label"`
			Action          string `json:"action"`
			NewDeploymentID string `json:"newDeploymentId"`
		} `json:"apps"`
	}
	asJSON := mustRun(t, dir, update+" -o json\n")
	if err := json.Unmarshal([]byte(asJSON), &plan); err != nil || plan.ToRelease != 2 || len(plan.Apps) != 3 {
		t.Fatalf("-o json: %v\n%s", err, asJSON)
	}
	wantHistory(t, dir, "tick", "1 DEPLOYED Install complete")
	if after := mustRun(t, dir, "audit-record list\n"); after != audits {
		t.Fatalf("the dry run was audited:\n%s", after)
	}
	apps := runtimeApps(t, dir)
	if _, ok := apps["tick-log-v2"]; ok || apps["tick-log-v1"].State != "deployed" {
		t.Fatalf("the dry run changed the platform: %+v", apps)
	}

	// No difference: the update's refusal, said to be a plan's, exit 1.
	_, stderr, code := run(t, dir, "", "stream", "update", "tick", "--properties", "app.log.dataflow.bus.dir="+bus, "--dryRun")
	if code != 1 || !strings.Contains(stderr, "Dry run, nothing changed: Package to upgrade has no difference") {
		t.Fatalf("no difference: exit %d %s", code, stderr)
	}

	// A deploy dry run of the deployed stream fails as the deploy would, and shows what the update would do.
	stdout, stderr, code := run(t, dir, "", "stream", "deploy", "tick", "--dry-run", "--properties", "app.log.greeting=hi")
	if code != 1 || !strings.Contains(stderr, "Stream 'tick' is already deployed") ||
		!strings.Contains(stdout, "'stream update' with these properties would do this:\n") ||
		!strings.Contains(stdout, "~ log: replaced, tick-log-v1 -> tick-log-v2\n    + greeting=hi\n") {
		t.Fatalf("deploy --dry-run of a deployed stream: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, _, code = run(t, dir, "", "stream", "deploy", "tick", "--dry-run")
	if code != 1 || !strings.Contains(stdout, "'stream update' with these properties would change nothing") {
		t.Fatalf("deploy --dry-run of a deployed stream, no properties: exit %d\n%s", code, stdout)
	}
	wantHistory(t, dir, "tick", "1 DEPLOYED Install complete")

	mustRun(t, dir, strings.TrimSuffix(update, " --dryRun")+"\n")
	apps = runtimeApps(t, dir)
	for _, a := range plan.Apps {
		if apps[a.NewDeploymentID].State == "" {
			t.Errorf("the plan said %s would run as %s; the update runs %+v", a.Label, a.NewDeploymentID, apps)
		}
	}
	if _, old := apps["tick-log-v1"]; old {
		t.Fatalf("tick-log-v1 runs after the update: %+v", apps)
	}
}
