package shell

import (
	"fmt"

	"github.com/spf13/cobra"
)

// taskExecutionLogOptions are `task execution log`'s options.
type taskExecutionLogOptions struct {
	id         int64
	externalID string
	platform   string
	logs       logFlags
}

func newTaskExecutionLogCommand(d *cmdDeps) *cobra.Command {
	o := &taskExecutionLogOptions{}
	cmd := leaf("log", "Retrieve task execution log", groupTasks, func(cmd *cobra.Command, args []string) error {
		idSet := cmd.Flags().Changed("id")
		switch {
		case !idSet && o.externalID == "":
			return usageErrorf("One of --id or --externalExecutionId must be given")
		case idSet && o.externalID != "":
			return usageErrorf("Give --id or --externalExecutionId, not both")
		}
		opts, err := o.logs.options()
		if err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		ctx := cmd.Context()
		if o.externalID != "" {
			err = fl.ExecutionLogByExternalID(ctx, o.externalID, o.platform, opts, d.IO.Out)
			return endOfFollow(ctx, opts, err)
		}
		if o.platform != "" {
			e, err := fl.Execution(ctx, o.id, nil)
			if err != nil {
				return err
			}
			if e.Platform != o.platform {
				return fmt.Errorf("task execution %d ran on platform '%s', not on '%s'", o.id, e.Platform, o.platform)
			}
		}
		err = fl.ExecutionLog(ctx, o.id, opts, d.IO.Out)
		return endOfFollow(ctx, opts, err)
	})
	cmd.Flags().Int64Var(&o.id, "id", 0, "the task execution id")
	cmd.Flags().StringVar(&o.externalID, "externalExecutionId", "", "the id the platform gave the run (the pod's or the Cloud Foundry task's name)")
	cmd.Flags().StringVar(&o.platform, "platform", "", "the platform of the task execution")
	completeFlagWith(cmd, "platform", d, completeTaskPlatformNames)
	addLogFlags(cmd, &o.logs)
	positional(cmd, "id")
	return cmd
}
