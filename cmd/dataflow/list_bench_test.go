package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/store"
)

// BenchmarkTaskExecutionList10000 is `task execution list` over a store of 10,000 ended executions: the
// default page (the 100 newest), the last page (--page 100) and, for comparison, all of them (--limit 0). Issue 5 asks for under 50 ms.
func BenchmarkTaskExecutionList10000(b *testing.B) {
	dir := b.TempDir()
	s, err := store.Open(context.Background(), filepath.Join(dir, "df.db"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err = s.InTx(ctx, func(tx *store.Tx) error {
		for i := range 10000 {
			id, err := tx.InsertExecution(ctx, store.Execution{TaskName: fmt.Sprintf("task-%d", i%50), Platform: "default",
				Resource: "docker:myorg/train:1.0.0", Arguments: []string{"--epochs=1"}, Properties: "app.train.x=1",
				Status: "RUNNING", StartTime: start.Add(time.Duration(i) * time.Second)})
			if err != nil {
				return err
			}
			if err := tx.EndExecution(ctx, id, "COMPLETE", 0, "", start.Add(time.Duration(i)*time.Second+time.Minute)); err != nil {
				return err
			}
		}
		return nil
	})
	closeStore(b, s)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, limit, page string }{{"page1", "100", "1"}, {"page100", "100", "100"}, {"all", "0", "1"}} {
		b.Run(c.name, func(b *testing.B) {
			times := make([]time.Duration, 0, b.N)
			for range b.N {
				t0 := time.Now()
				out, stderr, code := run(b, dir, "", "task", "execution", "list", "--limit", c.limit, "--page", c.page)
				times = append(times, time.Since(t0))
				if code != 0 || !strings.Contains(out, "║task-") {
					b.Fatalf("%d %s", code, stderr)
				}
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}
