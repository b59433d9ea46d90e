package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// benchStore makes a store with n registered apps once per benchmark.
func benchStore(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	var s strings.Builder
	for i := range n {
		fmt.Fprintf(&s, "app register --name app-%d --type processor --uri docker:example/app-%d:1.0.0\n", i, i)
	}
	script := filepath.Join(dir, "apps.dfs")
	if err := os.WriteFile(script, []byte(s.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	if _, stderr, code := run(b, dir, "", "--file", script); code != 0 {
		b.Fatalf("setup failed: %s", stderr)
	}
	return dir
}

// benchCommand runs dataflow b.N times and reports the median wall time, which is what a user feels.
func benchCommand(b *testing.B, dir string, args ...string) {
	env := append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"), "HOME="+dir)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		times = append(times, time.Since(start))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}

func BenchmarkStartupVersion(b *testing.B) {
	benchCommand(b, benchStore(b, 0), "version")
}

func BenchmarkStartupAppList1000(b *testing.B) {
	benchCommand(b, benchStore(b, 1000), "app", "list")
}
