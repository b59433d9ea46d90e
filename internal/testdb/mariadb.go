package testdb

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// MariaDB returns a new, empty database on this test binary's MariaDB server, starting the server on first use.
// The test fails when the server cannot start: MariaDB is part of what the tests need.
func MariaDB(t testing.TB) *Database {
	t.Helper()
	s, err := shared("mariadb", startMariaDB)
	if err != nil {
		t.Fatalf("MariaDB test server: %v", err)
	}
	name := s.nextName("t")
	if err := s.mariadbClient("", fmt.Sprintf("CREATE DATABASE %s", name)); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	return &Database{Server: s, Name: name}
}

func startMariaDB() (*Server, error) {
	installDB, err := findBinary("mariadb-install-db", "/usr/bin")
	if err != nil {
		return nil, err
	}
	mariadbd, err := findBinary("mariadbd", "/usr/sbin")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "dataflow-testmariadb-")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{Engine: "mariadb", Host: "127.0.0.1", Port: port, User: "dataflow", Password: randomPassword(),
		dir: dir, logFile: filepath.Join(dir, "server.log")}
	data := filepath.Join(dir, "data")
	// As root the server runs as root (--user=root): the data directory is ours and thrown away after.
	var runAsUser []string
	if os.Geteuid() == 0 {
		runAsUser = []string{"--user=root"}
	}
	installArgs := append([]string{"--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal",
		"--skip-test-db"}, runAsUser...)
	if err := runAs(nil, nil, installDB, installArgs...); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	args := append([]string{"--no-defaults", "--datadir=" + data, "--port=" + strconv.Itoa(port),
		"--bind-address=127.0.0.1", "--socket=" + s.socket(), "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0",
		"--innodb-doublewrite=0", "--log-error=" + s.logFile, "--pid-file=" + filepath.Join(dir, "mariadb.pid")}, runAsUser...)
	if err := s.startServer(mariadbd, args, (*syscall.Credential)(nil)); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if err := s.waitForLog("ready for connections", 60*time.Second); err != nil {
		s.stop()
		return nil, err
	}
	// root reaches the server through its socket only; the tests connect over TCP as a password user.
	create := fmt.Sprintf("CREATE USER '%s'@'%%' IDENTIFIED BY '%s'; GRANT ALL PRIVILEGES ON *.* TO '%s'@'%%' WITH GRANT OPTION;",
		s.User, s.Password, s.User)
	if err := s.rootClient(create); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *Server) socket() string { return filepath.Join(s.dir, "mariadb.sock") }

func (s *Server) rootClient(sql string) error {
	client, err := findBinary("mariadb", "/usr/bin")
	if err != nil {
		return err
	}
	return runAs(nil, nil, client, "--no-defaults", "--socket="+s.socket(), "-uroot", "-e", sql)
}

func (s *Server) mariadbClient(db, sql string) error {
	client, err := findBinary("mariadb", "/usr/bin")
	if err != nil {
		return err
	}
	args := []string{"--no-defaults", "--protocol=TCP", "-h", s.Host, "-P", strconv.Itoa(s.Port), "-u", s.User}
	if db != "" {
		args = append(args, "-D", db)
	}
	return runAs(nil, []string{"MYSQL_PWD=" + s.Password}, client, append(args, "-e", sql)...)
}
