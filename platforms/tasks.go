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

// TaskLauncher starts tasks on one account and returns the platform's id for the run.
type TaskLauncher interface {
	LaunchTask(ctx context.Context, spec TaskSpec) (externalID string, err error)
}
