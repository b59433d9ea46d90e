package shell

import "github.com/spf13/cobra"

func newTaskCommand(f *Factory) *cobra.Command {
	return noun("task", "Create, launch and inspect tasks", newTaskPlatformListCommand(f))
}
