package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// sampleApp builds one of the sample task apps under testdata/apps into dir, named as `make build` names it.
func sampleApp(t *testing.T, dir, app string) string {
	t.Helper()
	out := filepath.Join(dir, app+"-task-1.0.0.bin")
	build := exec.Command("go", "build", "-o", out, "../../testdata/apps/"+app)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", app, err, b)
	}
	return out
}

var launched = regexp.MustCompile(`Launched task '(\S+)' with execution id (\d+)`)

// waitForEnd polls task execution status until the execution has ended.
func waitForEnd(t *testing.T, dir, id string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out, stderr, code := run(t, dir, "", "task", "execution", "status", id)
		if code != 0 {
			t.Fatalf("status: %s", stderr)
		}
		if !strings.Contains(out, "RUNNING") && !strings.Contains(out, "LAUNCHING") {
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("execution %s did not end", id)
	return ""
}

func TestLocalTaskLaunchRecordsTheExit(t *testing.T) {
	dir := t.TempDir()
	ts := sampleApp(t, dir, "timestamp")
	fail := sampleApp(t, dir, "exitwith")
	script := filepath.Join(dir, "setup.dfs")
	body := "app register --name timestamp --type task --uri file://" + ts + "\n" +
		"app register --name exitwith --type task --uri file://" + fail + "\n" +
		"task create ts --definition \"timestamp --format=yyyy\"\n" +
		"task create boom --definition \"exitwith --code=3\"\n"
	if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "--file", script); code != 0 {
		t.Fatalf("setup: %s", stderr)
	}

	out, stderr, code := run(t, dir, "", "task", "launch", "ts", "--properties", "app.timestamp.format=yyyy-MM-dd", "--arguments", "--extra=1")
	m := launched.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("launch: exit %d out %q err %q", code, out, stderr)
	}
	status := waitForEnd(t, dir, m[2])
	for _, want := range []string{"COMPLETE", "║Exit Code             │0", "--extra=1", "format=yyyy-MM-dd"} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}
	log, _, code := run(t, dir, "", "task", "execution", "log", m[2])
	if code != 0 || !regexp.MustCompile(`execution `+m[2]+`: \d{4}-\d{2}-\d{2}\n`).MatchString(log) {
		t.Errorf("the task gets its execution id and the launch property: %q", log)
	}

	out, _, _ = run(t, dir, "", "task", "launch", "boom")
	m = launched.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("launch boom: %q", out)
	}
	status = waitForEnd(t, dir, m[2])
	if !strings.Contains(status, "ERROR") || !strings.Contains(status, "exited with code 3") {
		t.Errorf("a failing task is recorded as failed:\n%s", status)
	}
	list, _, _ := run(t, dir, "", "task", "execution", "list")
	if !strings.Contains(list, "║boom     │2 │") || !strings.Contains(list, "║ts       │1 │") {
		t.Errorf("execution list:\n%s", list)
	}
}

func TestTaskLaunchFailures(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "setup.dfs")
	body := "app register --name gone --type task --uri file:///nonexistent/gone-task-1.0.0.bin\n" +
		"app register --name img --type task --uri docker:example/img:1.0\n" +
		"task create g --definition gone\n" +
		"task create ct --definition \"gone && img\"\n"
	if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "--file", script); code != 0 {
		t.Fatalf("setup: %s", stderr)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"task", "launch", "nope"}, "Could not find task definition named nope"},
		{[]string{"task", "launch", "g"}, "does not exist on this machine"},
		{[]string{"task", "launch", "g", "--platformName", "elsewhere"}, "Task platform 'elsewhere' does not exist"},
		{[]string{"task", "launch", "g", "--properties", "foo=bar"}, "Only deployment property keys"},
		{[]string{"task", "launch", "ct"}, "composed task"},
		{[]string{"task", "execution", "status", "99"}, "Could not find TaskExecution with id 99"},
	}
	for _, c := range cases {
		_, stderr, code := run(t, dir, "", c.args...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
	// The launch that could not start is recorded as failed, not left running.
	list, _, _ := run(t, dir, "", "task", "execution", "list", "-o", "json")
	if !strings.Contains(list, `"status": "ERROR"`) || strings.Contains(list, "RUNNING") {
		t.Errorf("executions: %s", list)
	}
}
