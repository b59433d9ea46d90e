package flow

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/testdb"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
	"github.com/dataflow-cli/dataflow/taskdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// withTaskDB configures the engine's accounts with a task database at url, the password in TDB_PASSWORD.
func withTaskDB(e *engine, url, user, password string, opts ...engineOption) {
	e.t.Helper()
	cfg := engineAccounts + "taskDatabase:\n  url: " + url + "\n  username: " + user + "\n  password: ${TDB_PASSWORD}\n"
	path := filepath.Join(e.dir, "accounts-taskdb.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		e.t.Fatal(err)
	}
	env := map[string]string{"TDB_PASSWORD": password}
	accounts, err := LoadAccounts(path, func(k string) string { return env[k] }, e.dir)
	if err != nil {
		e.t.Fatal(err)
	}
	var deployer platforms.AppDeployer = e.p
	var launcher platforms.TaskLauncher = e.p
	for _, o := range opts {
		deployer, launcher = o(e.p)
	}
	d := testDriver{apps: deployer, tasks: launcher}
	withAccounts(e.f, accounts, map[platforms.AccountType]platforms.Driver{platforms.Kubernetes: d, platforms.CloudFoundry: d})
	e.t.Cleanup(func() { _ = e.f.platforms.taskDBCache().Close() })
}

// With a task database, the execution's row is made there first, its id is the execution id (above the ids the
// store already used), and the app gets the datasource, the id and the target's prefixes; the password only as
// a secret, never in its arguments or any record.
func TestLaunchWithATaskDatabase(t *testing.T) {
	db := testdb.Postgres(t)
	e := newTaskEngine(t)
	for range 2 { // runs from before the task database
		if _, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"}); err != nil {
			t.Fatal(err)
		}
	}
	withTaskDB(e, db.JDBCURL(), db.Server.User, db.Server.Password)
	id, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts", Arguments: []string{"--mode=fast"}})
	if err != nil {
		t.Fatal(err)
	}
	if id != 3 {
		t.Fatalf("execution id %d, want 3", id)
	}
	spec := e.p.launches[2]
	want := "--format=yyyy --mode=fast --spring.datasource.url=" + db.JDBCURL() + " --spring.datasource.driverClassName=org.postgresql.Driver --spring.datasource.username=" + db.Server.User +
		" --spring.cloud.task.initialize-enabled=false --spring.batch.jdbc.table-prefix=BATCH_ --spring.cloud.task.tablePrefix=TASK_ --spring.cloud.task.schemaTarget=boot2 --spring.cloud.task.executionid=3"
	if got := strings.Join(spec.Args, " "); got != want {
		t.Fatalf("args\n got %s\nwant %s", got, want)
	}
	if spec.SecretEnv["SPRING_DATASOURCE_PASSWORD"] != db.Server.Password || spec.Env["SPRING_DATASOURCE_PASSWORD"] != "" {
		t.Fatalf("the password is not in the run's secret: %+v", spec)
	}
	x := e.execution(id)
	if x.SchemaTarget != "boot2" || x.ExternalID != "ts-3" {
		t.Fatalf("record %+v", x)
	}
	assertNoPassword(t, e, db.Server.Password)
	tdb := openTaskDB(t, db)
	row, err := tdb.Execution(e.ctx, taskdb.Boot2, id)
	if err != nil || row.TaskName != "ts" || row.ExternalID != "ts-3" || !row.StartTime.IsZero() {
		t.Fatalf("row %+v %v", row, err)
	}

	// The app wrote nothing and the pod was OOMKilled: the platform's end is recorded in both places.
	e.p.taskEnds["ts"] = platforms.TaskEnd{Ended: true, Failed: true, ExitCode: 137, Message: "OOMKilled"}
	ended, err := e.f.Execution(e.ctx, id, e.f.Probe())
	if err != nil || ended.Status != store.ExecutionError {
		t.Fatalf("%+v %v", ended, err)
	}
	rec, err := e.f.ExecutionRunRecord(e.ctx, ended)
	if err != nil || !rec.Found || rec.ExitCode == nil || *rec.ExitCode != 137 || rec.ErrorMessage != "OOMKilled" || rec.EndTime.IsZero() {
		t.Fatalf("run record %+v %v", rec, err)
	}
}

// A Boot 3 app is launched against the BOOT3_ tables, and a launcher that cannot keep secrets apart gets the
// password in the app's environment (never its arguments).
func TestLaunchABoot3AppWithATaskDatabase(t *testing.T) {
	db := testdb.MariaDB(t)
	e := newTaskEngine(t, plain)
	if _, err := e.f.RegisterApp(e.ctx, RegisterRequest{Name: "boot3", Type: AppTypeTask, URI: "docker:org/boot3-task:1.0.0", BootVersion: "3"}); err != nil {
		t.Fatal(err)
	}
	e.createTask("b3", "boot3")
	withTaskDB(e, db.JDBCURL(), db.Server.User, db.Server.Password, plain)
	id, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "b3"})
	if err != nil {
		t.Fatal(err)
	}
	args := strings.Join(e.p.launches[0].Args, " ")
	if !strings.Contains(args, "--spring.cloud.task.tablePrefix=BOOT3_TASK_") || !strings.Contains(args, "--spring.batch.jdbc.table-prefix=BOOT3_BATCH_") ||
		!strings.Contains(args, "--spring.datasource.driverClassName=org.mariadb.jdbc.Driver") || strings.Contains(args, db.Server.Password) {
		t.Fatalf("args %s", args)
	}
	if e.p.launches[0].Env["SPRING_DATASOURCE_PASSWORD"] != db.Server.Password {
		t.Fatalf("env %v", e.p.launches[0].Env)
	}
	if x := e.execution(id); x.SchemaTarget != "boot3" {
		t.Fatalf("record %+v", x)
	}
	if _, err := openTaskDB(t, db).Execution(e.ctx, taskdb.Boot3, id); err != nil {
		t.Fatal(err)
	}
}

// A task database that cannot be reached stops the launch before anything is written or launched.
func TestLaunchRefusedWhenTheTaskDatabaseIsUnreachable(t *testing.T) {
	db := testdb.Postgres(t)
	e := newTaskEngine(t)
	withTaskDB(e, db.JDBCURL(), db.Server.User, "not-the-password")
	_, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	if err == nil || !strings.HasPrefix(err.Error(), "task database "+db.Server.Host) || strings.Contains(err.Error(), "not-the-password") {
		t.Fatalf("error %v", err)
	}
	if list, _ := e.s.Read().ListExecutions(e.ctx, "", 0); len(list) != 0 || len(e.p.launches) != 0 {
		t.Fatalf("written %v, launched %v", list, e.p.launches)
	}
}

func openTaskDB(t *testing.T, db *testdb.Database) *taskdb.DB {
	t.Helper()
	d, err := taskdb.Open(t.Context(), taskdb.Options{URL: db.JDBCURL(), Username: db.Server.User, Password: db.Server.Password})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

// assertNoPassword checks the records a launch leaves: executions and audit.
func assertNoPassword(t *testing.T, e *engine, password string) {
	t.Helper()
	list, err := e.s.Read().ListExecutions(e.ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range list {
		if strings.Contains(strings.Join(x.Arguments, " ")+x.Properties+x.ExitMessage, password) {
			t.Fatalf("the password is in %+v", x)
		}
	}
	audit, err := e.s.Read().ListAudit(e.ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range audit {
		if strings.Contains(a.Data, password) {
			t.Fatalf("the password is in audit %+v", a)
		}
	}
}

// A composed graph gets a row of its own, its steps' rows name it as their parent (and the steps are told so),
// and the graph's start and end are recorded there by dataflow, which runs it.
func TestComposedRunLinksItsStepsInTheTaskDatabase(t *testing.T) {
	db := testdb.Postgres(t)
	e := newTaskEngine(t)
	e.createTask("cmp", "a && b")
	withTaskDB(e, db.JDBCURL(), db.Server.User, db.Server.Password)
	e.p.taskEnds["cmp-a"], e.p.taskEnds["cmp-b"] = ended(0), ended(3)
	id, err := e.f.RunComposedTask(e.ctx, LaunchRequest{Name: "cmp"}, func(string) {})
	if err == nil {
		t.Fatal("the graph did not fail")
	}
	tdb := openTaskDB(t, db)
	parent, err := tdb.Execution(e.ctx, taskdb.Boot2, id)
	if err != nil || parent.TaskName != "cmp" || parent.StartTime.IsZero() || parent.EndTime.IsZero() || parent.ExitCode == nil || *parent.ExitCode != 1 ||
		len(parent.Arguments) != 1 || parent.Arguments[0] != "--graph=cmp-a && cmp-b" {
		t.Fatalf("parent row %+v %v", parent, err)
	}
	for i, name := range []string{"cmp-a", "cmp-b"} {
		spec := e.p.launches[i]
		row, err := tdb.Execution(e.ctx, taskdb.Boot2, spec.ExecutionID)
		if err != nil || row.TaskName != name || row.ParentID != id {
			t.Fatalf("step row %+v %v", row, err)
		}
		if !slices.Contains(spec.Args, "--spring.cloud.task.parent-execution-id="+strconv.FormatInt(id, 10)) {
			t.Errorf("step %s args %v", name, spec.Args)
		}
	}
	// The steps wrote nothing (the fake platform runs no app): their platform ends are in their rows.
	row, err := tdb.Execution(e.ctx, taskdb.Boot2, e.p.launches[1].ExecutionID)
	if err != nil || row.ExitCode == nil || *row.ExitCode != 3 {
		t.Fatalf("step end %+v %v", row, err)
	}
}

// A schedule's runs get the datasource too (they create their own rows): on Kubernetes the password from the
// schedule's Secret, never in the CronJob's arguments.
func TestScheduleWithATaskDatabase(t *testing.T) {
	db := testdb.Postgres(t)
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte(db.Server.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, accounts := tickingFlow(t, "tasks:\n  - {name: default, type: kubernetes, kubernetes: {namespace: ns1}}\ntaskDatabase:\n  url: "+db.JDBCURL()+
		"\n  appUrl: jdbc:postgresql://pg.data.svc:5432/"+db.Name+"\n  username: "+db.Server.User+"\n  passwordFile: "+pwFile+"\n")
	if _, err := f.RegisterApp(t.Context(), RegisterRequest{Name: "timestamp", Type: AppTypeTask, URI: "docker:springcloudtask/timestamp-task:2.0.2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CreateTask(t.Context(), "ts", "timestamp --format=yyyy", ""); err != nil {
		t.Fatal(err)
	}
	rec := &recordingScheduler{}
	withAccounts(f, accounts, map[platforms.AccountType]platforms.Driver{platforms.Kubernetes: testDriver{schedules: rec}})
	t.Cleanup(func() { _ = f.platforms.taskDBCache().Close() })
	if _, err := f.CreateSchedule(t.Context(), ScheduleRequest{Name: "nightly", DefinitionName: "ts", Expression: "0 2 * * *"}); err != nil {
		t.Fatal(err)
	}
	spec := rec.created[0].Task
	want := "--format=yyyy --spring.datasource.url=jdbc:postgresql://pg.data.svc:5432/" + db.Name + " --spring.datasource.driverClassName=org.postgresql.Driver --spring.datasource.username=" +
		db.Server.User + " --spring.cloud.task.initialize-enabled=false --spring.batch.jdbc.table-prefix=BATCH_ --spring.cloud.task.tablePrefix=TASK_ --spring.cloud.task.schemaTarget=boot2"
	if got := strings.Join(spec.Args, " "); got != want {
		t.Fatalf("args\n got %s\nwant %s", got, want)
	}
	if spec.SecretEnv["SPRING_DATASOURCE_PASSWORD"] != db.Server.Password || spec.Env["SPRING_DATASOURCE_PASSWORD"] != "" {
		t.Fatalf("password: %+v", spec)
	}
}

func TestCheckSchemaTarget(t *testing.T) {
	boot3 := store.Execution{ID: 4, SchemaTarget: "boot3"}
	for _, c := range []struct {
		e      store.Execution
		option string
		want   string
	}{
		{boot3, "", ""},
		{boot3, "boot3", ""},
		{boot3, "BOOT3", ""},
		{boot3, "boot2", "Task execution 4 is not in schema target boot2: it has its row in schema target boot3"},
		{store.Execution{ID: 5}, "boot2", "Task execution 5 is not in schema target boot2: it has no task database row"},
		{boot3, "boot9", "Invalid schemaTarget 'boot9': the schema targets are boot2 and boot3"},
	} {
		err := CheckSchemaTarget(c.e, c.option)
		if (err == nil) != (c.want == "") || err != nil && err.Error() != c.want {
			t.Errorf("%+v %q: %v, want %q", c.e, c.option, err, c.want)
		}
	}
}

// A restart's arguments: the run's own, without what a launch adds again, and the job's parameters as the
// target's Spring Boot reads them.
func TestRestartArguments(t *testing.T) {
	run := []string{"--format=yyyy", "--spring.datasource.url=jdbc:postgresql://h/db", "--spring.cloud.task.executionid=3", "--mode=fast", "run.id(long)=7"}
	boot2 := taskdb.JobExecution{Target: taskdb.Boot2, Parameters: []taskdb.JobParameter{
		{Key: "run.id", Type: "LONG", Value: "7", Identifying: true},
		{Key: "day", Type: "DATE", Value: "2026-11-22T00:00:00Z", Identifying: true},
		{Key: "note", Type: "STRING", Value: "x", Identifying: false},
	}}
	got := strings.Join(restartArguments(run, map[string]string{"format": "yyyy"}, boot2), " ")
	if want := "--mode=fast run.id(long)=7 day(date)=2026/11/22 -note(string)=x"; got != want {
		t.Errorf("boot2:\n got %s\nwant %s", got, want)
	}
	boot3 := taskdb.JobExecution{Target: taskdb.Boot3, Parameters: []taskdb.JobParameter{
		{Key: "run.id", Type: "java.lang.Long", Value: "7", Identifying: true},
		{Key: "note", Type: "java.lang.String", Value: "x", Identifying: false},
	}}
	got = strings.Join(restartArguments([]string{"--spring.batch.jdbc.table-prefix=BOOT3_BATCH_"}, nil, boot3), " ")
	if want := "run.id=7,java.lang.Long note=x,java.lang.String,false"; got != want {
		t.Errorf("boot3:\n got %s\nwant %s", got, want)
	}
}
