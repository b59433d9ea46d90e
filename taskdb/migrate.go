package taskdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// versionTable records which of dataflow's schema steps a task database has had. Spring's own tables carry no
// version, so this is how a binary tells a database it must not touch (a newer dataflow's) from one to upgrade.
const versionTable = "DATAFLOW_TASK_SCHEMA"

// schemaSteps are applied in order; never change a step that has shipped, add one.
var schemaSteps = []func(ctx context.Context, q querier, e Engine) error{
	func(ctx context.Context, q querier, e Engine) error { return ensureTarget(ctx, q, e, Boot2) },
	func(ctx context.Context, q querier, e Engine) error { return ensureTarget(ctx, q, e, Boot3) },
	ensureIndexes,
}

// SchemaVersion is the version this binary creates.
func SchemaVersion() int { return len(schemaSteps) }

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// schemaError is a database dataflow must not change: newer, or someone else's tables.
type schemaError struct{ msg string }

func (e *schemaError) Error() string { return e.msg }

// migrate brings the tables to SchemaVersion under a lock, so several dataflow processes opening one database
// apply each step once. On PostgreSQL the steps run in one transaction; MySQL commits each DDL statement by
// itself, so there every step is written to be run again after a failure half-way.
func (d *DB) migrate(ctx context.Context) error {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	if v, err := readVersion(ctx, conn, d.engine); err != nil {
		return err
	} else if v == SchemaVersion() {
		return nil
	}
	if d.engine == PostgreSQL {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback() }()
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7146021)"); err != nil {
			return err
		}
		if err := applySteps(ctx, tx, d.engine); err != nil {
			return err
		}
		return tx.Commit()
	}
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK('dataflow_task_schema', 60)").Scan(&got); err != nil {
		return err
	}
	if got.Int64 != 1 {
		return errors.New("another process holds the schema lock (dataflow_task_schema) for over a minute")
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK('dataflow_task_schema')")
	}()
	return applySteps(ctx, conn, d.engine)
}

func applySteps(ctx context.Context, q querier, e Engine) error {
	v, err := readVersion(ctx, q, e)
	if err != nil {
		return err
	}
	if v == 0 {
		if _, err := q.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+versionTable+" (VERSION INTEGER NOT NULL)"); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, "INSERT INTO "+versionTable+" (VERSION) VALUES (0)"); err != nil {
			return err
		}
	}
	for i := v; i < SchemaVersion(); i++ {
		if err := schemaSteps[i](ctx, q, e); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, "UPDATE "+versionTable+" SET VERSION = "+fmt.Sprint(i+1)); err != nil {
			return err
		}
	}
	return nil
}

// readVersion is 0 for a database dataflow never set up, and refuses one a newer dataflow set up.
func readVersion(ctx context.Context, q querier, e Engine) (int, error) {
	// Every command that uses the task database asks this first: the catalogue is asked directly, since
	// PostgreSQL's information_schema views are slow.
	exists := "SELECT to_regclass('" + strings.ToLower(versionTable) + "') IS NOT NULL"
	if e != PostgreSQL {
		exists = "SELECT COUNT(*) > 0 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + versionTable + "'"
	}
	var found bool
	if err := q.QueryRowContext(ctx, exists).Scan(&found); err != nil || !found {
		return 0, err
	}
	var v sql.NullInt64
	err := q.QueryRowContext(ctx, "SELECT MAX(VERSION) FROM "+versionTable).Scan(&v)
	if err != nil {
		return 0, err
	}
	if int(v.Int64) > SchemaVersion() {
		return 0, &schemaError{fmt.Sprintf("its tables are of a newer dataflow (schema version %d; this dataflow knows up to %d): upgrade dataflow", v.Int64, SchemaVersion())}
	}
	return int(v.Int64), nil
}

// tableColumns lists a table's columns in upper case; none when there is no such table.
func tableColumns(ctx context.Context, q querier, e Engine, name string) (map[string]bool, error) {
	query := "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	arg := name
	if e == PostgreSQL {
		query = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
		arg = strings.ToLower(name)
	}
	rows, err := q.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	cols := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols[strings.ToUpper(c)] = true
	}
	return cols, rows.Err()
}

// ensureTarget creates the task and batch tables and id generators of a target that are missing. Tables that
// exist already (an SCDF server or the apps themselves made them) are kept when they have Spring's columns,
// and refused when they do not: they belong to another application.
func ensureTarget(ctx context.Context, q querier, e Engine, t Target) error {
	type prefixed struct {
		prefix string
		tables []table
	}
	for _, group := range []prefixed{{t.TaskPrefix, taskTables(t)}, {t.BatchPrefix, batchTables(t)}} {
		for _, tb := range group.tables {
			name := group.prefix + tb.name
			cols, err := tableColumns(ctx, q, e, name)
			if err != nil {
				return err
			}
			if len(cols) == 0 {
				if _, err := q.ExecContext(ctx, createTableSQL(e, group.prefix, t, tb)); err != nil {
					return fmt.Errorf("cannot create %s: %w", name, err)
				}
				continue
			}
			for _, c := range tb.columns {
				if !cols[c.name] {
					return &schemaError{fmt.Sprintf("table %s is not Spring's (it has no column %s): it belongs to another application; give dataflow a database of its own", name, c.name)}
				}
			}
		}
	}
	for _, seq := range sequences(t) {
		if err := ensureSequence(ctx, q, e, t, seq); err != nil {
			return err
		}
	}
	return nil
}

func ensureSequence(ctx context.Context, q querier, e Engine, t Target, name string) error {
	switch {
	case e == PostgreSQL:
		_, err := q.ExecContext(ctx, "CREATE SEQUENCE IF NOT EXISTS "+name+" MAXVALUE 9223372036854775807 NO CYCLE")
		return err
	case usesSequenceObjects(e, t):
		_, err := q.ExecContext(ctx, "CREATE SEQUENCE IF NOT EXISTS "+name+" START WITH 1 MINVALUE 1 MAXVALUE 9223372036854775806 INCREMENT BY 1 NOCACHE NOCYCLE ENGINE=InnoDB")
		return err
	}
	if isSeq, err := isSequenceObject(ctx, q, name); err != nil || isSeq {
		return err // an SCDF server on MariaDB may have made it a SEQUENCE; both kinds are read
	}
	cols, err := tableColumns(ctx, q, e, name)
	if err != nil {
		return err
	}
	if len(cols) == 0 {
		ddl := "CREATE TABLE " + name + " (\n\tID BIGINT NOT NULL,\n\tUNIQUE_KEY CHAR(1) NOT NULL,\n\tconstraint UNIQUE_KEY_UN unique (UNIQUE_KEY)\n) ENGINE=InnoDB"
		if _, err := q.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("cannot create %s: %w", name, err)
		}
	} else if !cols["ID"] || !cols["UNIQUE_KEY"] {
		return &schemaError{fmt.Sprintf("table %s is not Spring's id sequence: it belongs to another application; give dataflow a database of its own", name)}
	}
	_, err = q.ExecContext(ctx, "INSERT INTO "+name+" (ID, UNIQUE_KEY) SELECT * FROM (SELECT 0 AS ID, '0' AS UNIQUE_KEY) AS tmp WHERE NOT EXISTS (SELECT * FROM "+name+")")
	return err
}

// ensureIndexes adds the indexes SCDF 2.11 creates for its job and task queries.
func ensureIndexes(ctx context.Context, q querier, e Engine) error {
	for _, t := range Targets {
		for _, ix := range indexes(t) {
			if e == PostgreSQL {
				if _, err := q.ExecContext(ctx, "CREATE INDEX IF NOT EXISTS "+ix.name+" ON "+ix.table+"("+ix.column+")"); err != nil {
					return err
				}
				continue
			}
			var n int
			err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?", ix.table, ix.name).Scan(&n)
			if err != nil {
				return err
			}
			if n == 0 {
				if _, err := q.ExecContext(ctx, "CREATE INDEX "+ix.name+" ON "+ix.table+"("+ix.column+")"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// isSequenceObject says whether a MySQL-family name is a SEQUENCE (MariaDB) rather than a one-row table.
func isSequenceObject(ctx context.Context, q querier, name string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND TABLE_TYPE = 'SEQUENCE'", name).Scan(&n)
	return n > 0, err
}
