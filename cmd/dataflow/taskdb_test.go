package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/testdb"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
	"github.com/dataflow-cli/dataflow/taskdb"
)

// taskDBSession is a dataflow directory whose configuration has a task database, and the commands run there.
type taskDBSession struct {
	t   *testing.T
	dir string
	db  *testdb.Database
	env []string
}

func newTaskDBSession(t *testing.T, db *testdb.Database, password string) *taskDBSession {
	t.Helper()
	dir := e2eDir(t)
	cfg := fmt.Sprintf("taskDatabase:\n  url: %s\n  username: %s\n  password: ${TDB_PASSWORD}\n", db.JDBCURL(), db.Server.User)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return &taskDBSession{t: t, dir: dir, db: db, env: []string{"KUBECONFIG=", "TDB_PASSWORD=" + password}}
}

func (s *taskDBSession) run(args ...string) (string, string, int) {
	s.t.Helper()
	out, errOut, code := runEnv(s.t, s.dir, "", s.env, args...)
	if strings.Contains(out+errOut, s.db.Server.Password) {
		s.t.Fatalf("%v printed the task database password:\n%s%s", args, out, errOut)
	}
	return out, errOut, code
}

func (s *taskDBSession) mustRun(args ...string) string {
	s.t.Helper()
	out, errOut, code := s.run(args...)
	if code != 0 {
		s.t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

// waitForEnd is the package's waitForEnd in this session's environment.
func (s *taskDBSession) waitForEnd(id string) string {
	s.t.Helper()
	for range 400 {
		out := s.mustRun("task", "execution", "status", id)
		if !strings.Contains(out, "RUNNING") && !strings.Contains(out, "LAUNCHING") {
			return out
		}
	}
	s.t.Fatalf("execution %s did not end", id)
	return ""
}

var launchedWithTarget = regexp.MustCompile(`Launched task '(\S+)' with execution id (\d+), schemaTarget (boot[23])`)

// A Spring Cloud Task app with a Spring Batch job, run on the local account against a real database: it finds
// the row dataflow made, records its run and its job there, and a failed job restarts on the same job instance.
func TestLocalLaunchWithATaskDatabaseRunsABatchJobAndRestartsIt(t *testing.T) {
	for _, c := range []struct {
		name, bootVersion, target string
		start                     func(testing.TB) *testdb.Database
		params                    string
	}{
		{"postgresql-boot2", "2", "boot2", testdb.Postgres, "run.id(long)=7 -mode=fast"},
		{"mariadb-boot3", "3", "boot3", testdb.MariaDB, "run.id=7,java.lang.Long mode=fast,java.lang.String,false"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := c.start(t)
			s := newTaskDBSession(t, db, db.Server.Password)
			app := sampleApp(t, s.dir, "batchtask")
			s.mustRun("app", "register", "--name", "batch", "--type", "task", "--uri", "file://"+app, "--bootVersion", c.bootVersion)
			s.mustRun("task", "create", "billing", "--definition", "batch --items=9 --fail-once=true")

			out := s.mustRun("task", "launch", "billing", "--arguments", c.params)
			m := launchedWithTarget.FindStringSubmatch(out)
			if m == nil || m[2] != "1" || m[3] != c.target {
				t.Fatalf("launch: %q", out)
			}
			status := s.waitForEnd("1")
			for _, want := range []string{"ERROR", "║Exit Code             │1", "║Job Execution Ids     │1", "failed on purpose", "--items=9",
				"║Schema Target         │" + c.target, "║Exit Message          │the job failed"} {
				if !strings.Contains(status, want) {
					t.Errorf("status lacks %q:\n%s", want, status)
				}
			}
			jobs := s.mustRun("job", "execution", "list")
			if !regexp.MustCompile(`║1 +│1 +│batchJob *│[^│]+│2 +│Created +│` + c.target).MatchString(jobs) {
				t.Fatalf("job execution list:\n%s", jobs)
			}
			if out := s.mustRun("job", "execution", "restart", "1"); out != "Restart request has been sent for job execution '1', schema target '"+c.target+"'\n" {
				t.Fatalf("restart: %q", out)
			}
			if status := s.waitForEnd("2"); !strings.Contains(status, "COMPLETE") || !strings.Contains(status, "║Job Execution Ids     │2") {
				t.Fatalf("the restarted run:\n%s", status)
			}
			instance := s.mustRun("job", "instance", "display", "1", "--schemaTarget", c.target)
			if !regexp.MustCompile(`batchJob *│2 +│2 +│COMPLETED *│`+c.target).MatchString(instance) || !regexp.MustCompile(`batchJob *│1 +│2 +│FAILED +│`).MatchString(instance) {
				t.Fatalf("the restart ran the same job instance:\n%s", instance)
			}
			_, errOut, code := s.run("job", "execution", "restart", "2")
			if code == 0 || errOut != "JobExecution with Id '2' and state 'COMPLETED' is not restartable.\n" {
				t.Fatalf("restart of a completed job: %d %q", code, errOut)
			}
			// The password reached the app only through its environment: not the store, not the log.
			for _, file := range []string{filepath.Join(s.dir, "df.db")} {
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(string(data), db.Server.Password) {
					t.Fatalf("%s holds the password", file)
				}
			}
			if log := s.mustRun("task", "execution", "log", "1"); !strings.Contains(log, "task execution 1 started") {
				t.Fatalf("log %q", log)
			}
			// Removing the executions' data removes their rows and the jobs they ran, as SCDF's cleanup does.
			s.mustRun("task", "execution", "cleanup", "--all", "--removeData", "--force")
			if list := s.mustRun("job", "execution", "list", "-o", "json"); strings.TrimSpace(list) != "[]" {
				t.Fatalf("jobs left after the cleanup: %s", list)
			}
		})
	}
}

// A task database that refuses dataflow stops the launch with one line naming it; nothing is recorded.
func TestLaunchWithAnUnreachableTaskDatabaseWritesNothing(t *testing.T) {
	db := testdb.Postgres(t)
	s := newTaskDBSession(t, db, "wrong-password")
	app := sampleApp(t, s.dir, "batchtask")
	s.mustRun("app", "register", "--name", "batch", "--type", "task", "--uri", "file://"+app)
	s.mustRun("task", "create", "billing", "--definition", "batch")
	out, errOut, code := s.run("task", "launch", "billing")
	want := fmt.Sprintf("task database %s:%d/%s: the server refused user '%s' (wrong password, or no access)\n", db.Server.Host, db.Server.Port, db.Name, db.Server.User)
	if code != 1 || out != "" || errOut != want {
		t.Fatalf("exit %d, out %q, err %q, want %q", code, out, errOut, want)
	}
	if list := s.mustRun("task", "execution", "list", "-o", "json"); strings.TrimSpace(list) != "[]" {
		t.Fatalf("recorded %s", list)
	}
	if strings.Contains(errOut, "wrong-password") {
		t.Fatal("the password is in the error")
	}
}

// On Cloud Foundry the app's environment carries the password (the task's command line never does), and the row
// gets the CF task's GUID as its external id.
func TestCloudFoundryLaunchWithATaskDatabase(t *testing.T) {
	db := testdb.Postgres(t)
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	f, err := os.OpenFile(filepath.Join(dir, "config.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "taskDatabase:\n  url: %s\n  appUrl: jdbc:postgresql://pg.apps.internal:5432/%s\n  username: %s\n  password: ${TDB_PASSWORD}\n", db.JDBCURL(), db.Name, db.Server.User)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	jar := filepath.Join(dir, "timestamp-task-1.0.0.jar")
	if err := os.WriteFile(jar, []byte("PK\x05\x06"+strings.Repeat("\x00", 18)), 0o600); err != nil { // an empty zip
		t.Fatal(err)
	}
	env := []string{"KUBECONFIG=", "CF_PASSWORD=" + cfPassword, "TDB_PASSWORD=" + db.Server.Password}
	for _, line := range [][]string{{"app", "register", "--name", "timestamp", "--type", "task", "--uri", "file://" + jar},
		{"task", "create", "ts", "--definition", "timestamp --format=yyyy"}} {
		if _, stderr, code := runEnv(t, dir, "", env, line...); code != 0 {
			t.Fatal(stderr)
		}
	}
	out, stderr, code := runEnv(t, dir, "", env, "task", "launch", "ts", "--platformName", "highmemory")
	if code != 0 || !strings.Contains(out, "with execution id 1, schemaTarget boot2") {
		t.Fatalf("launch: %d %s %s", code, out, stderr)
	}
	if appEnv := s.AppEnv("ts"); !strings.Contains(fmt.Sprint(appEnv), db.Server.Password) {
		t.Fatalf("the task app's environment lacks the password: %v", appEnv)
	}
	status, _, _ := runEnv(t, dir, "", env, "task", "execution", "status", "1", "-o", "json")
	if strings.Contains(status, db.Server.Password) || !strings.Contains(status, `"schemaTarget": "boot2"`) {
		t.Fatalf("status %s", status)
	}
	tdb, err := taskdb.Open(context.Background(), taskdb.Options{URL: db.JDBCURL(), Username: db.Server.User, Password: db.Server.Password})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tdb.Close() }()
	row, err := tdb.Execution(context.Background(), taskdb.Boot2, 1)
	if err != nil || row.ExternalID == "" || row.TaskName != "ts" {
		t.Fatalf("row %+v %v", row, err)
	}
}
