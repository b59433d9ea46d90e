package shell

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/internal/supervisor"
)

// newSuperviseCommand is the hidden supervisor of a local task or stream app (internal/supervisor): the local
// platform starts `dataflow __supervise` around every run.
func newSuperviseCommand(d *cmdDeps) *cobra.Command {
	run := supervisor.Run{Signals: d.stopSignals, Flow: d.Flow, Stdout: os.Stdout, Stderr: os.Stderr}
	cmd := &cobra.Command{Use: supervisor.SuperviseCommand, Hidden: true, Args: cobra.MinimumNArgs(1), RunE: func(cmd *cobra.Command, args []string) error {
		run.Command = args
		return supervisor.Supervise(cmd.Context(), run)
	}}
	cmd.Flags().Int64Var(&run.Execution, "execution", 0, "the execution to record")
	cmd.Flags().StringVar(&run.ExitFile, "exit-file", "", "the file to write the exit code to (stream apps)")
	return cmd
}

// newComposeCommand is the hidden background runner of `task launch --detach` (internal/supervisor).
func newComposeCommand(d *cmdDeps) *cobra.Command {
	run := supervisor.ComposedRun{Request: d.IO.In, Log: d.IO.Out, Accounts: d.Accounts}
	cmd := &cobra.Command{Use: supervisor.ComposeCommand, Hidden: true, Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		// SIGTERM cancels the graph; its end is still recorded.
		return supervisor.RunComposed(cmd.Context(), fl, run)
	}}
	cmd.Flags().Int64Var(&run.Execution, "execution", 0, "the parent execution to run")
	return cmd
}
