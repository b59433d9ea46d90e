package store

import (
	"context"
	"fmt"
	"strings"
)

// copyTable is a table as a copy moves it: every column (both engines have the same ones), in the order its
// rows are read and written, and the columns whose form differs between the engines.
type copyTable struct {
	name    string
	columns []string
	// orderBy keeps what order carries (ids, release apps in the order they were written).
	orderBy string
	// boolColumn is kept as 0/1 on SQLite and as a boolean on PostgreSQL; argsColumn is an argument list
	// (joinArgs); counted tables have an id column whose counter the copy carries over.
	boolColumn, argsColumn string
	counted                bool
}

// copyTables are the tables of a store, each with every one of its columns (a test checks this against both
// schemas); store_identity is carried over apart, as the identity of the copy.
var copyTables = []copyTable{
	{name: "apps", columns: []string{"id", "type", "name", "version", "uri", "metadata_uri", "boot_version", "is_default", "created_at"},
		orderBy: "id", boolColumn: "is_default", counted: true},
	{name: "history", columns: []string{"id", "line", "created_at"}, orderBy: "id", counted: true},
	{name: "audit_records", columns: []string{"id", "created_at", "actor", "operation", "action", "correlation", "platform", "result", "data"},
		orderBy: "id", counted: true},
	{name: "stream_definitions", columns: []string{"name", "definition", "description", "created_at"}, orderBy: "name"},
	{name: "task_definitions", columns: []string{"name", "definition", "description", "composed_parent", "created_at"}, orderBy: "name"},
	{name: "task_executions", columns: []string{"id", "task_name", "platform", "resource", "arguments", "properties", "external_id", "status",
		"exit_code", "exit_message", "log_path", "start_time", "end_time", "platform_handle", "parent_id", "restart_of", "schedule_name", "launcher", "schema_target",
		"job_execution_ids"},
		orderBy: "id", argsColumn: "arguments", counted: true},
	{name: "releases", columns: []string{"name", "version", "platform", "status", "description", "package_version", "first_deployed",
		"last_deployed", "config", "manifest", "owner", "unlabelled"}, orderBy: "name, version"},
	{name: "release_apps", columns: []string{"name", "version", "label", "deployment_id", "handle"}}, // in the order written
	{name: "task_schedules", columns: []string{"name", "task_name", "platform", "expression", "resource", "arguments", "properties", "created_at"},
		orderBy: "name", argsColumn: "arguments"},
	{name: "cf_app_prefixes", columns: []string{"account", "prefix", "created"}, orderBy: "account"},
	{name: "platform_memos", columns: []string{"account", "key", "value", "updated"}, orderBy: "account, key"},
	{name: "leftovers", columns: []string{"stream", "platform", "label", "deployment_id", "handle", "release_version", "reason", "created_at"},
		orderBy: "stream, deployment_id"},
	{name: "app_metadata", columns: []string{"type", "name", "version", "source", "found", "read_at", "visible", "options"}, orderBy: "type, name, version",
		boolColumn: "found"},
}

// TableCount is how many rows a table holds.
type TableCount struct {
	Table string
	Rows  int
}

// copyBatch is how many rows one INSERT writes.
const copyBatch = 100

// Copy copies every record of one store into another that holds none, in one transaction of each: the target
// gets all of it, with the source's identity (the copy is the same store, moved), or nothing. It checks the
// target's counts against the source's before committing, and returns them.
func Copy(ctx context.Context, from, to *Store) ([]TableCount, error) {
	if err := refuseNonEmpty(ctx, to.Read(), to); err != nil {
		return nil, err
	}
	fromID, err := from.Identity(ctx)
	if err != nil {
		return nil, err
	}
	toID, err := to.Identity(ctx)
	if err != nil {
		return nil, err
	}
	if fromID == toID {
		return nil, fmt.Errorf("%s and %s are the same store (identity %s): copy into a new, empty store", from.Path(), to.Path(), fromID)
	}
	var counts []TableCount
	err = to.InTx(ctx, func(dst *Tx) error {
		if err := refuseNonEmpty(ctx, dst, to); err != nil { // again, now that no other process can write
			return err
		}
		// The source's write lock is held while it is read, so the copy is of one moment of it.
		return from.InTx(ctx, func(src *Tx) error {
			if counts, err = src.counts(ctx); err != nil {
				return err
			}
			for _, t := range copyTables {
				if err := copyRows(ctx, src, dst, t); err != nil {
					return fmt.Errorf("copying %s: %w", t.name, err)
				}
				if t.counted {
					if err := copyCounter(ctx, src, dst, t.name); err != nil {
						return fmt.Errorf("copying the ids of %s: %w", t.name, err)
					}
				}
			}
			if _, err := dst.q.ExecContext(ctx, "UPDATE store_identity SET id = ? WHERE singleton = 1", fromID); err != nil {
				return err
			}
			written, err := dst.counts(ctx)
			if err != nil {
				return err
			}
			for i, c := range counts {
				if written[i] != c {
					return fmt.Errorf("the copy holds %d rows of %s, the source %d: nothing was copied", written[i].Rows, c.Table, c.Rows)
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	to.identity.mu.Lock()
	to.identity.id = fromID
	to.identity.mu.Unlock()
	return counts, nil
}

// refuseNonEmpty refuses a target store that holds any record.
func refuseNonEmpty(ctx context.Context, t *Tx, target *Store) error {
	held, err := t.counts(ctx)
	if err != nil {
		return err
	}
	if nonEmpty := describeCounts(held); nonEmpty != "" {
		return fmt.Errorf("the target store %s is not empty (%s): copy only into a new store", target.Path(), nonEmpty)
	}
	return nil
}

// counts is how many rows each table of the store holds, in copyTables' order.
func (t *Tx) counts(ctx context.Context) ([]TableCount, error) {
	out := make([]TableCount, len(copyTables))
	for i, ct := range copyTables {
		out[i].Table = ct.name
		if err := t.q.QueryRowContext(ctx, "SELECT count(*) FROM "+ct.name).Scan(&out[i].Rows); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// describeCounts names the tables that hold rows ("" when none does).
func describeCounts(counts []TableCount) string {
	var parts []string
	for _, c := range counts {
		if c.Rows > 0 {
			parts = append(parts, fmt.Sprintf("%d rows in %s", c.Rows, c.Table))
		}
	}
	return strings.Join(parts, ", ")
}

func copyRows(ctx context.Context, src, dst *Tx, t copyTable) error {
	order := t.orderBy
	if order == "" {
		order = src.insertionOrder()
	}
	rows, err := src.q.QueryContext(ctx, "SELECT "+strings.Join(t.columns, ", ")+" FROM "+t.name+" ORDER BY "+order)
	if err != nil {
		return err
	}
	defer rows.Close()
	var batch []any
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		n := len(batch) / len(t.columns)
		row := "(" + placeholders(len(t.columns)) + ")"
		values := strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
		_, err := dst.q.ExecContext(ctx, "INSERT INTO "+t.name+" ("+strings.Join(t.columns, ", ")+") VALUES "+values, batch...)
		batch = batch[:0]
		return err
	}
	for rows.Next() {
		vals := make([]any, len(t.columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, col := range t.columns {
			switch col {
			case t.boolColumn:
				vals[i] = truthy(vals[i])
			case t.argsColumn:
				s, _ := vals[i].(string)
				args, err := src.engine.splitArgs(s)
				if err != nil {
					return err
				}
				vals[i] = dst.engine.joinArgs(args)
			}
		}
		batch = append(batch, vals...)
		if len(batch) >= copyBatch*len(t.columns) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// truthy reads a boolean column as either engine returns it.
func truthy(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case int64:
		return b != 0
	}
	return false
}

// copyCounter carries over the counter of a table's ids, so that the copy never hands out an id the source
// handed out before (a task's execution id above all, which the task itself may have recorded).
func copyCounter(ctx context.Context, src, dst *Tx, table string) error {
	high, err := src.highestID(ctx, table)
	if err != nil || high == 0 {
		return err
	}
	if dst.engine == enginePostgres {
		_, err := dst.q.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence(?, 'id'), ?)", table, high)
		return err
	}
	if table != "task_executions" {
		return nil // only AUTOINCREMENT tables keep a counter on SQLite; the others count from their highest id
	}
	if _, err := dst.q.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", high, table); err != nil {
		return err
	}
	_, err = dst.q.ExecContext(ctx, "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
		table, high, table)
	return err
}

// highestID is the highest id a table handed out: its highest row, or what its counter says when higher (rows
// deleted since).
func (t *Tx) highestID(ctx context.Context, table string) (int64, error) {
	var high int64
	if err := t.q.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM "+table).Scan(&high); err != nil {
		return 0, err
	}
	var counter int64
	var err error
	if t.engine == enginePostgres {
		err = t.q.QueryRowContext(ctx, "SELECT coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = ? AND sequencename = ?",
			pgSchema, table+"_id_seq").Scan(&counter)
	} else if table == "task_executions" {
		err = t.q.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = ?", table).Scan(&counter)
	}
	if err != nil {
		return 0, err
	}
	return max(high, counter), nil
}
