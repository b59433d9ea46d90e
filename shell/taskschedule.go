package shell

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/shell/render"
)

// groupSchedules is SCDF's help group for `task schedule *` (its class name split into words).
const groupSchedules = "Task Scheduler Commands"

func newTaskScheduleCommand(d *cmdDeps) *cobra.Command {
	return featureNoun(flow.FeatureSchedules, "schedule", "Create, list and destroy task schedules",
		newTaskScheduleCreateCommand(d), newTaskScheduleListCommand(d), newTaskScheduleDestroyCommand(d))
}

// scheduleCreateOptions are `task schedule create`'s options, and what running it needs.
type scheduleCreateOptions struct {
	IO   *IOStreams
	Flow func(context.Context) (*flow.Flow, error)

	// Name names the schedule (and the CronJob: at most 52 characters); DefinitionName is the task to run.
	Name           string
	DefinitionName string
	// Expression is the cron expression: minute hour day-of-month month day-of-week.
	Expression string
	Platform   string
	Properties deployPropertiesOptions
	// Arguments are the command-line arguments of each run, separated by spaces.
	Arguments string
}

func newTaskScheduleCreateCommand(d *cmdDeps) *cobra.Command {
	opts := &scheduleCreateOptions{IO: d.IO, Flow: d.Flow}
	cmd := leaf("create", "Create new task schedule", groupSchedules, func(cmd *cobra.Command, args []string) error {
		return runScheduleCreate(cmd.Context(), opts)
	})
	cmd.Example = `  task schedule create --name nightly-ts --definitionName ts --expression "0 2 * * *" --platform highmemory`
	cmd.Flags().StringVar(&opts.Name, "name", "", "the name of the schedule (it names the CronJob: at most 52 characters)")
	cmd.Flags().StringVar(&opts.DefinitionName, "definitionName", "", "the name of the task definition to schedule")
	cmd.Flags().StringVar(&opts.Expression, "expression", "", "the cron expression: minute hour day-of-month month day-of-week (e.g. \"*/5 * * * *\")")
	opts.Properties.add(cmd, "schedule")
	cmd.Flags().StringVar(&opts.Arguments, "arguments", "", "the command-line arguments for each run (space separated)")
	cmd.Flags().StringVar(&opts.Platform, "platform", "", "the task platform to schedule on (default: the only one that can schedule, or 'default')")
	require(cmd, "name", "definitionName", "expression")
	completeFlagWith(cmd, "definitionName", d, completeTaskNames)
	completeFlagWith(cmd, "platform", d, completeTaskPlatformNames)
	return cmd
}

// runScheduleCreate schedules a task definition on a platform that can schedule. The properties are read
// before the store is opened; flow checks the rest (definition, account, name, expression) before the platform
// is asked, so a refused schedule leaves nothing behind.
func runScheduleCreate(ctx context.Context, opts *scheduleCreateOptions) error {
	props, err := opts.Properties.read()
	if err != nil {
		return err
	}
	fl, err := opts.Flow(ctx)
	if err != nil {
		return err
	}
	args, err := platforms.SplitArguments(opts.Arguments)
	if err != nil {
		return err
	}
	req := flow.ScheduleRequest{Name: opts.Name, DefinitionName: opts.DefinitionName, Expression: opts.Expression,
		Platform: opts.Platform, Properties: props, Arguments: args}
	if _, err := fl.CreateSchedule(ctx, req); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Created schedule '%s'\n", opts.Name)
	return nil
}

func newTaskScheduleListCommand(d *cmdDeps) *cobra.Command {
	var platform, definitionName string
	cmd := leaf("list", "List task schedules by task definition name", groupSchedules, nil)
	cmd.Flags().StringVar(&platform, "platform", "", "only the schedules of this task platform")
	cmd.Flags().StringVar(&definitionName, "definitionName", "", "only the schedules of this task definition")
	completeFlagWith(cmd, "platform", d, completeTaskPlatformNames)
	completeFlagWith(cmd, "definitionName", d, completeTaskNames)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkFormat(*format); err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		list, err := fl.Schedules(cmd.Context(), platform, definitionName)
		if err != nil {
			return err
		}
		// What the table shows is the store's; what the platforms no longer have is said beside it.
		for _, line := range fl.ScheduleDrift(cmd.Context(), list) {
			fmt.Fprintln(d.IO.ErrOut, "Warning: "+line)
		}
		return d.printListing(*format, list, func() render.Table {
			t := render.Table{Headers: []string{"Schedule Name", "Task Definition Name", "Properties"}}
			for _, s := range list {
				t.Rows = append(t.Rows, []string{s.Name, s.DefinitionName, propertyCell(s.Properties)})
			}
			return t
		})
	}
	return cmd
}

func newTaskScheduleDestroyCommand(d *cmdDeps) *cobra.Command {
	var name, platform string
	cmd := leaf("destroy", "Delete task schedule", groupSchedules, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if err := fl.DestroySchedule(cmd.Context(), name, platform); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Deleted task schedule '%s'\n", name)
		return nil
	})
	cmd.Flags().StringVar(&name, "name", "", "the name of the schedule to delete")
	cmd.Flags().StringVar(&platform, "platform", "", "the task platform the schedule is on (checked when given)")
	require(cmd, "name")
	completeFlagWith(cmd, "name", d, completeScheduleNames)
	completeFlagWith(cmd, "platform", d, completeTaskPlatformNames)
	return cmd
}
