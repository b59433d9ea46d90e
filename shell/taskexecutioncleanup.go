package shell

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

func newTaskExecutionCleanupCommand(d *cmdDeps) *cobra.Command {
	var ids, taskName string
	var all, removeData, force bool
	cmd := leaf("cleanup", "Clean up the platform resources of ended task executions", groupTasks, func(cmd *cobra.Command, args []string) error {
		req := flow.CleanupRequest{All: all, TaskName: taskName, RemoveData: removeData}
		for _, part := range splitList(ids) {
			n, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				return usageErrorf("Invalid execution id '%s' in --id: give numbers separated by commas", part)
			}
			req.IDs = append(req.IDs, n)
		}
		selectors := 0
		for _, set := range []bool{len(req.IDs) > 0, all, taskName != ""} {
			if set {
				selectors++
			}
		}
		switch {
		case selectors == 0:
			return usageErrorf("Give the executions to clean up: --id, --taskName or --all")
		case selectors > 1:
			return errors.New("`taskName`, `id` and `all` options are mutually exclusive.")
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		targets, err := fl.CleanupTargets(cmd.Context(), req, fl.Probe())
		if err != nil {
			return err
		}
		if len(targets) == 0 {
			fmt.Fprintln(d.IO.Out, "No completed task executions available for deletion.")
			return nil
		}
		what := "the platform resources of"
		if removeData {
			what = "the platform resources and the records of"
		}
		noun := "task executions"
		if len(targets) == 1 {
			noun = "task execution"
		}
		if ok, err := confirm(d.Prompter, d.IO.Out, fmt.Sprintf("About to delete %s %d %s. Are you sure (y/n)?", what, len(targets), noun), force); err != nil || !ok {
			if err == nil {
				fmt.Fprintln(d.IO.Out, "Cleanup process is canceled")
			}
			return err
		}
		if err := fl.CleanupExecutions(cmd.Context(), targets, removeData); err != nil {
			return err
		}
		if len(req.IDs) > 0 {
			fmt.Fprintf(d.IO.Out, "Request to clean up resources for task execution %s has been submitted\n", strings.Join(splitList(ids), ", "))
		} else {
			fmt.Fprintln(d.IO.Out, "Request to clean up resources for task executions has been submitted")
		}
		return nil
	})
	cmd.Flags().StringVar(&ids, "id", "", "the ids of the task executions to clean up, comma separated")
	cmd.Flags().BoolVar(&all, "all", false, "clean up every ended task execution")
	cmd.Flags().StringVar(&taskName, "taskName", "", "clean up the ended executions of this task")
	cmd.Flags().BoolVar(&removeData, "removeData", false, "delete the execution records too (SCDF always did)")
	cmd.Flags().BoolVar(&force, "force", false, "do not ask for confirmation")
	positional(cmd, "id")
	return cmd
}
