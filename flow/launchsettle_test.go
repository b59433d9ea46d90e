package flow

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// stubProbe answers Find with a fixed run (or none, or an error) and Ended with "still running".
type stubProbe struct {
	run   platforms.Launched
	found bool
	err   error
	asked int
	swept []int64
}

func (p *stubProbe) Ended(store.Execution) platforms.TaskEnd { return platforms.TaskEnd{} }
func (p *stubProbe) Sweep(e store.Execution)                 { p.swept = append(p.swept, e.ID) }
func (p *stubProbe) Find(store.Execution) (platforms.Launched, bool, error) {
	p.asked++
	return p.run, p.found, p.err
}

// A launch whose launching process ended before it recorded the run: the run is looked up by execution id and
// recorded when found, or the launch is recorded as interrupted; a live launcher, a recent launch and a
// platform that cannot be asked leave the record as it is.
func TestInterruptedLaunchIsSettled(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore(t, s)
	now := time.Now()
	f := New(Config{Store: s, Actor: "test", Clock: ClockAt(func() time.Time { return now })})
	const dead = "pid=2147483646 start=5" // no such process
	launch := func(launcher string, age time.Duration) int64 {
		id, err := s.Read().InsertExecution(ctx, store.Execution{TaskName: "t", Platform: "default", Resource: "docker:x",
			Status: "LAUNCHING", StartTime: now.Add(-age), Launcher: launcher})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, c := range []struct {
		name       string
		launcher   string
		age        time.Duration
		probe      *stubProbe
		wantStatus store.ExecutionStatus
		wantAsked  int
	}{
		{"launcher still running", procid.Self(), time.Hour, &stubProbe{}, "LAUNCHING", 0},
		{"too recent", dead, time.Second, &stubProbe{}, "LAUNCHING", 0},
		{"scheduled run (no launcher)", "", time.Hour, &stubProbe{}, "LAUNCHING", 0},
		{"platform cannot be asked", dead, time.Hour, &stubProbe{err: errors.New("unreachable")}, "LAUNCHING", 1},
		{"no run on the platform", dead, time.Hour, &stubProbe{}, "ERROR", 1},
		{"run found", dead, time.Hour, &stubProbe{run: platforms.Launched{ExternalID: "t-abc", Handle: "pod/t-abc"}, found: true}, "RUNNING", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			id := launch(c.launcher, c.age)
			e, err := f.Execution(ctx, id, c.probe)
			if err != nil {
				t.Fatal(err)
			}
			if e.Status != c.wantStatus || c.probe.asked != c.wantAsked {
				t.Fatalf("status %s (asked %d), want %s (asked %d)", e.Status, c.probe.asked, c.wantStatus, c.wantAsked)
			}
			switch c.wantStatus {
			case "ERROR":
				if e.ExitMessage != launchInterrupted || e.ExitCode == nil || *e.ExitCode != -1 {
					t.Fatalf("interrupted launch: %+v", e)
				}
				// What the interrupted launch may have made (a Secret before its pod) is swept.
				if len(c.probe.swept) != 1 || c.probe.swept[0] != id {
					t.Fatalf("swept %v, want execution %d", c.probe.swept, id)
				}
			case "RUNNING":
				if e.ExternalID != "t-abc" || e.Handle != "pod/t-abc" {
					t.Fatalf("found run not recorded: %+v", e)
				}
				if len(c.probe.swept) != 0 {
					t.Fatalf("a found run was swept: %v", c.probe.swept)
				}
			}
		})
	}
}
