package shell

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

// executionCleanupOptions are `task execution cleanup`'s options, and what running it needs.
type executionCleanupOptions struct {
	IO       *IOStreams
	Flow     func(context.Context) (*flow.Flow, error)
	Prompter Prompter

	// Which executions: IDs (a comma list), TaskName or All; exactly one of them.
	IDs      string
	TaskName string
	All      bool
	// RemoveData deletes the execution records too; Force does not ask first.
	RemoveData bool
	Force      bool
	// IncludeNonCompleted takes running executions too (stopped first); OlderThan keeps to executions that
	// ended at least that many days ago (0: any).
	IncludeNonCompleted bool
	OlderThan           int
}

func newTaskExecutionCleanupCommand(d *cmdDeps) *cobra.Command {
	opts := &executionCleanupOptions{IO: d.IO, Flow: d.Flow, Prompter: d.Prompter}
	cmd := leaf("cleanup", "Clean up the platform resources of ended task executions", groupTasks, func(cmd *cobra.Command, args []string) error {
		return runExecutionCleanup(cmd.Context(), opts)
	})
	cmd.Flags().StringVar(&opts.IDs, "id", "", "the ids of the task executions to clean up, comma separated")
	cmd.Flags().BoolVar(&opts.All, "all", false, "clean up every ended task execution")
	cmd.Flags().StringVar(&opts.TaskName, "taskName", "", "clean up the ended executions of this task")
	cmd.Flags().BoolVar(&opts.RemoveData, "removeData", false, "delete the execution records too (SCDF always did)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&opts.IncludeNonCompleted, "includeNonCompleted", false, "include executions that have not ended: they are stopped first")
	cmd.Flags().IntVar(&opts.OlderThan, "olderThan", 0, "only executions that ended at least this many days ago")
	positional(cmd, "id")
	return cmd
}

// request reads the options into flow's request: the ids must be numbers, and exactly one way of choosing the
// executions may be given.
func (o *executionCleanupOptions) request() (flow.CleanupRequest, error) {
	req := flow.CleanupRequest{All: o.All, TaskName: o.TaskName, RemoveData: o.RemoveData, IncludeNonCompleted: o.IncludeNonCompleted,
		OlderThan: time.Duration(o.OlderThan) * 24 * time.Hour}
	if o.OlderThan < 0 {
		return req, usageErrorf("Invalid value '%d' for option '--olderThan': give a number of days", o.OlderThan)
	}
	for _, part := range splitList(o.IDs) {
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return req, usageErrorf("Invalid execution id '%s' in --id: give numbers separated by commas", part)
		}
		req.IDs = append(req.IDs, n)
	}
	selectors := 0
	for _, set := range []bool{len(req.IDs) > 0, o.All, o.TaskName != ""} {
		if set {
			selectors++
		}
	}
	switch {
	case selectors == 0:
		return req, usageErrorf("Give the executions to clean up: --id, --taskName or --all")
	case selectors > 1:
		return req, errors.New("`taskName`, `id` and `all` options are mutually exclusive.")
	}
	return req, nil
}

// runExecutionCleanup removes what ended executions left on their platforms (and with --removeData their
// records), after saying how many and asking, as SCDF does; nobody to ask and no --force is a refusal.
func runExecutionCleanup(ctx context.Context, opts *executionCleanupOptions) error {
	req, err := opts.request()
	if err != nil {
		return err
	}
	fl, err := opts.Flow(ctx)
	if err != nil {
		return err
	}
	targets, err := fl.CleanupTargets(ctx, req, fl.Probe())
	if err != nil {
		return err
	}
	out := opts.IO.Out
	if len(targets) == 0 {
		if opts.IncludeNonCompleted {
			fmt.Fprintln(out, "No task executions available for deletion.")
		} else {
			fmt.Fprintln(out, "No completed task executions available for deletion.")
		}
		return nil
	}
	what := "the platform resources of"
	if opts.RemoveData {
		what = "the platform resources and the records of"
	}
	noun := "task executions"
	if len(targets) == 1 {
		noun = "task execution"
	}
	if ok, err := confirm(opts.Prompter, out, fmt.Sprintf("About to delete %s %d %s. Are you sure (y/n)?", what, len(targets), noun), opts.Force); err != nil || !ok {
		if err == nil {
			fmt.Fprintln(out, "Cleanup process is canceled")
		}
		return err
	}
	if err := fl.CleanupExecutions(ctx, targets, opts.RemoveData); err != nil {
		return err
	}
	if len(req.IDs) > 0 {
		fmt.Fprintf(out, "Request to clean up resources for task execution %s has been submitted\n", strings.Join(splitList(opts.IDs), ", "))
	} else {
		fmt.Fprintln(out, "Request to clean up resources for task executions has been submitted")
	}
	return nil
}
