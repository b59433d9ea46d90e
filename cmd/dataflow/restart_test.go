package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/store"
)

// A failed composed run restarts from its failed step: the steps that completed are not run again, and the
// parent's status lists its steps.
func TestComposedRestartResumesAtTheFailedStep(t *testing.T) {
	dir := e2eDir(t)
	step := sampleApp(t, dir, "exitwith")
	mustRun(t, dir, "app register --name step --type task --uri file://"+step+"\n"+
		"task create g --definition \"a: step --code=0 && b: step --code=3 && c: step --code=0\"\n"+
		"task create plain --definition \"step --code=0\"\n")
	_, stderr, code := run(t, dir, "", "task", "launch", "g")
	if code != 1 || !strings.Contains(stderr, "composed task g (execution 1) failed") {
		t.Fatalf("first run: %d %s", code, stderr)
	}
	var first struct {
		Steps []struct {
			TaskName string `json:"taskName"`
			Status   string `json:"status"`
		} `json:"steps"`
	}
	out, _, _ := run(t, dir, "", "task", "execution", "status", "1", "-o", "json")
	if err := json.Unmarshal([]byte(out), &first); err != nil || len(first.Steps) != 2 || first.Steps[1].Status != "ERROR" {
		t.Fatalf("steps of the failed run: %v\n%s", err, out)
	}

	// Refusals: a running or completed execution, a plain task, an unknown id.
	mustRun(t, dir, "task launch plain\n")
	for args, want := range map[string]string{
		"99": "Could not find TaskExecution with id 99",
		"2":  "Cannot restart execution 2: only composed task executions can be restarted",
	} {
		if _, stderr, code := run(t, dir, "", "task", "execution", "restart", args); code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("restart %s: %d %s", args, code, stderr)
		}
	}

	out, stderr, code = run(t, dir, "", "task", "execution", "restart", "1", "--properties", "app.*.code=0")
	if code != 0 {
		t.Fatalf("restart: %d %s%s", code, out, stderr)
	}
	if !regexp.MustCompile(`Task 'g-a' completed in execution \d+: not run again`).MatchString(out) ||
		strings.Contains(out, "Launched task 'g-a'") || !strings.Contains(out, "Launched task 'g-b'") || !strings.Contains(out, "Launched task 'g-c'") {
		t.Fatalf("restart output:\n%s", out)
	}
	restartID := regexp.MustCompile(`as execution (\d+)`).FindStringSubmatch(out)[1]
	status, _, _ := run(t, dir, "", "task", "execution", "status", restartID)
	if !strings.Contains(status, "Restart Of ") || !strings.Contains(status, "COMPLETE") {
		t.Fatalf("status of the restart:\n%s", status)
	}
	if _, stderr, code := run(t, dir, "", "task", "execution", "restart", restartID); code != 1 || !strings.Contains(stderr, "it did not fail") {
		t.Errorf("restart of a completed run: %d %s", code, stderr)
	}
}

// Cleanup deletes what a run left on the platform (here its log file) and, when asked, its records.
func TestExecutionCleanup(t *testing.T) {
	dir := e2eDir(t)
	step := sampleApp(t, dir, "exitwith")
	mustRun(t, dir, "app register --name step --type task --uri file://"+step+"\n"+
		"task create ok --definition \"step --code=0\"\n")
	out, _, _ := run(t, dir, "", "task", "launch", "ok")
	id := launched.FindStringSubmatch(out)[2]
	waitForEnd(t, dir, id)
	logs, _ := filepath.Glob(filepath.Join(dir, "local", "*", "ok", id+".log"))
	if len(logs) != 1 {
		t.Fatalf("log files: %v", logs)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"task", "execution", "cleanup"}, "Give the executions to clean up"},
		{[]string{"task", "execution", "cleanup", "--id", id, "--all"}, "options are mutually exclusive"},
		{[]string{"task", "execution", "cleanup", "--id", id}, "add --force to proceed"},
	} {
		if _, stderr, code := run(t, dir, "", c.args...); code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: %d %s", c.args, code, stderr)
		}
	}
	if _, err := os.Stat(logs[0]); err != nil {
		t.Fatal("a refused cleanup deleted the log")
	}
	out, stderr, code := run(t, dir, "", "task", "execution", "cleanup", "--id", id, "--force")
	if code != 0 || !strings.Contains(out, "Request to clean up resources for task execution "+id+" has been submitted") {
		t.Fatalf("cleanup: %d %s%s", code, out, stderr)
	}
	if _, err := os.Stat(logs[0]); !os.IsNotExist(err) {
		t.Errorf("the log is still there: %v", err)
	}
	if _, _, code := run(t, dir, "", "task", "execution", "status", id); code != 0 {
		t.Error("cleanup without --removeData deleted the record")
	}
	mustRun(t, dir, "task execution cleanup --all --removeData --force\n")
	if _, stderr, code := run(t, dir, "", "task", "execution", "status", id); code != 1 || !strings.Contains(stderr, "Could not find TaskExecution") {
		t.Errorf("--removeData kept the record: %s", stderr)
	}
	if out, _, _ := run(t, dir, "", "task", "execution", "cleanup", "--all", "--force"); !strings.Contains(out, "No completed task executions available for deletion.") {
		t.Errorf("nothing left: %s", out)
	}
}

// A background composed run whose runner is killed is reported as such, not left running for ever.
func TestKilledComposedRunnerIsReported(t *testing.T) {
	dir := e2eDir(t)
	step := sampleApp(t, dir, "exitwith")
	mustRun(t, dir, "app register --name step --type task --uri file://"+step+"\n"+
		"task create slow --definition \"a: step --code=0 --sleep=30s && b: step --code=0\"\n")
	if out, stderr, code := run(t, dir, "", "task", "launch", "slow", "--detach"); code != 0 {
		t.Fatalf("detach: %s%s", out, stderr)
	}
	// Kill the runner once its first step has started.
	eventually(t, "the first step runs", func() string {
		out, stderr, _ := run(t, dir, "", "task", "execution", "status", "2")
		if !strings.Contains(out, "RUNNING") {
			return "step status: " + out + stderr
		}
		return ""
	})
	for _, pid := range processesMentioning(t, "__compose") {
		if b, _ := os.ReadFile("/proc/" + pid + "/cmdline"); strings.Contains(string(b), dir) {
			if err := syscall.Kill(atoi(t, pid), syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
	}
	eventually(t, "the killed runner is reported", func() string {
		status, stderr, _ := run(t, dir, "", "task", "execution", "status", "1", "-o", "json")
		if !strings.Contains(status, `"status": "ERROR"`) || !strings.Contains(status, "background runner of this composed task vanished") {
			return "parent status: " + status + stderr
		}
		return ""
	})
	// the step the runner had launched still ends on its own; stop it so nothing outlives the test
	// The runner may have died between starting the step and recording it: the step's supervisor records
	// itself, so the step can still be stopped.
	eventually(t, "the step can be stopped", func() string {
		if out, stderr, code := run(t, dir, "", "task", "execution", "stop", "2"); code != 0 {
			return out + stderr
		}
		return ""
	})
}

// A launcher that dies between starting a local run's supervisor and recording the run (a killed shell or
// composed runner) leaves a LAUNCHING record with no platform id; the supervisor then records itself, so the
// run shows RUNNING, can be stopped, and its end is recorded.
func TestSupervisorAdoptsARunItsLauncherDidNotRecord(t *testing.T) {
	dir := e2eDir(t)
	step := sampleApp(t, dir, "exitwith")
	mustRun(t, dir, "app list\n") // creates the store
	st, err := store.Open(context.Background(), filepath.Join(dir, "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.Read().InsertExecution(context.Background(), store.Execution{TaskName: "orphan", Platform: "default",
		Resource: "file://" + step, Status: "LAUNCHING", StartTime: time.Now()})
	closeStore(t, st)
	if err != nil {
		t.Fatal(err)
	}
	ids := strconv.FormatInt(id, 10)
	// What the local launcher starts, and then (in this test) never records.
	sup := exec.Command(binary, "--db", filepath.Join(dir, "df.db"), "__supervise", "--execution", ids, "--", step, "--sleep=30s")
	sup.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := sup.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = sup.Wait() }()
	want := "orphan-" + strconv.Itoa(sup.Process.Pid)
	eventually(t, "the supervisor records itself", func() string {
		out, stderr, _ := run(t, dir, "", "task", "execution", "status", ids, "-o", "json")
		if !strings.Contains(out, `"status": "RUNNING"`) || !strings.Contains(out, `"externalExecutionId": "`+want+`"`) {
			return out + stderr
		}
		return ""
	})
	if out, stderr, code := run(t, dir, "", "task", "execution", "stop", ids); code != 0 {
		t.Fatalf("stop: %d %s%s", code, out, stderr)
	}
	out := waitForEnd(t, dir, ids)
	if !strings.Contains(out, "143") {
		t.Errorf("the stopped run's end:\n%s", out)
	}
}
