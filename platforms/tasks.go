package platforms

import "context"

// TaskSpec is a task launch resolved by flow: everything a platform needs, nothing it must decide.
type TaskSpec struct {
	ExecutionID int64
	TaskName    string
	// Resource is the registered app URI (docker:, file:, http(s):).
	Resource string
	// Args are the command-line arguments, the execution id included.
	Args []string
	Env  map[string]string
	// LogPath is where a platform that writes logs locally puts the task's output.
	LogPath string
}

// Launched is what a platform says about a run it started: the id users see, and a handle of its own to find
// the run again.
type Launched struct {
	ExternalID string
	Handle     string
}

// TaskLauncher starts tasks on one account.
type TaskLauncher interface {
	LaunchTask(ctx context.Context, spec TaskSpec) (Launched, error)
	// TaskGone reports that a run the platform launched no longer exists without having recorded its end
	// (a killed supervisor, a deleted pod). It errs on the side of "still there".
	TaskGone(handle string) bool
	// StopTask asks a run to stop (SIGTERM, a pod deletion); a run that is already gone is not an error.
	StopTask(handle string) error
}
