package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
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
	list, _, _ := run(t, dir, "", "task", "execution", "list")
	log, _, _ := run(t, dir, "", "task", "execution", "log", id)
	t.Fatalf("execution %s did not end:\n%s\n%s", id, list, log)
	return ""
}

func TestLocalTaskLaunchRecordsTheExit(t *testing.T) {
	dir := e2eDir(t)
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
	if code != 0 || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\n`).MatchString(log) {
		t.Errorf("the task gets the launch property, and no execution id without a task database: %q", log)
	}

	// The same properties from a file.
	propsFile := filepath.Join(dir, "launch.yaml")
	if err := os.WriteFile(propsFile, []byte("app:\n  timestamp:\n    format: yyyy-MM\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = run(t, dir, "", "task", "launch", "ts", "--propertiesFile", propsFile)
	if m = launched.FindStringSubmatch(out); code != 0 || m == nil {
		t.Fatalf("launch --propertiesFile: exit %d out %q err %q", code, out, stderr)
	}
	waitForEnd(t, dir, m[2])
	if log, _, _ := run(t, dir, "", "task", "execution", "log", m[2]); !regexp.MustCompile(`^\d{4}-\d{2}\n`).MatchString(log) {
		t.Errorf("the launch property from the file: %q", log)
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
	if !strings.Contains(list, "║boom     │3 │") || !strings.Contains(list, "║ts       │1 │") {
		t.Errorf("execution list:\n%s", list)
	}
}

func TestTaskLaunchFailures(t *testing.T) {
	dir := e2eDir(t)
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

func TestComposedTaskRunsItsGraph(t *testing.T) {
	dir := e2eDir(t)
	ok := sampleApp(t, dir, "exitwith")
	script := filepath.Join(dir, "setup.dfs")
	body := "app register --name step --type task --uri file://" + ok + "\n" +
		// a && <b || c> && d, all succeeding (exit code 0)
		"task create good --definition \"a: step --code=0 && <b: step --code=0 || c: step --code=0> && d: step --code=0\"\n" +
		// a failing step whose failure a transition handles, then the rest of the flow is not run
		"task create handled --definition \"a: step --code=3 'FAILED'->fix: step --code=0 && never: step --code=0\"\n" +
		// a failing step with no transition fails the graph and stops it
		"task create unhandled --definition \"a: step --code=4 && never: step --code=0\"\n" +
		// an exit-code transition to $FAIL
		"task create tofail --definition \"a: step --code=7 7->$FAIL\"\n"
	if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "--file", script); code != 0 {
		t.Fatalf("setup: %s", stderr)
	}
	out, stderr, code := run(t, dir, "", "task", "launch", "good")
	if code != 0 || strings.Count(out, "Launched task 'good-") != 4 || !strings.Contains(out, "Composed task 'good' (execution id 1) completed") {
		t.Fatalf("good: exit %d\n%s%s", code, out, stderr)
	}
	aEnded, dLaunched := strings.Index(out, "Task 'good-a'"), strings.Index(out, "Launched task 'good-d'")
	bLaunched, bEnded, cEnded := strings.Index(out, "Launched task 'good-b'"), strings.Index(out, "Task 'good-b'"), strings.Index(out, "Task 'good-c'")
	if aEnded < 0 || aEnded > bLaunched || dLaunched < bEnded || dLaunched < cEnded {
		t.Errorf("a ends before the split starts, and d starts after both branches ended:\n%s", out)
	}
	out, _, code = run(t, dir, "", "task", "launch", "handled")
	if code != 0 || !strings.Contains(out, "Launched task 'handled-fix'") || strings.Contains(out, "handled-never") {
		t.Errorf("handled: exit %d\n%s", code, out)
	}
	out, stderr, code = run(t, dir, "", "task", "launch", "unhandled")
	if code != 1 || strings.Contains(out, "unhandled-never") || !strings.Contains(stderr, "composed task unhandled") {
		t.Errorf("unhandled: exit %d\n%s%s", code, out, stderr)
	}
	_, _, code = run(t, dir, "", "task", "launch", "tofail")
	if code != 1 {
		t.Errorf("tofail: exit %d", code)
	}
	list, _, _ := run(t, dir, "", "task", "execution", "list", "--name", "unhandled", "-o", "json")
	if !strings.Contains(list, `"status": "ERROR"`) || !strings.Contains(list, `"resourceUrl": "composed-task-runner"`) {
		t.Errorf("the parent execution records the failure: %s", list)
	}
}

// A supervisor killed with SIGKILL cannot record the end: the next look at the execution says so instead of
// showing it running for ever.
func TestKilledSupervisorIsNotLeftRunning(t *testing.T) {
	dir := e2eDir(t)
	app := sampleApp(t, dir, "exitwith")
	script := filepath.Join(dir, "setup.dfs")
	if err := os.WriteFile(script, []byte("app register --name slow --type task --uri file://"+app+"\ntask create slow --definition \"slow --code=0 --sleep=2s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "--file", script); code != 0 {
		t.Fatalf("setup: %s", stderr)
	}
	out, _, _ := run(t, dir, "", "task", "launch", "slow")
	if launched.FindStringSubmatch(out) == nil {
		t.Fatalf("launch: %s", out)
	}
	status, _, _ := run(t, dir, "", "task", "execution", "status", "1")
	m := regexp.MustCompile(`slow-(\d+)`).FindStringSubmatch(status)
	if m == nil || !strings.Contains(status, "RUNNING") {
		t.Fatalf("a running execution with its supervisor's pid:\n%s", status)
	}
	pid, _ := strconv.Atoi(m[1])
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, _, _ = run(t, dir, "", "task", "execution", "status", "1")
		if strings.Contains(status, "ERROR") || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(status, "ERROR") || !strings.Contains(status, "vanished") {
		t.Fatalf("a killed supervisor's execution is recorded as vanished:\n%s", status)
	}
}

func TestStopAndCurrent(t *testing.T) {
	dir := e2eDir(t)
	app := sampleApp(t, dir, "exitwith")
	script := filepath.Join(dir, "setup.dfs")
	if err := os.WriteFile(script, []byte("app register --name slow --type task --uri file://"+app+"\ntask create slow --definition \"slow --code=0 --sleep=30s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "--file", script); code != 0 {
		t.Fatalf("setup: %s", stderr)
	}
	if out, _, _ := run(t, dir, "", "task", "launch", "slow"); launched.FindStringSubmatch(out) == nil {
		t.Fatalf("launch: %s", out)
	}
	current, _, _ := run(t, dir, "", "task", "execution", "current")
	if !strings.Contains(current, "║default      │Local        │1              │20                ║") {
		t.Errorf("current:\n%s", current)
	}
	out, stderr, code := run(t, dir, "", "task", "execution", "stop", "1")
	if code != 0 || !strings.Contains(out, "Request to stop the task execution with id(s): 1 has been submitted") {
		t.Fatalf("stop: exit %d %s %s", code, out, stderr)
	}
	status := waitForEnd(t, dir, "1")
	if !strings.Contains(status, "ERROR") || !strings.Contains(status, "143") {
		log, _, _ := run(t, dir, "", "task", "execution", "log", "1")
		t.Errorf("a stopped task ends with SIGTERM's code:\n%s\nlog:\n%s", status, log)
	}
	_, stderr, code = run(t, dir, "", "task", "execution", "stop", "1")
	if code != 1 || !strings.Contains(stderr, "has already ended") {
		t.Errorf("stopping an ended execution: exit %d %s", code, stderr)
	}
	_, stderr, code = run(t, dir, "", "task", "execution", "stop", "x")
	if code != 2 || !strings.Contains(stderr, "Invalid execution id 'x'") {
		t.Errorf("a bad id: exit %d %s", code, stderr)
	}
}

// --detach hands a composed graph to a background dataflow process: the command returns at once and the graph
// completes without the shell.
func TestComposedTaskDetached(t *testing.T) {
	dir := e2eDir(t)
	app := sampleApp(t, dir, "exitwith")
	script := filepath.Join(dir, "setup.dfs")
	body := "app register --name step --type task --uri file://" + app + "\n" +
		"task create bg --definition \"a: step --code=0 --sleep=300ms && <b: step --code=0 || c: step --code=0>\"\n"
	if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "--file", script); code != 0 {
		t.Fatalf("setup: %s", stderr)
	}
	out, stderr, code := run(t, dir, "", "task", "launch", "bg", "--detach", "--properties", "app.b.code=0")
	if code != 0 || !strings.Contains(out, "Launched composed task 'bg' with execution id 1 in the background") {
		t.Fatalf("detach: exit %d %s %s", code, out, stderr)
	}
	if strings.Contains(out, "bg-a") {
		t.Errorf("the steps run in the background, not in the command:\n%s", out)
	}
	status := waitForEnd(t, dir, "1")
	log, _, _ := run(t, dir, "", "task", "execution", "log", "1")
	if !strings.Contains(status, "COMPLETE") {
		t.Fatalf("the detached graph completes:\n%s\n%s", status, log)
	}
	for _, step := range []string{"bg-a", "bg-b", "bg-c"} {
		if !strings.Contains(log, "Launched task '"+step+"'") {
			t.Errorf("the background log lacks %s:\n%s", step, log)
		}
	}
}

func TestTaskDestroyCleanupDeletesExecutions(t *testing.T) {
	dir := e2eDir(t)
	app := sampleApp(t, dir, "exitwith")
	script := filepath.Join(dir, "setup.dfs")
	body := "app register --name step --type task --uri file://" + app + "\n" +
		"task create keep --definition \"step --code=0\"\n" +
		"task create gone --definition \"a: step --code=0 && b: step --code=0\"\n" +
		"task launch keep\n" + "task launch gone\n"
	if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, dir, "", "--file", script); code != 0 {
		t.Fatalf("setup: %s", stderr)
	}
	waitForEnd(t, dir, "1")
	if out, stderr, code := run(t, dir, "", "task", "destroy", "gone", "--cleanup"); code != 0 || !strings.Contains(out, "Destroyed task 'gone'") {
		t.Fatalf("destroy: %s %s", out, stderr)
	}
	list, _, _ := run(t, dir, "", "task", "execution", "list", "-o", "json")
	if strings.Contains(list, `"gone`) || !strings.Contains(list, `"taskName": "keep"`) {
		t.Errorf("only the destroyed task's executions (its children's included) are deleted:\n%s", list)
	}
}
