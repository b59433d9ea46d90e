package shell

import "github.com/spf13/cobra"

func newStreamCommand(f *Factory) *cobra.Command {
	return noun("stream", "Create, deploy and inspect streams", newStreamPlatformListCommand(f))
}
