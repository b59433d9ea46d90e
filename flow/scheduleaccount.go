package flow

import (
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
)

// ScheduleAccount is the account a schedule goes to: the one named, else the only account that can schedule,
// else the one named "default". Local accounts cannot schedule, as SCDF's local deployer has no scheduler.
func (a *Accounts) ScheduleAccount(name string) (platforms.Account, error) {
	all := a.config.TaskAccounts()
	if name == "" {
		var capable []platforms.Account
		for _, acc := range all {
			if canSchedule(acc) {
				capable = append(capable, acc)
			}
		}
		switch {
		case len(capable) == 1:
			return capable[0], nil
		case len(capable) > 1:
			for _, acc := range capable {
				if acc.Name == "default" {
					return acc, nil
				}
			}
			var names []string
			for _, acc := range capable {
				names = append(names, acc.Name)
			}
			return platforms.Account{}, fmt.Errorf("Must select a platform: more than one platform can schedule (%s); give --platform", strings.Join(names, ", "))
		}
	}
	acc, err := pickAccount(all, name, "Task platform '%s' does not exist: the task platforms are %s")
	if err != nil {
		return acc, err
	}
	if !canSchedule(acc) {
		return acc, noSchedulerError(acc)
	}
	return acc, nil
}

// canSchedule says whether dataflow can keep schedules on an account's platform: Kubernetes (CronJobs), and
// Cloud Foundry when the account names its scheduler service (SCDF's rule).
func canSchedule(acc platforms.Account) bool {
	return acc.Type == platforms.Kubernetes || acc.Type == platforms.CloudFoundry && hasSchedulerURL(acc)
}

func hasSchedulerURL(acc platforms.Account) bool {
	return acc.CloudFoundry != nil && strings.TrimSpace(acc.CloudFoundry.Deployment.SchedulerURL) != ""
}

func noSchedulerError(acc platforms.Account) error {
	if acc.Type == platforms.Local {
		return fmt.Errorf("Task platform '%s' is a local account, which cannot schedule tasks (SCDF's local deployer has no scheduler): give --platform with a Kubernetes account (see 'task platform-list'), or run 'dataflow task launch' from cron", acc.Name)
	}
	if acc.Type == platforms.CloudFoundry && !hasSchedulerURL(acc) {
		return fmt.Errorf("Task platform '%s' is a Cloud Foundry account without deployment.schedulerUrl: set it to the URL of the space's scheduler service (PCF Scheduler) to schedule tasks there", acc.Name)
	}
	return fmt.Errorf("Task platform '%s' is a %s account: scheduling tasks there is not available in this version", acc.Name, acc.Type.TaskTypeName())
}
