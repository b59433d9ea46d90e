package testdb

import (
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestServersStartAndHandOutSeparateDatabases(t *testing.T) {
	for _, open := range []func(testing.TB) *Database{Postgres, MariaDB} {
		a, b := open(t), open(t)
		if a.Name == b.Name {
			t.Fatalf("two databases share the name %s", a.Name)
		}
		a.Exec(t, "CREATE TABLE probe (id INT)")
		a.Exec(t, "INSERT INTO probe VALUES (1)")
		// The table is a's alone.
		if err := runClientExpectingFailure(b, "SELECT * FROM probe"); err != nil {
			t.Fatal(err)
		}
		conn, err := net.Dial("tcp", net.JoinHostPort(a.Server.Host, strconv.Itoa(a.Server.Port)))
		if err != nil {
			t.Fatalf("%s not listening on its port: %v", a.Server.Engine, err)
		}
		_ = conn.Close()
		if !strings.Contains(a.URL(), a.Name) || !strings.HasPrefix(a.JDBCURL(), "jdbc:") {
			t.Fatalf("addresses: %s %s", a.URL(), a.JDBCURL())
		}
	}
}

func TestWrongPasswordIsRefused(t *testing.T) {
	d := Postgres(t)
	wrong := &Server{Engine: d.Server.Engine, Host: d.Server.Host, Port: d.Server.Port, User: d.Server.User,
		Password: "not-the-password"}
	if err := wrong.psql(d.Name, "SELECT 1"); err == nil {
		t.Fatal("PostgreSQL accepted a wrong password")
	}
	m := MariaDB(t)
	wrongM := &Server{Engine: m.Server.Engine, Host: m.Server.Host, Port: m.Server.Port, User: m.Server.User,
		Password: "not-the-password"}
	if err := wrongM.mariadbClient(m.Name, "SELECT 1"); err == nil {
		t.Fatal("MariaDB accepted a wrong password")
	}
}

func runClientExpectingFailure(d *Database, sql string) error {
	var err error
	if d.Server.Engine == "mariadb" {
		err = d.Server.mariadbClient(d.Name, sql)
	} else {
		err = d.Server.psql(d.Name, sql)
	}
	if err == nil {
		return &unexpected{d.Server.Engine + ": " + sql + " succeeded on another test's database"}
	}
	return nil
}

type unexpected struct{ s string }

func (u *unexpected) Error() string { return u.s }
