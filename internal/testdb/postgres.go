package testdb

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

var postgresDirs = []string{"/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"}

// Postgres returns a new, empty database on this test binary's PostgreSQL server, starting the server on first
// use. The test fails when the server cannot start: PostgreSQL is part of what the tests need.
func Postgres(t testing.TB) *Database {
	t.Helper()
	s, err := shared("postgresql", startPostgres)
	if err != nil {
		t.Fatalf("PostgreSQL test server: %v", err)
	}
	name := s.nextName("t")
	if err := s.psql("postgres", fmt.Sprintf("CREATE DATABASE %s", name)); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	return &Database{Server: s, Name: name}
}

// PostgresServer returns this test binary's PostgreSQL server itself, for tests that manage databases or users.
func PostgresServer(t testing.TB) *Server {
	t.Helper()
	s, err := shared("postgresql", startPostgres)
	if err != nil {
		t.Fatalf("PostgreSQL test server: %v", err)
	}
	return s
}

// Database is one database on a test server.
type Database struct {
	Server *Server
	Name   string
}

// URL is the database's address with its credentials, in the engine's URL form: postgres://user:pw@host:port/db
// or mysql://user:pw@host:port/db.
func (d *Database) URL() string {
	scheme := "postgres"
	if d.Server.Engine == "mariadb" {
		scheme = "mysql"
	}
	u := url.URL{Scheme: scheme, User: url.UserPassword(d.Server.User, d.Server.Password),
		Host: fmt.Sprintf("%s:%d", d.Server.Host, d.Server.Port), Path: "/" + d.Name}
	if scheme == "postgres" {
		u.RawQuery = "sslmode=disable"
	}
	return u.String()
}

// JDBCURL is the address as a Spring app is given it.
func (d *Database) JDBCURL() string {
	if d.Server.Engine == "mariadb" {
		return fmt.Sprintf("jdbc:mariadb://%s:%d/%s", d.Server.Host, d.Server.Port, d.Name)
	}
	return fmt.Sprintf("jdbc:postgresql://%s:%d/%s", d.Server.Host, d.Server.Port, d.Name)
}

// Exec runs SQL statements on the database with the engine's command-line client, for test setup that must not
// depend on the code under test.
func (d *Database) Exec(t testing.TB, sql string) {
	t.Helper()
	var err error
	if d.Server.Engine == "mariadb" {
		err = d.Server.mariadbClient(d.Name, sql)
	} else {
		err = d.Server.psql(d.Name, sql)
	}
	if err != nil {
		t.Fatalf("exec on %s: %v", d.Name, err)
	}
}

func startPostgres() (*Server, error) {
	initdb, err := findBinary("initdb", postgresDirs...)
	if err != nil {
		return nil, err
	}
	postgres, err := findBinary("postgres", filepath.Dir(initdb))
	if err != nil {
		return nil, err
	}
	cred, err := serviceUser("postgres")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "dataflow-testpg-")
	if err != nil {
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, err
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{Engine: "postgresql", Host: "127.0.0.1", Port: port, User: "postgres", Password: randomPassword(),
		dir: dir, logFile: filepath.Join(dir, "server.log")}
	pwfile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwfile, []byte(s.Password+"\n"), 0o600); err != nil {
		return nil, err
	}
	if cred != nil {
		_ = os.Chown(pwfile, int(cred.Uid), int(cred.Gid))
	}
	data := filepath.Join(dir, "data")
	if err := runAs(cred, nil, initdb, "-D", data, "-U", s.User, "--pwfile="+pwfile, "--auth=scram-sha-256",
		"--no-sync", "--encoding=UTF8", "--locale=C"); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	// Durability is traded for speed: the directory is thrown away after the run.
	args := []string{"-D", data, "-p", strconv.Itoa(port), "-h", "127.0.0.1", "-k", dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"}
	if err := s.startServer(postgres, args, cred); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if err := s.waitForLog("database system is ready to accept connections", 60*time.Second); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) psql(db, sql string) error {
	psql, err := findBinary("psql", postgresDirs...)
	if err != nil {
		return err
	}
	return runAs(nil, []string{"PGPASSWORD=" + s.Password}, psql, "-X", "-q", "-v", "ON_ERROR_STOP=1",
		"-h", s.Host, "-p", strconv.Itoa(s.Port), "-U", s.User, "-d", db, "-c", sql)
}
