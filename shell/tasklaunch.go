package shell

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/internal/supervisor"
	"github.com/dataflow-cli/dataflow/platforms"
)

// taskLaunchOptions are `task launch`'s options, and what running it needs.
type taskLaunchOptions struct {
	IO        *IOStreams
	Accounts  func() (*flow.Accounts, error)
	Platforms func() *flow.Platforms
	Flow      func(context.Context) (*flow.Flow, error)
	// Supervisor starts the background runner of a detached composed graph.
	Supervisor func() supervisor.Binary

	Name     string
	Platform string
	// Properties is SCDF's comma list (app.<app>.<key>=<value>, deployer..., scheduler..., version...);
	// PropertiesFile a .properties or YAML file of them. One of the two may be given.
	Properties     string
	PropertiesFile string
	// Arguments are the command-line arguments of the run, separated by spaces.
	Arguments string
	// Detach runs a composed task's graph in a background dataflow process that outlives the shell.
	Detach bool
}

func newTaskLaunchCommand(d *cmdDeps) *cobra.Command {
	opts := &taskLaunchOptions{IO: d.IO, Accounts: d.Accounts, Platforms: d.Platforms, Flow: d.Flow, Supervisor: d.Supervisor}
	cmd := leaf("launch", "Launch a previously created task", groupTasks, func(cmd *cobra.Command, args []string) error {
		return runTaskLaunch(cmd.Context(), opts)
	})
	cmd.Long = `Launch a previously created task.

With a task database configured (taskDatabase in the configuration, or SCDF's spring.datasource imported with
'platform import'), the execution's row is created there first and the app is given the datasource
(spring.datasource.url, driverClassName, username; the password as SPRING_DATASOURCE_PASSWORD, never an
argument), the table prefixes of its schema target and --spring.cloud.task.executionid, so Spring Cloud Task and
Spring Batch record the run, its arguments, exit and error messages and batch jobs there.

Without a task database the app gets no execution id (Spring Cloud Task could not find it and would stop at
start), and dataflow records what the platform reports: the start, the end and the exit code of the process or
container, and the platform's reason for a failure. See docs/tasks.md.`
	nameOption(cmd, d, &opts.Name, "the name of the task to launch", completeTaskNames)
	cmd.Flags().StringVar(&opts.Properties, "properties", "", "the properties for this launch (app.<app>.<key>=<value>, comma separated)")
	cmd.Flags().StringVar(&opts.PropertiesFile, "propertiesFile", "", "a .properties or .yaml file with the properties for this launch")
	cmd.Flags().StringVar(&opts.Arguments, "arguments", "", "the command-line arguments for this launch (space separated)")
	cmd.Flags().StringVar(&opts.Platform, "platformName", "", "the task platform to launch on (default: the only one, or 'default')")
	cmd.Flags().BoolVar(&opts.Detach, "detach", false, "run a composed task's graph in a background dataflow process that outlives the shell")
	completeFlagWith(cmd, "platformName", d, completeTaskPlatformNames)
	return cmd
}

// runTaskLaunch launches a task, or runs a composed task's graph (in the foreground, or detached). Properties
// are checked before anything is opened. The account's launcher is warmed up (it connects while the store opens
// and the execution is recorded), unless the graph is handed to another process.
func runTaskLaunch(ctx context.Context, opts *taskLaunchOptions) error {
	props, err := (&deployPropertiesOptions{inline: opts.Properties, file: opts.PropertiesFile}).read()
	if err != nil {
		return err
	}
	if err := checkLaunchKeys(props); err != nil {
		return err
	}
	accounts, err := opts.Accounts()
	if err != nil {
		return err
	}
	if acc, err := accounts.TaskAccount(opts.Platform); err == nil && !opts.Detach {
		opts.Platforms().WarmLauncher(ctx, acc)
	}
	fl, err := opts.Flow(ctx)
	if err != nil {
		return err
	}
	args, err := platforms.SplitArguments(opts.Arguments)
	if err != nil {
		return err
	}
	req := flow.LaunchRequest{Name: opts.Name, Platform: opts.Platform, Properties: props, Arguments: args}
	composed, err := fl.IsComposedTask(ctx, opts.Name)
	if err != nil {
		return err
	}
	if composed {
		return launchComposed(ctx, opts, fl, req)
	}
	id, err := fl.LaunchTask(ctx, req)
	if err != nil {
		return err
	}
	target, err := fl.LaunchSchemaTarget(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Launched task '%s' with execution id %d, schemaTarget %s\n", opts.Name, id, target)
	return nil
}

// launchComposed runs a composed task's graph here, a line per step (its steps are tasks of their own), or with
// --detach hands it to a background process and returns at once.
func launchComposed(ctx context.Context, opts *taskLaunchOptions, fl *flow.Flow, req flow.LaunchRequest) error {
	out := opts.IO.Out
	if opts.Detach {
		id, err := opts.Supervisor().StartComposed(ctx, fl, req)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Launched composed task '%s' with execution id %d in the background ('task execution list' shows its steps)\n", opts.Name, id)
		return nil
	}
	id, err := fl.RunComposedTask(ctx, req, func(line string) { fmt.Fprintln(out, line) })
	if id > 0 && err == nil {
		fmt.Fprintf(out, "Composed task '%s' (execution id %d) completed\n", opts.Name, id)
	}
	return err
}
