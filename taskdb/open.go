package taskdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Options say where the task database is and who dataflow is there. URL is a JDBC URL; Password is the
// resolved secret, which is never put in a message.
type Options struct {
	URL      string
	Username string
	Password string
}

// DB is an open task database whose tables are in place.
type DB struct {
	db      *sql.DB
	engine  Engine
	address Address
}

// Open connects, checks who the server is, and creates or upgrades the tables of both schema targets. Every
// error is one line naming the database (host:port/database), never the password.
func Open(ctx context.Context, o Options) (*DB, error) {
	a, err := ParseJDBCURL(o.URL)
	if err != nil {
		return nil, err
	}
	d := &DB{address: a, engine: a.Engine}
	if err := d.connect(o); err != nil {
		return nil, d.fail(err, o)
	}
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	// The first query connects: a failure to reach or log in is reported as any other.
	if d.engine != PostgreSQL {
		// The URL may say mysql for a MariaDB server (and the other way round); what the apps' Spring sees
		// is the server's own product name, which decides the id generators of boot3.
		var version string
		if err := d.db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
			_ = d.db.Close()
			return nil, d.fail(err, o)
		}
		d.engine = MySQL
		if strings.Contains(strings.ToLower(version), "mariadb") {
			d.engine = MariaDB
		}
	}
	if err := d.migrate(ctx); err != nil {
		_ = d.db.Close()
		return nil, d.fail(err, o)
	}
	return d, nil
}

// connectTimeout bounds the first contact with the server.
const connectTimeout = 15 * time.Second

func (d *DB) connect(o Options) error {
	if d.engine == PostgreSQL {
		cfg, err := pgx.ParseConfig(d.address.postgresDSN(o.Username))
		if err != nil {
			return err
		}
		cfg.Password = o.Password
		d.db = stdlib.OpenDB(*cfg)
	} else {
		cfg := mysql.NewConfig()
		cfg.User, cfg.Passwd = o.Username, o.Password
		cfg.Net, cfg.Addr, cfg.DBName = "tcp", net.JoinHostPort(d.address.Host, d.address.Port), d.address.Database
		cfg.ParseTime, cfg.Loc = true, time.Local
		cfg.Timeout = 10 * time.Second
		cfg.AllowNativePasswords = true
		conn, err := mysql.NewConnector(cfg)
		if err != nil {
			return err
		}
		d.db = sql.OpenDB(conn)
	}
	d.db.SetMaxOpenConns(4)
	d.db.SetMaxIdleConns(2)
	d.db.SetConnMaxIdleTime(time.Minute)
	return nil
}

// Close releases the connections.
func (d *DB) Close() error { return d.db.Close() }

// Engine is the server's product.
func (d *DB) Engine() Engine { return d.engine }

// Address is where the database is.
func (d *DB) Address() Address { return d.address }

// fail turns a driver error into one line naming the database. Known causes get plain words; the rest keeps
// the driver's text with the password taken out, should a driver ever echo it.
func (d *DB) fail(err error, o Options) error {
	return &Error{Where: d.address.String(), Reason: reason(err, o.Username), password: o.Password}
}

// Error is a task database failure: where, and why.
type Error struct {
	Where    string
	Reason   string
	password string
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("task database %s: %s", e.Where, e.Reason)
	if e.password != "" {
		msg = strings.ReplaceAll(msg, e.password, "******")
	}
	return strings.Join(strings.Fields(msg), " ")
}

func reason(err error, user string) string {
	var pgErr *pgconn.PgError
	var myErr *mysql.MySQLError
	var schemaErr *schemaError
	var netErr net.Error
	switch {
	case errors.As(err, &schemaErr):
		return schemaErr.Error()
	case errors.As(err, &pgErr) && (pgErr.Code == "28P01" || pgErr.Code == "28000"):
		return fmt.Sprintf("the server refused user '%s' (wrong password, or no access)", user)
	case errors.As(err, &pgErr) && pgErr.Code == "3D000":
		return "the database does not exist on the server"
	case errors.As(err, &myErr) && (myErr.Number == 1045 || myErr.Number == 1044):
		return fmt.Sprintf("the server refused user '%s' (wrong password, or no access)", user)
	case errors.As(err, &myErr) && myErr.Number == 1049:
		return "the database does not exist on the server"
	case strings.Contains(err.Error(), "connection refused"):
		return "cannot connect: connection refused (is the server running, and is this its address?)"
	case strings.Contains(err.Error(), "no such host"):
		return "cannot connect: unknown host"
	case errors.As(err, &netErr) && netErr.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return "cannot connect: the server did not answer in time"
	}
	return err.Error()
}
