package store

import (
	"context"
	"time"
)

// Definition is a named stream or task definition as the user created it.
type Definition struct {
	Name        string
	Definition  string
	Description string
	// ComposedParent names the composed task that created this child task definition ("" otherwise).
	ComposedParent string
	CreatedAt      time.Time
}

// DefinitionKind selects the stream or the task table.
type DefinitionKind string

const (
	StreamDefinitions DefinitionKind = "stream_definitions"
	TaskDefinitions   DefinitionKind = "task_definitions"
)

func (k DefinitionKind) columns() string {
	if k == TaskDefinitions {
		return "name, definition, description, composed_parent, created_at"
	}
	return "name, definition, description, '', created_at"
}

// InsertDefinition adds a definition; a duplicate name fails with the driver's constraint error, so callers check first.
func (t *Tx) InsertDefinition(ctx context.Context, kind DefinitionKind, d Definition) error {
	if kind == TaskDefinitions {
		_, err := t.q.ExecContext(ctx, "INSERT INTO task_definitions (name, definition, description, composed_parent, created_at) VALUES (?, ?, ?, ?, ?)",
			d.Name, d.Definition, d.Description, d.ComposedParent, formatTime(d.CreatedAt))
		return err
	}
	_, err := t.q.ExecContext(ctx, "INSERT INTO stream_definitions (name, definition, description, created_at) VALUES (?, ?, ?, ?)",
		d.Name, d.Definition, d.Description, formatTime(d.CreatedAt))
	return err
}

// GetDefinition returns one definition or ErrNotFound.
func (t *Tx) GetDefinition(ctx context.Context, kind DefinitionKind, name string) (Definition, error) {
	row := t.q.QueryRowContext(ctx, "SELECT "+kind.columns()+" FROM "+string(kind)+" WHERE name = ?", name)
	d, err := scanDefinition(row.Scan)
	if isNotFound(err) {
		return Definition{}, ErrNotFound
	}
	return d, err
}

// ListDefinitions returns every definition of the kind, by name.
func (t *Tx) ListDefinitions(ctx context.Context, kind DefinitionKind) ([]Definition, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+kind.columns()+" FROM "+string(kind)+" ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Definition
	for rows.Next() {
		d, err := scanDefinition(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeleteDefinition removes one definition; it reports ErrNotFound when there was none.
func (t *Tx) DeleteDefinition(ctx context.Context, kind DefinitionKind, name string) error {
	res, err := t.q.ExecContext(ctx, "DELETE FROM "+string(kind)+" WHERE name = ?", name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DefinitionNames returns the names only, for completion.
func (t *Tx) DefinitionNames(ctx context.Context, kind DefinitionKind) ([]string, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT name FROM "+string(kind)+" ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func scanDefinition(scan func(dest ...any) error) (Definition, error) {
	var d Definition
	var created string
	if err := scan(&d.Name, &d.Definition, &d.Description, &d.ComposedParent, &created); err != nil {
		return Definition{}, err
	}
	d.CreatedAt = parseTime(created)
	return d, nil
}
