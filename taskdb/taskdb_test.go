package taskdb

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// engines are the servers every test runs on.
var engines = []struct {
	name  string
	start func(testing.TB) *testdb.Database
}{
	{"postgresql", testdb.Postgres},
	{"mariadb", testdb.MariaDB},
}

func options(db *testdb.Database) Options {
	return Options{URL: db.JDBCURL(), Username: db.Server.User, Password: db.Server.Password}
}

func open(t *testing.T, db *testdb.Database) *DB {
	t.Helper()
	d, err := Open(context.Background(), options(db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func TestCreatesTheTablesOfBothTargetsWithSpringsColumns(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			db := e.start(t)
			d := open(t, db)
			ctx := context.Background()
			want := map[string][]string{
				"TASK_EXECUTION":                   {"TASK_EXECUTION_ID", "START_TIME", "END_TIME", "TASK_NAME", "EXIT_CODE", "EXIT_MESSAGE", "ERROR_MESSAGE", "LAST_UPDATED", "EXTERNAL_EXECUTION_ID", "PARENT_EXECUTION_ID"},
				"TASK_EXECUTION_PARAMS":            {"TASK_EXECUTION_ID", "TASK_PARAM"},
				"TASK_TASK_BATCH":                  {"TASK_EXECUTION_ID", "JOB_EXECUTION_ID"},
				"TASK_LOCK":                        {"LOCK_KEY", "REGION", "CLIENT_ID", "CREATED_DATE"},
				"BATCH_JOB_EXECUTION":              {"JOB_EXECUTION_ID", "VERSION", "JOB_INSTANCE_ID", "CREATE_TIME", "START_TIME", "END_TIME", "STATUS", "EXIT_CODE", "EXIT_MESSAGE", "LAST_UPDATED", "JOB_CONFIGURATION_LOCATION"},
				"BATCH_JOB_EXECUTION_PARAMS":       {"JOB_EXECUTION_ID", "TYPE_CD", "KEY_NAME", "STRING_VAL", "DATE_VAL", "LONG_VAL", "DOUBLE_VAL", "IDENTIFYING"},
				"BATCH_STEP_EXECUTION":             {"STEP_EXECUTION_ID", "VERSION", "STEP_NAME", "JOB_EXECUTION_ID", "START_TIME", "END_TIME", "STATUS", "COMMIT_COUNT", "READ_COUNT", "FILTER_COUNT", "WRITE_COUNT", "READ_SKIP_COUNT", "WRITE_SKIP_COUNT", "PROCESS_SKIP_COUNT", "ROLLBACK_COUNT", "EXIT_CODE", "EXIT_MESSAGE", "LAST_UPDATED"},
				"BOOT3_TASK_EXECUTION":             {"TASK_EXECUTION_ID", "START_TIME", "END_TIME", "TASK_NAME", "EXIT_CODE", "EXIT_MESSAGE", "ERROR_MESSAGE", "LAST_UPDATED", "EXTERNAL_EXECUTION_ID", "PARENT_EXECUTION_ID"},
				"BOOT3_BATCH_JOB_EXECUTION":        {"JOB_EXECUTION_ID", "VERSION", "JOB_INSTANCE_ID", "CREATE_TIME", "START_TIME", "END_TIME", "STATUS", "EXIT_CODE", "EXIT_MESSAGE", "LAST_UPDATED"},
				"BOOT3_BATCH_JOB_EXECUTION_PARAMS": {"JOB_EXECUTION_ID", "PARAMETER_NAME", "PARAMETER_TYPE", "PARAMETER_VALUE", "IDENTIFYING"},
				"BOOT3_BATCH_STEP_EXECUTION":       {"STEP_EXECUTION_ID", "VERSION", "STEP_NAME", "JOB_EXECUTION_ID", "CREATE_TIME", "START_TIME", "END_TIME", "STATUS", "COMMIT_COUNT", "READ_COUNT", "FILTER_COUNT", "WRITE_COUNT", "READ_SKIP_COUNT", "WRITE_SKIP_COUNT", "PROCESS_SKIP_COUNT", "ROLLBACK_COUNT", "EXIT_CODE", "EXIT_MESSAGE", "LAST_UPDATED"},
				"BOOT3_BATCH_JOB_INSTANCE":         {"JOB_INSTANCE_ID", "VERSION", "JOB_NAME", "JOB_KEY"},
			}
			for table, cols := range want {
				got, err := tableColumns(ctx, d.db, d.engine, table)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(cols) {
					t.Errorf("%s has %d columns, want %d: %v", table, len(got), len(cols), got)
				}
				for _, c := range cols {
					if !got[c] {
						t.Errorf("%s has no column %s", table, c)
					}
				}
			}
			// Opening again (another dataflow process) finds everything in place.
			open(t, db)
		})
	}
}

func TestExecutionIDsComeFromTheSequenceAboveTheFloor(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			d := open(t, e.start(t))
			ctx := context.Background()
			for _, target := range Targets {
				first, err := d.CreateExecution(ctx, target, "t1", 0, 0, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				if first != 1 {
					t.Errorf("%s: first id %d, want 1", target, first)
				}
				above, err := d.CreateExecution(ctx, target, "t1", first, 41, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				next, err := d.CreateExecution(ctx, target, "t1", 0, 3, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				if above != 42 || next != 43 {
					t.Errorf("%s: ids %d, %d after floors 41 and 3, want 42, 43", target, above, next)
				}
				got, err := d.Execution(ctx, target, above)
				if err != nil {
					t.Fatal(err)
				}
				if got.TaskName != "t1" || got.ParentID != first || !got.StartTime.IsZero() || !got.EndTime.IsZero() || got.ExitCode != nil {
					t.Errorf("%s: created row %+v", target, got)
				}
			}
		})
	}
}

func TestConcurrentLaunchesGetDistinctIDs(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			d := open(t, e.start(t))
			var mu sync.Mutex
			seen := map[int64]bool{}
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					id, err := d.CreateExecution(context.Background(), Boot2, "t", 0, 0, time.Now())
					mu.Lock()
					defer mu.Unlock()
					if err != nil || seen[id] {
						t.Errorf("id %d, err %v", id, err)
					}
					seen[id] = true
				}()
			}
			wg.Wait()
		})
	}
}

func TestCompleteKeepsTheEndTheAppWrote(t *testing.T) {
	d := open(t, testdb.Postgres(t))
	ctx := context.Background()
	id, err := d.CreateExecution(ctx, Boot3, "t", 0, 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	wrote, err := d.CompleteExecution(ctx, Boot3, id, 137, time.Now(), "", "OOMKilled")
	if err != nil || !wrote {
		t.Fatalf("first end: %v %v", wrote, err)
	}
	wrote, err = d.CompleteExecution(ctx, Boot3, id, 0, time.Now(), "later", "")
	if err != nil || wrote {
		t.Fatalf("second end overwrote the first: %v %v", wrote, err)
	}
	got, err := d.Execution(ctx, Boot3, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.ExitCode == nil || *got.ExitCode != 137 || got.ErrorMessage != "OOMKilled" || got.EndTime.IsZero() {
		t.Errorf("row %+v", got)
	}
	if _, err := d.Execution(ctx, Boot2, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("the boot2 table has it too: %v", err)
	}
}

func TestRefusesTablesOfAnotherApplication(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			db := e.start(t)
			db.Exec(t, "CREATE TABLE TASK_EXECUTION (ID INTEGER, NAME VARCHAR(10))")
			_, err := Open(context.Background(), options(db))
			want := "task database " + db.Server.Host
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "/"+db.Name+": table TASK_EXECUTION is not Spring's (it has no column TASK_EXECUTION_ID)") {
				t.Fatalf("error %v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("not one line: %q", err)
			}
		})
	}
}

func TestAdoptsSpringsTablesMadeByOthers(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			db := e.start(t)
			d := open(t, db)
			if _, err := d.CreateExecution(context.Background(), Boot2, "kept", 0, 0, time.Now()); err != nil {
				t.Fatal(err)
			}
			// An SCDF server (or the apps) made the tables: there is no version record of dataflow's.
			db.Exec(t, "DROP TABLE "+versionTable)
			again := open(t, db)
			got, err := again.Execution(context.Background(), Boot2, 1)
			if err != nil || got.TaskName != "kept" {
				t.Fatalf("%+v %v", got, err)
			}
		})
	}
}

func TestRefusesADatabaseOfANewerDataflow(t *testing.T) {
	db := testdb.MariaDB(t)
	open(t, db)
	db.Exec(t, "UPDATE "+versionTable+" SET VERSION = 99")
	_, err := Open(context.Background(), options(db))
	if err == nil || !strings.Contains(err.Error(), "/"+db.Name+": its tables are of a newer dataflow (schema version 99; this dataflow knows up to 3): upgrade dataflow") {
		t.Fatalf("error %v", err)
	}
}

func TestConnectionFailuresNameTheDatabaseNeverThePassword(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			db := e.start(t)
			o := options(db)
			o.Password = "wrong-" + o.Password
			_, err := Open(context.Background(), o)
			if err == nil || !strings.Contains(err.Error(), "/"+db.Name+": the server refused user '"+o.Username+"' (wrong password, or no access)") {
				t.Fatalf("error %v", err)
			}
			if strings.Contains(err.Error(), o.Password) || strings.Contains(err.Error(), db.Server.Password) {
				t.Fatalf("the password is in %q", err)
			}
			o = options(db)
			o.URL = strings.Replace(o.URL, db.Server.Host+":"+strconv.Itoa(db.Server.Port), "127.0.0.1:1", 1)
			_, err = Open(context.Background(), o)
			if err == nil || !strings.Contains(err.Error(), "connection refused") || !strings.HasPrefix(err.Error(), "task database 127.0.0.1:") {
				t.Fatalf("error %v", err)
			}
		})
	}
}

func TestParseJDBCURL(t *testing.T) {
	a, err := ParseJDBCURL("jdbc:mariadb://db.svc:3307/dataflow?useSSL=false")
	if err != nil || a.Engine != MariaDB || a.String() != "db.svc:3307/dataflow" {
		t.Fatalf("%+v %v", a, err)
	}
	a, err = ParseJDBCURL("jdbc:postgresql://pg/scdf")
	if err != nil || a.Engine != PostgreSQL || a.String() != "pg:5432/scdf" || a.Engine.DriverClassName() != "org.postgresql.Driver" {
		t.Fatalf("%+v %v", a, err)
	}
	for in, want := range map[string]string{
		"postgres://x/y":          "is not a JDBC URL",
		"jdbc:h2:mem:test":        "has no host",
		"jdbc:oracle://h:1521/x":  "is for oracle",
		"jdbc:mysql://h:3306":     "names no database",
		"jdbc:mysql://a:1,b:2/db": "names several hosts",
	} {
		if _, err := ParseJDBCURL(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}

// batchApp builds the test task app once per test binary.
var batchApp = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "batchtask")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "batchtask")
	out, err := exec.Command("go", "build", "-o", bin, "../testdata/apps/batchtask").CombinedOutput()
	if err != nil {
		return "", errors.New(string(out))
	}
	return bin, nil
})

func runApp(t *testing.T, db *testdb.Database, args ...string) (string, int) {
	t.Helper()
	bin, err := batchApp()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"--spring.datasource.url=" + db.JDBCURL(), "--spring.datasource.username=" + db.Server.User}, args...)...)
	cmd.Env = append(os.Environ(), "SPRING_DATASOURCE_PASSWORD="+db.Server.Password, "SPRING_CLOUD_TASK_NAME=billing")
	out, _ := cmd.CombinedOutput()
	return string(out), cmd.ProcessState.ExitCode()
}

func TestWhatASpringBatchAppWritesIsRead(t *testing.T) {
	for _, e := range engines {
		for _, target := range Targets {
			t.Run(e.name+"/"+target.Name, func(t *testing.T) {
				db := e.start(t)
				d := open(t, db)
				ctx := context.Background()
				id, err := d.CreateExecution(ctx, target, "billing", 0, 0, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				params := []string{"run.id(long)=7", "-mode=fast"}
				if target == Boot3 {
					params = []string{"run.id=7,java.lang.Long", "mode=fast,java.lang.String,false"}
				}
				args := append([]string{"--spring.cloud.task.executionid=" + itoa(id), "--spring.cloud.task.tablePrefix=" + target.TaskPrefix,
					"--spring.batch.jdbc.table-prefix=" + target.BatchPrefix, "--items=9", "--fail-once"}, params...)
				out, code := runApp(t, db, args...)
				if code != 1 || !strings.Contains(out, "FAILED") {
					t.Fatalf("first run: exit %d\n%s", code, out)
				}
				te, err := d.Execution(ctx, target, id)
				if err != nil {
					t.Fatal(err)
				}
				if te.StartTime.IsZero() || te.EndTime.IsZero() || te.ExitCode == nil || *te.ExitCode != 1 || te.ExitMessage != "the job failed" ||
					!strings.Contains(te.ErrorMessage, "failed on purpose") || len(te.Arguments) != len(args)+2 || len(te.JobExecutionIDs) != 1 {
					t.Fatalf("task execution %+v", te)
				}
				jobs, err := d.JobExecutions(ctx, "", 0)
				if err != nil || len(jobs) != 1 {
					t.Fatalf("%v %v", jobs, err)
				}
				j, err := d.JobExecution(ctx, target, jobs[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				if j.TaskExecutionID != id || j.TaskName != "billing" || j.JobName != "batchJob" || j.Status != "FAILED" || !j.Restartable() || j.StepCount != 2 || len(j.Parameters) != 2 {
					t.Fatalf("job execution %+v", j)
				}
				mode, run := j.Parameters[0], j.Parameters[1]
				if mode.Key != "mode" || mode.Identifying || mode.Value != "fast" || run.Key != "run.id" || !run.Identifying || run.Value != "7" {
					t.Errorf("parameters %+v", j.Parameters)
				}
				steps, err := d.StepExecutions(ctx, target, j.ID)
				if err != nil || len(steps) != 2 {
					t.Fatalf("%v %v", steps, err)
				}
				if s := steps[0]; s.Name != "readStep" || s.ReadCount != 9 || s.CommitCount != 3 || s.FilterCount != 1 || s.WriteCount != 8 || s.Status != "COMPLETED" {
					t.Errorf("step %+v", s)
				}
				if s := steps[1]; s.Status != "FAILED" || s.RollbackCount != 1 {
					t.Errorf("step %+v", s)
				}
				// A restart (a new execution row, the same identifying parameters) runs the same job instance again.
				again, err := d.CreateExecution(ctx, target, "billing", 0, 0, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				args[0] = "--spring.cloud.task.executionid=" + itoa(again)
				if out, code := runApp(t, db, args...); code != 0 {
					t.Fatalf("restart: exit %d\n%s", code, out)
				}
				name, runs, err := d.JobInstanceExecutions(ctx, target, j.InstanceID)
				if err != nil || name != "batchJob" || len(runs) != 2 || runs[0].Status != "COMPLETED" || runs[1].Status != "FAILED" {
					t.Fatalf("instance %s %+v %v", name, runs, err)
				}
				h, err := d.FinishedStepHistory(ctx, target, "batchJob", "readStep")
				if err != nil || h.Count != 2 || h.MeanRead != 9 {
					t.Errorf("history %+v %v", h, err)
				}
			})
		}
	}
}

func TestTheAppFailsAsSpringCloudTaskDoesWithoutItsRow(t *testing.T) {
	db := testdb.Postgres(t)
	open(t, db)
	out, code := runApp(t, db, "--spring.cloud.task.executionid=999")
	if code != 1 || !strings.Contains(out, "Invalid TaskExecution, ID 999 not found") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func itoa(n int64) string { return strconvFormat(n) }

func strconvFormat(n int64) string { return strconv.FormatInt(n, 10) }
