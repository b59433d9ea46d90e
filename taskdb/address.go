// Package taskdb is the task database: Spring Cloud Task's and Spring Batch's tables, in a PostgreSQL or
// MySQL/MariaDB database that the task apps write to themselves. dataflow creates and upgrades the tables of
// both of SCDF 2.11's schema targets (boot2, boot3) with Spring's names and types, creates the execution row an
// app is launched with, and reads what the apps wrote: task executions, job instances, job and step executions.
// It knows nothing of dataflow's own store; flow keeps the two consistent.
package taskdb

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Engine is the database product, picked from the JDBC URL (and, for MySQL and MariaDB, from the server itself).
type Engine string

const (
	PostgreSQL Engine = "postgresql"
	MySQL      Engine = "mysql"
	MariaDB    Engine = "mariadb"
)

// Address is a JDBC URL taken apart: jdbc:postgresql://host:5432/db?x=y, jdbc:mysql://..., jdbc:mariadb://...
type Address struct {
	Engine   Engine
	Host     string
	Port     string
	Database string
	Params   url.Values
}

// ParseJDBCURL reads the JDBC URLs Spring apps are given. Only the forms the Go drivers can reach are accepted:
// one host, a database name.
func ParseJDBCURL(jdbc string) (Address, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(jdbc), "jdbc:")
	if !ok {
		return Address{}, fmt.Errorf("the task database URL '%s' is not a JDBC URL: write jdbc:postgresql://host:5432/db or jdbc:mariadb://host:3306/db", jdbc)
	}
	scheme, after, ok := strings.Cut(rest, "://")
	if !ok {
		return Address{}, fmt.Errorf("the task database URL '%s' has no host: write jdbc:%s://host:port/database", jdbc, scheme)
	}
	var a Address
	switch strings.ToLower(scheme) {
	case "postgresql":
		a.Engine, a.Port = PostgreSQL, "5432"
	case "mysql":
		a.Engine, a.Port = MySQL, "3306"
	case "mariadb":
		a.Engine, a.Port = MariaDB, "3306"
	default:
		return Address{}, fmt.Errorf("the task database URL '%s' is for %s: dataflow's task database is PostgreSQL, MySQL or MariaDB", jdbc, scheme)
	}
	hostPort, pathQuery, _ := strings.Cut(after, "/")
	db, query, _ := strings.Cut(pathQuery, "?")
	if strings.Contains(hostPort, ",") {
		return Address{}, fmt.Errorf("the task database URL '%s' names several hosts: give one", jdbc)
	}
	if h, p, err := net.SplitHostPort(hostPort); err == nil {
		a.Host, a.Port = h, p
	} else {
		a.Host = strings.Trim(hostPort, "[]")
	}
	if a.Host == "" {
		return Address{}, fmt.Errorf("the task database URL '%s' has no host", jdbc)
	}
	if db == "" {
		return Address{}, fmt.Errorf("the task database URL '%s' names no database: write jdbc:%s://%s/<database>", jdbc, scheme, hostPort)
	}
	a.Database = db
	params, err := url.ParseQuery(strings.ReplaceAll(query, ";", "&"))
	if err != nil {
		return Address{}, fmt.Errorf("the task database URL '%s' has unreadable parameters: %v", jdbc, err)
	}
	a.Params = params
	return a, nil
}

// String names the database in messages: host:port/database (never a credential).
func (a Address) String() string {
	return net.JoinHostPort(a.Host, a.Port) + "/" + a.Database
}

// DriverClassName is the JDBC driver a Spring app needs for the engine, as SCDF passes
// spring.datasource.driverClassName.
func (e Engine) DriverClassName() string {
	switch e {
	case PostgreSQL:
		return "org.postgresql.Driver"
	case MariaDB:
		return "org.mariadb.jdbc.Driver"
	}
	return "com.mysql.cj.jdbc.Driver"
}

// dsn is the Go driver's connection string. The password never goes into a string that could be printed: pgx
// gets it through its config, the MySQL driver through its Config struct.
func (a Address) postgresDSN(user string) string {
	u := url.URL{Scheme: "postgres", User: url.User(user), Host: net.JoinHostPort(a.Host, a.Port), Path: "/" + a.Database}
	q := url.Values{}
	q.Set("sslmode", "prefer")
	if v := a.Params.Get("sslmode"); v != "" {
		q.Set("sslmode", v)
	} else if a.Params.Get("ssl") == "false" {
		q.Set("sslmode", "disable")
	}
	q.Set("connect_timeout", "10")
	u.RawQuery = q.Encode()
	return u.String()
}
