package cloudfoundry

import (
	"context"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// A run the scheduler fired is one ScheduledRun carrying the handle of the task it started, running until the
// task ends; a failing task's run ends Failed with CF's reason. Schedules that never fired have no runs.
func TestScheduledRunsFromJobHistory(t *testing.T) {
	s := newServer(t)
	sc := newSchedules(t, s)
	ctx := context.Background()
	jar := testJar(t)
	if err := sc.CreateSchedule(ctx, scheduleSpec("nightly", "0 2 * * *", jar)); err != nil {
		t.Fatal(err)
	}
	if err := sc.CreateSchedule(ctx, scheduleSpec("hourly", "@hourly", jar)); err != nil {
		t.Fatal(err)
	}
	if runs, err := sc.ScheduledRuns(ctx); err != nil || len(runs) != 0 {
		t.Fatalf("before any run: %+v %v", runs, err)
	}

	// A task ends at its second observation (the default): the history read is the first, so the run is still
	// going, and TaskEnded then sees it end.
	taskGUID, err := s.FireSchedule("nightly")
	if err != nil {
		t.Fatal(err)
	}
	runs, err := sc.ScheduledRuns(ctx)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs = %+v %v", runs, err)
	}
	r := runs[0]
	if r.Schedule != "nightly" || r.TaskName != "timestamp" || r.ExternalID != taskGUID || r.StartTime.IsZero() || r.End.Ended {
		t.Fatalf("run = %+v", r)
	}
	if h, err := parseTaskHandle(r.Handle); err != nil || h.GUID != taskGUID || h.App != "timestamp" {
		t.Fatalf("handle %q: %+v %v", r.Handle, h, err)
	}
	// The launcher follows the handle as it follows a launched task's.
	if end := sc.TaskEnded(ctx, r.Handle); !end.Ended || end.Failed {
		t.Fatalf("TaskEnded = %+v", end)
	}
	if runs, _ = sc.ScheduledRuns(ctx); len(runs) != 1 || !runs[0].End.Ended || runs[0].End.Failed || runs[0].EndTime.IsZero() {
		t.Fatalf("after the task ended: %+v", runs)
	}

	s.SetStep(cctest.PhaseTask, cctest.Step{})
	s.FailTask("timestamp", "exit status 3")
	failedGUID, err := s.FireSchedule("hourly")
	if err != nil {
		t.Fatal(err)
	}
	runs, err = sc.ScheduledRuns(ctx)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs = %+v %v", runs, err)
	}
	f := runs[1]
	if f.Schedule != "hourly" || f.ExternalID != failedGUID || !f.End.Ended || !f.End.Failed || f.End.ExitCode != 1 || f.End.Message != "exit status 3" {
		t.Fatalf("failed run = %+v", f)
	}

	// Deleting a schedule deletes its job and the history with it.
	if err := sc.DeleteSchedule(ctx, "nightly"); err != nil {
		t.Fatal(err)
	}
	if runs, err = sc.ScheduledRuns(ctx); err != nil || len(runs) != 1 || runs[0].Schedule != "hourly" {
		t.Fatalf("after delete: %+v %v", runs, err)
	}
}

// The history is read through every page.
func TestScheduledRunsReadsEveryHistoryPage(t *testing.T) {
	s := newServer(t)
	sc := newSchedules(t, s)
	ctx := context.Background()
	if err := sc.CreateSchedule(ctx, scheduleSpec("often", "* * * * *", testJar(t))); err != nil {
		t.Fatal(err)
	}
	for range 53 { // more than the default page of 50
		if _, err := s.FireSchedule("often"); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := sc.ScheduledRuns(ctx)
	if err != nil || len(runs) != 53 {
		t.Fatalf("%d runs, %v", len(runs), err)
	}
	seen := map[string]bool{}
	for _, r := range runs {
		seen[r.ExternalID] = true
	}
	if len(seen) != 53 {
		t.Fatalf("%d distinct runs", len(seen))
	}
}
