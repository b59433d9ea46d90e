package shell

import (
	"context"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/testdb"
)

// jobBenchSession is a session whose task database holds 10,000 boot2 job executions of one task, two steps
// and four parameters each, as Spring Batch writes them.
func jobBenchSession(b *testing.B) *Session {
	b.Helper()
	s, _, env, tmp := newTestSessionWithEnv(b)
	db := transcriptTaskDB(b, "postgresql", tmp, env)
	fill(b, db)
	mustRun(b, s, "app register --name billing-app --type task --uri docker:org/billing-task:1.0.0", `task create billing --definition "billing-app"`)
	return s
}

func fill(b *testing.B, db *testdb.Database) {
	b.Helper()
	db.Exec(b, `INSERT INTO TASK_EXECUTION (TASK_EXECUTION_ID, START_TIME, END_TIME, TASK_NAME, EXIT_CODE, LAST_UPDATED)
		SELECT n, TIMESTAMP '2026-11-01 00:00:00' + n * INTERVAL '1 minute', TIMESTAMP '2026-11-01 00:00:30' + n * INTERVAL '1 minute', 'billing', 0, now() FROM generate_series(1, 10000) n;
		INSERT INTO TASK_TASK_BATCH SELECT n, n FROM generate_series(1, 10000) n;
		INSERT INTO BATCH_JOB_INSTANCE SELECT n, 0, 'billingJob', md5(n::text) FROM generate_series(1, 10000) n;
		INSERT INTO BATCH_JOB_EXECUTION SELECT n, 2, n, TIMESTAMP '2026-11-01 00:00:01' + n * INTERVAL '1 minute', TIMESTAMP '2026-11-01 00:00:01' + n * INTERVAL '1 minute',
			TIMESTAMP '2026-11-01 00:00:29' + n * INTERVAL '1 minute', 'COMPLETED', 'COMPLETED', '', now(), NULL FROM generate_series(1, 10000) n;
		INSERT INTO BATCH_JOB_EXECUTION_PARAMS SELECT n, 'LONG', 'run.id', '', NULL, n, 0, 'Y' FROM generate_series(1, 10000) n;
		INSERT INTO BATCH_JOB_EXECUTION_PARAMS SELECT n, 'STRING', 'mode', 'fast', NULL, 0, 0, 'N' FROM generate_series(1, 10000) n;
		INSERT INTO BATCH_JOB_EXECUTION_PARAMS SELECT n, 'DOUBLE', 'rate', '', NULL, 0, 1.5, 'Y' FROM generate_series(1, 10000) n;
		INSERT INTO BATCH_JOB_EXECUTION_PARAMS SELECT n, 'STRING', 'input', 'file:/data/in.csv', NULL, 0, 0, 'Y' FROM generate_series(1, 10000) n;
		INSERT INTO BATCH_STEP_EXECUTION SELECT 2 * n - 1, 3, 'readStep', n, TIMESTAMP '2026-11-01 00:00:02', TIMESTAMP '2026-11-01 00:00:10', 'COMPLETED', 3, 9, 1, 8, 0, 0, 0, 0, 'COMPLETED', '', now() FROM generate_series(1, 10000) n;
		INSERT INTO BATCH_STEP_EXECUTION SELECT 2 * n, 3, 'writeStep', n, TIMESTAMP '2026-11-01 00:00:10', TIMESTAMP '2026-11-01 00:00:20', 'COMPLETED', 3, 9, 1, 8, 0, 0, 0, 0, 'COMPLETED', '', now() FROM generate_series(1, 10000) n;
		ANALYZE;`)
}

// BenchmarkJobExecutionList10000 is `job execution list` over 10,000 job executions: all of them (--limit 0),
// and SCDF-style the newest page (the default --limit 100). The task database is opened once per command, as a
// shell command does (the REPL's next command opens it again).
func BenchmarkJobExecutionList10000(b *testing.B) {
	s := jobBenchSession(b)
	for _, c := range []struct{ name, line string }{{"all", "job execution list --limit 0"}, {"default-limit", "job execution list"}} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if err := s.RunLine(context.Background(), c.line); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJobExecutionDisplay is `job execution display` of one of 10,000 job executions, its parameters and
// step count.
func BenchmarkJobExecutionDisplay(b *testing.B) {
	s := jobBenchSession(b)
	b.ResetTimer()
	for range b.N {
		if err := s.RunLine(context.Background(), "job execution display 5000"); err != nil {
			b.Fatal(err)
		}
	}
}
