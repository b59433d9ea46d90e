package main

import (
	"strings"
	"testing"
)

// stream create --deploy creates and deploys in one command; stream all undeploy asks, then un-deploys every
// deployed stream (keeping the definitions), and refuses without --force when nobody can answer.
func TestStreamCreateDeployAndAllUndeploy(t *testing.T) {
	dir := e2eDir(t)
	streamApps(t, dir)
	t.Cleanup(func() { run(t, dir, "", "stream", "all", "destroy", "--force") })
	out := mustRun(t, dir, `stream create one --definition "time --interval=1s | log" --deploy
stream create two --definition "time --interval=1s | log" --deploy true
stream create three --definition "time | log"
`)
	if strings.Count(out, "Deployment request has been sent") != 2 {
		t.Fatalf("create --deploy:\n%s", out)
	}
	eventually(t, "both streams' apps run", func() string {
		apps := runtimeApps(t, dir)
		for _, id := range []string{"one-time-v1", "one-log-v1", "two-time-v1", "two-log-v1"} {
			if apps[id].State != "deployed" {
				return id + " is " + apps[id].State
			}
		}
		return ""
	})

	_, stderr, code := run(t, dir, "", "stream", "all", "undeploy")
	if code != 2 || !strings.Contains(stderr, "Really undeploy all streams: not asking because the shell is not interactive; add --force to proceed") {
		t.Fatalf("without --force: %d %s", code, stderr)
	}
	if len(runtimeApps(t, dir)) != 4 {
		t.Fatal("a refused stream all undeploy undeployed something")
	}
	out, stderr, code = run(t, dir, "", "stream", "all", "undeploy", "--force")
	if code != 0 || strings.TrimSpace(out) != "Un-deployed all the streams" {
		t.Fatalf("stream all undeploy --force: %d %q %s", code, out, stderr)
	}
	if apps := runtimeApps(t, dir); len(apps) != 0 {
		t.Fatalf("apps left: %+v", apps)
	}
	if len(processesMentioning(t, "one-time-v1"))+len(processesMentioning(t, "two-log-v1")) > 0 {
		t.Fatal("processes left running")
	}
	list, _, _ := run(t, dir, "", "stream", "list")
	if strings.Count(list, "undeployed") != 3 {
		t.Fatalf("the definitions should stay, undeployed:\n%s", list)
	}

	// A stream whose app is not registered is not created, and nothing is deployed.
	_, stderr, code = run(t, dir, "", "stream", "create", "bad", "--definition", "time | nosuch", "--deploy")
	if code != 1 || !strings.Contains(stderr, "Application name 'nosuch' with type 'sink' does not exist in the app registry.") {
		t.Fatalf("bad create --deploy: %d %s", code, stderr)
	}
}
