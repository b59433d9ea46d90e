package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// AppRecord is one registered version of an app.
type AppRecord struct {
	Type        string
	Name        string
	Version     string
	URI         string
	MetadataURI string
	BootVersion string
	Default     bool
	CreatedAt   time.Time
}

const appColumns = "type, name, version, uri, metadata_uri, boot_version, is_default, created_at"

func scanApps(rows *sql.Rows) ([]AppRecord, error) {
	defer rows.Close()
	var out []AppRecord
	for rows.Next() {
		var a AppRecord
		var created string
		if err := rows.Scan(&a.Type, &a.Name, &a.Version, &a.URI, &a.MetadataURI, &a.BootVersion, &a.Default, &created); err != nil {
			return nil, err
		}
		a.CreatedAt = parseTime(created)
		out = append(out, a)
	}
	return out, rows.Err()
}

// ListApps returns every registered app version ordered by name, type and version.
func (t *Tx) ListApps(ctx context.Context) ([]AppRecord, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+appColumns+" FROM apps ORDER BY name, type, id")
	if err != nil {
		return nil, err
	}
	return scanApps(rows)
}

// AppVersions returns the registered versions of one app, oldest registration first.
func (t *Tx) AppVersions(ctx context.Context, typ, name string) ([]AppRecord, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+appColumns+" FROM apps WHERE type = ? AND name = ? ORDER BY id", typ, name)
	if err != nil {
		return nil, err
	}
	return scanApps(rows)
}

// AppsNamed returns the registered versions of every app with this name, whatever its type.
func (t *Tx) AppsNamed(ctx context.Context, name string) ([]AppRecord, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+appColumns+" FROM apps WHERE name = ? ORDER BY type, id", name)
	if err != nil {
		return nil, err
	}
	return scanApps(rows)
}

// UpsertApp inserts the app version, or replaces the row with the same type, name and version.
func (t *Tx) UpsertApp(ctx context.Context, a AppRecord) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO apps (`+appColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (type, name, version) DO UPDATE SET uri = excluded.uri, metadata_uri = excluded.metadata_uri,
		boot_version = excluded.boot_version`,
		a.Type, a.Name, a.Version, a.URI, a.MetadataURI, a.BootVersion, a.Default, formatTime(a.CreatedAt))
	return err
}

// SetDefaultApp makes version the only default version of the app.
func (t *Tx) SetDefaultApp(ctx context.Context, typ, name, version string) error {
	res, err := t.q.ExecContext(ctx, "UPDATE apps SET is_default = (version = ?) WHERE type = ? AND name = ?", version, typ, name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteApp removes one app version and its metadata.
func (t *Tx) DeleteApp(ctx context.Context, typ, name, version string) error {
	res, err := t.q.ExecContext(ctx, "DELETE FROM apps WHERE type = ? AND name = ? AND version = ?", typ, name, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return t.DeleteAppMetadata(ctx, typ, name, version)
}

// CountApps returns how many app versions are registered.
func (t *Tx) CountApps(ctx context.Context) (int, error) {
	var n int
	err := t.q.QueryRowContext(ctx, "SELECT count(*) FROM apps").Scan(&n)
	return n, err
}

// AppNames returns the distinct app names per type, sorted, for completion and listings. It reads the rows
// plainly and de-duplicates here: SQLite's DISTINCT costs ten times the scan on a thousand apps.
func (t *Tx) AppNames(ctx context.Context) (map[string][]string, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT type, name FROM apps")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	seen := map[[2]string]bool{}
	for rows.Next() {
		var typ, name string
		if err := rows.Scan(&typ, &name); err != nil {
			return nil, err
		}
		if key := [2]string{typ, name}; !seen[key] {
			seen[key] = true
			out[typ] = append(out[typ], name)
		}
	}
	for _, names := range out {
		sort.Strings(names)
	}
	return out, rows.Err()
}

func isNotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// timeLayout keeps times sortable as text and exact to the nanosecond.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		panic(fmt.Sprintf("store: unreadable time %q: %v", s, err))
	}
	return t
}
