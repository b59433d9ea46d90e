package cloudfoundry

import (
	"context"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// withScheduler points the account at the fake's scheduler API, served beside its Cloud Controller.
func withScheduler(s *cctest.Server) func(*platforms.CloudFoundryAccount) {
	return func(cf *platforms.CloudFoundryAccount) { cf.Deployment.SchedulerURL = s.URL() + "/" }
}

func newSchedules(t *testing.T, s *cctest.Server) *Schedules {
	t.Helper()
	sc, err := NewSchedules(account(s, withScheduler(s)), testEnv(nil), fastOptions)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func scheduleSpec(name, expr, jar string) platforms.ScheduleSpec {
	task := taskSpec(0, jar, nil)
	task.Args = []string{"--format=yyyy MM dd", "--db.password=$(DATAFLOW_SECRET_DB_PASSWORD)"}
	task.SecretEnv = map[string]string{"DATAFLOW_SECRET_DB_PASSWORD": "s3cr3t"}
	return platforms.ScheduleSpec{Name: name, Expression: expr, Task: task}
}

func TestScheduleCreateListDelete(t *testing.T) {
	s := newServer(t)
	sc := newSchedules(t, s)
	ctx := context.Background()
	jar := testJar(t)
	if err := sc.CreateSchedule(ctx, scheduleSpec("Nightly Run", "0 2 * * 1-5", jar)); err != nil {
		t.Fatal(err)
	}
	jobs := s.ScheduledJobs()
	if len(jobs) != 1 || jobs[0].Name != "Nightly Run" || jobs[0].AppGUID != s.AppGUID("timestamp") || jobs[0].SpaceGUID != s.DefaultSpaceGUID() {
		t.Fatalf("jobs = %+v (apps %v)", jobs, s.AppNames())
	}
	// The standard cron becomes the scheduler's Quartz form: '?' in the day of month, weekdays counted from 1.
	if got := jobs[0].Expressions; len(got) != 1 || got[0] != "0 2 ? * 2-6" {
		t.Fatalf("expressions = %v", got)
	}
	// The droplet's start command with the arguments quoted, the secret back in its place.
	if c := jobs[0].Command; !strings.HasSuffix(c, " '--format=yyyy MM dd' --db.password=s3cr3t") || strings.Contains(c, "$(") {
		t.Fatalf("command = %q", c)
	}
	// A second schedule of the same task reuses the staged app.
	if err := sc.CreateSchedule(ctx, scheduleSpec("hourly", "@hourly", jar)); err != nil {
		t.Fatal(err)
	}
	if n := len(s.AppNames()); n != 1 {
		t.Fatalf("apps = %v", s.AppNames())
	}
	list, err := sc.ListSchedules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []platforms.ScheduleInfo{{Name: "Nightly Run", TaskName: "timestamp", Expression: "0 2 ? * 2-6"}, {Name: "hourly", TaskName: "timestamp", Expression: "0 * * * ?"}}
	if len(list) != 2 || list[0] != want[0] || list[1] != want[1] {
		t.Fatalf("list = %+v", list)
	}
	if err := sc.DeleteSchedule(ctx, "Nightly Run"); err != nil {
		t.Fatal(err)
	}
	if jobs := s.ScheduledJobs(); len(jobs) != 1 || jobs[0].Name != "hourly" {
		t.Fatalf("after delete: %+v", jobs)
	}
	if err := sc.DeleteSchedule(ctx, "Nightly Run"); err != nil {
		t.Fatalf("deleting a schedule already gone: %v", err)
	}
	// A job deleted by someone else between the lookup and the delete is gone too.
	s.FailNext("DELETE", "/jobs/", 404, 10010, "job not found")
	if err := sc.DeleteSchedule(ctx, "hourly"); err != nil {
		t.Fatalf("a job gone under the delete: %v", err)
	}
	s.FailNext("DELETE", "/jobs/", 500, 10001, "scheduler broken")
	if err := sc.DeleteSchedule(ctx, "hourly"); err == nil || !strings.Contains(err.Error(), "scheduler broken") {
		t.Fatalf("a refused delete: %v", err)
	}
	if runs, err := sc.ScheduledRuns(ctx); err != nil || runs != nil {
		t.Fatalf("runs = %v, %v", runs, err)
	}
}

func TestScheduleRefusesAnExistingJob(t *testing.T) {
	s := newServer(t)
	sc := newSchedules(t, s)
	ctx := context.Background()
	jar := testJar(t)
	if err := sc.CreateSchedule(ctx, scheduleSpec("nightly", "0 2 * * *", jar)); err != nil {
		t.Fatal(err)
	}
	err := sc.CreateSchedule(ctx, scheduleSpec("nightly", "*/5 * * * *", jar))
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("duplicate: %v", err)
	}
	if jobs := s.ScheduledJobs(); len(jobs) != 1 || jobs[0].Expressions[0] != "0 2 * * ?" {
		t.Fatalf("the existing job changed: %+v", jobs)
	}
}

func TestScheduleRefusedByTheSchedulerLeavesNoJob(t *testing.T) {
	s := newServer(t)
	sc := newSchedules(t, s)
	ctx := context.Background()
	jar := testJar(t)
	// An expression the scheduler cannot read is refused before any call.
	err := sc.CreateSchedule(ctx, scheduleSpec("weird", "0 2 ? * * *", jar))
	if err == nil || len(s.ScheduledJobs()) != 0 {
		t.Fatalf("6 fields: %v, jobs %+v", err, s.ScheduledJobs())
	}
	s.FailNext("POST", "/jobs", 503, 10015, "scheduler is down")
	err = sc.CreateSchedule(ctx, scheduleSpec("nightly", "0 2 * * *", jar))
	if err == nil || !strings.Contains(err.Error(), "scheduler is down") || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("refused job: %v", err)
	}
	if len(s.ScheduledJobs()) != 0 {
		t.Fatalf("jobs = %+v", s.ScheduledJobs())
	}
	s.FailNext("POST", "/jobs/", 422, 10008, "expression not accepted")
	err = sc.CreateSchedule(ctx, scheduleSpec("nightly", "0 2 * * *", jar))
	if err == nil || !strings.Contains(err.Error(), "expression not accepted") || len(s.ScheduledJobs()) != 0 {
		t.Fatalf("refused schedule: %v, jobs %+v", err, s.ScheduledJobs())
	}
	s.FailNext("GET", "/jobs", 500, 10001, "list broken")
	if _, err := sc.ListSchedules(ctx); err == nil || !strings.Contains(err.Error(), "list broken") {
		t.Fatalf("list: %v", err)
	}
}

func TestScheduleNeedsSchedulerURL(t *testing.T) {
	s := newServer(t)
	_, err := NewSchedules(account(s), testEnv(nil), fastOptions)
	if err == nil || !strings.Contains(err.Error(), "schedulerUrl") {
		t.Fatalf("no schedulerUrl: %v", err)
	}
}

func TestSchedulerCron(t *testing.T) {
	for in, want := range map[string]string{
		"*/5 * * * *": "*/5 * * * ?", "0 2 1 * *": "0 2 1 * ?", "0 2 * * 0,6": "0 2 ? * 1,7", "0 2 * * MON-FRI": "0 2 ? * MON-FRI",
		"0 2 * * 1-5/2": "0 2 ? * 2-6/2", "@daily": "0 0 * * ?", "@weekly": "0 0 ? * 1", "*/1 * ? * *": "*/1 * ? * *",
	} {
		if got, err := schedulerCron(in); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"0 2 1 * 1", "0 2 ? * ?", "0 2 * *"} {
		if got, err := schedulerCron(bad); err == nil {
			t.Errorf("%s accepted as %q", bad, got)
		}
	}
}
