package shell

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

func newTaskLaunchCommand(d *cmdDeps) *cobra.Command {
	var name, platform, properties, arguments string
	var detach bool
	cmd := leaf("launch", "Launch a previously created task", groupTasks, func(cmd *cobra.Command, args []string) error {
		props, err := parseLaunchProperties(properties)
		if err != nil {
			return err
		}
		accounts, err := d.Accounts()
		if err != nil {
			return err
		}
		if acc, err := accounts.TaskAccount(platform); err == nil && !detach { // a detached graph is launched by another process
			d.Platforms().WarmLauncher(cmd.Context(), acc)
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		req := flow.LaunchRequest{Name: name, Platform: platform, Properties: props, Arguments: strings.Fields(arguments)}
		composed, err := fl.IsComposedTask(cmd.Context(), name)
		if err != nil {
			return err
		}
		if composed && detach {
			id, err := d.Supervisor().StartComposed(cmd.Context(), fl, req)
			if err != nil {
				return err
			}
			fmt.Fprintf(d.IO.Out, "Launched composed task '%s' with execution id %d in the background ('task execution list' shows its steps)\n", name, id)
			return nil
		}
		if composed {
			// The graph runs here, in the foreground, with a line per step; its steps are tasks of their own.
			id, err := fl.RunComposedTask(cmd.Context(), req, func(line string) { fmt.Fprintln(d.IO.Out, line) })
			if id > 0 && err == nil {
				fmt.Fprintf(d.IO.Out, "Composed task '%s' (execution id %d) completed\n", name, id)
			}
			return err
		}
		id, err := fl.LaunchTask(cmd.Context(), req)
		if err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Launched task '%s' with execution id %d\n", name, id)
		return nil
	})
	nameOption(cmd, d, &name, "the name of the task to launch", completeTaskNames)
	cmd.Flags().StringVar(&properties, "properties", "", "the properties for this launch (app.<app>.<key>=<value>, comma separated)")
	cmd.Flags().StringVar(&arguments, "arguments", "", "the command-line arguments for this launch (space separated)")
	cmd.Flags().StringVar(&platform, "platformName", "", "the task platform to launch on (default: the only one, or 'default')")
	cmd.Flags().BoolVar(&detach, "detach", false, "run a composed task's graph in a background dataflow process that outlives the shell")
	completeFlagWith(cmd, "platformName", d, completeTaskPlatformNames)
	return cmd
}
