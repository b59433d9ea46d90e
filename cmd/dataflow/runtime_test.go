package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runtime actuator, runtime apps --appId and stream logs' options on the local account, with the sample stream
// app (which serves health, info and loggers as Spring Boot does).
func TestLocalActuatorAndLogs(t *testing.T) {
	dir := e2eDir(t)
	bus := streamApps(t, dir)
	t.Cleanup(func() { run(t, dir, "", "stream", "all", "destroy", "--force") })
	mustRun(t, dir, `stream create tick --definition "time --interval=50ms | log"
stream deploy tick --wait --timeout 20s --properties "app.*.dataflow.bus.dir=`+bus+`"
`)
	// --appId takes SCDF's dotted ids and <stream>.*
	out, stderr, code := run(t, dir, "", "runtime", "apps", "--appId", "tick.log-v1", "-o", "json")
	if apps := runtimeAppsByID(t, out); code != 0 || len(apps) != 1 || apps["tick-log-v1"].State != "deployed" {
		t.Fatalf("runtime apps --appId: %d %s %s", code, out, stderr)
	}
	out, _, _ = run(t, dir, "", "runtime", "apps", "--appIds", "tick.*,other.*", "-o", "json")
	if apps := runtimeAppsByID(t, out); len(apps) != 2 {
		t.Fatalf("runtime apps --appIds tick.*: %s", out)
	}
	_, stderr, code = run(t, dir, "", "runtime", "apps", "--appId", "tick-nosuch-v1")
	if code != 1 || stderr != "No deployed app has the id 'tick-nosuch-v1' (runtime apps lists them)\n" {
		t.Fatalf("an unknown app id: %d %q", code, stderr)
	}

	get := func(endpoint string) (string, string, int) {
		return run(t, dir, "", "runtime", "actuator", "get", "--appId", "tick.log-v1", "--instanceId", "tick-log-v1-0", "--endpoint", endpoint)
	}
	if out, stderr, code := get("info"); code != 0 || out != `{"app":{"label":"log","type":"sink"}}`+"\n" {
		t.Fatalf("actuator info: %d %q %s", code, out, stderr)
	}
	out, stderr, code = run(t, dir, "", "runtime", "actuator", "post", "--appId", "tick-log-v1", "--instanceId", "tick-log-v1-0",
		"--endpoint", "/loggers/org.example", "--data", `{"configuredLevel":"debug"}`)
	if code != 0 || out != "" || stderr != "" {
		t.Fatalf("actuator post: %d %q %q", code, out, stderr)
	}
	if out, _, code := get("loggers/org.example"); code != 0 || out != `{"configuredLevel":"DEBUG","effectiveLevel":"DEBUG"}`+"\n" {
		t.Fatalf("the level set is not read back: %d %q", code, out)
	}
	if _, stderr, code := get("nosuch"); code != 1 || stderr != "The actuator of tick-log-v1-0 answered 404 Not Found to GET /actuator/nosuch\n" {
		t.Fatalf("a missing endpoint: %d %q", code, stderr)
	}
	_, stderr, code = run(t, dir, "", "runtime", "actuator", "get", "--appId", "tick-log-v1", "--instanceId", "tick-log-v1-5", "--endpoint", "info")
	if code != 1 || stderr != "App with deploymentId tick-log-v1 has no deployed instance tick-log-v1-5 (its instances: tick-log-v1-0)\n" {
		t.Fatalf("an unknown instance: %d %q", code, stderr)
	}

	// The logs: the last lines asked for, what was logged (the level change), no --since on local files.
	eventually(t, "the sink logs messages", func() string {
		out, _, _ := run(t, dir, "", "stream", "logs", "tick", "--app", "log", "--tail", "2")
		if lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n"); len(lines) != 3 || lines[0] != "==> tick-log-v1 <==" ||
			!strings.HasPrefix(lines[2], "received: time ") {
			return out
		}
		return ""
	})
	if out, _, _ := run(t, dir, "", "stream", "logs", "tick", "--app", "log"); !strings.Contains(out, "logger org.example set to DEBUG\n") {
		t.Fatalf("the app's log:\n%s", out)
	}
	_, stderr, code = run(t, dir, "", "stream", "logs", "tick", "--since", "1m")
	if code != 1 || !strings.HasPrefix(stderr, "--since needs the time of each line") {
		t.Fatalf("--since on local: %d %q", code, stderr)
	}

	// --follow shows what comes, interleaved and named by instance when several apps log, until Ctrl-C.
	follow := exec.Command(binary, "stream", "logs", "tick", "--follow", "--tail", "1")
	follow.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"),
		"HOME="+dir, "NO_COLOR=1", "KUBECONFIG=")
	stdout, err := follow.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var followErr bytes.Buffer
	follow.Stderr = &followErr
	if err := follow.Start(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	lines := bufio.NewScanner(stdout)
	deadline := time.Now().Add(20 * time.Second)
	for lines.Scan() && time.Now().Before(deadline) && (seen["[tick-log-v1-0] received"] < 3 || seen["[tick-time-v1-0] other"] == 0) {
		line := lines.Text()
		switch {
		case strings.HasPrefix(line, "[tick-log-v1-0] received: time "):
			seen["[tick-log-v1-0] received"]++
		case strings.HasPrefix(line, "[tick-time-v1-0] "):
			seen["[tick-time-v1-0] other"]++
		default:
			t.Errorf("a followed line without its instance: %q", line)
		}
	}
	if seen["[tick-log-v1-0] received"] < 3 || seen["[tick-time-v1-0] other"] == 0 {
		t.Fatalf("the follow did not go on: %v %s", seen, followErr.String())
	}
	if err := follow.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	err = follow.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 || followErr.Len() != 0 {
		t.Fatalf("Ctrl-C ends a follow with 130 and nothing said: %v %q", err, followErr.String())
	}

	// An instance that is gone cannot be called.
	for _, p := range processesMentioning(t, "tick-log-v1") {
		if n, _ := strconv.Atoi(p); n != 0 {
			_ = syscall.Kill(n, syscall.SIGKILL)
		}
	}
	eventually(t, "the killed instance is not called", func() string {
		_, stderr, code := get("info")
		if code != 1 || !strings.Contains(stderr, "tick-log-v1-0 of tick-log-v1 is ") || !strings.Contains(stderr, "not deployed") {
			return stderr
		}
		return ""
	})
}

// task execution log --follow on the local account ends when the run does, with all it wrote.
func TestLocalTaskLogFollowEndsWithTheRun(t *testing.T) {
	dir := e2eDir(t)
	script := filepath.Join(dir, "slow-task-1.0.0.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho one\nsleep 1\necho two\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "app register --name slow --type task --uri file://"+script+"\ntask create slow --definition slow\n")
	out, stderr, code := run(t, dir, "", "task", "launch", "slow")
	m := launched.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("launch: %d %s %s", code, out, stderr)
	}
	out, stderr, code = run(t, dir, "", "task", "execution", "log", m[2], "--follow")
	if code != 0 || out != "one\ntwo\n" || stderr != "" {
		t.Fatalf("followed task log: %d %q %q", code, out, stderr)
	}
	waitForEnd(t, dir, m[2])
	out, _, code = run(t, dir, "", "task", "execution", "log", m[2], "--tail", "1")
	if code != 0 || out != "two\n" {
		t.Fatalf("--tail 1: %d %q", code, out)
	}

	// stop --platformName: SCDF's message with the platform; another platform than the run's is refused.
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho waiting\nexec sleep 60\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	m = launched.FindStringSubmatch(mustRun(t, dir, "task launch slow\n"))
	_, stderr, code = run(t, dir, "", "task", "execution", "stop", m[2], "--platformName", "elsewhere")
	if code != 1 || !strings.HasPrefix(stderr, "Task platform 'elsewhere' does not exist") {
		t.Fatalf("stop on an unknown platform: %d %q", code, stderr)
	}
	out, stderr, code = run(t, dir, "", "task", "execution", "stop", m[2], "--platformName", "default")
	if code != 0 || out != "Request to stop the task execution with id(s): "+m[2]+" for platform default has been submitted\n" {
		t.Fatalf("stop --platformName: %d %q %q", code, out, stderr)
	}
	if status := waitForEnd(t, dir, m[2]); !strings.Contains(status, "ERROR") && !strings.Contains(status, "COMPLETE") {
		t.Fatalf("the stopped run:\n%s", status)
	}
}
