package store

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"
)

// BenchmarkOpen is what a dataflow process pays to open an up-to-date store before its first query: a SQLite
// file, and a loopback PostgreSQL database (a connection with SCRAM authentication, and the schema check).
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	for _, engine := range []struct {
		name   string
		target func(b *testing.B) string
	}{
		{"sqlite", openTempPath},
		{"postgres", func(b *testing.B) string { return postgresURL(b) }},
	} {
		b.Run(engine.name, func(b *testing.B) {
			target := engine.target(b)
			for b.Loop() {
				s, err := Open(ctx, target)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Read().CountApps(ctx); err != nil {
					b.Fatal(err)
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func openTempPath(b *testing.B) string {
	path := b.TempDir() + "/df.db"
	s, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// writersFor is how long BenchmarkConcurrentWriters writes: DATAFLOW_BENCH_WRITERS_FOR (bench/pg-writers.sh
// sets 60s), else a few seconds so that `make bench` stays short.
func writersFor(b *testing.B) time.Duration {
	d := 3 * time.Second
	if v := os.Getenv("DATAFLOW_BENCH_WRITERS_FOR"); v != "" {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			b.Fatalf("DATAFLOW_BENCH_WRITERS_FOR: %v", err)
		}
	}
	return d
}

// BenchmarkConcurrentWriters is 8 processes (stores opened apart) writing to one PostgreSQL store for a while,
// each write a transaction as flow's are (the claim of a stream's next release, read then written, with its
// audit record). Every write that returned must be there afterwards and none may fail: issue 20 asks for 0
// lost writes and 0 errors in 60 s. It reports writes per second, lost writes and errors.
func BenchmarkConcurrentWriters(b *testing.B) {
	const writers = 8
	url := postgresURL(b)
	ctx := context.Background()
	duration := writersFor(b)
	for b.Loop() {
		var wg sync.WaitGroup
		done := make([]int, writers)
		errs := make([]error, writers)
		deadline := time.Now().Add(duration)
		for w := range writers {
			wg.Go(func() {
				s, err := Open(ctx, url)
				if err != nil {
					errs[w] = err
					return
				}
				defer func() { _ = s.Close() }()
				stream := fmt.Sprintf("writer-%d", w)
				for time.Now().Before(deadline) {
					err := s.InTx(ctx, func(tx *Tx) error {
						latest, _, err := tx.LatestRelease(ctx, stream)
						if err != nil {
							return err
						}
						v := latest.Version + 1
						if err := tx.InsertRelease(ctx, Release{Name: stream, Version: v, Platform: "default", Status: ReleaseDeployed, Config: "{}",
							Apps: []ReleaseApp{{Label: "a", DeploymentID: fmt.Sprintf("%s-a-v%d", stream, v)}}}); err != nil {
							return err
						}
						_, err = tx.InsertAudit(ctx, AuditRecord{Actor: stream, Operation: AuditStream, Action: AuditDeploy, Correlation: stream, Result: "ok"})
						return err
					})
					if err != nil {
						errs[w] = err
						return
					}
					done[w]++
				}
			})
		}
		wg.Wait()
		s := openURL(b, url)
		total, lost, failed := 0, 0, 0
		for w := range writers {
			if errs[w] != nil {
				failed++
				b.Errorf("writer %d: %v", w, errs[w])
			}
			list, err := s.Read().ReleasePage(ctx, fmt.Sprintf("writer-%d", w), 0, 0)
			if err != nil {
				b.Fatal(err)
			}
			total += done[w]
			lost += done[w] - len(list)
		}
		audits, err := s.Read().ListAudit(ctx, AuditFilter{})
		if err != nil {
			b.Fatal(err)
		}
		lost = max(lost, total-len(audits))
		if lost != 0 {
			b.Errorf("%d of %d writes lost", lost, total)
		}
		b.ReportMetric(float64(total)/duration.Seconds(), "writes/s")
		b.ReportMetric(float64(lost), "lost")
		b.ReportMetric(float64(failed), "errors")
	}
}
