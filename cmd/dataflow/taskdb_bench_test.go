package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/testdb"
	"github.com/dataflow-cli/dataflow/store"
)

// BenchmarkLocalTaskLaunchTaskDB is the `task launch` command of a local task, without a task database and
// with one on PostgreSQL (open, the schema check, the row, the external id): the median of each.
func BenchmarkLocalTaskLaunchTaskDB(b *testing.B) {
	for _, withDB := range []bool{false, true} {
		name := "without"
		if withDB {
			name = "with-postgresql"
		}
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			exe := filepath.Join(dir, "exitwith-task-1.0.0.bin")
			if out, err := exec.Command("go", "build", "-o", exe, "../../testdata/apps/exitwith").CombinedOutput(); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
			env := []string{"KUBECONFIG="}
			if withDB {
				db := testdb.Postgres(b)
				cfg := fmt.Sprintf("taskDatabase:\n  url: %s\n  username: %s\n  password: ${TDB_PASSWORD}\n", db.JDBCURL(), db.Server.User)
				if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
					b.Fatal(err)
				}
				env = append(env, "TDB_PASSWORD="+db.Server.Password)
			}
			for _, line := range [][]string{{"app", "register", "--name", "exitwith", "--type", "task", "--uri", "file://" + exe},
				{"task", "create", "quick", "--definition", "exitwith --code=0"}} {
				if _, stderr, code := runEnv(b, dir, "", env, line...); code != 0 {
					b.Fatal(stderr)
				}
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
				if _, stderr, code := runEnv(b, dir, "", env, "task", "launch", "quick"); code != 0 {
					b.Fatal(stderr)
				}
				times = append(times, time.Since(start))
				// The run's supervisor records its end (with a task database, in the row too) before the next
				// launch, so that launches are not timed against the last one's end.
				b.StopTimer()
				for {
					e, err := s.Read().GetExecution(context.Background(), int64(i+1))
					if err == nil && !e.EndTime.IsZero() {
						break
					}
					time.Sleep(time.Millisecond)
				}
				time.Sleep(20 * time.Millisecond)
				b.StartTimer()
			}
			b.StopTimer()
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}
