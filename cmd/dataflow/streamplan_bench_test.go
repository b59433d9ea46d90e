package main

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// BenchmarkStreamUpdateDryRun times `stream update --dryRun` against `stream info`, as a user runs them (one
// process each), on the store of BenchmarkStreamReleases with 100 releases. Issue 19 asks for the dry run
// within 2x of info.
func BenchmarkStreamUpdateDryRun(b *testing.B) {
	dir := b.TempDir()
	releasesStore(b, dir, 100)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"info", []string{"stream", "info", "tick"}, "║tick"},
		{"update-dry-run", []string{"stream", "update", "tick", "--properties", "app.log.level=WARN", "--dryRun"}, "Dry run: nothing was changed."},
	} {
		b.Run(c.name, func(b *testing.B) {
			times := make([]time.Duration, 0, b.N)
			for range b.N {
				t0 := time.Now()
				out, stderr, code := runEnv(b, dir, "", []string{"DATAFLOW_DB=" + filepath.Join(dir, "df.db")}, c.args...)
				times = append(times, time.Since(t0))
				if code != 0 || !strings.Contains(out, c.want) {
					b.Fatalf("%v: %d\n%s%s", c.args, code, out, stderr)
				}
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}
