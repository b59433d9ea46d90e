package flow

import (
	"context"
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Schedules lists the recorded schedules, narrowed to an account and a task definition when given.
func (f *Flow) Schedules(ctx context.Context, platform, definitionName string) ([]ScheduleView, error) {
	if platform != "" {
		if _, err := f.taskAccount(platform); err != nil {
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

// ScheduleDrift compares recorded schedules with what their platforms have and describes, one line each, the
// schedules whose platform object is gone (deleted outside dataflow) and the accounts that could not be asked.
// One list call per account; the listing itself never depends on it.
func (f *Flow) ScheduleDrift(ctx context.Context, views []ScheduleView) []string {
	byAccount := map[string][]ScheduleView{}
	var order []string
	for _, v := range views {
		if _, seen := byAccount[v.Platform]; !seen {
			order = append(order, v.Platform)
		}
		byAccount[v.Platform] = append(byAccount[v.Platform], v)
	}
	var lines []string
	for _, name := range order {
		acc, err := f.taskAccount(name)
		if err != nil {
			lines = append(lines, fmt.Sprintf("platform '%s' of schedule '%s' is no longer configured", name, byAccount[name][0].Name))
			continue
		}
		s, err := f.scheduler(acc)
		var have []platforms.ScheduleInfo
		if err == nil {
			ctx, cancel := context.WithTimeout(ctx, probeTimeout)
			have, err = s.ListSchedules(ctx)
			cancel()
		}
		if err != nil {
			lines = append(lines, fmt.Sprintf("the schedules on '%s' could not be checked: %v", name, err))
			continue
		}
		present := map[string]bool{}
		for _, h := range have {
			present[h.Name] = true
		}
		for _, v := range byAccount[name] {
			if !present[v.Name] {
				lines = append(lines, fmt.Sprintf("schedule '%s' is not on platform '%s' any more (deleted outside dataflow): 'task schedule destroy --name %s' removes its record", v.Name, name, v.Name))
			}
		}
	}
	return lines
}
