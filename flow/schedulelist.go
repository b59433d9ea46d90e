package flow

import (
	"context"
	"strings"
)

// Schedules lists the recorded schedules, narrowed to an account and a task definition when given.
func (f *Flow) Schedules(ctx context.Context, platform, definitionName string, accounts *Accounts) ([]ScheduleView, error) {
	if platform != "" {
		if _, err := accounts.TaskAccount(platform); err != nil {
			return nil, err
		}
	}
	list, err := f.Store.Read().ListSchedules(ctx, platform, definitionName)
	if err != nil {
		return nil, err
	}
	out := make([]ScheduleView, 0, len(list))
	for _, s := range list {
		props := map[string]string{cronExpressionKey: s.Expression}
		for _, line := range strings.Split(s.Properties, "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				props[k] = v
			}
		}
		out = append(out, ScheduleView{Name: s.Name, DefinitionName: s.TaskName, Platform: s.Platform, Properties: props, Arguments: s.Arguments})
	}
	return out, nil
}

// ScheduleNames lists the recorded schedule names, for completion.
func (f *Flow) ScheduleNames(ctx context.Context) ([]string, error) {
	list, err := f.Store.Read().ListSchedules(ctx, "", "")
	if err != nil {
		return nil, err
	}
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.Name
	}
	return names, nil
}
