package taskdb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrNotFound is a row that is not there.
var ErrNotFound = errors.New("not found")

// TaskExecution is a TASK_EXECUTION row as the app (or dataflow, for it) wrote it.
type TaskExecution struct {
	ID           int64
	Target       Target
	TaskName     string
	StartTime    time.Time // zero when the app has not started
	EndTime      time.Time // zero while running, or when the app never recorded its end
	ExitCode     *int
	ExitMessage  string
	ErrorMessage string
	ExternalID   string
	ParentID     int64
	Arguments    []string
	// JobExecutionIDs are the batch jobs the run recorded (TASK_TASK_BATCH).
	JobExecutionIDs []int64
}

// rebind writes a query's ? placeholders as $1, $2... for PostgreSQL.
func (d *DB) rebind(query string) string {
	if d.engine != PostgreSQL {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CreateExecution creates the row an app is launched with, as SCDF's server does before a launch: the id from
// the target's TASK_SEQ, the task's name, no start time (the app writes its own when it starts). The id is above
// floor, the highest execution id the caller already uses, so one id never names two runs.
func (d *DB) CreateExecution(ctx context.Context, t Target, taskName string, parentID, floor int64, now time.Time) (int64, error) {
	var parent any
	if parentID > 0 {
		parent = parentID
	}
	if d.engine == PostgreSQL {
		// One round trip: the sequence is moved past floor (when it is not already) before its next value is
		// taken for the row.
		seq := "'" + strings.ToLower(t.TaskPrefix+"SEQ") + "'"
		var id int64
		err := d.db.QueryRowContext(ctx, `WITH moved AS (SELECT CASE WHEN last_value < $1 OR (last_value = $1 AND NOT is_called) THEN setval(`+seq+`, $1) END AS v FROM `+t.TaskPrefix+`SEQ)
			INSERT INTO `+t.TaskPrefix+`EXECUTION (TASK_EXECUTION_ID, EXIT_CODE, START_TIME, TASK_NAME, LAST_UPDATED, EXTERNAL_EXECUTION_ID, PARENT_EXECUTION_ID)
			SELECT nextval(`+seq+`), NULL, NULL, $2, $3, NULL, $4 FROM moved RETURNING TASK_EXECUTION_ID`, max(floor, 0), taskName, wall(now), parent).Scan(&id)
		return id, d.wrap(err)
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return 0, d.wrap(err)
	}
	defer func() { _ = conn.Close() }()
	id, err := d.nextValue(ctx, conn, t, t.TaskPrefix+"SEQ", floor)
	if err != nil {
		return 0, d.wrap(err)
	}
	_, err = conn.ExecContext(ctx, d.rebind("INSERT INTO "+t.TaskPrefix+"EXECUTION (TASK_EXECUTION_ID, EXIT_CODE, START_TIME, TASK_NAME, LAST_UPDATED, EXTERNAL_EXECUTION_ID, PARENT_EXECUTION_ID) VALUES (?, NULL, NULL, ?, ?, NULL, ?)"),
		id, taskName, wall(now), parent)
	if err != nil {
		return 0, d.wrap(err)
	}
	return id, nil
}

// nextValue takes the next id of one of Spring's generators, first moving it past floor.
func (d *DB) nextValue(ctx context.Context, conn *sql.Conn, t Target, seq string, floor int64) (int64, error) {
	var id int64
	if d.engine == PostgreSQL {
		if floor > 0 {
			var last int64
			var called bool
			if err := conn.QueryRowContext(ctx, "SELECT last_value, is_called FROM "+seq).Scan(&last, &called); err != nil {
				return 0, err
			}
			if last < floor || (last == floor && !called) {
				if _, err := conn.ExecContext(ctx, "SELECT setval('"+strings.ToLower(seq)+"', $1)", floor); err != nil {
					return 0, err
				}
			}
		}
		err := conn.QueryRowContext(ctx, "SELECT nextval('"+strings.ToLower(seq)+"')").Scan(&id)
		return id, err
	}
	isSeq, err := isSequenceObject(ctx, conn, seq)
	if err != nil {
		return 0, err
	}
	if isSeq {
		if floor > 0 {
			// MariaDB's SETVAL leaves a sequence that is already further alone.
			if _, err := conn.ExecContext(ctx, "SELECT SETVAL("+seq+", "+strconv.FormatInt(floor, 10)+")"); err != nil {
				return 0, err
			}
		}
		err := conn.QueryRowContext(ctx, "SELECT NEXTVAL("+seq+")").Scan(&id)
		return id, err
	}
	// Spring's MySQLMaxValueIncrementer: the one-row table, and LAST_INSERT_ID on the same connection.
	if floor > 0 {
		if _, err := conn.ExecContext(ctx, "UPDATE "+seq+" SET ID = GREATEST(ID, ?)", floor); err != nil {
			return 0, err
		}
	}
	if _, err := conn.ExecContext(ctx, "UPDATE "+seq+" SET ID = LAST_INSERT_ID(ID + 1)"); err != nil {
		return 0, err
	}
	err = conn.QueryRowContext(ctx, "SELECT LAST_INSERT_ID()").Scan(&id)
	return id, err
}

// SetExternalID records the platform's id of a run (SCDF's updateExternalExecutionId).
func (d *DB) SetExternalID(ctx context.Context, t Target, id int64, externalID string) error {
	_, err := d.db.ExecContext(ctx, d.rebind("UPDATE "+t.TaskPrefix+"EXECUTION SET EXTERNAL_EXECUTION_ID = ? WHERE TASK_EXECUTION_ID = ?"), externalID, id)
	return d.wrap(err)
}

// StartExecution records a start and the arguments, as Spring Cloud Task does when the app starts; dataflow
// writes it for the runs it executes itself (a composed graph).
func (d *DB) StartExecution(ctx context.Context, t Target, id int64, start time.Time, args []string) error {
	_, err := d.db.ExecContext(ctx, d.rebind("UPDATE "+t.TaskPrefix+"EXECUTION SET START_TIME = ?, LAST_UPDATED = ? WHERE TASK_EXECUTION_ID = ?"), wall(start), wall(start), id)
	if err != nil {
		return d.wrap(err)
	}
	for _, a := range args {
		if _, err := d.db.ExecContext(ctx, d.rebind("INSERT INTO "+t.TaskPrefix+"EXECUTION_PARAMS (TASK_EXECUTION_ID, TASK_PARAM) VALUES (?, ?)"), id, a); err != nil {
			return d.wrap(err)
		}
	}
	return nil
}

// CompleteExecution writes an end where the app wrote none (it crashed, was killed, never started): the
// platform's end, so SQL readers and Spring tools see the run ended. An end the app recorded is kept; the
// result says whether this one was written.
func (d *DB) CompleteExecution(ctx context.Context, t Target, id int64, exitCode int, end time.Time, exitMessage, errorMessage string) (bool, error) {
	res, err := d.db.ExecContext(ctx, d.rebind("UPDATE "+t.TaskPrefix+"EXECUTION SET END_TIME = ?, EXIT_CODE = ?, EXIT_MESSAGE = ?, ERROR_MESSAGE = ?, LAST_UPDATED = ? WHERE TASK_EXECUTION_ID = ? AND END_TIME IS NULL"),
		wall(end), exitCode, nullable(clip(exitMessage)), nullable(clip(errorMessage)), wall(end), id)
	if err != nil {
		return false, d.wrap(err)
	}
	n, err := res.RowsAffected()
	return n > 0, d.wrap(err)
}

// Execution reads one row with its arguments and job executions, or ErrNotFound.
func (d *DB) Execution(ctx context.Context, t Target, id int64) (TaskExecution, error) {
	row := d.db.QueryRowContext(ctx, d.rebind("SELECT TASK_EXECUTION_ID, START_TIME, END_TIME, TASK_NAME, EXIT_CODE, EXIT_MESSAGE, ERROR_MESSAGE, EXTERNAL_EXECUTION_ID, PARENT_EXECUTION_ID FROM "+t.TaskPrefix+"EXECUTION WHERE TASK_EXECUTION_ID = ?"), id)
	e := TaskExecution{Target: t}
	var start, end sql.NullTime
	var name, exitMsg, errMsg, ext sql.NullString
	var code, parent sql.NullInt64
	err := row.Scan(&e.ID, &start, &end, &name, &code, &exitMsg, &errMsg, &ext, &parent)
	if errors.Is(err, sql.ErrNoRows) {
		return TaskExecution{}, ErrNotFound
	}
	if err != nil {
		return TaskExecution{}, d.wrap(err)
	}
	e.StartTime, e.EndTime = d.local(start), d.local(end)
	e.TaskName, e.ExitMessage, e.ErrorMessage, e.ExternalID, e.ParentID = name.String, exitMsg.String, errMsg.String, ext.String, parent.Int64
	if code.Valid {
		c := int(code.Int64)
		e.ExitCode = &c
	}
	if e.Arguments, err = d.strings(ctx, "SELECT TASK_PARAM FROM "+t.TaskPrefix+"EXECUTION_PARAMS WHERE TASK_EXECUTION_ID = ?", id); err != nil {
		return TaskExecution{}, err
	}
	ids, err := d.strings(ctx, "SELECT JOB_EXECUTION_ID FROM "+t.TaskPrefix+"TASK_BATCH WHERE TASK_EXECUTION_ID = ? ORDER BY JOB_EXECUTION_ID", id)
	if err != nil {
		return TaskExecution{}, err
	}
	for _, s := range ids {
		n, _ := strconv.ParseInt(s, 10, 64)
		e.JobExecutionIDs = append(e.JobExecutionIDs, n)
	}
	return e, nil
}

// DeleteExecutions removes task execution rows with their parameters, and the batch jobs they ran with their
// steps, parameters and contexts (a job instance goes with its last execution), as SCDF's task execution
// cleanup does when it removes data.
func (d *DB) DeleteExecutions(ctx context.Context, t Target, ids []int64) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return d.wrap(err)
	}
	defer func() { _ = tx.Rollback() }()
	exec := func(query string, args ...any) error {
		_, err := tx.ExecContext(ctx, d.rebind(query), args...)
		return err
	}
	bp := t.BatchPrefix
	for _, id := range ids {
		jobs, instances, err := d.taskJobs(ctx, tx, t, id)
		if err != nil {
			return d.wrap(err)
		}
		for _, table := range []string{"EXECUTION_PARAMS", "TASK_BATCH", "EXECUTION"} {
			if err := exec("DELETE FROM "+t.TaskPrefix+table+" WHERE TASK_EXECUTION_ID = ?", id); err != nil {
				return d.wrap(err)
			}
		}
		for i, job := range jobs {
			steps := "SELECT STEP_EXECUTION_ID FROM " + bp + "STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
			for _, q := range []string{
				"DELETE FROM " + bp + "STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN (" + steps + ")",
				"DELETE FROM " + bp + "STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?",
				"DELETE FROM " + bp + "JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID = ?",
				"DELETE FROM " + bp + "JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = ?",
				"DELETE FROM " + bp + "JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
			} {
				if err := exec(q, job); err != nil {
					return d.wrap(err)
				}
			}
			if err := exec("DELETE FROM "+bp+"JOB_INSTANCE WHERE JOB_INSTANCE_ID = ? AND NOT EXISTS (SELECT 1 FROM "+bp+"JOB_EXECUTION WHERE JOB_INSTANCE_ID = ?)", instances[i], instances[i]); err != nil {
				return d.wrap(err)
			}
		}
	}
	return d.wrap(tx.Commit())
}

// taskJobs are the job executions a task execution ran, with their instances.
func (d *DB) taskJobs(ctx context.Context, tx *sql.Tx, t Target, id int64) (jobs, instances []int64, err error) {
	rows, err := tx.QueryContext(ctx, d.rebind("SELECT B.JOB_EXECUTION_ID, E.JOB_INSTANCE_ID FROM "+t.TaskPrefix+"TASK_BATCH B JOIN "+t.BatchPrefix+
		"JOB_EXECUTION E ON E.JOB_EXECUTION_ID = B.JOB_EXECUTION_ID WHERE B.TASK_EXECUTION_ID = ?"), id)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var j, i int64
		if err := rows.Scan(&j, &i); err != nil {
			return nil, nil, err
		}
		jobs, instances = append(jobs, j), append(instances, i)
	}
	return jobs, instances, rows.Err()
}

func (d *DB) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := d.db.QueryContext(ctx, d.rebind(query), args...)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, d.wrap(err)
		}
		out = append(out, s.String)
	}
	return out, d.wrap(rows.Err())
}

// wrap names the database in an error of a query.
func (d *DB) wrap(err error) error {
	if err == nil {
		return nil
	}
	return &Error{Where: d.address.String(), Reason: reason(err, "")}
}

// wall is a time as Spring writes a java.util.Date into a TIMESTAMP column: the local wall clock (pgx drops
// the zone of a time written to a TIMESTAMP; the MySQL driver writes it in its Loc, local).
func wall(t time.Time) time.Time {
	return t.Local().Truncate(time.Microsecond)
}

// local reads a TIMESTAMP column back as the local time it was written in.
func (d *DB) local(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	v := t.Time
	return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.Local)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// clip keeps a message within Spring's VARCHAR(2500).
func clip(s string) string {
	if len(s) <= 2500 {
		return s
	}
	return s[:2497] + "..."
}

// String is how a target appears in messages.
func (t Target) String() string { return t.Name }
