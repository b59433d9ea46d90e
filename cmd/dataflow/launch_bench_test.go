package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/store"
)

// BenchmarkLocalTaskLaunchToExit is `task launch` of a task that exits at once, from the command starting to
// the supervisor having recorded its exit code in SQLite. The median is what the issue asks about.
func BenchmarkLocalTaskLaunchToExit(b *testing.B) {
	dir := b.TempDir()
	exe := filepath.Join(dir, "exitwith-task-1.0.0.bin")
	build := exec.Command("go", "build", "-o", exe, "../../testdata/apps/exitwith")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("%v: %s", err, out)
	}
	script := filepath.Join(dir, "setup.dfs")
	if err := os.WriteFile(script, []byte("app register --name exitwith --type task --uri file://"+exe+"\ntask create quick --definition \"exitwith --code=0\"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	if _, stderr, code := run(b, dir, "", "--file", script); code != 0 {
		b.Fatal(stderr)
	}
	s, err := store.Open(context.Background(), filepath.Join(dir, "df.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer closeStore(b, s)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if _, stderr, code := run(b, dir, "", "task", "launch", "quick"); code != 0 {
			b.Fatal(stderr)
		}
		for {
			e, err := s.Read().GetExecution(context.Background(), int64(i+1))
			if err == nil && !e.EndTime.IsZero() {
				if e.ExitCode == nil || *e.ExitCode != 0 {
					b.Fatalf("execution %d: %+v", i+1, e)
				}
				break
			}
			time.Sleep(500 * time.Microsecond)
		}
		times = append(times, time.Since(start))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(len(times)), "launches")
}
