package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// streamApps builds the sample stream app once into dir under the three names a stream of it uses, registers
// them, and returns the bus directory its messages go through.
func streamApps(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "streamapp")
	build := exec.Command("go", "build", "-o", bin, "../../testdata/apps/streamapp")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the stream app: %v\n%s", err, b)
	}
	var script strings.Builder
	for _, app := range []struct{ name, typ string }{{"time", "source"}, {"uppercase", "processor"}, {"log", "sink"}} {
		path := filepath.Join(dir, app.name+"-"+app.typ+"-1.0.0.bin")
		if err := os.Link(bin, path); err != nil {
			t.Fatal(err)
		}
		script.WriteString("app register --name " + app.name + " --type " + app.typ + " --uri file://" + path + "\n")
	}
	mustRun(t, dir, script.String())
	return filepath.Join(dir, "bus")
}

// mustRun runs the lines as a script and fails the test if one fails.
func mustRun(t *testing.T, dir, script string) string {
	t.Helper()
	path := filepath.Join(dir, "script.dfs")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := run(t, dir, "", "--file", path)
	if code != 0 {
		t.Fatalf("script failed (%d):\n%s\n%s", code, out, stderr)
	}
	return out
}

type runtimeApp struct {
	ID        string `json:"deploymentId"`
	State     string `json:"state"`
	Reason    string `json:"reason"`
	Instances []struct {
		ID         string            `json:"instanceId"`
		State      string            `json:"state"`
		Attributes map[string]string `json:"attributes"`
	} `json:"instances"`
}

// runtimeApps reads `runtime apps -o json` as a map by deployment id.
func runtimeApps(t *testing.T, dir string) map[string]runtimeApp {
	t.Helper()
	out, stderr, code := run(t, dir, "", "runtime", "apps", "-o", "json")
	if code != 0 {
		t.Fatalf("runtime apps: %s", stderr)
	}
	return runtimeAppsByID(t, out)
}

// runtimeAppsByID reads `runtime apps -o json` into a map by app id.
func runtimeAppsByID(t *testing.T, out string) map[string]runtimeApp {
	t.Helper()
	var list []runtimeApp
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("runtime apps -o json: %v\n%s", err, out)
	}
	m := map[string]runtimeApp{}
	for _, a := range list {
		m[a.ID] = a
	}
	return m
}

type releaseRow struct {
	Version     int    `json:"version"`
	Status      string `json:"status"`
	Description string `json:"description"`
}

func history(t *testing.T, dir, stream string) []releaseRow {
	t.Helper()
	out, stderr, code := run(t, dir, "", "stream", "history", stream, "-o", "json")
	if code != 0 {
		t.Fatalf("stream history: %s", stderr)
	}
	var rows []releaseRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func wantHistory(t *testing.T, dir, stream string, want ...string) {
	t.Helper()
	var got []string
	for _, r := range history(t, dir, stream) {
		got = append(got, strings.Join([]string{strconv.Itoa(r.Version), r.Status, r.Description}, " "))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// processesMentioning lists the pids whose command line holds s (the supervisors name their app's directory).
func processesMentioning(t *testing.T, s string) []string {
	t.Helper()
	entries, _ := os.ReadDir("/proc")
	var pids []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(b), s) && !strings.Contains(string(b), "go test") {
			stat, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
			if !strings.Contains(string(stat), ") Z ") {
				pids = append(pids, e.Name())
			}
		}
	}
	return pids
}

// eventually retries check until it returns "" or the time is up, and fails with its last complaint.
func eventually(t *testing.T, what string, check func() string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		if last = check(); last == "" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: %s", what, last)
}

func TestLocalStreamLifecycle(t *testing.T) {
	dir := e2eDir(t)
	bus := streamApps(t, dir)
	t.Cleanup(func() { run(t, dir, "", "stream", "all", "destroy", "--force") })
	mustRun(t, dir, `stream create tick --definition "time --interval=50ms | uppercase --transform=upper | log"
stream deploy tick --wait --timeout 20s --properties "app.*.dataflow.bus.dir=`+bus+`"
`)
	apps := runtimeApps(t, dir)
	for _, id := range []string{"tick-time-v1", "tick-uppercase-v1", "tick-log-v1"} {
		if apps[id].State != "deployed" || len(apps[id].Instances) != 1 {
			t.Fatalf("%s: %+v", id, apps[id])
		}
	}
	out, _, _ := run(t, dir, "", "stream", "list")
	if !strings.Contains(out, "│deployed║") {
		t.Fatalf("stream list:\n%s", out)
	}
	eventually(t, "messages reach the sink", func() string {
		logs, stderr, _ := run(t, dir, "", "stream", "logs", "tick", "--app", "log")
		if !strings.Contains(logs, "received: TIME ") {
			return logs + stderr
		}
		return ""
	})
	oldLog := apps["tick-log-v1"].Instances[0].Attributes["pid"]
	oldTime := apps["tick-time-v1"].Instances[0].Attributes["pid"]

	// An update deploys only the changed app as -v2, beside the old one, then removes the old one.
	mustRun(t, dir, `stream update tick --properties "app.log.greeting=hi"`)
	wantHistory(t, dir, "tick", "2 DEPLOYED Upgrade complete", "1 DELETED Delete complete")
	apps = runtimeApps(t, dir)
	if _, ok := apps["tick-log-v2"]; !ok || apps["tick-time-v1"].Instances[0].Attributes["pid"] != oldTime {
		t.Fatalf("after the update: %+v", apps)
	}
	if _, old := apps["tick-log-v1"]; old || len(processesMentioning(t, "tick-log-v1")) > 0 {
		t.Fatalf("tick-log-v1 (pid %s) still runs after the update", oldLog)
	}
	var docs []struct {
		Kind     string `json:"kind"`
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
		Spec struct {
			ApplicationProperties map[string]string `json:"applicationProperties"`
		} `json:"spec"`
	}
	asJSON, _, _ := run(t, dir, "", "stream", "manifest", "tick", "-o", "json")
	if err := json.Unmarshal([]byte(asJSON), &docs); err != nil || len(docs) != 3 || docs[0].Kind != "SpringCloudDeployerApplication" ||
		docs[0].Metadata.Name != "log" || docs[0].Spec.ApplicationProperties["greeting"] != "hi" {
		t.Fatalf("manifest -o json: %v\n%s", err, asJSON)
	}
	m2, _, _ := run(t, dir, "", "stream", "manifest", "tick")
	m1, _, _ := run(t, dir, "", "stream", "manifest", "tick", "--releaseVersion", "1")
	if !strings.Contains(m2, `"greeting": "hi"`) || strings.Contains(m1, "greeting") || !strings.Contains(m1, `"kind": "SpringCloudDeployerApplication"`) {
		t.Fatalf("manifests:\n%s\n---\n%s", m1, m2)
	}

	// An update whose new app is unhealthy fails; the new app goes, the old release keeps running.
	_, stderr, code := run(t, dir, "", "stream", "update", "tick", "--properties", "app.log.health=down", "--timeout", "20s")
	if code != 1 || !strings.Contains(stderr, "unhealthy") || !strings.Contains(stderr, "release 2 keeps running") {
		t.Fatalf("unhealthy update: %d %s", code, stderr)
	}
	if pids := processesMentioning(t, "tick-log-v3"); len(pids) > 0 {
		t.Fatalf("the failed app still runs: %v", pids)
	}
	if apps := runtimeApps(t, dir); apps["tick-log-v2"].State != "deployed" {
		t.Fatalf("release 2 after the failed update: %+v", apps)
	}

	// Rollback goes to the release before the deployed one (1), as a new version, and restores its config.
	mustRun(t, dir, "stream rollback tick\n")
	wantHistory(t, dir, "tick", "4 DEPLOYED Rollback complete", "3 FAILED "+history(t, dir, "tick")[1].Description,
		"2 DELETED Delete complete", "1 DELETED Delete complete")
	if m4, _, _ := run(t, dir, "", "stream", "manifest", "tick"); strings.Contains(m4, "greeting") || strings.Contains(m4, `"health": "down"`) {
		t.Fatalf("rollback kept later properties:\n%s", m4)
	}

	// Scale starts a second instance of the processor in place: no new release.
	mustRun(t, dir, "stream scale app instances tick --applicationName uppercase --count 2\n")
	eventually(t, "two uppercase instances", func() string {
		a := runtimeApps(t, dir)["tick-uppercase-v1"]
		if len(a.Instances) != 2 || a.State != "deployed" {
			b, _ := json.Marshal(a)
			return string(b)
		}
		return ""
	})
	if m, _, _ := run(t, dir, "", "stream", "manifest", "tick"); !strings.Contains(m, `"spring.cloud.deployer.count": "2"`) {
		t.Fatalf("the manifest does not record the count:\n%s", m)
	}

	// Undeploy stops every process; a later deploy continues the version numbers.
	mustRun(t, dir, "stream undeploy tick\n")
	if pids := processesMentioning(t, filepath.Join(dir, "local")); len(pids) > 0 {
		t.Fatalf("processes left after undeploy: %v", pids)
	}
	if out, _, _ := run(t, dir, "", "stream", "info", "tick"); !strings.Contains(out, "undeployed") {
		t.Fatalf("stream info after undeploy:\n%s", out)
	}
	mustRun(t, dir, "stream deploy tick\n")
	if h := history(t, dir, "tick"); h[0].Version != 5 || h[0].Status != "DEPLOYED" {
		t.Fatalf("redeploy: %+v", h[0])
	}
	mustRun(t, dir, "stream destroy tick\n")
	if pids := processesMentioning(t, filepath.Join(dir, "local")); len(pids) > 0 {
		t.Fatalf("processes left after destroy: %v", pids)
	}
}

func TestLocalStreamFailures(t *testing.T) {
	dir := e2eDir(t)
	bus := streamApps(t, dir)
	t.Cleanup(func() { run(t, dir, "", "stream", "all", "destroy", "--force") })
	mustRun(t, dir, `stream create s --definition "time | log"
stream create crash --definition "time | log --exit-after=10ms --exit-code=3 --start-delay=5s"
`)
	props := "app.*.dataflow.bus.dir=" + bus
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"stream", "deploy", "nope"}, "Could not find stream definition named nope"},
		{[]string{"stream", "deploy", "s", "--properties", "app.lgo.x=1"}, "property 'app.lgo.x' names no app of stream 's' (its apps: time, log)"},
		{[]string{"stream", "deploy", "s", "--properties", "deployer.log.count=two"}, "deployer count must be a whole number"},
		{[]string{"stream", "deploy", "s", "--platformName", "mars"}, "No Launcher found for the platform named 'mars'"},
		{[]string{"stream", "deploy", "s", "--properties", "a=1", "--propertiesFile", "x"}, "You cannot specify both 'properties' and 'propertiesFile'"},
		{[]string{"stream", "update", "s", "--properties", "app.log.x=1"}, "Stream 's' is not deployed"},
		{[]string{"stream", "undeploy", "s"}, "Stream 's' is not deployed"},
		{[]string{"stream", "rollback", "s"}, "Could not find a release of 's' to roll back to"},
		{[]string{"stream", "history", "s"}, "Release with name 's' does not exist"},
	}
	for _, c := range cases {
		_, stderr, code := run(t, dir, "", c.args...)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
	if h, _, code := run(t, dir, "", "stream", "history", "s"); code == 0 {
		t.Fatalf("a refused deploy left a release:\n%s", h)
	}

	// A dry run shows the processes, masks secrets, and changes nothing.
	out, stderr, code := run(t, dir, "", "stream", "deploy", "s", "--dry-run", "--properties", "app.log.db.password=hunter2")
	if code != 0 || !strings.Contains(out, "deploymentId: s-log-v1") || !strings.Contains(out, "--db.password=******") || strings.Contains(out, "hunter2") {
		t.Fatalf("dry run: %d\n%s%s", code, out, stderr)
	}
	if h, _, code := run(t, dir, "", "stream", "history", "s"); code == 0 || len(processesMentioning(t, filepath.Join(dir, "local"))) > 0 {
		t.Fatalf("a dry run deployed:\n%s", h)
	}

	mustRun(t, dir, "stream deploy s --wait --timeout 20s --properties \""+props+"\"\n")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"stream", "deploy", "s"}, "Stream 's' is already deployed"},
		{[]string{"stream", "update", "s", "--properties", "app.log.dataflow.bus.dir=" + bus}, "Package to upgrade has no difference than existing deployed/deleted package. Not upgrading."},
		{[]string{"stream", "update", "s", "--appNames", "log"}, "App names can be used only when the stream update is forced."},
		{[]string{"stream", "scale", "app", "instances", "s", "--applicationName", "nope", "--count", "2"}, "app 'nope' is not in stream 's'"},
		{[]string{"stream", "rollback", "s", "--releaseVersion", "9"}, "Release with name 's' and version '9' does not exist"},
		{[]string{"stream", "manifest", "s", "--releaseVersion", "9"}, "Release with name 's' and version '9' does not exist"},
		{[]string{"stream", "logs", "s", "--app", "nope"}, "app 'nope' is not in stream 's'"},
		{[]string{"stream", "logs", "nope"}, "Could not find stream definition named nope"},
		{[]string{"runtime", "apps", "--name", "nope"}, "Could not find stream definition named nope"},
		{[]string{"stream", "scale", "app", "instances", "s", "--applicationName", "log", "--count", "-1"}, "the instance count must be 0 or more"},
	} {
		_, stderr, code := run(t, dir, "", c.args...)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}

	// A supervisor killed with SIGKILL (and its app with it) is reported, not shown as running.
	apps := runtimeApps(t, dir)
	pid := apps["s-log-v1"].Instances[0].Attributes["pid"]
	if err := syscall.Kill(-atoi(t, pid), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the killed app is reported", func() string {
		a := runtimeApps(t, dir)["s-log-v1"]
		if a.State != "failed" || !strings.Contains(a.Reason, "vanished") {
			b, _ := json.Marshal(a)
			return string(b)
		}
		return ""
	})

	// An app that exits at start (before it ever answers its health check: no race with the wait) fails the wait
	// with its exit code.
	_, stderr, code = run(t, dir, "", "stream", "deploy", "crash", "--wait", "--timeout", "20s", "--properties", props)
	if code != 1 || !strings.Contains(stderr, "exited with code 3") {
		t.Fatalf("crashing app: %d %s", code, stderr)
	}
	if a := runtimeApps(t, dir)["crash-log-v1"]; a.State != "failed" {
		t.Fatalf("crash-log-v1: %+v", a)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

// Shells that update one stream at the same moment: exactly one update wins, every other one is told the
// release is busy, and the history holds one new release.
func TestConcurrentStreamUpdatesOneWins(t *testing.T) {
	dir := e2eDir(t)
	bus := streamApps(t, dir)
	t.Cleanup(func() { run(t, dir, "", "stream", "all", "destroy", "--force") })
	props := "app.*.dataflow.bus.dir=" + bus
	mustRun(t, dir, "stream create s --definition \"time | log\"\nstream deploy s --wait --timeout 20s --properties \""+props+"\"\n")
	const shells = 4
	type result struct {
		code   int
		stderr string
	}
	results := make(chan result, shells)
	for i := 0; i < shells; i++ {
		// The new log app starts slowly, so the winner's release is underway while the others try.
		p := fmt.Sprintf("app.log.start-delay=2s,app.log.shell=%d", i)
		go func() {
			_, stderr, code := run(t, dir, "", "stream", "update", "s", "--properties", p)
			results <- result{code, stderr}
		}()
	}
	won := 0
	for i := 0; i < shells; i++ {
		r := <-results
		switch {
		case r.code == 0:
			won++
		case r.code != 1 || !strings.Contains(r.stderr, "Stream 's' is busy: release 2 ") || strings.Count(r.stderr, "\n") != 1:
			t.Errorf("a losing update: exit %d, %q", r.code, r.stderr)
		}
	}
	if won != 1 {
		t.Fatalf("%d updates won", won)
	}
	wantHistory(t, dir, "s", "2 DEPLOYED Upgrade complete", "1 DELETED Delete complete")
}
