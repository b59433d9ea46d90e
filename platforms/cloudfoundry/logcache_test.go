package cloudfoundry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// stamped drops the time of cf's log lines, which is the test's now.
var stamped = regexp.MustCompile(`(?m)^   \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\d\+0000 `)

func unstamped(s string) string { return stamped.ReplaceAllString(s, "") }

func TestAppLogsComeFromLogCache(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	ctx := context.Background()
	h := mustDeploy(t, a, deployment("foo", "log", 1, "docker:x/log:1", nil, nil))
	ref := platforms.AppRef{DeploymentID: "foo-log-v1", Handle: h.String()}
	s.AppLog(h.Name, "STG", "0", "OUT", "staging done")
	for i := 1; i <= 3; i++ {
		s.AppLog(h.Name, "APP/PROC/WEB", "0", "OUT", fmt.Sprintf("received: %d", i))
	}
	s.AppLog(h.Name, "APP/PROC/WEB", "0", "ERR", "a warning")

	var all bytes.Buffer
	if err := a.Logs(ctx, ref, platforms.LogOptions{}, &all); err != nil {
		t.Fatal(err)
	}
	want := "[STG/0] OUT staging done\n[APP/PROC/WEB/0] OUT received: 1\n[APP/PROC/WEB/0] OUT received: 2\n" +
		"[APP/PROC/WEB/0] OUT received: 3\n[APP/PROC/WEB/0] ERR a warning\n"
	if got := unstamped(all.String()); got != want {
		t.Errorf("logs:\n%s\nwant:\n%s", got, want)
	}
	if !stamped.MatchString(all.String()) {
		t.Errorf("lines carry no time as cf logs shows it: %q", all.String())
	}
	var tail bytes.Buffer
	if err := a.Logs(ctx, ref, platforms.LogOptions{Tail: 2}, &tail); err != nil {
		t.Fatal(err)
	}
	if got := unstamped(tail.String()); got != "[APP/PROC/WEB/0] OUT received: 3\n[APP/PROC/WEB/0] ERR a warning\n" {
		t.Errorf("--tail 2 gave %q", got)
	}
	if got := s.CountRequests("GET", "/api/v1/read/"+h.GUID); got != 2 {
		t.Errorf("%d reads of Log Cache, want one per command", got)
	}

	s.FailNext("GET", "/api/v1/read/", 503, 0, "log cache is down")
	if err := a.Logs(ctx, ref, platforms.LogOptions{}, io.Discard); err == nil || !strings.Contains(err.Error(), "cannot read Log Cache") {
		t.Errorf("a failing Log Cache: %v", err)
	}
}

// syncBuffer is a buffer written by a follow while the test reads it.
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

// waitFor polls until the buffer holds want (a follow is a loop of reads: there is no event to wait on).
func waitFor(t *testing.T, b *syncBuffer, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(b.String(), want) {
			return
		}
	}
	t.Fatalf("%q never came; got %q", want, b.String())
}

func TestFollowedAppLogsGoOnUntilCancelled(t *testing.T) {
	logCachePollInterval = 20 * time.Millisecond
	s := newServer(t)
	a := newApps(t, s)
	h := mustDeploy(t, a, deployment("foo", "log", 1, "docker:x/log:1", nil, nil))
	ref := platforms.AppRef{DeploymentID: "foo-log-v1", Handle: h.String()}
	s.AppLog(h.Name, "APP/PROC/WEB", "0", "OUT", "before")
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- a.Logs(ctx, ref, platforms.LogOptions{Follow: true, Since: time.Hour}, &out) }()
	waitFor(t, &out, "OUT before\n")
	s.AppLog(h.Name, "APP/PROC/WEB", "1", "OUT", "after")
	waitFor(t, &out, "[APP/PROC/WEB/1] OUT after\n")
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled follow returned %v", err)
	}
	if got := strings.Count(out.String(), "\n"); got != 2 {
		t.Errorf("a line was shown twice or lost: %q", out.String())
	}
}

func TestTaskLogIsTheTasksLinesAndFollowEndsWithTheTask(t *testing.T) {
	logCachePollInterval = 20 * time.Millisecond
	s := newServer(t, cctest.WithStep(cctest.PhaseTask, cctest.Step{Polls: 4}))
	l := newTasks(t, s)
	ctx := context.Background()
	run, err := l.LaunchTask(ctx, taskSpec(1, testJar(t), nil))
	if err != nil {
		t.Fatal(err)
	}
	h, _ := parseTaskHandle(run.Handle)
	s.AppLog("timestamp", "STG", "0", "OUT", "staging")
	s.TaskLog(h.GUID, "2026 11 22")
	var out syncBuffer
	// The follow returns by itself once the task has ended (its PhaseTask completes after a few looks).
	if err := l.TaskLog(ctx, run.Handle, platforms.LogOptions{Follow: true}, &out); err != nil {
		t.Fatal(err)
	}
	if got := unstamped(out.String()); !strings.HasPrefix(got, "[APP/TASK/") || !strings.HasSuffix(got, "/0] OUT 2026 11 22\n") || strings.Contains(got, "staging") {
		t.Errorf("task log: %q", got)
	}
}
