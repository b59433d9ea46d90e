package platforms

import (
	"context"
	"time"
)

// ScheduleSpec is a task schedule resolved by flow: the name (already validated for the platform), the cron
// expression (already validated), and the launch each run gets, as a launch would get it.
type ScheduleSpec struct {
	Name       string
	Expression string
	// Task is what every run starts. It has no execution id: a scheduled run is recorded when it is seen.
	Task TaskSpec
}

// ScheduleInfo is a schedule as the platform has it.
type ScheduleInfo struct {
	Name       string
	TaskName   string
	Expression string
}

// ScheduledRun is one run a schedule started (a Job of a CronJob).
type ScheduledRun struct {
	Schedule   string
	TaskName   string
	ExternalID string
	// Handle finds the run again through the account's TaskLauncher (TaskEnded, TaskLog, CleanupTask).
	Handle    string
	StartTime time.Time
	// End is how the run ended, when it has (read in the same calls, so a Job the CronJob controller prunes
	// soon after is not mistaken for one deleted early); EndTime is when, if the platform says.
	End     TaskEnd
	EndTime time.Time
}

// Scheduler keeps task schedules on one account.
type Scheduler interface {
	// CreateSchedule creates the schedule; one that already exists on the platform is an error, never replaced.
	CreateSchedule(ctx context.Context, spec ScheduleSpec) error
	ListSchedules(ctx context.Context) ([]ScheduleInfo, error)
	// DeleteSchedule deletes the schedule and the runs the platform keeps of it; one already gone is not an error.
	DeleteSchedule(ctx context.Context, name string) error
	// ScheduledRuns lists the runs the account's schedules started that the platform still keeps.
	ScheduledRuns(ctx context.Context) ([]ScheduledRun, error)
}
