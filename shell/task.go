package shell

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

func newTaskCommand(d *cmdDeps) *cobra.Command {
	return featureNoun(flow.FeatureTasks, "task", "Create, inspect and destroy tasks",
		newTaskCreateCommand(d), newTaskListCommand(d), newTaskInfoCommand(d), newTaskDestroyCommand(d),
		newTaskValidateCommand(d), newTaskPlatformListCommand(d), newTaskLaunchCommand(d), newTaskExecutionCommand(d),
		newTaskScheduleCommand(d),
		noun("all", "Commands on every task", newTaskAllDestroyCommand(d)),
	)
}

func newTaskCreateCommand(d *cmdDeps) *cobra.Command {
	var name, definition, description string
	cmd := leaf("create", "Create a new task definition", groupTasks, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if _, err := fl.CreateTask(cmd.Context(), name, definition, description); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Created new task '%s'\n", name)
		return nil
	})
	cmd.Example = `  task create ts --definition "timestamp --format=yyyy"
  task create nightly --definition "extract && <transform-a || transform-b> && load 'FAILED'->notify"`
	cmd.Flags().StringVar(&name, "name", "", "the name to give to the task")
	cmd.Flags().StringVar(&definition, "definition", "", "a task definition, using the DSL (e.g. \"timestamp --format=YYYY\")")
	cmd.Flags().StringVar(&description, "description", "", "a short description about the task")
	completeDefinitionFlag(cmd, d, true)
	require(cmd, "name", "definition")
	positional(cmd, "name")
	return cmd
}

func taskTable(tasks []flow.DefinitionView) render.Table {
	t := render.Table{Headers: []string{"Task Name", "Task Definition", "description", "Task Status"}}
	for _, d := range tasks {
		t.Rows = append(t.Rows, []string{d.Name, d.Definition, d.Description, d.Status})
	}
	return t
}

func newTaskListCommand(d *cmdDeps) *cobra.Command {
	cmd := leaf("list", "List created tasks", groupTasks, nil)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		tasks, err := fl.Tasks(cmd.Context())
		if err != nil {
			return err
		}
		return d.printListing(*format, tasks, func() render.Table { return taskTable(tasks) })
	}
	return cmd
}

// taskInfoView is `task info -o json|yaml`.
type taskInfoView struct {
	flow.DefinitionView `yaml:",inline"`
	Composed            bool                  `json:"composed" yaml:"composed"`
	Graph               string                `json:"graph,omitempty" yaml:"graph,omitempty"`
	Children            []flow.DefinitionView `json:"children,omitempty" yaml:"children,omitempty"`
}

func newTaskInfoCommand(d *cmdDeps) *cobra.Command {
	var name string
	cmd := leaf("info", "Show information about a specific task", groupTasks, nil)
	nameOption(cmd, d, &name, "the name of the task to show", completeTaskNames)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		view, t, children, err := fl.TaskDefinition(cmd.Context(), name)
		if err != nil {
			return err
		}
		info := taskInfoView{DefinitionView: view, Composed: t.IsComposed(), Children: children}
		if g, ok := t.ExecutableDSL(); ok && info.Composed {
			info.Graph = g
		}
		if *format != "table" {
			return d.printListing(*format, info, nil)
		}
		if err := render.RenderTable(d.IO.Out, taskTable([]flow.DefinitionView{view}), d.IO.TableWidth()); err != nil {
			return err
		}
		if !info.Composed {
			return nil
		}
		fmt.Fprintf(d.IO.Out, "\nComposed task graph: %s\n\n", info.Graph)
		return render.RenderTable(d.IO.Out, taskTable(children), d.IO.TableWidth())
	}
	return cmd
}

func newTaskDestroyCommand(d *cmdDeps) *cobra.Command {
	var name string
	var cleanup bool
	cmd := leaf("destroy", "Destroy an existing task", groupTasks, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if _, err := d.Accounts(); err != nil {
			return err
		}
		if err := fl.DestroyTask(cmd.Context(), name, cleanup); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Destroyed task '%s'\n", name)
		return nil
	})
	nameOption(cmd, d, &name, "the name of the task to destroy", completeTaskNames)
	cmd.Flags().BoolVar(&cleanup, "cleanup", false, "also delete the task's execution records (and those of a composed task's children)")
	return cmd
}

func newTaskAllDestroyCommand(d *cmdDeps) *cobra.Command {
	return confirmedBulkCommand(d, "destroy", "Destroy all existing tasks", groupTasks, "Really destroy all tasks?", "All tasks destroyed",
		func(ctx context.Context, fl *flow.Flow) error {
			if _, err := d.Accounts(); err != nil {
				return err
			}
			_, err := fl.DestroyAllTasks(ctx)
			return err
		})
}

func newTaskValidateCommand(d *cmdDeps) *cobra.Command {
	return validateCommand(d, "Validate apps contained in task definitions", groupTasks, "task", completeTaskNames,
		func(ctx context.Context, fl *flow.Flow, name string) (flow.DefinitionView, []flow.AppValidation, error) {
			return fl.ValidateTask(ctx, name)
		})
}

func newTaskPlatformListCommand(d *cmdDeps) *cobra.Command {
	cmd := leaf("platform-list", "List the platforms tasks can be launched on", groupTasks, nil)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return platformList(d, cmd, *format, true, []string{"Platform Name", "Platform Type", "Description"})
	}
	return cmd
}
