package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// ExecutionsBetween returns the executions whose ids lie in [low, high], by id: what an import of another
// server's executions compares its ids with.
func (t *Tx) ExecutionsBetween(ctx context.Context, low, high int64) ([]Execution, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+executionColumns+" FROM task_executions WHERE id BETWEEN ? AND ? ORDER BY id", low, high)
	if err != nil {
		return nil, err
	}
	return t.scanExecutions(rows)
}

// ImportExecutions records executions another server ran, whole (ids, statuses, ends, parents) and as they
// are: nothing here launched them. Each id must be free; the store's counter is moved past the highest, so a
// later launch never reuses one.
func (t *Tx) ImportExecutions(ctx context.Context, list []Execution) error {
	if len(list) == 0 {
		return nil
	}
	// Several rows a statement: one round trip per batch, not per execution. The statement of a full batch is
	// the same each time: where the engine's connection can prepare it (SQLite), it is parsed once.
	var high int64
	var full *sql.Stmt
	defer func() {
		if full != nil {
			_ = full.Close()
		}
	}()
	args := make([]any, 0, min(len(list), importBatch)*executionColumnCount)
	for start := 0; start < len(list); start += importBatch {
		batch := list[start:min(start+importBatch, len(list))]
		args = args[:0]
		for _, e := range batch {
			args = append(args, executionValues(t.engine, e)...)
			high = max(high, e.ID)
		}
		var err error
		if p, ok := t.q.(preparer); ok && len(batch) == importBatch {
			if full == nil {
				if full, err = p.PrepareContext(ctx, importStatement(importBatch)); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = t.q.ExecContext(ctx, importStatement(len(batch)), args...)
		}
		if err != nil {
			return err
		}
	}
	var err error
	// SQLite's AUTOINCREMENT moves past an id given; a PostgreSQL identity does not, and would hand it out again.
	if t.engine == enginePostgres {
		_, err = t.q.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('task_executions', 'id'), ?) WHERE ? > (SELECT last_value FROM task_executions_id_seq)", high, high)
	}
	return err
}

// ReplaceImportedExecution rewrites an execution recorded by ImportExecutions with what its server says now
// (a run that has ended since the last import). Only an imported record (its launcher) is touched.
func (t *Tx) ReplaceImportedExecution(ctx context.Context, e Execution) error {
	vals := executionValues(t.engine, e)
	_, err := t.q.ExecContext(ctx, `UPDATE task_executions SET task_name = ?, platform = ?, resource = ?, arguments = ?, properties = ?,
		external_id = ?, platform_handle = ?, status = ?, exit_code = ?, exit_message = ?, log_path = ?, start_time = ?, end_time = ?,
		parent_id = ?, restart_of = ?, schedule_name = ?, launcher = ?, schema_target = ?, job_execution_ids = ? WHERE id = ? AND launcher = ?`,
		append(vals[1:], e.ID, e.Launcher)...)
	return err
}

// preparer is a connection that can prepare a statement for several executions (database/sql's, SQLite's).
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// importStatement is the INSERT of n executions.
func importStatement(n int) string {
	var b strings.Builder
	b.Grow(len(executionColumns) + 40 + n*(len(executionRow)+2))
	b.WriteString(`INSERT INTO task_executions (` + executionColumns + `) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(executionRow)
	}
	return b.String()
}

// importBatch is how many executions one INSERT writes (executionColumnCount values each, below both engines'
// limits on the values of one statement).
const importBatch = 500

// executionColumnCount is how many columns executionColumns names; executionRow is one row of placeholders.
var (
	executionColumnCount = strings.Count(executionColumns, ",") + 1
	executionRow         = "(" + placeholders(executionColumnCount) + ")"
)

// executionValues are an execution's values in the order of executionColumns.
func executionValues(eng engine, e Execution) []any {
	var code any
	if e.ExitCode != nil {
		code = *e.ExitCode
	}
	return []any{e.ID, e.TaskName, e.Platform, e.Resource, eng.joinArgs(e.Arguments), e.Properties, e.ExternalID, e.Handle, string(e.Status),
		code, e.ExitMessage, e.LogPath, formatTime(e.StartTime), formatTime(e.EndTime), e.ParentID, e.RestartOf, e.ScheduleName, e.Launcher, e.SchemaTarget, joinIDs(e.JobExecutionIDs)}
}

// joinIDs writes ids as the job_execution_ids column holds them: decimal, comma separated, "" for none.
func joinIDs(ids []int64) string {
	if len(ids) == 0 {
		return ""
	}
	b := make([]byte, 0, len(ids)*8)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}

// splitIDs reads what joinIDs wrote.
func splitIDs(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	ids := make([]int64, 0, strings.Count(s, ",")+1)
	for part := range strings.SplitSeq(s, ",") {
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("unreadable job execution ids %q", s)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
