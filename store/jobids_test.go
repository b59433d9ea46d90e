package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// jobIDsMigration is the schema version that adds task_executions.job_execution_ids.
const jobIDsMigration = 17

// A store from before job execution ids were kept is upgraded on both engines: the executions it holds read
// with none, and an import afterwards keeps them, replaces them, and reads them back in order.
func TestUpgradeKeepsJobExecutionIDsFromThenOn(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		testJobIDsUpgrade(t, filepath.Join(t.TempDir(), "old.db"), "PRAGMA user_version = 16")
	})
	t.Run("postgres", func(t *testing.T) {
		testJobIDsUpgrade(t, postgresURL(t), "UPDATE schema_version SET version = 16")
	})
}

// testJobIDsUpgrade makes a store at schema version 16 (the newest schema with the column dropped: what 0017
// adds), records an execution in it, and opens it again with this binary.
func testJobIDsUpgrade(t *testing.T, target, setVersion16 string) {
	ctx := context.Background()
	start := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	old, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"ALTER TABLE task_executions DROP COLUMN job_execution_ids", setVersion16,
		`INSERT INTO task_executions (id, task_name, platform, resource, arguments, properties, status, start_time, launcher)
			VALUES (5, 'ts', 'default', 'docker:t:1', '', '', 'COMPLETE', '` + formatTime(start) + `', 'scdf')`} {
		if _, err := old.db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if v, err := old.schemaVersion(ctx); err != nil || v != jobIDsMigration-1 {
		t.Fatalf("the old store is at version %d (%v)", v, err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if v, err := s.schemaVersion(ctx); err != nil || v != SchemaVersion() || v < jobIDsMigration {
		t.Fatalf("upgraded to version %d (%v), want %d", v, err, SchemaVersion())
	}
	r := s.Read()
	if got, err := r.GetExecution(ctx, 5); err != nil || got.TaskName != "ts" || got.JobExecutionIDs != nil {
		t.Fatalf("the execution recorded before the upgrade: %+v %v", got, err)
	}
	list := []Execution{
		{ID: 6, TaskName: "ts", Platform: "default", Status: ExecutionComplete, StartTime: start, Launcher: "scdf", JobExecutionIDs: []int64{3, 40, 1234567890123}},
		{ID: 7, TaskName: "ts", Platform: "default", Status: ExecutionRunning, StartTime: start, Launcher: "scdf"},
	}
	if err := r.ImportExecutions(ctx, list); err != nil {
		t.Fatal(err)
	}
	if got, err := r.GetExecution(ctx, 6); err != nil || !slices.Equal(got.JobExecutionIDs, list[0].JobExecutionIDs) {
		t.Fatalf("job ids read back: %v (%v), want %v", got.JobExecutionIDs, err, list[0].JobExecutionIDs)
	}
	ended := list[1]
	ended.Status, ended.EndTime, ended.JobExecutionIDs = ExecutionComplete, start.Add(time.Minute), []int64{41}
	if err := r.ReplaceImportedExecution(ctx, ended); err != nil {
		t.Fatal(err)
	}
	listed, err := r.ListExecutions(ctx, "ts", 0)
	if err != nil || len(listed) != 3 {
		t.Fatalf("listed %d: %v", len(listed), err)
	}
	if !slices.Equal(listed[0].JobExecutionIDs, []int64{41}) || listed[1].JobExecutionIDs == nil || listed[2].JobExecutionIDs != nil {
		t.Fatalf("job ids listed: %v, %v, %v", listed[0].JobExecutionIDs, listed[1].JobExecutionIDs, listed[2].JobExecutionIDs)
	}
}

// An unreadable column is an error naming the execution, never ids silently dropped.
func TestUnreadableJobExecutionIDs(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if err := s.Read().ImportExecutions(ctx, []Execution{{ID: 3, TaskName: "ts", Status: ExecutionComplete, Launcher: "scdf"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, "UPDATE task_executions SET job_execution_ids = '1,x' WHERE id = 3"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Read().GetExecution(ctx, 3); err == nil || err.Error() != `task execution 3: unreadable job execution ids "1,x"` {
			t.Fatalf("err = %v", err)
		}
	})
}
