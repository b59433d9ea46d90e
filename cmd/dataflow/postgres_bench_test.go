package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/store"
)

// storeEngines are the two kinds of store a benchmark compares: a SQLite file in dir, and a new database on
// the loopback PostgreSQL test server. Each returns the --db value and the environment dataflow needs for it.
var storeEngines = []struct {
	name  string
	store func(b *testing.B, dir string) (string, []string)
}{
	{"sqlite", func(_ *testing.B, dir string) (string, []string) {
		db := filepath.Join(dir, "df.db")
		return db, []string{"DATAFLOW_DB=" + db}
	}},
	{"postgres", func(b *testing.B, _ string) (string, []string) { return sharedStore(b) }},
}

// medianMillis reports the median of the times as median-ms.
func medianMillis(b *testing.B, times []time.Duration) {
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}

// BenchmarkStreamList1000 is `stream list` of 1,000 streams on SQLite and on a loopback PostgreSQL: none of
// them deployed (what the store costs), and half of them deployed with three apps each on the local account
// (where asking the platform for each stream's state adds the same on both engines). Issue 20 asks for at
// most 20 ms on PostgreSQL.
func BenchmarkStreamList1000(b *testing.B) {
	for _, c := range []struct {
		name  string
		every int // every how many streams one is deployed (0: none)
	}{{"undeployed", 0}, {"half-deployed", 2}} {
		for _, engine := range storeEngines {
			b.Run(c.name+"/"+engine.name, func(b *testing.B) { benchStreamList(b, engine.store, c.every) })
		}
	}
}

func benchStreamList(b *testing.B, makeStore func(b *testing.B, dir string) (string, []string), every int) {
	dir := b.TempDir()
	db, env := makeStore(b, dir)
	s, err := store.Open(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	err = s.InTx(ctx, func(tx *store.Tx) error {
		for i := range 1000 {
			name := fmt.Sprintf("stream-%04d", i)
			if err := tx.InsertDefinition(ctx, store.StreamDefinitions, store.Definition{Name: name, Definition: "time | transform | log", CreatedAt: at}); err != nil {
				return err
			}
			if every == 0 || i%every != 0 {
				continue
			}
			var apps []store.ReleaseApp
			for _, app := range []string{"time", "transform", "log"} {
				apps = append(apps, store.ReleaseApp{Label: app, DeploymentID: name + "-" + app + "-v1"})
			}
			if err := tx.InsertRelease(ctx, store.Release{Name: name, Version: 1, Platform: "default", Status: store.ReleaseDeployed,
				Description: "Install complete", FirstDeployed: at, LastDeployed: at, Config: "{}", Manifest: "m", Apps: apps}); err != nil {
				return err
			}
		}
		return nil
	})
	closeStore(b, s)
	if err != nil {
		b.Fatal(err)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		out, stderr, code := runEnv(b, dir, "", env, "stream", "list")
		times = append(times, time.Since(t0))
		if code != 0 || !strings.Contains(out, "║stream-0999") {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
	medianMillis(b, times)
}

// BenchmarkLocalTaskLaunchToExitByStore is BenchmarkLocalTaskLaunchToExit on SQLite and on a loopback
// PostgreSQL: from `task launch` starting to the supervisor having recorded the exit code. Issue 20 asks for
// PostgreSQL within the SQLite launch + 5 ms.
func BenchmarkLocalTaskLaunchToExitByStore(b *testing.B) {
	app := filepath.Join(b.TempDir(), "exitwith-task-1.0.0.bin")
	build := exec.Command("go", "build", "-o", app, "../../testdata/apps/exitwith")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("%v: %s", err, out)
	}
	for _, engine := range storeEngines {
		b.Run(engine.name, func(b *testing.B) {
			dir := b.TempDir()
			db, env := engine.store(b, dir)
			env = machine(dir, env)
			script := filepath.Join(dir, "setup.dfs")
			if err := os.WriteFile(script, []byte("app register --name exitwith --type task --uri file://"+app+"\ntask create quick --definition \"exitwith --code=0\"\n"), 0o600); err != nil {
				b.Fatal(err)
			}
			if _, stderr, code := runEnv(b, dir, "", env, "--file", script); code != 0 {
				b.Fatal(stderr)
			}
			s, err := store.Open(context.Background(), db)
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
			medianMillis(b, times)
		})
	}
}
