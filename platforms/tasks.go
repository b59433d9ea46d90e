package platforms

import (
	"context"
	"errors"
	"io"
)

// ErrLaunchLeftBehind marks a failed launch whose cleanup failed too: the error names what is left.
var ErrLaunchLeftBehind = errors.New("the failed launch could not remove all it made")

// TaskSpec is a task launch resolved by flow: everything a platform needs, nothing it must decide.
type TaskSpec struct {
	ExecutionID int64
	TaskName    string
	// Resource is the registered app URI (docker:, file:, http(s):).
	Resource string
	// Args are the task's properties as --k=v arguments, then the command-line arguments, the execution id
	// included; the first PropertyArgs of them are the properties (a platform that passes properties otherwise,
	// as Kubernetes' boot entry point style does, tells them apart by it).
	Args         []string
	PropertyArgs int
	Env          map[string]string
	// LogPath is where a platform that writes logs locally puts the task's output.
	LogPath string
	// DeployerProperties are the spring.cloud.deployer.* keys of the launch (deployer.<app>.x).
	DeployerProperties map[string]string
	// SecretEnv are secret values the task gets as environment variables that the platform keeps out of the
	// spec it stores (Kubernetes: a Secret); Args refer to them as $(NAME), which Kubernetes expands.
	SecretEnv map[string]string
	// SecretEnvNames are the environment variables given in DeployerProperties whose values are secrets (as
	// AppDeployment.SecretEnvNames): a platform that can, sets them from the run's (or schedule's) secret.
	SecretEnvNames []string
}

// Launched is what a platform says about a run it started: the id users see, and a handle of its own to find
// the run again.
type Launched struct {
	ExternalID string
	Handle     string
}

// TaskEnd is what a platform knows of a run's end.
type TaskEnd struct {
	Ended bool
	// Failed is set for any non-zero exit, and for ends that are failures whatever the code (OOMKilled,
	// Evicted, a vanished run).
	Failed   bool
	ExitCode int
	Message  string
	// Problem, for a run that has not ended, is why it does not run when the platform can tell (an image that
	// cannot be pulled, pods a Job cannot create); "" when it runs or is starting as it should.
	Problem string
}

// TaskLauncher starts tasks on one account.
type TaskLauncher interface {
	// LaunchTask starts a run. A launch that fails removes what it made; when that fails too, the error wraps
	// ErrLaunchLeftBehind and names what is left, and the Launched returned with it has the handle CleanupTask
	// removes it by.
	LaunchTask(ctx context.Context, spec TaskSpec) (Launched, error)
	// TaskEnded reports how a run ended when the platform knows it and nobody recorded it yet: a terminated
	// container, a deleted pod, a killed supervisor. It errs on the side of "still running".
	TaskEnded(ctx context.Context, handle string) TaskEnd
	// TaskLog writes the run's output to w when the platform keeps it (a pod's log; nothing when it does not);
	// with Follow it goes on until the run ends or ctx does.
	TaskLog(ctx context.Context, handle string, opts LogOptions, w io.Writer) error
	// CleanupTask deletes what the platform keeps of an ended run (a pod, a Job); nothing left is not an error.
	CleanupTask(ctx context.Context, handle string) error
	// StopTask asks a run to stop (SIGTERM, a pod deletion); a run that is already gone is not an error.
	StopTask(handle string) error
}

// RunFinder is implemented by launchers that can find a run by its execution id alone (Kubernetes: the pod's
// execution id label). flow asks it for a run whose launcher ended before it could record the platform's id.
type RunFinder interface {
	FindRun(ctx context.Context, executionID int64) (Launched, bool, error)
}

// RunSweeper is implemented by launchers that can remove what a launch of an execution may have made when no run
// was recorded for it (a launcher killed between its writes, whose Secret may exist without its pod): everything
// labelled with the task's name and the execution's id.
type RunSweeper interface {
	SweepRun(ctx context.Context, taskName string, executionID int64) error
}

// TaskValidator is implemented by launchers that can check a launch without sending anything (its deployer
// properties, names): flow asks before it records the execution, so a launch with bad input writes nothing.
type TaskValidator interface {
	ValidateTask(spec TaskSpec) error
}

// SecretEnvLauncher is implemented by launchers that keep TaskSpec.SecretEnv out of the spec the platform stores
// and expand the $(NAME) references to it in the arguments (Kubernetes). flow moves secret-looking argument values
// there only for them: a platform that runs the arguments as they are would hand the app the references.
type SecretEnvLauncher interface {
	TakesSecretEnv() bool
}
