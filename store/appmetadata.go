package store

import (
	"context"
	"time"
)

// AppMetadata is what one registered app version says about its options, as read when it was registered.
// Options (every option) and Visible (the visible ones) are the JSON flow wrote; the store does not look inside.
type AppMetadata struct {
	Type, Name, Version string
	Source              string
	Found               bool
	Options             string
	Visible             string
	ReadAt              time.Time
}

// PutAppMetadata records (or replaces) the metadata of an app version.
func (t *Tx) PutAppMetadata(ctx context.Context, m AppMetadata) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO app_metadata (type, name, version, source, found, options, visible, read_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (type, name, version) DO UPDATE SET source = excluded.source,
		found = excluded.found, options = excluded.options, visible = excluded.visible, read_at = excluded.read_at`,
		m.Type, m.Name, m.Version, m.Source, m.Found, m.Options, m.Visible, formatTime(m.ReadAt))
	return err
}

// GetAppMetadata returns the metadata of an app version; ErrNotFound when none was read. With visibleOnly,
// Options is left empty and only the (much smaller) Visible is read.
func (t *Tx) GetAppMetadata(ctx context.Context, typ, name, version string, visibleOnly bool) (AppMetadata, error) {
	m := AppMetadata{Type: typ, Name: name, Version: version}
	var readAt string
	column := "options"
	if visibleOnly {
		column = "''"
	}
	err := t.q.QueryRowContext(ctx, `SELECT source, found, `+column+`, visible, read_at FROM app_metadata
		WHERE type = ? AND name = ? AND version = ?`, typ, name, version).Scan(&m.Source, &m.Found, &m.Options, &m.Visible, &readAt)
	if isNotFound(err) {
		return AppMetadata{}, ErrNotFound
	}
	if err != nil {
		return AppMetadata{}, err
	}
	m.ReadAt = parseTime(readAt)
	return m, nil
}

// DeleteAppMetadata forgets the metadata of an app version (there may be none).
func (t *Tx) DeleteAppMetadata(ctx context.Context, typ, name, version string) error {
	_, err := t.q.ExecContext(ctx, "DELETE FROM app_metadata WHERE type = ? AND name = ? AND version = ?", typ, name, version)
	return err
}
