package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// IsPostgresURL says whether a --db value names a PostgreSQL database rather than a SQLite file.
func IsPostgresURL(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// pgSchema is the schema that holds every table of a PostgreSQL store. dataflow owns it: whatever else the
// database holds (Spring Cloud Task's and Spring Batch's tables in the apps' schema) can never clash with it.
const pgSchema = "dataflow"

// pgWriteLock is the key of the transaction-scoped advisory lock every write transaction takes first: writes to
// a PostgreSQL store are serialised as SQLite serialises them, so the checks a transaction makes (is the stream
// busy? is this name taken?) still hold when it commits, whichever machine runs the other process. Advisory
// locks are per database, so stores in other databases of the server do not wait for each other.
const pgWriteLock int64 = 0x64617461666c6f77 // "dataflow"

// pgTimeout bounds the wait for a connection and for the write lock, as the busy timeout does on SQLite.
const pgTimeout = busyTimeoutMillis * time.Millisecond

// openPostgres opens the store in the PostgreSQL database the URL names, creating its schema when the database
// has none yet.
func openPostgres(ctx context.Context, target string) (*Store, error) {
	cfg, display, password, err := postgresConfig(target, os.LookupEnv)
	if err != nil {
		return nil, err
	}
	db := stdlib.OpenDB(*cfg, stdlib.OptionShouldPing(pingIfIdle))
	s := &Store{db: db, path: display, engine: enginePostgres}
	if err := s.migratePostgres(ctx); err != nil {
		_ = db.Close()
		return nil, maskPassword(fmt.Errorf("cannot open the store %s: %w", display, friendlyPostgresError(err)), password)
	}
	return s, nil
}

// pingIfIdle checks a pooled connection before it is used again after a second of rest (the adapter's own
// rule), but not on its first reuse, when the adapter counts its rest from the year 1: it was made just now.
func pingIfIdle(_ context.Context, p stdlib.ShouldPingParams) bool {
	return p.IdleDuration > time.Second && p.IdleDuration < 24*time.Hour*365
}

// postgresConfig reads a store URL. The password comes from where libpq's tools take it (PGPASSWORD, the
// password file, a service file; pgx reads them) or from an environment variable the URL names as
// ${NAME} in place of the password. A password written in the URL is refused: the URL shows in process lists,
// shell histories and the supervisor's arguments. display is the URL without any password, for messages.
func postgresConfig(target string, lookupEnv func(string) (string, bool)) (cfg *pgx.ConnConfig, display, password string, err error) {
	scheme, rest, _ := strings.Cut(target, "://")
	authority, path := rest, ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	var ref string
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		user, pass, hasPass := strings.Cut(authority[:at], ":")
		if hasPass {
			name, ok := passwordReference(pass)
			if !ok {
				return nil, "", "", errors.New("the store URL holds a password: give it through PGPASSWORD, ~/.pgpass, a service file, or a ${NAME} reference to an environment variable in its place")
			}
			ref = name
		}
		authority = user + authority[at:]
	}
	display = scheme + "://" + authority + path
	dbPath, rawQuery, _ := strings.Cut(path, "?")
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, "", "", fmt.Errorf("the store URL's parameters cannot be read: %v", err)
	}
	for _, secret := range []string{"password", "sslpassword"} {
		if query.Has(secret) {
			return nil, "", "", fmt.Errorf("the store URL holds a password (%s=): give it through PGPASSWORD, ~/.pgpass, a service file, or a ${NAME} reference to an environment variable in place of the password", secret)
		}
	}
	if dbPath == "" || dbPath == "/" {
		return nil, "", "", fmt.Errorf("the store URL %s names no database: add /DATABASE after the host", display)
	}
	cfg, err = pgx.ParseConfig(display)
	if err != nil {
		return nil, "", "", fmt.Errorf("the store URL %s cannot be read: %v", display, err)
	}
	if ref != "" {
		value, ok := lookupEnv(ref)
		if !ok || value == "" {
			return nil, "", "", fmt.Errorf("the store URL takes its password from ${%s}, which is not set", ref)
		}
		cfg.Password = value
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = pgTimeout
	}
	// Every table is found in (and created in) dataflow's own schema; a lock the store waits for longer than
	// SQLite's busy timeout ends in an error rather than a hang.
	cfg.RuntimeParams["search_path"] = pgSchema
	cfg.RuntimeParams["lock_timeout"] = fmt.Sprint(busyTimeoutMillis)
	// A dataflow process is short and runs each statement a few times at most: one round trip per statement
	// (parameter types taken from the Go values) beats preparing each one first.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "dataflow"
	}
	return cfg, display, cfg.Password, nil
}

// PasswordVariable is the environment variable a store URL takes its password from (${NAME} in place of the
// password), "" when it names none.
func PasswordVariable(target string) string {
	_, rest, _ := strings.Cut(target, "://")
	authority := rest
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority = rest[:i]
	}
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return ""
	}
	_, pass, _ := strings.Cut(authority[:at], ":")
	name, _ := passwordReference(pass)
	return name
}

// passwordReference reads "${NAME}", the form of a password taken from the environment variable NAME.
func passwordReference(s string) (string, bool) {
	name, ok := strings.CutPrefix(s, "${")
	if !ok {
		name, ok = strings.CutPrefix(s, "$%7B") // as url.URL escapes it
	}
	if !ok {
		return "", false
	}
	name, ok = strings.CutSuffix(name, "}")
	if !ok {
		name, ok = strings.CutSuffix(name, "%7D")
	}
	if !ok || name == "" {
		return "", false
	}
	for i, c := range name {
		if c != '_' && (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') && (i == 0 || c < '0' || c > '9') {
			return "", false
		}
	}
	return name, true
}

// maskPassword keeps a password out of an error, should a driver ever quote it.
func maskPassword(err error, password string) error {
	if err == nil || password == "" || !strings.Contains(err.Error(), password) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), password, "xxxxx"))
}

// friendlyPostgresError names the few failures users meet in their own words.
func friendlyPostgresError(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "55P03" {
		return fmt.Errorf("another dataflow process held the store for more than %s: try again", pgTimeout)
	}
	return err
}

// pgBeginLocked starts a transaction and waits for the store's write lock, in one round trip.
var pgBeginLocked = fmt.Sprintf("BEGIN; SELECT pg_advisory_xact_lock(%d)", pgWriteLock)

// pgInTx is InTx on PostgreSQL: fn runs on one connection between BEGIN (with the write lock) and COMMIT.
// database/sql's own transactions would cost a round trip more for each.
func (s *Store) pgInTx(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer func() { _ = conn.Close() }() // a connection left inside a transaction is discarded, not reused (stdlib.Conn.ResetSession)
	rollback := func() { _, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK") }
	if _, err := conn.ExecContext(ctx, pgBeginLocked); err != nil {
		rollback()
		return fmt.Errorf("store: %w", friendlyPostgresError(err))
	}
	if err := fn(&Tx{q: pgQuerier{conn}, engine: enginePostgres}); err != nil {
		rollback()
		return err
	}
	return conn.Raw(func(driverConn any) error {
		tag, err := driverConn.(*stdlib.Conn).Conn().Exec(ctx, "COMMIT")
		if err != nil {
			return fmt.Errorf("store: commit: %w", err)
		}
		if tag.String() == "ROLLBACK" { // a statement failed and fn did not say so
			return errors.New("store: commit: the transaction was rolled back")
		}
		return nil
	})
}

// pgSchemaVersion is the schema version of a PostgreSQL store; 0 when the database has no store yet.
func (s *Store) pgSchemaVersion(ctx context.Context, q querier) (int, error) {
	// The catalog is read as a table rather than through to_regclass: reading pg_class makes the server drop
	// what it cached about names before this transaction's lock was granted (another process may just have
	// created the schema).
	var exists bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = '`+pgSchema+`' AND c.relname = 'schema_version')`).Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	err := q.QueryRowContext(ctx, "SELECT version FROM "+pgSchema+".schema_version").Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// pgCurrentSchemaVersion is pgSchemaVersion in one query, for opening a store that is up to date: a missing
// schema or table means there is no store yet.
func (s *Store) pgCurrentSchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "SELECT version FROM "+pgSchema+".schema_version").Scan(&v)
	var pgErr *pgconn.PgError
	if errors.Is(err, sql.ErrNoRows) || errors.As(err, &pgErr) && (pgErr.Code == "42P01" || pgErr.Code == "3F000") {
		return 0, nil
	}
	return v, err
}

// migratePostgres brings a PostgreSQL store up to date. The version is read without the write lock, so that
// opening a current store costs one query; the steps run under the lock, in one transaction (PostgreSQL's
// DDL is transactional), so that two processes creating the same store at once create it once.
func (s *Store) migratePostgres(ctx context.Context) error {
	ms, err := loadMigrations(enginePostgres)
	if err != nil {
		return err
	}
	newest := ms[len(ms)-1].version
	current, err := s.pgCurrentSchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current > newest {
		return newerSchemaError(current, newest)
	}
	if current == newest {
		return nil
	}
	return s.InTx(ctx, func(tx *Tx) error {
		current, err := s.pgSchemaVersion(ctx, tx.q)
		if err != nil {
			return err
		}
		if current > newest {
			return newerSchemaError(current, newest)
		}
		if current == 0 {
			if err := refuseForeignTables(ctx, tx); err != nil {
				return err
			}
			if _, err := tx.q.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgSchema); err != nil {
				return fmt.Errorf("cannot create the schema %s: %w", pgSchema, err)
			}
			if _, err := tx.q.ExecContext(ctx, "CREATE TABLE schema_version (version INTEGER NOT NULL)"); err != nil {
				return err
			}
		}
		for _, m := range ms {
			if m.version <= current {
				continue
			}
			if _, err := tx.q.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("store: migration %s: %w", m.name, err)
			}
			if m.version == identityMigration {
				if err := writeIdentity(ctx, tx); err != nil {
					return err
				}
			}
		}
		if _, err := tx.q.ExecContext(ctx, "DELETE FROM schema_version"); err != nil {
			return err
		}
		_, err = tx.q.ExecContext(ctx, "INSERT INTO schema_version (version) VALUES (?)", newest)
		return err
	})
}

// refuseForeignTables refuses to make a store in a database that holds another application's tables: a wrong
// URL must not mix dataflow's tables into someone's database. The tables of Spring Cloud Task and Spring Batch
// (TASK_*, BATCH_*, BOOT3_*) are welcome: a team's task apps may keep their executions in the same database, as
// SCDF's did.
func refuseForeignTables(ctx context.Context, tx *Tx) error {
	rows, err := tx.q.QueryContext(ctx, `SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
		AND (n.nspname = '`+pgSchema+`' OR NOT (lower(c.relname) LIKE 'task\_%' OR lower(c.relname) LIKE 'batch\_%' OR lower(c.relname) LIKE 'boot3\_%'))
		ORDER BY 1 LIMIT 4`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil || len(names) == 0 {
		return err
	}
	if len(names) > 3 {
		names[3] = "..."
	}
	return fmt.Errorf("the database holds tables dataflow did not make (%s): give dataflow an empty database, or one that only Spring Cloud Task and Spring Batch share (TASK_*, BATCH_*, BOOT3_* tables)",
		strings.Join(names, ", "))
}

func newerSchemaError(current, newest int) error {
	return fmt.Errorf("it has schema version %d, but this dataflow only knows up to %d: upgrade dataflow or use another --db", current, newest)
}
