package shell

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func newAppImportCommand(d *cmdDeps) *cobra.Command {
	var uri string
	var local, force bool
	cmd := leaf("import", "Register all applications listed in a properties file", groupApps, func(cmd *cobra.Command, args []string) error {
		content, err := readResource(cmd, uri)
		if err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		res, err := fl.ImportApps(cmd.Context(), uri, content, force)
		if err != nil {
			return fmt.Errorf("Error when registering applications from %s: %v", uri, err)
		}
		switch {
		case len(res.Skipped) == 0:
			fmt.Fprintf(d.IO.Out, "Successfully registered applications: [%s]\n", strings.Join(res.Registered, ", "))
		case len(res.Registered) == 0:
			fmt.Fprintf(d.IO.Out, "No new applications: all %d were already registered (use --force to replace them): [%s]\n", len(res.Skipped), strings.Join(res.Skipped, ", "))
		default:
			fmt.Fprintf(d.IO.Out, "Successfully registered %d applications from [%s]\n", len(res.Registered), strings.Join(res.Registered, ", "))
			fmt.Fprintf(d.IO.Out, "Already registered, left as they were (use --force to replace): [%s]\n", strings.Join(res.Skipped, ", "))
		}
		return nil
	})
	cmd.Flags().StringVar(&uri, "uri", "", "a file path, file: or http(s):// URL of an app properties file")
	cmd.Flags().BoolVar(&local, "local", true, "read the file in the shell (there is no server, so this is always true)")
	cmd.Flags().BoolVar(&force, "force", false, "replace applications that are already registered")
	require(cmd, "uri")
	positional(cmd, "uri")
	return cmd
}
