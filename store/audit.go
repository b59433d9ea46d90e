package store

import (
	"context"
	"time"
)

// AuditRecord says who changed what, when, on which account, and how it ended.
type AuditRecord struct {
	ID          int64
	CreatedAt   time.Time
	Actor       string
	Operation   AuditOperation
	Action      AuditAction
	Correlation string // the name of the thing changed
	Platform    string
	Result      string // "ok" or the one-line error
	Data        string // redacted details
}

// AuditFilter narrows an audit listing; zero values match everything.
type AuditFilter struct {
	Operation AuditOperation
	Action    AuditAction
	Limit     int
}

// InsertAudit appends an audit record and returns its id.
func (t *Tx) InsertAudit(ctx context.Context, r AuditRecord) (int64, error) {
	var id int64
	err := t.q.QueryRowContext(ctx, `INSERT INTO audit_records (created_at, actor, operation, action, correlation, platform, result, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, formatTime(r.CreatedAt), r.Actor, r.Operation, r.Action, r.Correlation, r.Platform, r.Result, r.Data).Scan(&id)
	return id, err
}

// SetAuditResult records how a change ended when that is known only after its record was written: a deploy or
// a launch is recorded when it is claimed, and the platform answers after.
func (t *Tx) SetAuditResult(ctx context.Context, id int64, result string) error {
	_, err := t.q.ExecContext(ctx, "UPDATE audit_records SET result = ? WHERE id = ?", result, id)
	return err
}

// ListAudit returns matching records, newest first.
func (t *Tx) ListAudit(ctx context.Context, f AuditFilter) ([]AuditRecord, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT id, created_at, actor, operation, action, correlation, platform, result, data
		FROM audit_records WHERE (? = '' OR operation = ?) AND (? = '' OR action = ?) ORDER BY id DESC LIMIT ?`,
		f.Operation, f.Operation, f.Action, f.Action, t.noLimit(f.Limit))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditRecord
	for rows.Next() {
		var r AuditRecord
		var created string
		if err := rows.Scan(&r.ID, &created, &r.Actor, &r.Operation, &r.Action, &r.Correlation, &r.Platform, &r.Result, &r.Data); err != nil {
			return nil, err
		}
		r.CreatedAt = parseTime(created)
		out = append(out, r)
	}
	return out, rows.Err()
}
