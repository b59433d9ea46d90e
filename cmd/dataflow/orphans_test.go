package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stubbornApp writes an app that ignores SIGTERM and has a child that ignores it too, as a JVM with a shutdown
// hook that hangs, or a wrapper script, would: it writes its own pid and its child's to --pidfile.
func stubbornApp(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name+"-1.0.0.bin")
	script := `#!/bin/sh
trap '' TERM
for a in "$@"; do case $a in --pidfile=*) pidfile=${a#--pidfile=};; esac; done
sleep 300 &
echo $$ >> "$pidfile"
echo $! >> "$pidfile"
wait
`
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// pidsIn waits until the file lists n pids, and returns them.
func pidsIn(t *testing.T, path string, n int) []int {
	t.Helper()
	var pids []int
	eventually(t, "the app writes its pids", func() string {
		b, _ := os.ReadFile(path)
		pids = nil
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				pids = append(pids, pid)
			}
		}
		if len(pids) < n {
			return fmt.Sprintf("%d of %d pids: %q", len(pids), n, b)
		}
		return ""
	})
	return pids
}

func alive(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	return err == nil && !strings.Contains(string(stat), ") Z ")
}

func living(pids []int) []int {
	var out []int
	for _, p := range pids {
		if alive(p) {
			out = append(out, p)
		}
	}
	return out
}

func killSupervisor(t *testing.T, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9 %d: %v", pid, err)
	}
}

// A task whose supervisor is killed with SIGKILL dies with it: the kernel sends it SIGTERM.
func TestATaskDiesWithItsKilledSupervisor(t *testing.T) {
	dir := e2eDir(t)
	app := sampleApp(t, dir, "exitwith")
	mustRun(t, dir, "app register --name slow --type task --uri file://"+app+"\ntask create slow --definition \"slow --code=0 --sleep=60s\"\n")
	if out, _, _ := run(t, dir, "", "task", "launch", "slow"); launched.FindStringSubmatch(out) == nil {
		t.Fatalf("launch: %s", out)
	}
	status, _, _ := run(t, dir, "", "task", "execution", "status", "1")
	m := regexp.MustCompile(`slow-(\d+)`).FindStringSubmatch(status)
	if m == nil {
		t.Fatalf("no supervisor pid in:\n%s", status)
	}
	supervisor, _ := strconv.Atoi(m[1])
	eventually(t, "the task starts", func() string {
		if len(processesMentioning(t, "--sleep=60s")) < 2 { // the supervisor's command line and the task's
			return "not yet"
		}
		return ""
	})
	killSupervisor(t, supervisor)
	eventually(t, "the task ends with its supervisor", func() string {
		if left := processesMentioning(t, "--sleep=60s"); len(left) > 0 {
			return "still running: " + strings.Join(left, ", ")
		}
		return ""
	})
	if status, _, _ := run(t, dir, "", "task", "execution", "status", "1"); !strings.Contains(status, "vanished") {
		t.Errorf("the execution is recorded as vanished:\n%s", status)
	}
}

// A task that ignores SIGTERM outlives its killed supervisor; it still shows as running, and `task execution
// stop` still stops it (and its child), SIGKILL after the account's shutdownTimeout.
func TestStopReachesATaskWhoseSupervisorWasKilled(t *testing.T) {
	dir := e2eDir(t)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("tasks:\n  - name: default\n    type: local\n    local: {shutdownTimeout: 1}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	app := stubbornApp(t, dir, "stubborn-task")
	pidfile := filepath.Join(dir, "pids")
	mustRun(t, dir, "app register --name stubborn --type task --uri file://"+app+"\ntask create stubborn --definition \"stubborn --pidfile="+pidfile+"\"\n")
	if out, stderr, _ := run(t, dir, "", "task", "launch", "stubborn"); launched.FindStringSubmatch(out) == nil {
		t.Fatalf("launch: %s %s", out, stderr)
	}
	pids := pidsIn(t, pidfile, 2)
	status, _, _ := run(t, dir, "", "task", "execution", "status", "1")
	m := regexp.MustCompile(`stubborn-(\d+)`).FindStringSubmatch(status)
	if m == nil {
		t.Fatalf("no supervisor pid in:\n%s", status)
	}
	supervisor, _ := strconv.Atoi(m[1])
	killSupervisor(t, supervisor)
	eventually(t, "the supervisor is gone", func() string {
		if alive(supervisor) {
			return "still there"
		}
		return ""
	})
	time.Sleep(200 * time.Millisecond) // the SIGTERM the task ignores has been delivered
	if left := living(pids); len(left) != 2 {
		t.Fatalf("the test needs a task that outlives its supervisor; living: %v of %v", left, pids)
	}
	if status, _, _ := run(t, dir, "", "task", "execution", "status", "1"); !strings.Contains(status, "RUNNING") {
		t.Fatalf("a task that still runs is not shown as ended:\n%s", status)
	}
	out, stderr, code := run(t, dir, "", "task", "execution", "stop", "1")
	if code != 0 || !strings.Contains(out, "has been submitted") {
		t.Fatalf("stop: exit %d %s %s", code, out, stderr)
	}
	if left := living(pids); len(left) > 0 {
		t.Fatalf("processes %v of the task still run after the stop", left)
	}
	if status, _, _ := run(t, dir, "", "task", "execution", "status", "1"); !strings.Contains(status, "ERROR") || !strings.Contains(status, "vanished") {
		t.Errorf("after the stop the execution has ended:\n%s", status)
	}
}

// `stream undeploy` stops apps whose supervisors were killed, and says "Un-deployed" only once it has seen
// them gone.
func TestUndeployReachesAppsWhoseSupervisorsWereKilled(t *testing.T) {
	dir := e2eDir(t)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("streams:\n  - name: default\n    type: local\n    local: {shutdownTimeout: 1}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := stubbornApp(t, dir, "stubsrc-source")
	sink := stubbornApp(t, dir, "stubsink-sink")
	pidfile := filepath.Join(dir, "pids")
	mustRun(t, dir, "app register --name stubsrc --type source --uri file://"+src+"\napp register --name stubsink --type sink --uri file://"+sink+"\n"+
		"stream create stubborn --definition \"stubsrc | stubsink\"\nstream deploy stubborn --properties \"app.*.pidfile="+pidfile+"\"\n")
	pids := pidsIn(t, pidfile, 4)
	out, _, _ := run(t, dir, "", "runtime", "apps", "-o", "json")
	var apps []runtimeApp
	if err := json.Unmarshal([]byte(out), &apps); err != nil || len(apps) != 2 {
		t.Fatalf("runtime apps: %v\n%s", err, out)
	}
	for _, a := range apps {
		supervisor, err := strconv.Atoi(a.Instances[0].Attributes["pid"])
		if err != nil {
			t.Fatalf("%s: %+v", a.ID, a.Instances)
		}
		killSupervisor(t, supervisor)
	}
	time.Sleep(300 * time.Millisecond)
	if left := living(pids); len(left) != 4 {
		t.Fatalf("the test needs apps that outlive their supervisors; living: %v of %v", left, pids)
	}
	out, stderr, code := run(t, dir, "", "stream", "undeploy", "stubborn")
	if code != 0 || !strings.Contains(out, "Un-deployed stream 'stubborn'") {
		t.Fatalf("undeploy: exit %d %s %s", code, out, stderr)
	}
	if left := living(pids); len(left) > 0 {
		t.Fatalf("undeploy said Un-deployed, and processes %v of the stream still run", left)
	}
}
