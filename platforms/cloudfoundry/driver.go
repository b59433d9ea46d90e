package cloudfoundry

import (
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Driver builds the clients of Cloud Foundry accounts; each connects on its first call.
type Driver struct{ Options Options }

// Apps returns the stream app deployer of an account.
func (d Driver) Apps(acc platforms.Account, env platforms.Environment) (platforms.AppDeployer, error) {
	return NewApps(acc, env, d.Options)
}

// Tasks returns the task launcher of an account.
func (d Driver) Tasks(acc platforms.Account, env platforms.Environment) (platforms.TaskLauncher, error) {
	return NewTasks(acc, env, d.Options)
}

// Schedules returns the PCF Scheduler client of an account that names its scheduler service.
func (d Driver) Schedules(acc platforms.Account, env platforms.Environment) (platforms.Scheduler, error) {
	if err := d.Traits(acc).NoSchedules; err != nil {
		return nil, err
	}
	return NewSchedules(acc, env, d.Options)
}

// Traits of a Cloud Foundry account: schedules only with a scheduler service (SCDF's rule), Quartz or
// standard cron, scheduler jobs named as given.
func (Driver) Traits(acc platforms.Account) platforms.Traits {
	t := platforms.Traits{Cron: platforms.CronQuartzOrStandard, ScheduleNames: platforms.ScheduleNamesAsGiven}
	if acc.CloudFoundry == nil || strings.TrimSpace(acc.CloudFoundry.Deployment.SchedulerURL) == "" {
		t.NoSchedules = fmt.Errorf("Task platform '%s' is a Cloud Foundry account without deployment.schedulerUrl: set it to the URL of the space's scheduler service (PCF Scheduler) to schedule tasks there", acc.Name)
	}
	return t
}
