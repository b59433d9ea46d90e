package flow

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
)

func streamLogs(e *engine, name, app string) (string, error) {
	var b bytes.Buffer
	err := e.f.StreamLogs(e.ctx, name, app, LogOptions{}, &b)
	return b.String(), err
}

func executionLog(e *engine, id int64) (string, error) {
	var b bytes.Buffer
	err := e.f.ExecutionLog(e.ctx, id, LogOptions{}, &b)
	return b.String(), err
}

// Following several apps asks the platform for lines named after their instances; one app's need no name.
func TestFollowedStreamLogsAreNamedWhenTheyMix(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.deploy("tick", nil)
	e.p.logs["tick-log-v1"] = "[tick-log-v1-0] hello\n"
	var b bytes.Buffer
	if err := e.f.StreamLogs(e.ctx, "tick", "", LogOptions{Follow: true, Tail: 5}, &b); err != nil {
		t.Fatal(err)
	}
	if b.String() != "[tick-log-v1-0] hello\n" {
		t.Errorf("followed logs: %q", b.String())
	}
	if err := e.f.StreamLogs(e.ctx, "tick", "log", LogOptions{Follow: true}, &b); err != nil {
		t.Fatal(err)
	}
	opts := e.p.logOptions
	if len(opts) != 4 || !opts[0].Prefix || !opts[0].Follow || opts[0].Tail != 5 || opts[3].Prefix {
		t.Errorf("asked the platform for %+v", opts)
	}
}

// task execution log --externalExecutionId [--platform]: the run the platform knows by that id.
func TestExecutionLogByExternalID(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	id, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	if err != nil {
		t.Fatal(err)
	}
	e.p.taskLogs["run-1"] = "started\n"
	ext := e.execution(id).ExternalID
	var b bytes.Buffer
	if err := e.f.ExecutionLogByExternalID(e.ctx, ext, "", LogOptions{}, &b); err != nil || b.String() != "started\n" {
		t.Fatalf("by external id: %q %v", b.String(), err)
	}
	b.Reset()
	if err := e.f.ExecutionLogByExternalID(e.ctx, ext, "default", LogOptions{}, &b); err != nil || b.String() != "started\n" {
		t.Fatalf("by external id on its platform: %q %v", b.String(), err)
	}
	wantErr(t, e.f.ExecutionLogByExternalID(e.ctx, "nosuch", "", LogOptions{}, &b), "No task execution with external execution id 'nosuch'")
	wantErr(t, e.f.ExecutionLogByExternalID(e.ctx, ext, "laptop", LogOptions{}, &b),
		"No task execution with external execution id '"+ext+"' on platform 'laptop'")
	wantErrContains(t, e.f.ExecutionLogByExternalID(e.ctx, ext, "nosuch", LogOptions{}, &b), "nosuch")
}

// A followed local log ends when the run's end is recorded, with what was written before it.
func TestFollowedLocalTaskLogEndsWithTheRun(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	withAccounts(e.f, e.accounts, map[platforms.AccountType]platforms.Driver{
		platforms.Kubernetes: testDriver{apps: e.p, tasks: e.p},
		platforms.Local:      testDriver{tasks: e.p, traits: platforms.Traits{TaskLogFiles: true}},
	})
	id, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts", Platform: "laptop"})
	if err != nil {
		t.Fatal(err)
	}
	path := e.execution(id).LogPath
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("one\ntwo\nthree\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var tail bytes.Buffer
	if err := e.f.ExecutionLog(e.ctx, id, LogOptions{Tail: 2}, &tail); err != nil || tail.String() != "two\nthree\n" {
		t.Fatalf("--tail 2: %q %v", tail.String(), err)
	}
	err = e.f.ExecutionLog(e.ctx, id, LogOptions{Since: time.Minute}, &tail)
	if !errors.Is(err, platforms.ErrNoSinceInLogs) {
		t.Fatalf("--since on a local log file: %v", err)
	}
	done := make(chan error, 1)
	var followed syncBuffer
	go func() { done <- e.f.ExecutionLog(e.ctx, id, LogOptions{Follow: true, Tail: 1}, &followed) }()
	for deadline := time.Now().Add(10 * time.Second); followed.String() == "" && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond) // the follow has shown the tail: what comes next is new
	}
	appendTo(t, path, "four\n")
	appendTo(t, path, "five\n") // written just before the run's end is recorded: still shown
	if err := e.f.EndExecution(e.ctx, id, 0, ""); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := followed.String(); got != "three\nfour\nfive\n" {
		t.Errorf("followed: %q", got)
	}
}

// syncBuffer is written by a follow while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// runtime actuator: the app is found by its id (SCDF's dotted spelling too) among the deployed streams' apps.
func TestActuatorFindsTheDeployedApp(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	_, err := e.f.Actuator(e.ctx, ActuatorRequest{AppID: "tick-log-v1", Instance: "x", Method: "GET", Endpoint: "info"})
	wantErr(t, err, "No deployed app has the id 'tick-log-v1' (runtime apps lists them)")
	e.deploy("tick", nil)
	ids, err := e.f.DeploymentIDs(e.ctx)
	if err != nil || len(ids) != 3 || ids[0] != "tick-log-v1" {
		t.Fatalf("ids %v %v", ids, err)
	}
	// The fake platform cannot reach actuators: the app was found, and the platform says so.
	_, err = e.f.Actuator(e.ctx, ActuatorRequest{AppID: "tick.log-v1", Instance: "x", Method: "GET", Endpoint: "info"})
	wantErr(t, err, "the apps of platform 'default' cannot be reached for their actuators")
}
