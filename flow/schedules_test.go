package flow

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// recordingScheduler is a platform that keeps schedules in memory and says what it was asked; hooks let a
// test act at the moment a call happens.
type recordingScheduler struct {
	created  []platforms.ScheduleSpec
	deleted  []string
	runs     []platforms.ScheduledRun
	onCreate func()
}

func (r *recordingScheduler) CreateSchedule(_ context.Context, spec platforms.ScheduleSpec) error {
	r.created = append(r.created, spec)
	if r.onCreate != nil {
		r.onCreate()
	}
	return nil
}
func (r *recordingScheduler) ListSchedules(context.Context) ([]platforms.ScheduleInfo, error) {
	var out []platforms.ScheduleInfo
	for _, c := range r.created {
		if !slices.Contains(r.deleted, c.Name) {
			out = append(out, platforms.ScheduleInfo{Name: c.Name, TaskName: c.Task.TaskName, Expression: c.Expression})
		}
	}
	return out, nil
}
func (r *recordingScheduler) DeleteSchedule(_ context.Context, name string) error {
	r.deleted = append(r.deleted, name)
	return nil
}
func (r *recordingScheduler) ScheduledRuns(context.Context) ([]platforms.ScheduledRun, error) {
	return r.runs, nil
}

// scheduleFixture is a store with a task definition and its app, two Kubernetes accounts and a local one.
func scheduleFixture(t *testing.T) (*Flow, *Accounts, *recordingScheduler) {
	t.Helper()
	ctx := context.Background()
	f, accounts := tickingFlow(t, `tasks:
  - {name: default, type: kubernetes, kubernetes: {namespace: ns1}}
  - {name: other, type: kubernetes, kubernetes: {namespace: ns2}}
  - {name: laptop, type: local}
`)
	if _, err := f.RegisterApp(ctx, RegisterRequest{Name: "timestamp", Type: AppTypeTask, URI: "docker:springcloudtask/timestamp-task:2.0.2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CreateTask(ctx, "ts", "timestamp --format=yyyy", ""); err != nil {
		t.Fatal(err)
	}
	rec := &recordingScheduler{}
	withAccounts(f, accounts, map[platforms.AccountType]platforms.Driver{
		platforms.Kubernetes: testDriver{schedules: rec},
		platforms.Local:      testDriver{traits: platforms.Traits{NoSchedules: errors.New("Task platform 'laptop' is a local account, which cannot schedule tasks")}},
	})
	return f, accounts, rec
}

func TestCreateScheduleResolvesTheLaunchAndStoresItRedacted(t *testing.T) {
	f, _, rec := scheduleFixture(t)
	ctx := context.Background()
	req := ScheduleRequest{Name: "Nightly", DefinitionName: "ts", Expression: " 0 2 * * * ", Properties: map[string]string{
		"app.timestamp.db.password": "s3cret", "deployer.timestamp.kubernetes.limits.memory": "2Gi",
		"scheduler.kubernetes.cron.concurrencyPolicy": "Forbid",
	}, Arguments: []string{"--token", "abc", "--mode=fast"}}
	name, err := f.CreateSchedule(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if name != "nightly" || len(rec.created) != 1 {
		t.Fatalf("name %q, created %+v", name, rec.created)
	}
	spec := rec.created[0]
	args := strings.Join(spec.Task.Args, " ")
	// The platform gets the arguments of a launch, without an execution id, and the secret values apart: the
	// arguments refer to them.
	if spec.Expression != "0 2 * * *" || args != "--db.password=$(DATAFLOW_SECRET_DB_PASSWORD) --format=yyyy --token $(DATAFLOW_SECRET_TOKEN) --mode=fast" ||
		spec.Task.SecretEnv["DATAFLOW_SECRET_DB_PASSWORD"] != "s3cret" || spec.Task.SecretEnv["DATAFLOW_SECRET_TOKEN"] != "abc" || len(spec.Task.SecretEnv) != 2 ||
		spec.Task.DeployerProperties["spring.cloud.deployer.kubernetes.limits.memory"] != "2Gi" ||
		spec.Task.DeployerProperties["spring.cloud.deployer.kubernetes.cron.concurrencyPolicy"] != "Forbid" ||
		spec.Task.Env["SPRING_CLOUD_TASK_NAME"] != "ts" || spec.Task.Resource != "docker:springcloudtask/timestamp-task:2.0.2" {
		t.Fatalf("spec: %+v", spec)
	}
	// The store, the listing and the audit record never see a secret.
	list, err := f.Schedules(ctx, "", "")
	if err != nil || len(list) != 1 {
		t.Fatalf("%+v %v", list, err)
	}
	v := list[0]
	if v.Properties[cronExpressionKey] != "0 2 * * *" || v.Properties["app.timestamp.db.password"] != Redacted ||
		strings.Join(v.Arguments, " ") != "--token ****** --mode=fast" || v.Platform != "default" {
		t.Fatalf("view: %+v", v)
	}
	audits, _ := f.Store.Read().ListAudit(ctx, store.AuditFilter{Operation: "SCHEDULE"})
	if len(audits) != 1 || audits[0].Action != "CREATE" || audits[0].Correlation != "nightly" || strings.Contains(audits[0].Data, "s3cret") ||
		!strings.Contains(audits[0].Data, "task=ts") {
		t.Fatalf("audit: %+v", audits)
	}
}

func TestCreateScheduleRefusesBeforeAnyPlatformCall(t *testing.T) {
	f, _, rec := scheduleFixture(t)
	ctx := context.Background()
	ok := ScheduleRequest{Name: "s1", DefinitionName: "ts", Expression: "*/5 * * * *"}
	if _, err := f.CreateSchedule(ctx, ok); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		req  ScheduleRequest
		want string
	}{
		{ScheduleRequest{Name: "s1", DefinitionName: "ts", Expression: "* * * * *"}, "Schedule 's1' already exists"},
		{ScheduleRequest{Name: "S1", DefinitionName: "ts", Expression: "* * * * *"}, "Schedule 's1' already exists"},
		{ScheduleRequest{Name: "s2", DefinitionName: "ts", Expression: "0 0 12 * * ?"}, "Quartz"},
		{ScheduleRequest{Name: "s2", DefinitionName: "ts", Expression: "* * * * 7"}, "out of range 0-6"},
		{ScheduleRequest{Name: strings.Repeat("x", 53), DefinitionName: "ts", Expression: "* * * * *"}, "maximum schedule name length of 52"},
		{ScheduleRequest{Name: "-x", DefinitionName: "ts", Expression: "* * * * *"}, "cannot name a Kubernetes CronJob"},
		{ScheduleRequest{Name: "s2", DefinitionName: "nope", Expression: "* * * * *"}, "Could not find task definition named nope"},
		{ScheduleRequest{Name: "s2", DefinitionName: "ts", Expression: "* * * * *", Platform: "laptop"}, "Task platform 'laptop' is a local account"},
		{ScheduleRequest{Name: "s2", DefinitionName: "ts", Expression: "* * * * *", Platform: "mars"}, "Task platform 'mars' does not exist"},
		{ScheduleRequest{Name: "s2", DefinitionName: "ts", Expression: "* * * * *", Properties: map[string]string{"version.timestamp": "9.9.9"}}, "9.9.9"},
	} {
		_, err := f.CreateSchedule(ctx, c.req)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%+v: %v, want one line with %q", c.req, err, c.want)
		}
	}
	if len(rec.created) != 1 {
		t.Fatalf("refused requests reached the platform: %+v", rec.created[1:])
	}
	if list, _ := f.Store.Read().ListSchedules(ctx, "", ""); len(list) != 1 {
		t.Fatalf("schedules: %+v", list)
	}
}

// A schedule the store cannot record is taken off the platform again: here another process records the same
// name while the platform call is under way.
func TestCreateScheduleDeletesThePlatformScheduleWhenTheRecordFails(t *testing.T) {
	f, _, rec := scheduleFixture(t)
	ctx := context.Background()
	rec.onCreate = func() {
		err := f.Store.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertSchedule(ctx, store.Schedule{Name: "race", TaskName: "ts", Platform: "other", Expression: "* * * * *", Resource: "x", CreatedAt: f.Now()})
		})
		if err != nil {
			t.Error(err)
		}
	}
	_, err := f.CreateSchedule(ctx, ScheduleRequest{Name: "race", DefinitionName: "ts", Expression: "* * * * *"})
	if err == nil || !strings.Contains(err.Error(), "at the same time") {
		t.Fatalf("got %v", err)
	}
	if strings.Join(rec.deleted, ",") != "race" {
		t.Fatalf("the platform schedule was left behind: deleted %v", rec.deleted)
	}
	if audits, _ := f.Store.Read().ListAudit(ctx, store.AuditFilter{Operation: "SCHEDULE"}); len(audits) != 0 {
		t.Fatalf("audit of a failed create: %+v", audits)
	}
}

func TestScheduleAccountPicksTheOnlySchedulerOrDefault(t *testing.T) {
	f, _, _ := scheduleFixture(t)
	if acc, err := f.scheduleAccount(""); err != nil || acc.Name != "default" {
		t.Fatalf("%+v %v", acc, err)
	}
	if acc, err := f.scheduleAccount("other"); err != nil || acc.Name != "other" {
		t.Fatalf("%+v %v", acc, err)
	}
}

func TestScheduledRunsAreRecordedOnceWithTheirEnd(t *testing.T) {
	f, _, rec := scheduleFixture(t)
	ctx := context.Background()
	if _, err := f.CreateSchedule(ctx, ScheduleRequest{Name: "every", DefinitionName: "ts", Expression: "* * * * *",
		Properties: map[string]string{"app.timestamp.api-key": "k"}}); err != nil {
		t.Fatal(err)
	}
	started := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	rec.runs = []platforms.ScheduledRun{
		{Schedule: "every", TaskName: "ts", ExternalID: "every-1", Handle: "job/every-1", StartTime: started},
		{Schedule: "every", TaskName: "ts", ExternalID: "every-2", Handle: "job/every-2", StartTime: started.Add(time.Minute)},
		// Another store's schedule of another task in the same namespace: not ours.
		{Schedule: "theirs", TaskName: "x", ExternalID: "theirs-1", Handle: "job/theirs-1", StartTime: started},
	}
	for range 3 {
		if err := f.ObserveScheduledRuns(ctx); err != nil {
			t.Fatal(err)
		}
	}
	list, err := f.Executions(ctx, "", 0, nil)
	if err != nil || len(list) != 2 {
		t.Fatalf("executions after three looks: %+v %v", list, err)
	}
	if e := list[1]; e.ExternalID != "every-1" || e.Status != "RUNNING" || e.ScheduleName != "every" || !e.StartTime.Equal(started) ||
		e.Handle != "job/every-1" || strings.Contains(e.Properties, "=k") {
		t.Fatalf("run: %+v", e)
	}
	// The end is taken when the platform reports it, once.
	rec.runs[0].End = platforms.TaskEnd{Ended: true, Failed: true, ExitCode: 3, Message: "exited with code 3"}
	rec.runs[0].EndTime = started.Add(30 * time.Second)
	if err := f.ObserveScheduledRuns(ctx); err != nil {
		t.Fatal(err)
	}
	e, err := f.Execution(ctx, list[1].ID, nil)
	if err != nil || e.Status != "ERROR" || *e.ExitCode != 3 || !e.EndTime.Equal(started.Add(30*time.Second)) {
		t.Fatalf("ended run: %+v %v", e, err)
	}
}

func TestDestroyTaskDeletesItsSchedules(t *testing.T) {
	f, _, rec := scheduleFixture(t)
	ctx := context.Background()
	for _, n := range []string{"a", "b"} {
		if _, err := f.CreateSchedule(ctx, ScheduleRequest{Name: n, DefinitionName: "ts", Expression: "@daily", Platform: "other"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.DestroyTask(ctx, "ts", false); err != nil {
		t.Fatal(err)
	}
	if strings.Join(rec.deleted, ",") != "a,b" {
		t.Fatalf("deleted on the platform: %v", rec.deleted)
	}
	if list, _ := f.Store.Read().ListSchedules(ctx, "", ""); len(list) != 0 {
		t.Fatalf("schedules left: %+v", list)
	}
	audits, _ := f.Store.Read().ListAudit(ctx, store.AuditFilter{Operation: "SCHEDULE", Action: "DELETE"})
	if len(audits) != 2 || audits[0].Platform != "other" {
		t.Fatalf("audit: %+v", audits)
	}
	if err := f.DestroyTask(ctx, "ts", false); err == nil || !strings.Contains(err.Error(), "Could not find task definition named ts") {
		t.Fatalf("second destroy: %v", err)
	}
}

func TestDestroyScheduleChecksNameAndPlatform(t *testing.T) {
	f, _, rec := scheduleFixture(t)
	ctx := context.Background()
	if _, err := f.CreateSchedule(ctx, ScheduleRequest{Name: "a", DefinitionName: "ts", Expression: "@hourly"}); err != nil {
		t.Fatal(err)
	}
	if err := f.DestroySchedule(ctx, "a", "other"); err == nil || !strings.Contains(err.Error(), "is on platform 'default'") {
		t.Fatalf("wrong platform: %v", err)
	}
	if err := f.DestroySchedule(ctx, "zz", ""); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("unknown: %v", err)
	}
	if len(rec.deleted) != 0 {
		t.Fatalf("refused destroys reached the platform: %v", rec.deleted)
	}
	if err := f.DestroySchedule(ctx, "A", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Store.Read().GetSchedule(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("record left: %v", err)
	}
}

func TestValidateKubernetesCron(t *testing.T) {
	for _, ok := range []string{"* * * * *", "*/1 * * * *", "0 2 * * MON-FRI", "0,30 8-18/2 1 JAN,jul sun", "@weekly", "5 4 * * 0", "@every 5m", "@every 1h30m", "@hourly"} {
		if err := ValidateKubernetesCron(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for expr, want := range map[string]string{
		"0 */5 * * * *": "Quartz", "0 0 12 ? * WED *": "Quartz", "* * * * 1#2": "Quartz", "": "empty",
		"* * 31-1 * *": "backwards", "*/0 * * * *": "step", "* 24 * * *": "out of range", "TZ=UTC * * * * *": "time zone",
		"* * * FOO *": "not a valid month", "* * 15W * *": "Quartz syntax",
		// The API server's own parser decides the rest: its macros are lowercase, @every takes a Go duration.
		"@HOURLY": "Kubernetes takes its macros in lowercase ('@hourly')", "@every 5x": "@every takes a duration such as 30s, 5m or 1h30m",
		"@every": "unknown macro",
	} {
		err := ValidateKubernetesCron(expr)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: %v, want %q", expr, err, want)
		}
	}
}

func TestSecretArgsToEnvNamesEachValue(t *testing.T) {
	args, env := secretArgsToEnv([]string{"--a.password=x", "--b.password=y", "--A-Password=z", "--name=n", "--api-key", "k", "--api-key=", "plain"})
	if strings.Join(args, " ") != "--a.password=$(DATAFLOW_SECRET_A_PASSWORD) --b.password=$(DATAFLOW_SECRET_B_PASSWORD) --A-Password=$(DATAFLOW_SECRET_A_PASSWORD_2) --name=n --api-key $(DATAFLOW_SECRET_API_KEY) --api-key= plain" ||
		env["DATAFLOW_SECRET_A_PASSWORD_2"] != "z" || env["DATAFLOW_SECRET_API_KEY"] != "k" || len(env) != 4 {
		t.Fatalf("%v %v", args, env)
	}
}

func TestDestroyAllTasksDeletesEverySchedule(t *testing.T) {
	f, _, rec := scheduleFixture(t)
	ctx := context.Background()
	if _, err := f.CreateTask(ctx, "other", "timestamp", ""); err != nil {
		t.Fatal(err)
	}
	for name, task := range map[string]string{"a": "ts", "b": "other"} {
		if _, err := f.CreateSchedule(ctx, ScheduleRequest{Name: name, DefinitionName: task, Expression: "@daily"}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := f.DestroyAllTasks(ctx); err != nil || n != 2 {
		t.Fatalf("%d %v", n, err)
	}
	if len(rec.deleted) != 2 {
		t.Fatalf("deleted on the platform: %v", rec.deleted)
	}
	if list, _ := f.Store.Read().ListSchedules(ctx, "", ""); len(list) != 0 {
		t.Fatalf("schedules left: %+v", list)
	}
}

func TestScheduleDriftNamesSchedulesThePlatformLost(t *testing.T) {
	f, _, rec := scheduleFixture(t)
	ctx := context.Background()
	for _, n := range []string{"kept", "lost"} {
		if _, err := f.CreateSchedule(ctx, ScheduleRequest{Name: n, DefinitionName: "ts", Expression: "@daily"}); err != nil {
			t.Fatal(err)
		}
	}
	rec.deleted = append(rec.deleted, "lost") // deleted on the platform behind dataflow's back
	views, err := f.Schedules(ctx, "", "")
	if err != nil || len(views) != 2 {
		t.Fatalf("%+v %v", views, err)
	}
	drift := f.ScheduleDrift(ctx, views)
	if len(drift) != 1 || !strings.Contains(drift[0], "schedule 'lost' is not on platform 'default' any more") {
		t.Fatalf("drift: %v", drift)
	}
}

// A bad standard expression is explained in the terms of the platform that will read it.
func TestCronMessagesNameTheirPlatform(t *testing.T) {
	for _, c := range []struct {
		dialect platforms.CronDialect
		want    string
	}{
		{platforms.CronKubernetes, "it has 3 fields; Kubernetes takes 5 fields"},
		{platforms.CronQuartzOrStandard, "it has 3 fields; the Cloud Foundry scheduler takes 5 fields"},
	} {
		if err := validateCron(c.dialect, "* * *"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%d: %v", c.dialect, err)
		}
	}
	if err := validateCron(platforms.CronQuartzOrStandard, "*/1 * ? * *"); err != nil {
		t.Errorf("a Quartz-form expression on Cloud Foundry is the scheduler's to check: %v", err)
	}
}
