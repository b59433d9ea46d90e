package local

import (
	"fmt"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Driver builds the clients of local accounts: apps and tasks run under a supervisor (env.Supervisor), with
// their files under the data directory.
type Driver struct{}

// Apps returns the stream app deployer of a local account.
func (Driver) Apps(acc platforms.Account, env platforms.Environment) (platforms.AppDeployer, error) {
	a := NewApps(acc, env.Supervisor, env.DataDir)
	a.owner = env.StoreOwner
	return a, nil
}

// Tasks returns the task launcher of a local account.
func (Driver) Tasks(acc platforms.Account, env platforms.Environment) (platforms.TaskLauncher, error) {
	l := NewLauncher(acc, env.Supervisor)
	l.Owner = env.StoreOwner
	l.SupervisorEnv = env.SupervisorEnv
	return l, nil
}

// Schedules refuses: SCDF's local deployer has no scheduler.
func (d Driver) Schedules(acc platforms.Account, _ platforms.Environment) (platforms.Scheduler, error) {
	return nil, d.Traits(acc).NoSchedules
}

// Traits of a local account: no scheduler, and task output in a file of each run's own.
func (Driver) Traits(acc platforms.Account) platforms.Traits {
	return platforms.Traits{
		NoSchedules:  fmt.Errorf("Task platform '%s' is a local account, which cannot schedule tasks (SCDF's local deployer has no scheduler): give --platform with a Kubernetes account (see 'task platform-list'), or run 'dataflow task launch' from cron", acc.Name),
		TaskLogFiles: true,
	}
}
