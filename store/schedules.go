package store

import (
	"context"
	"time"
)

// Schedule is a task schedule as created: the cron expression and the launch each run gets.
type Schedule struct {
	Name       string
	TaskName   string
	Platform   string
	Expression string
	Resource   string
	Arguments  []string // already redacted by the caller
	Properties string   // already redacted by the caller
	CreatedAt  time.Time
}

const scheduleColumns = "name, task_name, platform, expression, resource, arguments, properties, created_at"

// InsertSchedule records a schedule; a duplicate name fails with the driver's constraint error, so callers check first.
func (t *Tx) InsertSchedule(ctx context.Context, s Schedule) error {
	_, err := t.q.ExecContext(ctx, "INSERT INTO task_schedules ("+scheduleColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		s.Name, s.TaskName, s.Platform, s.Expression, s.Resource, t.engine.joinArgs(s.Arguments), s.Properties, formatTime(s.CreatedAt))
	return err
}

// GetSchedule returns one schedule or ErrNotFound.
func (t *Tx) GetSchedule(ctx context.Context, name string) (Schedule, error) {
	list, err := t.querySchedules(ctx, "WHERE name = ?", name)
	if err != nil {
		return Schedule{}, err
	}
	if len(list) == 0 {
		return Schedule{}, ErrNotFound
	}
	return list[0], nil
}

// ListSchedules returns schedules by name, narrowed to one account and one task definition when those are set.
func (t *Tx) ListSchedules(ctx context.Context, platform, taskName string) ([]Schedule, error) {
	return t.querySchedules(ctx, "WHERE (? = '' OR platform = ?) AND (? = '' OR task_name = ?) ORDER BY name", platform, platform, taskName, taskName)
}

// SchedulePlatforms lists the accounts that have schedules: the only ones whose scheduled runs need looking for.
func (t *Tx) SchedulePlatforms(ctx context.Context) ([]string, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT DISTINCT platform FROM task_schedules ORDER BY platform")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DeleteSchedule removes one schedule record.
func (t *Tx) DeleteSchedule(ctx context.Context, name string) error {
	_, err := t.q.ExecContext(ctx, "DELETE FROM task_schedules WHERE name = ?", name)
	return err
}

func (t *Tx) querySchedules(ctx context.Context, where string, args ...any) ([]Schedule, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+scheduleColumns+" FROM task_schedules "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Schedule
	for rows.Next() {
		var s Schedule
		var argList, created string
		if err := rows.Scan(&s.Name, &s.TaskName, &s.Platform, &s.Expression, &s.Resource, &argList, &s.Properties, &created); err != nil {
			return nil, err
		}
		var err error
		if s.Arguments, err = t.engine.splitArgs(argList); err != nil {
			return nil, err
		}
		s.CreatedAt = parseTime(created)
		out = append(out, s)
	}
	return out, rows.Err()
}

// RecordScheduledRun records a run a schedule started, once: a run already recorded (same account and external
// id) keeps its record, and only gets the end when e has one and the record has none yet.
func (t *Tx) RecordScheduledRun(ctx context.Context, e Execution) error {
	var code any
	if e.ExitCode != nil {
		code = *e.ExitCode
	}
	_, err := t.q.ExecContext(ctx, `INSERT INTO task_executions (task_name, platform, resource, arguments, properties,
		external_id, platform_handle, status, exit_code, exit_message, start_time, end_time, schedule_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`,
		e.TaskName, e.Platform, e.Resource, t.engine.joinArgs(e.Arguments), e.Properties, e.ExternalID, e.Handle, e.Status,
		code, e.ExitMessage, formatTime(e.StartTime), formatTime(e.EndTime), e.ScheduleName)
	if err != nil || e.EndTime.IsZero() {
		return err
	}
	_, err = t.q.ExecContext(ctx, `UPDATE task_executions SET status = ?, exit_code = ?, exit_message = ?, end_time = ?
		WHERE platform = ? AND external_id = ? AND schedule_name <> '' AND end_time = ''`, e.Status, code, e.ExitMessage, formatTime(e.EndTime), e.Platform, e.ExternalID)
	return err
}
