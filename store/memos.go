package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Memo returns what was remembered for an account's key (see platforms.Memo).
func (t *Tx) Memo(ctx context.Context, account, key string) (string, bool, error) {
	var value string
	err := t.q.QueryRowContext(ctx, "SELECT value FROM platform_memos WHERE account = ? AND key = ?", account, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return value, err == nil, err
}

// SetMemo remembers a value for an account's key, replacing what was there.
func (t *Tx) SetMemo(ctx context.Context, account, key, value string, at time.Time) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO platform_memos (account, key, value, updated) VALUES (?, ?, ?, ?)
		ON CONFLICT (account, key) DO UPDATE SET value = excluded.value, updated = excluded.updated`, account, key, value, formatTime(at))
	return err
}
