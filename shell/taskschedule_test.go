package shell

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/flow"
)

// Completion proposes schedule names for `task schedule destroy --name` and task definitions for
// `--definitionName`, from the store only.
func TestCompleteScheduleNamesAndDefinitions(t *testing.T) {
	s, _ := newTestSession(t)
	mustRun(t, s,
		"app register timestamp --type task --uri docker:springcloudtask/timestamp-task:2.0.2",
		"task create nightly --definition timestamp",
		"task create noon --definition timestamp",
	)
	ctx := context.Background()
	db, err := s.factory.Store(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"nightly-run", "noon-run"} {
		if err := db.Read().InsertSchedule(ctx, flow.Schedule{Name: name, TaskName: "nightly", Platform: "default", Expression: "@daily", Resource: "docker:x:1", CreatedAt: s.factory.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	for line, want := range map[string]string{
		"task schedule destroy --name ni":                 "nightly-run",
		"task schedule destroy --name ":                   "nightly-run,noon-run",
		"task schedule create --definitionName no":        "noon",
		"task schedule list --definitionName n":           "nightly,noon",
		"task schedule create --name x --definitionName ": "nightly,noon",
	} {
		got, _ := suggestionTexts(t, s, line)
		sort.Strings(got)
		if strings.Join(got, ",") != want {
			t.Errorf("%q: got %v, want %s", line, got, want)
		}
	}
}

// `task schedule list` is SCDF's table, the properties one `key = value` a line with the expression first; a
// platform that cannot be asked whether it still has the schedule is said beside it, and the table stays.
func TestScheduleListTable(t *testing.T) {
	s, out := newTestSession(t)
	ctx := context.Background()
	db, err := s.factory.Store(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Read().InsertSchedule(ctx, flow.Schedule{Name: "every-minute", TaskName: "ts", Platform: "default", Expression: "*/1 * * * *",
		Resource: "docker:x:1", Properties: "app.ts.db.password=******\ndeployer.ts.kubernetes.limits.memory=2Gi", CreatedAt: s.factory.Now()}); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	mustRun(t, s, "task schedule list")
	want := `Warning: the schedules on 'default' could not be checked: Task platform 'default' is a local account, which cannot schedule tasks (SCDF's local deployer has no scheduler): give --platform with a Kubernetes account (see 'task platform-list'), or run 'dataflow task launch' from cron
╔═════════════╤════════════════════╤════════════════════════════════════════════════════╗
║Schedule Name│Task Definition Name│                     Properties                     ║
╠═════════════╪════════════════════╪════════════════════════════════════════════════════╣
║every-minute │ts                  │spring.cloud.scheduler.cron.expression = */1 * * * *║
║             │                    │app.ts.db.password = ******                         ║
║             │                    │deployer.ts.kubernetes.limits.memory = 2Gi          ║
╚═════════════╧════════════════════╧════════════════════════════════════════════════════╝
`
	if out.String() != want {
		t.Fatalf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

// `task schedule create` refuses contradicting properties before it opens the store; a definition that does
// not exist and a platform that cannot schedule are flow's refusals, and no schedule is recorded.
func TestRunScheduleCreateFailures(t *testing.T) {
	ctx := context.Background()
	io, out := TestIO("")
	create := scheduleCreateOptions{IO: io, Name: "nightly-run", DefinitionName: "nightly", Expression: "0 2 * * *"}

	opts := create
	opts.Flow = flowNotOpened(t)
	opts.Properties = deployPropertiesOptions{inline: "app.nightly.format=x", file: "schedule.yaml"}
	wantError(t, "both property options", runScheduleCreate(ctx, &opts), "You cannot specify both 'properties' and 'propertiesFile'", ExitFailure)
	opts.Properties = deployPropertiesOptions{inline: "spring.cloud.deployer.cron=x"}
	wantError(t, "a key no app, deployer or scheduler", runScheduleCreate(ctx, &opts), "Only deployment property keys starting with 'app.', 'deployer.' or, 'scheduler.' allowed, got 'spring.cloud.deployer.cron'", ExitFailure)

	s, _ := newTestSession(t)
	opts = create
	opts.Flow = s.factory.Flow
	wantError(t, "a definition that does not exist", runScheduleCreate(ctx, &opts), "Could not find task definition named nightly", ExitFailure)
	mustRun(t, s, "app register timestamp --type task --uri docker:springcloudtask/timestamp-task:2.0.2", "task create nightly --definition timestamp")
	wantError(t, "a local account", runScheduleCreate(ctx, &opts), "Task platform 'default' is a local account, which cannot schedule tasks (SCDF's local deployer has no scheduler): give --platform with a Kubernetes account (see 'task platform-list'), or run 'dataflow task launch' from cron", ExitFailure)
	fl, err := s.factory.Flow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if names, err := fl.ScheduleNames(ctx); err != nil || len(names) > 0 {
		t.Errorf("refused schedules were recorded: %v %v", names, err)
	}
	if out.Len() > 0 {
		t.Errorf("refused schedules printed %q", out)
	}
}
