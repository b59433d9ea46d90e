package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// AppNamePrefix returns the account's stored app name prefix, storing candidate first when the account has
// none. ON CONFLICT DO NOTHING makes two processes that deploy to a new account at once agree on one prefix.
func (t *Tx) AppNamePrefix(ctx context.Context, account, candidate string, at time.Time) (string, error) {
	if _, err := t.q.ExecContext(ctx, "INSERT INTO cf_app_prefixes (account, prefix, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		account, candidate, formatTime(at)); err != nil {
		return "", err
	}
	var prefix string
	err := t.q.QueryRowContext(ctx, "SELECT prefix FROM cf_app_prefixes WHERE account = ?", account).Scan(&prefix)
	return prefix, err
}

// StoredAppNamePrefix returns the account's prefix if one was made, without making one.
func (t *Tx) StoredAppNamePrefix(ctx context.Context, account string) (string, bool, error) {
	var prefix string
	err := t.q.QueryRowContext(ctx, "SELECT prefix FROM cf_app_prefixes WHERE account = ?", account).Scan(&prefix)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return prefix, err == nil, err
}
