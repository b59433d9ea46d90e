package store

import (
	"context"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The SQLite store's migrations, one per schema change since the first release; the PostgreSQL store's start
// from a baseline at the version it was introduced (see docs/design.md). Both reach the same schema version.
//
//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(e engine) ([]migration, error) {
	dir := "migrations"
	if e == enginePostgres {
		dir = "migrations/postgres"
	}
	entries, err := migrationFiles.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration %s has no version prefix", e.Name())
		}
		body, err := migrationFiles.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// SchemaVersion is the newest schema this binary knows.
func SchemaVersion() int {
	ms, _ := loadMigrations(engineSQLite)
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies each missing migration in its own transaction, bumping user_version inside it, so that two
// processes opening a fresh file at once cannot both apply the same step.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(engineSQLite)
	if err != nil {
		return err
	}
	newest := ms[len(ms)-1].version
	current, err := s.userVersion(ctx)
	if err != nil {
		return err
	}
	if current > newest {
		return fmt.Errorf("the store %s has schema version %d, but this dataflow only knows up to %d: upgrade dataflow or use another --db", s.path, current, newest)
	}
	if current == newest {
		return nil
	}
	for _, m := range ms {
		err := s.InTx(ctx, func(tx *Tx) error {
			var v int
			if err := tx.q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
				return err
			}
			if v >= m.version {
				return nil // another process got here first
			}
			if _, err := tx.q.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("store: migration %s: %w", m.name, err)
			}
			if m.version == identityMigration {
				if err := writeIdentity(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.q.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// schemaVersion is the version the store's schema is at.
func (s *Store) schemaVersion(ctx context.Context) (int, error) {
	if s.engine == enginePostgres {
		return s.pgSchemaVersion(ctx, s.db)
	}
	return s.userVersion(ctx)
}

func (s *Store) userVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("cannot read the store %s: %w", s.path, err)
	}
	return v, nil
}
