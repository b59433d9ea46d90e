package taskdb

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// JobExecution is a row of BATCH_JOB_EXECUTION with its instance, the task execution that ran it (0 for none),
// its step count and, when read one by one, its parameters.
type JobExecution struct {
	ID              int64
	Target          Target
	InstanceID      int64
	JobName         string
	TaskExecutionID int64
	TaskName        string
	CreateTime      time.Time
	StartTime       time.Time
	EndTime         time.Time
	LastUpdated     time.Time
	Status          string
	ExitCode        string
	ExitMessage     string
	StepCount       int
	Parameters      []JobParameter
}

// JobParameter is one job parameter: Spring Batch 4's typed columns or Batch 5's name/type/value, read into
// one form. Type is STRING, LONG, DOUBLE or DATE (Batch 4) or the Java class name (Batch 5).
type JobParameter struct {
	Key         string `json:"key" yaml:"key"`
	Type        string `json:"type" yaml:"type"`
	Value       string `json:"value" yaml:"value"`
	Identifying bool   `json:"identifying" yaml:"identifying"`
}

// Running is Spring Batch's JobExecution.isRunning: started and not ended.
func (j JobExecution) Running() bool { return !j.StartTime.IsZero() && j.EndTime.IsZero() }

// Stopping is Spring Batch's JobExecution.isStopping.
func (j JobExecution) Stopping() bool { return j.Status == "STOPPING" }

// Restartable is SCDF's JobUtils.isJobExecutionRestartable: a status after STOPPING and before ABANDONED, that
// is STOPPED or FAILED.
func (j JobExecution) Restartable() bool { return j.Status == "STOPPED" || j.Status == "FAILED" }

// jobSelect reads job executions with their instance, step count and task. The step count is counted per row
// (SCDF's index on the steps' JOB_EXECUTION_ID), so a limited listing or one id counts only the rows it shows.
func jobSelect(t Target) string {
	return "SELECT E.JOB_EXECUTION_ID, E.JOB_INSTANCE_ID, I.JOB_NAME, E.CREATE_TIME, E.START_TIME, E.END_TIME, E.LAST_UPDATED, E.STATUS, E.EXIT_CODE, E.EXIT_MESSAGE," +
		" (SELECT COUNT(*) FROM " + t.BatchPrefix + "STEP_EXECUTION S WHERE S.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID), TB.TASK_EXECUTION_ID, TE.TASK_NAME" + jobJoins(t)
}

// jobSelectAll is jobSelect for a whole listing: the steps are counted in one pass over them.
func jobSelectAll(t Target) string {
	return "SELECT E.JOB_EXECUTION_ID, E.JOB_INSTANCE_ID, I.JOB_NAME, E.CREATE_TIME, E.START_TIME, E.END_TIME, E.LAST_UPDATED, E.STATUS, E.EXIT_CODE, E.EXIT_MESSAGE," +
		" COALESCE(S.N, 0), TB.TASK_EXECUTION_ID, TE.TASK_NAME" + jobJoins(t) +
		" LEFT JOIN (SELECT JOB_EXECUTION_ID, COUNT(*) AS N FROM " + t.BatchPrefix + "STEP_EXECUTION GROUP BY JOB_EXECUTION_ID) S ON S.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID"
}

func jobJoins(t Target) string {
	return " FROM " + t.BatchPrefix + "JOB_EXECUTION E JOIN " + t.BatchPrefix + "JOB_INSTANCE I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID" +
		" LEFT JOIN " + t.TaskPrefix + "TASK_BATCH TB ON TB.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID" +
		" LEFT JOIN " + t.TaskPrefix + "EXECUTION TE ON TE.TASK_EXECUTION_ID = TB.TASK_EXECUTION_ID"
}

// JobExecutions lists the job executions of both targets, newest first (by creation, then id), of one job
// when name is set, at most limit (0: all).
func (d *DB) JobExecutions(ctx context.Context, name string, limit int) ([]JobExecution, error) {
	var all []JobExecution
	for _, t := range Targets {
		q := jobSelect(t)
		if limit <= 0 {
			q = jobSelectAll(t)
		}
		var args []any
		if name != "" {
			q += " WHERE I.JOB_NAME = ?"
			args = append(args, name)
		}
		q += " ORDER BY E.JOB_EXECUTION_ID DESC"
		if limit > 0 {
			q += " LIMIT " + strconv.Itoa(limit)
		}
		list, err := d.queryJobs(ctx, t, q, args...)
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].CreateTime.Equal(all[j].CreateTime) {
			return all[i].CreateTime.After(all[j].CreateTime)
		}
		return all[i].ID > all[j].ID
	})
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// JobExecution reads one job execution with its parameters, or ErrNotFound.
func (d *DB) JobExecution(ctx context.Context, t Target, id int64) (JobExecution, error) {
	list, err := d.queryJobs(ctx, t, jobSelect(t)+" WHERE E.JOB_EXECUTION_ID = ?", id)
	if err != nil {
		return JobExecution{}, err
	}
	if len(list) == 0 {
		return JobExecution{}, ErrNotFound
	}
	j := list[0]
	if j.Parameters, err = d.jobParameters(ctx, t, id); err != nil {
		return JobExecution{}, err
	}
	return j, nil
}

// JobInstanceExecutions reads a job instance's executions (newest first) with their parameters; ErrNotFound when
// there is no such instance.
func (d *DB) JobInstanceExecutions(ctx context.Context, t Target, instanceID int64) (string, []JobExecution, error) {
	var name string
	err := d.db.QueryRowContext(ctx, d.rebind("SELECT JOB_NAME FROM "+t.BatchPrefix+"JOB_INSTANCE WHERE JOB_INSTANCE_ID = ?"), instanceID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, ErrNotFound
	}
	if err != nil {
		return "", nil, d.wrap(err)
	}
	list, err := d.queryJobs(ctx, t, jobSelect(t)+" WHERE E.JOB_INSTANCE_ID = ? ORDER BY E.JOB_EXECUTION_ID DESC", instanceID)
	if err != nil {
		return "", nil, err
	}
	for i := range list {
		if list[i].Parameters, err = d.jobParameters(ctx, t, list[i].ID); err != nil {
			return "", nil, err
		}
	}
	return name, list, nil
}

func (d *DB) queryJobs(ctx context.Context, t Target, query string, args ...any) ([]JobExecution, error) {
	if d.engine == PostgreSQL {
		return d.queryJobsPG(ctx, t, query, args...)
	}
	rows, err := d.db.QueryContext(ctx, d.rebind(query), args...)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer func() { _ = rows.Close() }()
	var out []JobExecution
	for rows.Next() {
		j := JobExecution{Target: t}
		var create, start, end, updated sql.NullTime
		var status, code, msg, taskName sql.NullString
		var taskID sql.NullInt64
		if err := rows.Scan(&j.ID, &j.InstanceID, &j.JobName, &create, &start, &end, &updated, &status, &code, &msg, &j.StepCount, &taskID, &taskName); err != nil {
			return nil, d.wrap(err)
		}
		j.CreateTime, j.StartTime, j.EndTime, j.LastUpdated = d.local(create), d.local(start), d.local(end), d.local(updated)
		j.Status, j.ExitCode, j.ExitMessage, j.TaskExecutionID, j.TaskName = status.String, code.String, msg.String, taskID.Int64, taskName.String
		out = append(out, j)
	}
	return out, d.wrap(rows.Err())
}

// jobParameters reads a job execution's parameters in the form of the target's Spring Batch.
func (d *DB) jobParameters(ctx context.Context, t Target, id int64) ([]JobParameter, error) {
	query := "SELECT KEY_NAME, TYPE_CD, STRING_VAL, DATE_VAL, LONG_VAL, DOUBLE_VAL, IDENTIFYING FROM " + t.BatchPrefix + "JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = ? ORDER BY KEY_NAME"
	if t == Boot3 {
		query = "SELECT PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING FROM " + t.BatchPrefix + "JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = ? ORDER BY PARAMETER_NAME"
	}
	rows, err := d.db.QueryContext(ctx, d.rebind(query), id)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer func() { _ = rows.Close() }()
	var out []JobParameter
	for rows.Next() {
		var p JobParameter
		var ident string
		if t == Boot3 {
			var v sql.NullString
			if err := rows.Scan(&p.Key, &p.Type, &v, &ident); err != nil {
				return nil, d.wrap(err)
			}
			p.Value = v.String
		} else {
			var s sql.NullString
			var date sql.NullTime
			var l sql.NullInt64
			var f sql.NullFloat64
			if err := rows.Scan(&p.Key, &p.Type, &s, &date, &l, &f, &ident); err != nil {
				return nil, d.wrap(err)
			}
			switch p.Type {
			case "LONG":
				p.Value = strconv.FormatInt(l.Int64, 10)
			case "DOUBLE":
				p.Value = strconv.FormatFloat(f.Float64, 'f', -1, 64)
			case "DATE":
				if date.Valid {
					p.Value = d.local(date).Format(time.RFC3339Nano)
				}
			default:
				p.Value = s.String
			}
		}
		p.Identifying = ident == "Y"
		out = append(out, p)
	}
	return out, d.wrap(rows.Err())
}

// StepExecution is a row of BATCH_STEP_EXECUTION.
type StepExecution struct {
	ID               int64
	JobExecutionID   int64
	Name             string
	StartTime        time.Time
	EndTime          time.Time
	LastUpdated      time.Time
	Status           string
	ReadCount        int64
	WriteCount       int64
	FilterCount      int64
	ReadSkipCount    int64
	WriteSkipCount   int64
	ProcessSkipCount int64
	CommitCount      int64
	RollbackCount    int64
	ExitCode         string
	ExitMessage      string
}

const stepColumns = `STEP_EXECUTION_ID, JOB_EXECUTION_ID, STEP_NAME, START_TIME, END_TIME, LAST_UPDATED, STATUS, READ_COUNT, WRITE_COUNT,
	FILTER_COUNT, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, COMMIT_COUNT, ROLLBACK_COUNT, EXIT_CODE, EXIT_MESSAGE`

// StepExecutions lists a job execution's steps in the order they ran.
func (d *DB) StepExecutions(ctx context.Context, t Target, jobExecutionID int64) ([]StepExecution, error) {
	return d.querySteps(ctx, "SELECT "+stepColumns+" FROM "+t.BatchPrefix+"STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? ORDER BY STEP_EXECUTION_ID", jobExecutionID)
}

// StepExecution reads one step of a job execution, or ErrNotFound.
func (d *DB) StepExecution(ctx context.Context, t Target, jobExecutionID, stepID int64) (StepExecution, error) {
	list, err := d.querySteps(ctx, "SELECT "+stepColumns+" FROM "+t.BatchPrefix+"STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? AND STEP_EXECUTION_ID = ?", jobExecutionID, stepID)
	if err != nil {
		return StepExecution{}, err
	}
	if len(list) == 0 {
		return StepExecution{}, ErrNotFound
	}
	return list[0], nil
}

// StepHistory is what finished runs of a step (same job, same step name) took on average: SCDF's
// StepExecutionHistory, which step progress estimates from.
type StepHistory struct {
	Count        int
	MeanRead     float64
	MeanDuration float64 // milliseconds
}

// FinishedStepHistory averages the finished executions of a job's step.
func (d *DB) FinishedStepHistory(ctx context.Context, t Target, jobName, stepName string) (StepHistory, error) {
	list, err := d.querySteps(ctx, "SELECT S."+stepColumnsPrefixed("S.")+" FROM "+t.BatchPrefix+"STEP_EXECUTION S JOIN "+t.BatchPrefix+"JOB_EXECUTION E ON E.JOB_EXECUTION_ID = S.JOB_EXECUTION_ID JOIN "+
		t.BatchPrefix+"JOB_INSTANCE I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME = ? AND S.STEP_NAME = ? AND S.END_TIME IS NOT NULL", jobName, stepName)
	if err != nil {
		return StepHistory{}, err
	}
	var h StepHistory
	for _, s := range list {
		h.Count++
		h.MeanRead += float64(s.ReadCount)
		h.MeanDuration += float64(s.EndTime.Sub(s.StartTime).Milliseconds())
	}
	if h.Count > 0 {
		h.MeanRead /= float64(h.Count)
		h.MeanDuration /= float64(h.Count)
	}
	return h, nil
}

func stepColumnsPrefixed(p string) string {
	return "STEP_EXECUTION_ID, " + p + "JOB_EXECUTION_ID, " + p + "STEP_NAME, " + p + "START_TIME, " + p + "END_TIME, " + p + "LAST_UPDATED, " + p + "STATUS, " +
		p + "READ_COUNT, " + p + "WRITE_COUNT, " + p + "FILTER_COUNT, " + p + "READ_SKIP_COUNT, " + p + "WRITE_SKIP_COUNT, " + p + "PROCESS_SKIP_COUNT, " +
		p + "COMMIT_COUNT, " + p + "ROLLBACK_COUNT, " + p + "EXIT_CODE, " + p + "EXIT_MESSAGE"
}

func (d *DB) querySteps(ctx context.Context, query string, args ...any) ([]StepExecution, error) {
	rows, err := d.db.QueryContext(ctx, d.rebind(query), args...)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer func() { _ = rows.Close() }()
	var out []StepExecution
	for rows.Next() {
		var s StepExecution
		var start, end, updated sql.NullTime
		var status, code, msg sql.NullString
		var counts [8]sql.NullInt64
		if err := rows.Scan(&s.ID, &s.JobExecutionID, &s.Name, &start, &end, &updated, &status, &counts[0], &counts[1], &counts[2], &counts[3],
			&counts[4], &counts[5], &counts[6], &counts[7], &code, &msg); err != nil {
			return nil, d.wrap(err)
		}
		s.StartTime, s.EndTime, s.LastUpdated = d.local(start), d.local(end), d.local(updated)
		s.Status, s.ExitCode, s.ExitMessage = status.String, code.String, msg.String
		s.ReadCount, s.WriteCount, s.FilterCount, s.ReadSkipCount = counts[0].Int64, counts[1].Int64, counts[2].Int64, counts[3].Int64
		s.WriteSkipCount, s.ProcessSkipCount, s.CommitCount, s.RollbackCount = counts[4].Int64, counts[5].Int64, counts[6].Int64, counts[7].Int64
		out = append(out, s)
	}
	return out, d.wrap(rows.Err())
}

// queryJobsPG is queryJobs through pgx itself: a listing of thousands of job executions spends most of its
// time converting values, which database/sql does twice (to driver values, then to the destinations).
func (d *DB) queryJobsPG(ctx context.Context, t Target, query string, args ...any) ([]JobExecution, error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer func() { _ = conn.Close() }()
	var out []JobExecution
	err = conn.Raw(func(driverConn any) error {
		pg := driverConn.(*stdlib.Conn).Conn()
		rows, err := pg.Query(ctx, d.rebind(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			j := JobExecution{Target: t}
			var create, start, end, updated pgtype.Timestamp
			var status, code, msg, taskName pgtype.Text
			var taskID pgtype.Int8
			var steps int64
			if err := rows.Scan(&j.ID, &j.InstanceID, &j.JobName, &create, &start, &end, &updated, &status, &code, &msg, &steps, &taskID, &taskName); err != nil {
				return err
			}
			j.CreateTime, j.StartTime, j.EndTime, j.LastUpdated = d.localTS(create), d.localTS(start), d.localTS(end), d.localTS(updated)
			j.Status, j.ExitCode, j.ExitMessage, j.TaskName = status.String, code.String, msg.String, taskName.String
			j.StepCount, j.TaskExecutionID = int(steps), taskID.Int64
			out = append(out, j)
		}
		return rows.Err()
	})
	return out, d.wrap(err)
}

func (d *DB) localTS(t pgtype.Timestamp) time.Time {
	return d.local(sql.NullTime{Time: t.Time, Valid: t.Valid})
}
