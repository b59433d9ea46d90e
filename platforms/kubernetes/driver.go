package kubernetes

import "github.com/dataflow-cli/dataflow/platforms"

// Driver builds the clients of Kubernetes accounts: Deployments and Services for stream apps, Pods or Jobs for
// tasks, CronJobs for schedules.
type Driver struct{}

// Apps returns the stream app deployer of an account.
func (Driver) Apps(acc platforms.Account, env platforms.Environment) (platforms.AppDeployer, error) {
	return NewApps(acc, env)
}

// Tasks returns the task launcher of an account.
func (Driver) Tasks(acc platforms.Account, env platforms.Environment) (platforms.TaskLauncher, error) {
	return NewTasks(acc, env)
}

// Schedules returns the CronJob scheduler of an account.
func (Driver) Schedules(acc platforms.Account, env platforms.Environment) (platforms.Scheduler, error) {
	return NewSchedules(acc, env)
}

// Traits of a Kubernetes account: CronJobs read standard cron and are named by DNS labels.
func (Driver) Traits(platforms.Account) platforms.Traits {
	return platforms.Traits{Cron: platforms.CronKubernetes, ScheduleNames: platforms.ScheduleNamesDNSLabel}
}
