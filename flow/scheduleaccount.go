package flow

import (
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
)

// scheduleAccount is the account a schedule goes to: the one named, else the only account that can schedule,
// else the one named "default". Local accounts cannot schedule, as SCDF's local deployer has no scheduler.
func (f *Flow) scheduleAccount(name string) (platforms.Account, error) {
	accounts, err := f.accounts()
	if err != nil {
		return platforms.Account{}, err
	}
	all := accounts.config.TaskAccounts()
	if name == "" {
		var capable []platforms.Account
		for _, acc := range all {
			if f.noSchedules(acc) == nil {
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
	return acc, f.noSchedules(acc)
}

// noSchedules says why dataflow cannot keep schedules on an account's platform, or nil when it can.
func (f *Flow) noSchedules(acc platforms.Account) error {
	d, ok := f.driver(acc)
	if !ok {
		return noSchedulerError(acc)
	}
	return d.Traits(acc).NoSchedules
}

func noSchedulerError(acc platforms.Account) error {
	return fmt.Errorf("Task platform '%s' is a %s account: scheduling tasks there is not available in this version", acc.Name, acc.Type.TaskTypeName())
}
