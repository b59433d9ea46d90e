package flow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/store"
)

// taskApps are the registry entries a task definition needs: its app, or every app of a composed graph except
// the pseudo apps $END and $FAIL.
func taskApps(t *dsl.Task) []*dsl.TaskApp {
	var out []*dsl.TaskApp
	for _, a := range t.Apps() {
		if !a.IsSpecial() {
			out = append(out, a)
		}
	}
	return out
}

// CreateTask parses and validates a task definition, checks its apps are registered task apps, and stores it.
// A composed task also gets one child definition per app, named <task>-<label or app>, as SCDF creates them.
func (f *Flow) CreateTask(ctx context.Context, name, definition, description string) (*dsl.Task, error) {
	if err := dsl.CheckTaskName(name, definition); err != nil {
		return nil, err
	}
	t, err := dsl.ParseTask(name, definition, true)
	if err != nil {
		return nil, err
	}
	var wanted []typedApp
	for _, a := range taskApps(t) {
		wanted = append(wanted, typedApp{a.Name, AppTypeTask})
	}
	defs := []store.Definition{{Name: name, Definition: definition, Description: description, CreatedAt: f.Now()}}
	if t.IsComposed() {
		for _, a := range taskApps(t) {
			defs = append(defs, store.Definition{Name: t.ChildName(a), Definition: dsl.AppDSL(a.App), ComposedParent: name, CreatedAt: f.Now()})
		}
	}
	audit := store.AuditRecord{Operation: store.AuditTask, Action: store.AuditCreate, Correlation: name, Data: redactTaskDSL(t)}
	err = f.change(ctx, audit, func(tx *store.Tx) error {
		for _, d := range defs {
			if _, err := tx.GetDefinition(ctx, store.TaskDefinitions, d.Name); err == nil {
				return fmt.Errorf("Cannot register task %s because another one has already been registered with the same name", d.Name)
			}
		}
		missing, err := missingApps(ctx, tx, dedupe(wanted))
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			return errors.New(strings.Join(missing, "\n"))
		}
		for _, d := range defs {
			if err := tx.InsertDefinition(ctx, store.TaskDefinitions, d); err != nil {
				return err
			}
		}
		return nil
	})
	return t, err
}

func dedupe(apps []typedApp) []typedApp {
	seen := map[typedApp]bool{}
	var out []typedApp
	for _, a := range apps {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// redactTaskDSL renders a task for audit records with secret-looking argument values masked.
func redactTaskDSL(t *dsl.Task) string {
	return RedactText(t.ToDSL())
}

// Tasks lists task definitions. A task's status is its newest execution's, as `task execution list` shows it
// (an execution whose launcher is gone settled first); with none, SCDF says UNKNOWN.
func (f *Flow) Tasks(ctx context.Context) ([]DefinitionView, error) {
	r := f.Store.Read()
	defs, err := r.ListDefinitions(ctx, store.TaskDefinitions)
	if err != nil {
		return nil, err
	}
	latest, err := r.LatestExecutions(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]DefinitionView, 0, len(defs))
	for _, d := range defs {
		v := taskView(d)
		if e, ok := latest[d.Name]; ok {
			if e, err = f.settle(ctx, e, f.Probe()); err != nil {
				return nil, err
			}
			v.Status = string(e.Status)
		}
		out = append(out, v)
	}
	return out, nil
}

// taskStatusUnknown is SCDF's status of a task never launched.
const taskStatusUnknown = "UNKNOWN"

func taskView(d store.Definition) DefinitionView {
	return DefinitionView{Name: d.Name, Definition: RedactText(d.Definition), Description: d.Description, Status: taskStatusUnknown, ComposedParent: d.ComposedParent}
}

// TaskDefinition returns one task definition, parsed, and its composed children.
func (f *Flow) TaskDefinition(ctx context.Context, name string) (DefinitionView, *dsl.Task, []DefinitionView, error) {
	r := f.Store.Read()
	d, err := r.GetDefinition(ctx, store.TaskDefinitions, name)
	if errors.Is(err, store.ErrNotFound) {
		return DefinitionView{}, nil, nil, newError(CodeTaskNotFound, name)
	}
	if err != nil {
		return DefinitionView{}, nil, nil, err
	}
	t, err := dsl.ParseTask(name, d.Definition, true)
	if err != nil {
		return DefinitionView{}, nil, nil, fmt.Errorf("the stored definition of %s no longer parses: %w", name, err)
	}
	var children []DefinitionView
	if t.IsComposed() {
		for _, a := range taskApps(t) {
			if c, err := r.GetDefinition(ctx, store.TaskDefinitions, t.ChildName(a)); err == nil && c.ComposedParent == name {
				children = append(children, taskView(c))
			}
		}
	}
	return taskView(d), t, children, nil
}

// DestroyTask deletes a task definition and, for a composed task, the child definitions it created. With
// cleanup, the execution records of the task (and of its children) go too; a running execution keeps running.
// The task's schedules are deleted first, from their platforms too, as SCDF's task destroy does.
func (f *Flow) DestroyTask(ctx context.Context, name string, cleanup bool) error {
	defs, err := f.Store.Read().ListDefinitions(ctx, store.TaskDefinitions)
	if err != nil {
		return err
	}
	var names []string
	for _, d := range defs {
		if d.Name == name || d.ComposedParent == name {
			names = append(names, d.Name)
		}
	}
	if cleanup {
		// Deleting the records of a run that goes on would leave it running where no command can see it.
		if err := f.refuseRunningExecutions(ctx, name, names); err != nil {
			return err
		}
	}
	if err := f.destroyTaskSchedules(ctx, names); err != nil {
		return err
	}
	if cleanup {
		var runs []store.Execution
		for _, n := range names {
			list, err := f.Store.Read().ListExecutions(ctx, n, 0)
			if err != nil {
				return err
			}
			runs = append(runs, list...)
		}
		if err := f.deleteRows(ctx, runs); err != nil {
			return err
		}
	}
	audit := store.AuditRecord{Operation: store.AuditTask, Action: store.AuditDelete, Correlation: name}
	if cleanup {
		audit.Data = "cleanup=true"
	}
	return f.change(ctx, audit, func(tx *store.Tx) error {
		d, err := tx.GetDefinition(ctx, store.TaskDefinitions, name)
		if errors.Is(err, store.ErrNotFound) {
			return newError(CodeTaskNotFound, name)
		}
		if err != nil {
			return err
		}
		if t, err := dsl.ParseTask(name, d.Definition, false); err == nil && t.IsComposed() {
			for _, a := range taskApps(t) {
				c, err := tx.GetDefinition(ctx, store.TaskDefinitions, t.ChildName(a))
				if err == nil && c.ComposedParent == name {
					if err := tx.DeleteDefinition(ctx, store.TaskDefinitions, c.Name); err != nil {
						return err
					}
					if cleanup {
						if _, err := tx.DeleteExecutions(ctx, c.Name); err != nil {
							return err
						}
					}
				}
			}
		}
		if cleanup {
			if _, err := tx.DeleteExecutions(ctx, name); err != nil {
				return err
			}
		}
		return tx.DeleteDefinition(ctx, store.TaskDefinitions, name)
	})
}

// refuseRunningExecutions fails when an execution of the named tasks has not ended (after settling the runs
// whose launcher or platform says they are gone), naming them.
func (f *Flow) refuseRunningExecutions(ctx context.Context, task string, names []string) error {
	var running []int64
	gone := f.Probe()
	for _, n := range names {
		list, err := f.Store.Read().ListExecutions(ctx, n, 0)
		if err != nil {
			return err
		}
		for _, e := range list {
			if !e.EndTime.IsZero() || IsSCDFExecution(e) { // SCDF's run goes on in SCDF whatever its record here
				continue
			}
			if e, err = f.settle(ctx, e, gone); err != nil {
				return err
			}
			if e.EndTime.IsZero() {
				running = append(running, e.ID)
			}
		}
	}
	if len(running) > 0 {
		slices.Sort(running)
		ids := joinIDs(running)
		return newError(CodeExecutionsRunning, task, ids, ids)
	}
	return nil
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// DestroyAllTasks deletes every task definition, and their schedules.
func (f *Flow) DestroyAllTasks(ctx context.Context) (int, error) {
	names, err := f.Store.Read().DefinitionNames(ctx, store.TaskDefinitions)
	if err != nil {
		return 0, err
	}
	if err := f.destroyTaskSchedules(ctx, names); err != nil {
		return 0, err
	}
	return f.destroyAll(ctx, store.TaskDefinitions, store.AuditTask)
}

// ValidateTask checks each app of a task against the registry.
func (f *Flow) ValidateTask(ctx context.Context, name string) (DefinitionView, []AppValidation, error) {
	view, t, _, err := f.TaskDefinition(ctx, name)
	if err != nil {
		return DefinitionView{}, nil, err
	}
	var out []AppValidation
	seen := map[string]bool{}
	for _, a := range taskApps(t) {
		if !seen[a.Name] {
			seen[a.Name] = true
			out = append(out, f.validateApp(ctx, AppTypeTask, a.Name))
		}
	}
	return view, out, nil
}

// IsComposedTask says whether a task definition is a composed graph.
func (f *Flow) IsComposedTask(ctx context.Context, name string) (bool, error) {
	_, t, _, err := f.TaskDefinition(ctx, name)
	if err != nil {
		return false, err
	}
	return t.IsComposed(), nil
}
