package store

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/testdb"
	"github.com/jackc/pgx/v5/stdlib"
)

// Stores opened apart stand in for dataflow processes on several machines: each claims the next version of
// one stream after reading the newest, as flow's claimRelease does. Every claim must land once: no version
// twice (the write lock serialises the read and the insert), none lost.
func TestPostgresClaimsFromManyProcessesNeverCollide(t *testing.T) {
	url := postgresURL(t)
	ctx := context.Background()
	const processes, claims = 6, 15
	var wg sync.WaitGroup
	errs := make(chan error, processes)
	for range processes {
		wg.Go(func() {
			s, err := Open(ctx, url)
			if err != nil {
				errs <- err
				return
			}
			defer func() { _ = s.Close() }()
			for range claims {
				err := s.InTx(ctx, func(tx *Tx) error {
					latest, _, err := tx.LatestRelease(ctx, "shared")
					if err != nil {
						return err
					}
					return tx.InsertRelease(ctx, Release{Name: "shared", Version: latest.Version + 1, Platform: "default", Status: ReleaseDeployed,
						Config: "{}", Apps: []ReleaseApp{{Label: "a", DeploymentID: fmt.Sprintf("shared-a-v%d", latest.Version+1)}}})
				})
				if err != nil {
					errs <- err
					return
				}
				if _, err := s.Read().InsertExecution(ctx, Execution{TaskName: "t", Platform: "p", Resource: "r", Status: ExecutionRunning}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s := openURL(t, url)
	list, err := s.Read().Releases(ctx, "shared")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != processes*claims || list[0].Version != processes*claims || list[len(list)-1].Version != 1 {
		t.Fatalf("%d releases, newest %d: want versions 1..%d", len(list), list[0].Version, processes*claims)
	}
	execs, err := s.Read().ListExecutions(ctx, "t", 0)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int64]bool{}
	for _, e := range execs {
		ids[e.ID] = true
	}
	if len(execs) != processes*claims || len(ids) != len(execs) {
		t.Fatalf("%d executions with %d distinct ids, want %d", len(execs), len(ids), processes*claims)
	}
}

// Processes that open a new database at the same moment create the store once, with one identity.
func TestPostgresNewStoreOpenedAtOnce(t *testing.T) {
	url := postgresURL(t)
	ctx := context.Background()
	ids := make([]string, 5)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			s, err := Open(ctx, url)
			if err != nil {
				t.Error(err)
				return
			}
			defer func() { _ = s.Close() }()
			if ids[i], err = s.Identity(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(ids[0]) {
		t.Fatalf("identity %q is not 32 hex digits", ids[0])
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("identities %v: one store must have one", ids)
		}
	}
}

func TestPostgresRefusesNewerSchema(t *testing.T) {
	url := postgresURL(t)
	s := openURL(t, url)
	if _, err := s.db.Exec(fmt.Sprintf("UPDATE schema_version SET version = %d", SchemaVersion()+5)); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), url)
	if err == nil || !strings.Contains(err.Error(), "upgrade dataflow") || strings.Contains(err.Error(), os.Getenv(testPasswordVar)) {
		t.Fatalf("want a refusal naming the upgrade, got %v", err)
	}
}

// A database that holds another application's tables is refused, and nothing is written to it.
func TestPostgresRefusesADatabaseOfAnotherApplication(t *testing.T) {
	db := testdb.Postgres(t)
	db.Exec(t, "CREATE TABLE orders (id int); CREATE TABLE customers (id int)")
	_, err := Open(context.Background(), storeURL(db))
	if err == nil || !strings.Contains(err.Error(), "public.customers, public.orders") || strings.Count(err.Error(), "\n") > 0 {
		t.Fatalf("want one line naming the foreign tables, got %v", err)
	}
	if schemas := schemasOf(t, db); schemas["dataflow"] {
		t.Fatalf("a refused open created the schema dataflow: %v", schemas)
	}

	// A schema "dataflow" that dataflow did not make is another application's too.
	other := testdb.Postgres(t)
	other.Exec(t, "CREATE SCHEMA dataflow; CREATE TABLE dataflow.apps (x int)")
	if _, err := Open(context.Background(), storeURL(other)); err == nil || !strings.Contains(err.Error(), "dataflow.apps") {
		t.Fatalf("want a refusal naming dataflow.apps, got %v", err)
	}
}

// Spring Cloud Task and Spring Batch may keep their tables in the store's database (SCDF used one database for
// both): the store's tables are all in its own schema, so no name of theirs can clash with one of ours.
func TestPostgresSharesItsDatabaseWithSpringTaskTables(t *testing.T) {
	db := testdb.Postgres(t)
	db.Exec(t, `CREATE TABLE TASK_EXECUTION (TASK_EXECUTION_ID BIGINT PRIMARY KEY, TASK_NAME VARCHAR(100));
		CREATE SEQUENCE TASK_SEQ; CREATE TABLE TASK_LOCK (LOCK_KEY CHAR(36));
		CREATE TABLE BATCH_JOB_INSTANCE (JOB_INSTANCE_ID BIGINT PRIMARY KEY);
		CREATE TABLE BOOT3_TASK_EXECUTION (TASK_EXECUTION_ID BIGINT PRIMARY KEY);
		INSERT INTO TASK_EXECUTION VALUES (1, 'spring')`)
	s := openURL(t, storeURL(db))
	ctx := context.Background()
	if _, err := s.Read().InsertExecution(ctx, Execution{TaskName: "ours", Platform: "p", Resource: "r", Status: ExecutionRunning}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT table_schema, table_name FROM information_schema.tables
		WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ours, theirs []string
	for rows.Next() {
		var schema, name string
		if err := rows.Scan(&schema, &name); err != nil {
			t.Fatal(err)
		}
		if schema == pgSchema {
			ours = append(ours, name)
		} else {
			theirs = append(theirs, schema+"."+name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(theirs, ","); got != "public.batch_job_instance,public.boot3_task_execution,public.task_execution,public.task_lock" {
		t.Fatalf("tables outside the store's schema: %s", got)
	}
	if len(ours) < 13 {
		t.Fatalf("the store's tables: %v", ours)
	}
	var springName string
	if err := s.db.QueryRowContext(ctx, "SELECT task_name FROM public.task_execution WHERE task_execution_id = 1").Scan(&springName); err != nil || springName != "spring" {
		t.Fatalf("Spring's execution: %q %v", springName, err)
	}
}

// Every way to get the connection wrong is one line, without the password, and writes nothing.
func TestPostgresBadConnections(t *testing.T) {
	db := testdb.Postgres(t)
	server := db.Server
	ctx := context.Background()
	base := fmt.Sprintf("%s:%d/%s?sslmode=disable", server.Host, server.Port, db.Name)
	t.Setenv("DATAFLOW_TEST_WRONG", "not-the-"+server.Password)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	cases := []struct {
		name, url, want string
	}{
		{"wrong password", "postgres://" + server.User + ":${DATAFLOW_TEST_WRONG}@" + base, "password authentication failed"},
		{"password in the URL", "postgres://" + server.User + ":" + server.Password + "@" + base, "the store URL holds a password"},
		{"password parameter", "postgres://" + server.User + "@" + base + "&password=" + server.Password, "the store URL holds a password"},
		{"key password parameter", "postgres://" + server.User + "@" + base + "&sslpassword=" + server.Password, "the store URL holds a password (sslpassword=)"},
		{"unset reference", "postgres://" + server.User + ":${DATAFLOW_TEST_UNSET}@" + base, "${DATAFLOW_TEST_UNSET}, which is not set"},
		{"no database", fmt.Sprintf("postgres://%s@%s:%d", server.User, server.Host, server.Port), "names no database"},
		{"unreachable server", fmt.Sprintf("postgres://%s:${DATAFLOW_TEST_WRONG}@127.0.0.1:%d/%s?sslmode=disable", server.User, freePort(t), db.Name), "connect"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(ctx, c.url)
			if err == nil {
				t.Fatal("the store opened")
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || strings.Contains(msg, server.Password) || strings.Contains(msg, "\n") {
				t.Fatalf("want one line with %q and no password, got %q", c.want, msg)
			}
		})
	}
	if schemas := schemasOf(t, db); schemas["dataflow"] {
		t.Fatal("a refused open created the store's schema")
	}
}

// The password comes from where libpq's tools find it: PGPASSWORD, and the password file.
func TestPostgresPasswordFromTheEnvironmentAndPassFile(t *testing.T) {
	db := testdb.Postgres(t)
	s := db.Server
	url := fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", s.User, s.Host, s.Port, db.Name)
	t.Setenv("PGPASSWORD", s.Password)
	openURL(t, url)

	passfile := filepath.Join(t.TempDir(), "pgpass")
	if err := os.WriteFile(passfile, fmt.Appendf(nil, "%s:%d:%s:%s:%s\n", s.Host, s.Port, db.Name, s.User, s.Password), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", passfile)
	openURL(t, url)
}

func openURL(t testing.TB, url string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// schemasOf lists a database's schemas, read apart from the store.
func schemasOf(t *testing.T, db *testdb.Database) map[string]bool {
	t.Helper()
	conn, err := sql.Open("pgx", db.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	rows, err := conn.Query("SELECT nspname FROM pg_namespace")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[n] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var _ = stdlib.GetDefaultDriver // registers the "pgx" driver schemasOf uses

// freePort is a 127.0.0.1 port nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return port
}

// A password reference is ${NAME} in place of the password, as written or as a URL encoder escapes it; nothing
// else names a variable.
func TestPasswordVariable(t *testing.T) {
	for url, want := range map[string]string{
		"postgres://team:${TEAM_DB_PASSWORD}@db:5432/df":  "TEAM_DB_PASSWORD",
		"postgresql://team:%7BPW%7D@db/df":                "",
		"postgresql://team:%24%7BPW%7D@db/df":             "",
		"postgres://team:$%7BPW%7D@db/df?sslmode=disable": "PW",
		"postgres://team@db/df":                           "",
		"postgres://team:literal@db/df":                   "",
		"postgres://team:${1X}@db/df":                     "",
		"postgres://db/df?user=x":                         "",
	} {
		if got := PasswordVariable(url); got != want {
			t.Errorf("PasswordVariable(%q) = %q, want %q", url, got, want)
		}
	}
}

// A user that may not create the store's schema is told so, in one line.
func TestPostgresUserWithoutCreateRights(t *testing.T) {
	db := testdb.Postgres(t)
	password := "limited-" + db.Name
	db.Exec(t, fmt.Sprintf("CREATE ROLE %s_user LOGIN PASSWORD '%s'; GRANT CONNECT ON DATABASE %s TO %s_user", db.Name, password, db.Name, db.Name))
	t.Setenv("DATAFLOW_TEST_LIMITED", password)
	url := fmt.Sprintf("postgres://%s_user:${DATAFLOW_TEST_LIMITED}@%s:%d/%s?sslmode=disable", db.Name, db.Server.Host, db.Server.Port, db.Name)
	_, err := Open(context.Background(), url)
	if err == nil || !strings.Contains(err.Error(), "cannot create the schema dataflow: ERROR: permission denied for database") ||
		strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), password) {
		t.Fatalf("want one line naming the missing right, got %v", err)
	}
}
