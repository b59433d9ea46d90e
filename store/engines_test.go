package store

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// eachEngine runs a test on a new SQLite store and on a new PostgreSQL store: the store's behaviour is the
// same on both.
func eachEngine(t *testing.T, test func(t *testing.T, s *Store)) {
	t.Run("sqlite", func(t *testing.T) { test(t, openTemp(t)) })
	t.Run("postgres", func(t *testing.T) { test(t, openPostgresTemp(t)) })
}

// testPasswordVar holds the test server's password: store URLs name it as ${DATAFLOW_TEST_PGPASSWORD}, the way
// users are told to (a password written in the URL is refused).
const testPasswordVar = "DATAFLOW_TEST_PGPASSWORD"

// postgresURL is the store URL of a new, empty database on the test server.
func postgresURL(t testing.TB) string {
	t.Helper()
	db := testdb.Postgres(t)
	if err := os.Setenv(testPasswordVar, db.Server.Password); err != nil {
		t.Fatal(err)
	}
	return storeURL(db)
}

func storeURL(db *testdb.Database) string {
	return fmt.Sprintf("postgres://%s:${%s}@%s:%d/%s?sslmode=disable", db.Server.User, testPasswordVar, db.Server.Host, db.Server.Port, db.Name)
}

func openPostgresTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), postgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// An execution id given (the task database's row id) is kept, and ids the store picks afterwards come after it:
// SQLite's AUTOINCREMENT moves past it by itself, a PostgreSQL identity has to be told.
func TestGivenExecutionIDsMoveTheCounter(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		insert := func(id int64) int64 {
			t.Helper()
			got, err := s.Read().InsertExecution(ctx, Execution{ID: id, TaskName: "t", Platform: "p", Resource: "r", Status: ExecutionRunning, StartTime: time.Now(), SchemaTarget: "boot2"})
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if first := insert(0); first != 1 {
			t.Fatalf("first id %d", first)
		}
		if given := insert(50); given != 50 {
			t.Fatalf("given id came back as %d", given)
		}
		if next := insert(0); next != 51 {
			t.Fatalf("the id after a given 50 is %d", next)
		}
		if high, err := s.Read().MaxExecutionID(ctx); err != nil || high != 51 {
			t.Fatalf("MaxExecutionID %d %v", high, err)
		}
		e, err := s.Read().GetExecution(ctx, 50)
		if err != nil || e.SchemaTarget != "boot2" {
			t.Fatalf("execution 50: %+v %v", e, err)
		}
	})
}
