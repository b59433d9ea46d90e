package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/store"
)

// DestroySchedule deletes a schedule from its platform, then its record. The runs it started that were not
// seen yet are recorded first, since deleting the schedule deletes them on the platform too.
func (f *Flow) DestroySchedule(ctx context.Context, name, platform string) error {
	// Cloud Foundry schedules keep their case; Kubernetes ones are stored lower-cased, as SCDF names CronJobs.
	s, err := f.Store.Read().GetSchedule(ctx, name)
	if errors.Is(err, store.ErrNotFound) && strings.ToLower(name) != name {
		s, err = f.Store.Read().GetSchedule(ctx, strings.ToLower(name))
	}
	if errors.Is(err, store.ErrNotFound) {
		return newError(CodeScheduleNotFound, name)
	}
	if err != nil {
		return err
	}
	if platform != "" && platform != s.Platform {
		return fmt.Errorf("Schedule '%s' is on platform '%s', not '%s'", name, s.Platform, platform)
	}
	return f.unschedule(ctx, s)
}

func (f *Flow) unschedule(ctx context.Context, s store.Schedule) error {
	acc, err := f.taskAccount(s.Platform)
	if err != nil {
		return fmt.Errorf("schedule '%s' is on platform '%s', which is no longer configured: %w", s.Name, s.Platform, err)
	}
	scheduler, err := f.scheduler(acc)
	if err != nil {
		return err
	}
	// The runs it started are recorded before it goes; a platform that cannot say is no reason to keep it.
	_ = f.observeAccount(ctx, acc.Name, scheduler)
	if err := scheduler.DeleteSchedule(ctx, s.Name); err != nil {
		return err
	}
	audit := store.AuditRecord{Operation: store.AuditSchedule, Action: store.AuditDelete, Correlation: s.Name, Platform: s.Platform, Data: "task=" + s.TaskName}
	return f.change(ctx, audit, func(tx *store.Tx) error { return tx.DeleteSchedule(ctx, s.Name) })
}

// destroyTaskSchedules deletes the schedules of task definitions, as SCDF's task destroy does.
func (f *Flow) destroyTaskSchedules(ctx context.Context, names []string) error {
	for _, name := range names {
		list, err := f.Store.Read().ListSchedules(ctx, "", name)
		if err != nil {
			return err
		}
		if _, err := f.accounts(); len(list) > 0 && err != nil {
			return fmt.Errorf("Task %s has schedules (%s): they cannot be deleted without the platform accounts: %w", name, list[0].Name, err)
		}
		for _, s := range list {
			if err := f.unschedule(ctx, s); err != nil {
				return fmt.Errorf("cannot delete schedule '%s' of task %s: %w", s.Name, name, err)
			}
		}
	}
	return nil
}
