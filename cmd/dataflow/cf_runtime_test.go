package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// runtime actuator reaches a Cloud Foundry app through its route and the router, which cctest is; dataflow
// reaches the router as any program behind a proxy does (route hosts resolve nowhere here).
func TestCloudFoundryActuatorThroughTheRoute(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	registerSeedApps(t, dir)
	mustRunCF(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone")
	eventually(t, "stream deployed", func() string {
		if info := mustRunCF(t, dir, "stream", "info", "foo"); !strings.Contains(info, "deployed") {
			return info
		}
		return ""
	})
	s.ServeApp("foo-predict-v1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/actuator/info" {
			fmt.Fprintf(w, `{"served-by":%q}`, r.Header.Get("X-Cf-App-Instance"))
			return
		}
		w.WriteHeader(http.StatusNotFound)
	}))
	proxied := []string{"KUBECONFIG=", "CF_PASSWORD=" + cfPassword, "HTTP_PROXY=" + s.URL(), "NO_PROXY="}
	actuator := func(app, endpoint string) (string, string, int) {
		return runEnv(t, dir, "", proxied, "runtime", "actuator", "get", "--appId", app, "--instanceId", app+"-0", "--endpoint", endpoint)
	}
	out, stderr, code := actuator("foo-predict-v1", "info")
	if want := fmt.Sprintf(`{"served-by":"%s:0"}`, s.AppGUID("foo-predict-v1")) + "\n"; code != 0 || out != want {
		t.Fatalf("actuator info: %d %q %q, want %q", code, out, stderr, want)
	}
	if _, stderr, code := actuator("foo-predict-v1", "env"); code != 1 || stderr != "The actuator of foo-predict-v1-0 answered 404 Not Found to GET /actuator/env\n" {
		t.Fatalf("a missing endpoint: %d %q", code, stderr)
	}
	// An app that does not answer: the router's 502.
	if _, stderr, code := actuator("foo-cassandra-v1", "info"); code != 1 || stderr != "The actuator of foo-cassandra-v1-0 answered 502 Bad Gateway to GET /actuator/info\n" {
		t.Fatalf("an app that does not answer: %d %q", code, stderr)
	}
	s.CrashInstances("foo-predict-v1")
	if _, stderr, code := actuator("foo-predict-v1", "info"); code != 1 || !strings.Contains(stderr, "foo-predict-v1-0 of foo-predict-v1 is failed, not deployed") {
		t.Fatalf("a crashed instance: %d %q", code, stderr)
	}
}

// Task logs come from Log Cache: the run's own lines, found by execution id or by the CF task's GUID.
func TestCloudFoundryTaskLogFromLogCache(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	jar := filepath.Join(dir, "timestamp-task-1.0.0.jar")
	if err := os.WriteFile(jar, []byte("PK\x05\x06"+strings.Repeat("\x00", 18)), 0o600); err != nil { // an empty zip
		t.Fatal(err)
	}
	mustRunCF(t, dir, "app", "register", "--name", "timestamp", "--type", "task", "--uri", "file://"+jar)
	mustRunCF(t, dir, "task", "create", "ts", "--definition", "timestamp --format=yyyy")
	s.SetStep(cctest.PhaseTask, cctest.Step{Polls: 6})
	m := launched.FindStringSubmatch(mustRunCF(t, dir, "task", "launch", "ts", "--platformName", "highmemory"))
	if m == nil {
		t.Fatal("no execution id")
	}
	ext := regexp.MustCompile(`External Execution Id\s*│(\S+)`).FindStringSubmatch(mustRunCF(t, dir, "task", "execution", "status", m[2]))
	if ext == nil {
		t.Fatal("no external execution id")
	}
	s.AppLog("ts", "STG", "0", "OUT", "staging the task app")
	s.TaskLog(ext[1], "2026")
	for _, args := range [][]string{
		{"task", "execution", "log", m[2]},
		{"task", "execution", "log", "--externalExecutionId", ext[1], "--platform", "highmemory"},
		{"task", "execution", "log", m[2], "--follow"}, // returns once the task has ended
	} {
		out := mustRunCF(t, dir, args...)
		if !strings.HasSuffix(out, "[APP/TASK/ts/0] OUT 2026\n") || strings.Count(out, "\n") != 1 {
			t.Errorf("%v:\n%s", args, out)
		}
	}
	if !strings.Contains(mustRunCF(t, dir, "task", "execution", "status", m[2]), "COMPLETE") {
		t.Error("the follow returned before the task ended")
	}
	_, stderr, code := runCF(t, dir, "task", "execution", "log", "--externalExecutionId", ext[1], "--platform", "default")
	if code != 1 || !strings.Contains(stderr, "'default' does not exist") {
		t.Errorf("an unknown platform: %d %q", code, stderr)
	}
}
