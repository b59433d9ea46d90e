package flow

import (
	"context"
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// A scheduled run is started by the platform (a CronJob's Job), not by dataflow, so nothing records it when it
// starts. It is recorded the first time anyone looks at executions: listing or querying them looks for the runs
// of the accounts that have schedules (one list call per such account, none at all without schedules) and
// records each new one once, RUNNING; its end is then read from the platform like a launched run's.

// ObserveScheduledRuns records the runs of this store's schedules that no execution records yet. A platform that
// cannot be asked is reported, and the listing goes on with what is recorded.
func (f *Flow) ObserveScheduledRuns(ctx context.Context) error {
	accounts, err := f.accounts()
	if err != nil {
		return nil // without accounts nothing can be asked; the listing shows what is recorded
	}
	names, err := f.Store.Read().SchedulePlatforms(ctx)
	if err != nil || len(names) == 0 {
		return err
	}
	var problems []string
	for _, name := range names {
		acc, err := accounts.TaskAccount(name)
		if err != nil {
			continue // an account removed from the configuration: its schedules cannot be asked about
		}
		s, err := f.scheduler(acc)
		if err == nil {
			err = f.observeAccount(ctx, acc.Name, s)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("'%s': %v", acc.Name, err))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("scheduled runs could not be read from %s", strings.Join(problems, "; "))
	}
	return nil
}

// observeAccount records the new runs of one account's schedules, all in one transaction.
func (f *Flow) observeAccount(ctx context.Context, platform string, s platforms.Scheduler) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	runs, err := s.ScheduledRuns(ctx)
	if err != nil || len(runs) == 0 {
		return err
	}
	schedules, err := f.Store.Read().ListSchedules(ctx, platform, "")
	if err != nil {
		return err
	}
	byName := make(map[string]store.Schedule, len(schedules))
	for _, sc := range schedules {
		byName[sc.Name] = sc
	}
	return f.Store.InTx(ctx, func(tx *store.Tx) error {
		for _, run := range runs {
			sc, ours := byName[run.Schedule]
			// Another store's schedule of the same name in a shared namespace is not ours to record.
			if !ours || sc.TaskName != run.TaskName {
				continue
			}
			e := store.Execution{TaskName: sc.TaskName, Platform: platform, Resource: sc.Resource, Arguments: sc.Arguments,
				Properties: strings.ReplaceAll(sc.Properties, "\n", ","), ExternalID: run.ExternalID, Handle: run.Handle,
				Status: store.ExecutionRunning, StartTime: run.StartTime, ScheduleName: sc.Name}
			if e.StartTime.IsZero() {
				e.StartTime = f.Now()
			}
			if run.End.Ended {
				code := run.End.ExitCode
				e.Status, e.ExitCode, e.ExitMessage, e.EndTime = endStatus(run.End), &code, run.End.Message, run.EndTime
				if e.EndTime.IsZero() {
					e.EndTime = f.Now()
				}
			}
			if err := tx.RecordScheduledRun(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
}
