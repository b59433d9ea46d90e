package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
)

// engine is the database a store lives in. The queries are written once, in the SQL both engines speak, with
// SQLite's "?" placeholders; the few places where the engines differ ask the Tx which one it is on.
type engine int

const (
	engineSQLite engine = iota
	enginePostgres
)

// noLimit is the LIMIT value that means "all rows": SQLite wants a negative number, PostgreSQL NULL.
func (t *Tx) noLimit(limit int) any {
	if limit > 0 {
		return limit
	}
	if t.engine == enginePostgres {
		return nil
	}
	return -1
}

// insertionOrder is the column that orders release_apps as they were written: SQLite's rowid, PostgreSQL's
// identity column seq.
func (t *Tx) insertionOrder() string {
	if t.engine == enginePostgres {
		return "seq"
	}
	return "rowid"
}

// pgQuerier runs the queries on PostgreSQL, their "?" placeholders numbered as it wants them ($1, $2, ...).
type pgQuerier struct{ q querier }

func (p pgQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.q.ExecContext(ctx, rebind(query), args...)
}

func (p pgQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.q.QueryContext(ctx, rebind(query), args...)
}

func (p pgQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.q.QueryRowContext(ctx, rebind(query), args...)
}

// pgAutocommit is the handle of single statements outside a transaction (Store.Read) on PostgreSQL. Its reads
// go straight to the database; each write takes the store's write lock first, as a write outside a transaction
// does on SQLite, so that it cannot land between the reads and writes of another process's transaction.
type pgAutocommit struct{ s *Store }

func (p pgAutocommit) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := p.s.InTx(ctx, func(tx *Tx) error {
		var err error
		res, err = tx.q.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

func (p pgAutocommit) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.s.db.QueryContext(ctx, rebind(query), args...)
}

// QueryRowContext reads, or writes one row and reads it back (InsertExecution's INSERT ... RETURNING): that
// write runs without the lock, as one statement, which no transaction's checks depend on.
func (p pgAutocommit) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.s.db.QueryRowContext(ctx, rebind(query), args...)
}

var rebound sync.Map // query -> the query with numbered placeholders

// rebind numbers the "?" placeholders of a query ($1, $2, ...), leaving quoted text alone.
func rebind(query string) string {
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	out := b.String()
	rebound.Store(query, out)
	return out
}
