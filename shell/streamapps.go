package shell

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newStreamScaleCommand(d *cmdDeps) *cobra.Command {
	var name, app string
	var count int
	cmd := leaf("instances", "Scale application instances in a stream", groupStreams, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if err := fl.ScaleStreamApp(cmd.Context(), name, app, count); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Scale request has been sent for the stream '%s'\n", name)
		return nil
	})
	nameOption(cmd, d, &name, "the name of the stream to scale", completeStreamNames)
	cmd.Flags().StringVar(&app, "applicationName", "", "the name or label of the app to scale")
	cmd.Flags().IntVar(&count, "count", 0, "the number of instances")
	cmd.Flags().String("properties", "", "the properties for the scale (kept for SCDF scripts)")
	require(cmd, "applicationName", "count")
	return noun("scale", "Scale the apps of a stream", noun("app", "Scale one app of a stream", cmd))
}

func newStreamLogsCommand(d *cmdDeps) *cobra.Command {
	var name, app string
	var lf logFlags
	cmd := leaf("logs", "Retrieve application logs of the stream", groupStreams, func(cmd *cobra.Command, args []string) error {
		opts, err := lf.options()
		if err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		err = fl.StreamLogs(cmd.Context(), name, app, opts, d.IO.Out)
		return endOfFollow(cmd.Context(), opts, err)
	})
	nameOption(cmd, d, &name, "the name of the stream", completeStreamNames)
	cmd.Flags().StringVar(&app, "app", "", "the app whose logs to show (default: every app)")
	addLogFlags(cmd, &lf)
	return cmd
}
