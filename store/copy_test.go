package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fillStore writes records of every kind, including what differs between the engines: a default app, argument
// lists, an execution id handed out and then deleted, and an imported execution with its job execution ids.
func fillStore(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 12, 6, 5, 0, 0, 123456789, time.UTC)
	err := s.InTx(ctx, func(tx *Tx) error {
		for _, v := range []string{"1.0", "2.0"} {
			if err := tx.UpsertApp(ctx, AppRecord{Type: "sink", Name: "log", Version: v, URI: "docker:log:" + v, CreatedAt: at}); err != nil {
				return err
			}
		}
		if err := tx.SetDefaultApp(ctx, "sink", "log", "2.0"); err != nil {
			return err
		}
		if err := tx.AppendHistory(ctx, "stream list", at, 0); err != nil {
			return err
		}
		if _, err := tx.InsertAudit(ctx, AuditRecord{CreatedAt: at, Actor: "me", Operation: AuditStream, Action: AuditDeploy, Correlation: "s", Result: "ok"}); err != nil {
			return err
		}
		if err := tx.InsertDefinition(ctx, StreamDefinitions, Definition{Name: "s", Definition: "time | log", CreatedAt: at}); err != nil {
			return err
		}
		if err := tx.InsertDefinition(ctx, TaskDefinitions, Definition{Name: "ct-a", Definition: "a", ComposedParent: "ct", CreatedAt: at}); err != nil {
			return err
		}
		for i := range 3 {
			if _, err := tx.InsertExecution(ctx, Execution{TaskName: "t", Platform: "p", Resource: "r", Arguments: []string{"--a=1", fmt.Sprintf("b c %d", i)},
				Status: ExecutionRunning, StartTime: at}); err != nil {
				return err
			}
		}
		if err := tx.DeleteExecution(ctx, 3); err != nil {
			return err
		}
		if err := tx.EndExecution(ctx, 1, ExecutionComplete, 0, "", at); err != nil {
			return err
		}
		if err := tx.ImportExecutions(ctx, []Execution{{ID: 10, TaskName: "t", Platform: "p", Status: ExecutionComplete, StartTime: at, EndTime: at,
			Launcher: "scdf", SchemaTarget: "boot3", JobExecutionIDs: []int64{7, 12}}}); err != nil {
			return err
		}
		for v := 1; v <= 2; v++ {
			if err := tx.InsertRelease(ctx, Release{Name: "s", Version: v, Platform: "default", Status: ReleaseDeployed, Config: "{}", Manifest: "m",
				FirstDeployed: at, LastDeployed: at, Apps: []ReleaseApp{{Label: "z", DeploymentID: "s-z"}, {Label: "a", DeploymentID: "s-a", Handle: "h"}}}); err != nil {
				return err
			}
		}
		if err := tx.InsertSchedule(ctx, Schedule{Name: "nightly", TaskName: "t", Platform: "k", Expression: "@daily", Resource: "r",
			Arguments: []string{"x y", "--z"}, CreatedAt: at}); err != nil {
			return err
		}
		if _, err := tx.AppNamePrefix(ctx, "cf", "Ab3dE5g", at); err != nil {
			return err
		}
		if err := tx.SetMemo(ctx, "cf", "org", "guid", at); err != nil {
			return err
		}
		return tx.AddLeftovers(ctx, []Leftover{{Stream: "s", Platform: "default", Label: "a", DeploymentID: "s-a-old", Release: 1, CreatedAt: at}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// dump is every row of every table, in the engine-independent form (booleans and argument lists read).
func dump(t *testing.T, s *Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	err := s.InTx(ctx, func(tx *Tx) error {
		for _, ct := range copyTables {
			if err := dumpTable(ctx, tx, ct, &b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func dumpTable(ctx context.Context, tx *Tx, ct copyTable, b *strings.Builder) error {
	order := ct.orderBy
	if order == "" {
		order = tx.insertionOrder()
	}
	rows, err := tx.q.QueryContext(ctx, "SELECT "+strings.Join(ct.columns, ", ")+" FROM "+ct.name+" ORDER BY "+order)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		vals := make([]any, len(ct.columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, col := range ct.columns {
			switch col {
			case ct.boolColumn:
				vals[i] = truthy(vals[i])
			case ct.argsColumn:
				s, _ := vals[i].(string)
				if vals[i], err = tx.engine.splitArgs(s); err != nil {
					return err
				}
			}
		}
		fmt.Fprintf(b, "%s %q\n", ct.name, vals)
	}
	return rows.Err()
}

// A store moves to PostgreSQL and back as it was: every row, its identity, and its execution ids (the next one
// is never one the source handed out, even a deleted one).
func TestCopyToPostgresAndBack(t *testing.T) {
	ctx := context.Background()
	local := openTemp(t)
	fillStore(t, local)
	want := dump(t, local)
	if strings.Count(want, "\n") < 15 {
		t.Fatalf("the filled store holds too little to check a copy:\n%s", want)
	}
	shared := openPostgresTemp(t)
	counts, err := Copy(ctx, local, shared)
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(counts, func(c TableCount) bool { return c.Table == "task_executions" }); counts[i].Rows != 3 {
		t.Fatalf("counts: %+v", counts)
	}
	if got := dump(t, shared); got != want {
		t.Fatalf("on PostgreSQL:\n%s\nwant:\n%s", got, want)
	}
	localID, _ := local.Identity(ctx)
	if id, err := shared.Identity(ctx); err != nil || id != localID {
		t.Fatalf("the copy's identity %q (%v), want the source's %q", id, err, localID)
	}
	if id, err := shared.Read().InsertExecution(ctx, Execution{TaskName: "t", Platform: "p", Resource: "r", Status: ExecutionRunning}); err != nil || id != 11 {
		t.Fatalf("next execution id on the copy = %d (%v), want 11", id, err)
	}
	if args, err := shared.Read().GetExecution(ctx, 2); err != nil || fmt.Sprint(args.Arguments) != "[--a=1 b c 1]" {
		t.Fatalf("arguments on the copy: %+v %v", args, err)
	}
	if e, err := shared.Read().GetExecution(ctx, 10); err != nil || fmt.Sprint(e.JobExecutionIDs) != "[7 12]" {
		t.Fatalf("job execution ids on the copy: %+v %v", e, err)
	}

	back, err := Open(ctx, filepath.Join(t.TempDir(), "back.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = back.Close() }()
	if _, err := Copy(ctx, shared, back); err != nil {
		t.Fatal(err)
	}
	if got, want := dump(t, back), dump(t, shared); got != want {
		t.Fatalf("back on SQLite:\n%s\nwant:\n%s", got, want)
	}
	if id, err := back.Read().InsertExecution(ctx, Execution{TaskName: "t", Platform: "p", Resource: "r", Status: ExecutionRunning}); err != nil || id != 12 {
		t.Fatalf("next execution id back on SQLite = %d (%v), want 12", id, err)
	}
	if e, err := back.Read().GetExecution(ctx, 10); err != nil || fmt.Sprint(e.JobExecutionIDs) != "[7 12]" {
		t.Fatalf("job execution ids back on SQLite: %+v %v", e, err)
	}
}

// A target that holds anything is refused and left as it was; so is a copy of a store onto itself.
func TestCopyRefusesANonEmptyTarget(t *testing.T) {
	eachEngine(t, func(t *testing.T, target *Store) {
		ctx := context.Background()
		source := openTemp(t)
		fillStore(t, source)
		if err := target.Read().InsertDefinition(ctx, StreamDefinitions, Definition{Name: "mine", Definition: "time | log"}); err != nil {
			t.Fatal(err)
		}
		before := dump(t, target)
		_, err := Copy(ctx, source, target)
		if err == nil || !strings.Contains(err.Error(), "is not empty (1 rows in stream_definitions)") {
			t.Fatalf("want a refusal naming what the target holds, got %v", err)
		}
		if after := dump(t, target); after != before {
			t.Fatalf("the refused target changed:\n%s", after)
		}
		empty := openTemp(t)
		if _, err := Copy(ctx, empty, empty); err == nil || !strings.Contains(err.Error(), "are the same store") {
			t.Fatalf("a copy onto itself: %v", err)
		}
	})
}

// A copy that fails part way writes nothing: PostgreSQL refuses a NUL in text, which SQLite keeps.
func TestCopyThatFailsWritesNothing(t *testing.T) {
	ctx := context.Background()
	source := openTemp(t)
	fillStore(t, source)
	if err := source.Read().SetMemo(ctx, "zz", "k", "nul\x00inside", time.Now()); err != nil {
		t.Fatal(err)
	}
	target := openPostgresTemp(t)
	if _, err := Copy(ctx, source, target); err == nil || !strings.Contains(err.Error(), "copying platform_memos") {
		t.Fatalf("want the memo's copy to fail, got %v", err)
	}
	if got := dump(t, target); got != "" {
		t.Fatalf("a failed copy left rows:\n%s", got)
	}
}

// copyTables names every table and every column of both schemas: a migration that adds one must add it there,
// or copies would drop it.
func TestCopyTablesCoverBothSchemas(t *testing.T) {
	want := map[string][]string{"store_identity": {"id", "singleton"}}
	for _, ct := range copyTables {
		want[ct.name] = slices.Sorted(slices.Values(ct.columns))
	}
	eachEngine(t, func(t *testing.T, s *Store) {
		query := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2`
		if s.engine == enginePostgres {
			query = `SELECT table_name, column_name FROM information_schema.columns
				WHERE table_schema = 'dataflow' AND table_name <> 'schema_version' AND NOT (table_name = 'release_apps' AND column_name = 'seq') ORDER BY 1, 2`
		}
		rows, err := s.db.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string][]string{}
		for rows.Next() {
			var table, column string
			if err := rows.Scan(&table, &column); err != nil {
				t.Fatal(err)
			}
			got[table] = append(got[table], column)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("schema:\n%v\ncopyTables:\n%v", got, want)
		}
	})
}
