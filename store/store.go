// Package store keeps dataflow's state in one SQLite file, or in a PostgreSQL database a team shares: plain
// structs in, plain structs out, no business rules.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is an open dataflow database.
type Store struct {
	db       *sql.DB
	path     string
	engine   engine
	identity identityCache
}

// busyTimeoutMillis is how long a writer waits for another dataflow process to finish its transaction.
const busyTimeoutMillis = 10000

// dsn builds the connection string. PRAGMAs go in the DSN because the driver applies them to every pooled
// connection; "immediate" transactions take the write lock up front, so a read-then-write never fails to upgrade.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMillis))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Set("_txlock", "immediate")
	// A URI filename: '?' and '#' in the path would start its query and fragment, and '%' an escape, so the
	// file opened would not be the one named.
	return "file:" + uriPathEscaper.Replace(path) + "?" + q.Encode()
}

var uriPathEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Open opens (creating if needed) the store at path, a SQLite file or a PostgreSQL URL (postgres://...), and
// brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if IsPostgresURL(path) {
		return openPostgres(ctx, path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the data directory %s: %w", dir, err)
		}
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("cannot open the store %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	// A new store is created readable by its owner only, its -wal and -shm files too: it holds the properties
	// releases are deployed with. The mask is set only while the files are created (pre-creating an empty
	// file instead made processes that open a new store at the same moment fail with SQLITE_BUSY).
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		old := syscall.Umask(0o077)
		defer syscall.Umask(old)
	}
	if err := s.migrateRetryingBusy(ctx); err != nil {
		_ = db.Close() // the migration's error is the one to report
		return nil, err
	}
	return s, nil
}

// Path is the file the store lives in; for PostgreSQL, its URL without any password.
func (s *Store) Path() string { return s.path }

// Close releases the database.
func (s *Store) Close() error { return s.db.Close() }

// Tx is one immediate transaction; every typed query is available on it.
type Tx struct {
	q      querier
	engine engine
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// InTx runs fn in one immediate transaction: all of it is written, or none of it.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	if s.engine == enginePostgres {
		return s.pgInTx(ctx, fn)
	}
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if err := fn(&Tx{q: sqlTx}); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Read returns a query handle outside any transaction, for single reads.
func (s *Store) Read() *Tx {
	if s.engine == enginePostgres {
		return &Tx{q: pgAutocommit{s}, engine: enginePostgres}
	}
	return &Tx{q: s.db}
}

// ErrNotFound is returned by lookups that find no row.
var ErrNotFound = errors.New("not found")

// walCheckpointSize is the size of the write-ahead log past which a process folds it back into the database
// before exiting: readers then find pages in one file instead of looking each one up in a large log.
const walCheckpointSize = 512 << 10

// FoldWAL checkpoints and truncates a large write-ahead log. It is an optimisation only: a busy store (another
// process reading) simply keeps its log until a later call.
func (s *Store) FoldWAL(ctx context.Context) {
	if s.engine != engineSQLite {
		return
	}
	info, err := os.Stat(s.path + "-wal")
	if err != nil || info.Size() < walCheckpointSize {
		return
	}
	_, _ = s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
}

// migrateRetryingBusy migrates, retrying while another process is creating the same new store: switching a new
// file to WAL takes a lock for which SQLite does not call the busy handler, so a process that opens the file at
// that moment gets SQLITE_BUSY at once instead of waiting.
func (s *Store) migrateRetryingBusy(ctx context.Context) error {
	deadline := time.Now().Add(busyTimeoutMillis * time.Millisecond)
	for {
		err := s.migrate(ctx)
		if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}
