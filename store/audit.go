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

// InsertAudit appends an audit record.
func (t *Tx) InsertAudit(ctx context.Context, r AuditRecord) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO audit_records (created_at, actor, operation, action, correlation, platform, result, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, formatTime(r.CreatedAt), r.Actor, r.Operation, r.Action, r.Correlation, r.Platform, r.Result, r.Data)
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
