package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Execution is one launch of a task.
type Execution struct {
	ID         int64
	TaskName   string
	Platform   string
	Resource   string
	Arguments  []string // already redacted by the caller
	Properties string   // already redacted by the caller
	ExternalID string
	// Handle is the platform's own way to find the run again (opaque to everyone else).
	Handle      string
	Status      ExecutionStatus
	ExitCode    *int
	ExitMessage string
	LogPath     string
	StartTime   time.Time
	EndTime     time.Time
	// ParentID is the composed execution a step belongs to (0: none); RestartOf the run a restart resumes.
	ParentID  int64
	RestartOf int64
	// ScheduleName is the schedule that started this run ("" for a launch).
	ScheduleName string
	// Launcher is the identity of the dataflow process that launched the run (procid), "" for scheduled runs.
	Launcher string
	// SchemaTarget is the task database schema target (boot2, boot3) holding the run's row, "" when the run has
	// none (launched without a task database).
	SchemaTarget string
	// JobExecutionIDs are the batch job executions the run recorded, ascending, as another server reported them
	// (an import from SCDF); a run with a task database row has them in that row, not here.
	JobExecutionIDs []int64
}

const executionColumns = "id, task_name, platform, resource, arguments, properties, external_id, platform_handle, status, exit_code, exit_message, log_path, start_time, end_time, parent_id, restart_of, schedule_name, launcher, schema_target, job_execution_ids"

// InsertExecution records a launch and returns its id, which the task receives as its execution id. An id set
// in e (the task database's) is kept, and the store's own counter moved past it; otherwise the store picks the
// next.
func (t *Tx) InsertExecution(ctx context.Context, e Execution) (int64, error) {
	if e.ID > 0 {
		_, err := t.q.ExecContext(ctx, `INSERT INTO task_executions (id, task_name, platform, resource, arguments, properties, status, log_path, start_time, parent_id, restart_of, launcher, schema_target)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, e.TaskName, e.Platform, e.Resource, t.engine.joinArgs(e.Arguments), e.Properties, e.Status, e.LogPath,
			formatTime(e.StartTime), e.ParentID, e.RestartOf, e.Launcher, e.SchemaTarget)
		if err != nil {
			return 0, err
		}
		// SQLite's AUTOINCREMENT moves past an id given; a PostgreSQL identity does not, and would hand it out again.
		if t.engine == enginePostgres {
			_, err = t.q.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('task_executions', 'id'), ?) WHERE ? > (SELECT last_value FROM task_executions_id_seq)", e.ID, e.ID)
		}
		return e.ID, err
	}
	var id int64
	err := t.q.QueryRowContext(ctx, `INSERT INTO task_executions (task_name, platform, resource, arguments, properties, status, log_path, start_time, parent_id, restart_of, launcher, schema_target)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.TaskName, e.Platform, e.Resource, t.engine.joinArgs(e.Arguments), e.Properties, e.Status, e.LogPath,
		formatTime(e.StartTime), e.ParentID, e.RestartOf, e.Launcher, e.SchemaTarget).Scan(&id)
	return id, err
}

// MaxExecutionID is the highest execution id ever used (deleted records included: SQLite's AUTOINCREMENT and a
// PostgreSQL identity never reuse one), 0 for none: ids the task database hands out stay above it.
func (t *Tx) MaxExecutionID(ctx context.Context) (int64, error) {
	return t.highestID(ctx, "task_executions")
}

// SetExecutionLog records where an execution's output goes (known once the id is).
func (t *Tx) SetExecutionLog(ctx context.Context, id int64, path string) error {
	_, err := t.q.ExecContext(ctx, "UPDATE task_executions SET log_path = ? WHERE id = ?", path, id)
	return err
}

// MarkExecutionRunning stores the platform's id for a launched execution.
func (t *Tx) MarkExecutionRunning(ctx context.Context, id int64, externalID, handle string) error {
	// A task that exits at once may already be recorded as ended by its supervisor: keep that status.
	_, err := t.q.ExecContext(ctx, `UPDATE task_executions SET external_id = ?, platform_handle = ?,
		status = CASE WHEN status = 'LAUNCHING' THEN 'RUNNING' ELSE status END WHERE id = ?`, externalID, handle, id)
	return err
}

// AdoptExecution is MarkExecutionRunning for a run whose launcher died before it recorded the run: it writes
// only while no platform id is recorded, and reports whether it wrote.
func (t *Tx) AdoptExecution(ctx context.Context, id int64, externalID, handle string) (bool, error) {
	res, err := t.q.ExecContext(ctx, `UPDATE task_executions SET external_id = ?, platform_handle = ?,
		status = CASE WHEN status = 'LAUNCHING' THEN 'RUNNING' ELSE status END WHERE id = ? AND platform_handle = ''`, externalID, handle, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// EndExecution records how an execution ended; it does not overwrite an end already recorded.
func (t *Tx) EndExecution(ctx context.Context, id int64, status ExecutionStatus, exitCode int, message string, at time.Time) error {
	_, err := t.q.ExecContext(ctx, `UPDATE task_executions SET status = ?, exit_code = ?, exit_message = ?, end_time = ?
		WHERE id = ? AND end_time = ''`, status, exitCode, message, formatTime(at), id)
	return err
}

// GetExecution returns one execution or ErrNotFound.
func (t *Tx) GetExecution(ctx context.Context, id int64) (Execution, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+executionColumns+" FROM task_executions WHERE id = ?", id)
	if err != nil {
		return Execution{}, err
	}
	list, err := t.scanExecutions(rows)
	if err != nil {
		return Execution{}, err
	}
	if len(list) == 0 {
		return Execution{}, ErrNotFound
	}
	return list[0], nil
}

// ListExecutions returns executions newest first, of one task when name is set, at most limit.
func (t *Tx) ListExecutions(ctx context.Context, name string, limit int) ([]Execution, error) {
	return t.ListExecutionsPage(ctx, name, limit, 0)
}

// ListExecutionsPage is ListExecutions after skipping the offset newest.
func (t *Tx) ListExecutionsPage(ctx context.Context, name string, limit, offset int) ([]Execution, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+executionColumns+" FROM task_executions WHERE (? = '' OR task_name = ?) ORDER BY id DESC LIMIT ? OFFSET ?",
		name, name, t.noLimit(limit), max(offset, 0))
	if err != nil {
		return nil, err
	}
	return t.scanExecutions(rows)
}

// LatestExecutions returns each task's newest execution, by task name: what `task list` shows as its status.
func (t *Tx) LatestExecutions(ctx context.Context) (map[string]Execution, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+executionColumns+" FROM task_executions WHERE id IN (SELECT MAX(id) FROM task_executions GROUP BY task_name)")
	if err != nil {
		return nil, err
	}
	list, err := t.scanExecutions(rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Execution, len(list))
	for _, e := range list {
		out[e.TaskName] = e
	}
	return out, nil
}

func (t *Tx) scanExecutions(rows *sql.Rows) ([]Execution, error) {
	defer rows.Close()
	var out []Execution
	for rows.Next() {
		var e Execution
		var args, status, start, end, jobs string
		var code sql.NullInt64
		// The status is read into a plain string: database/sql converts into a named string type by reflection.
		if err := rows.Scan(&e.ID, &e.TaskName, &e.Platform, &e.Resource, &args, &e.Properties, &e.ExternalID, &e.Handle, &status, &code, &e.ExitMessage, &e.LogPath, &start, &end, &e.ParentID, &e.RestartOf, &e.ScheduleName, &e.Launcher, &e.SchemaTarget, &jobs); err != nil {
			return nil, err
		}
		e.Status = ExecutionStatus(status)
		var err error
		if e.Arguments, err = t.engine.splitArgs(args); err != nil {
			return nil, err
		}
		if e.JobExecutionIDs, err = splitIDs(jobs); err != nil {
			return nil, fmt.Errorf("task execution %d: %w", e.ID, err)
		}
		if code.Valid {
			c := int(code.Int64)
			e.ExitCode = &c
		}
		e.StartTime, e.EndTime = parseTime(start), parseTime(end)
		out = append(out, e)
	}
	return out, rows.Err()
}

// DeleteExecutions removes the execution records of one task and says how many went.
func (t *Tx) DeleteExecutions(ctx context.Context, taskName string) (int64, error) {
	res, err := t.q.ExecContext(ctx, "DELETE FROM task_executions WHERE task_name = ?", taskName)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ChildExecutions returns the steps of a composed execution, in launch order.
func (t *Tx) ChildExecutions(ctx context.Context, parentID int64) ([]Execution, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+executionColumns+" FROM task_executions WHERE parent_id = ? ORDER BY id", parentID)
	if err != nil {
		return nil, err
	}
	return t.scanExecutions(rows)
}

// DeleteExecution removes one execution record and the records of its steps.
func (t *Tx) DeleteExecution(ctx context.Context, id int64) error {
	if _, err := t.q.ExecContext(ctx, "DELETE FROM task_executions WHERE parent_id = ?", id); err != nil {
		return err
	}
	_, err := t.q.ExecContext(ctx, "DELETE FROM task_executions WHERE id = ?", id)
	return err
}
