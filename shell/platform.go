package shell

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

func newPlatformCommand(d *cmdDeps) *cobra.Command {
	return noun("platform", "Configure the platform accounts streams and tasks run on", newPlatformImportCommand(d), newPlatformListCommand(d))
}

// platformList renders `stream platform-list` and `task platform-list` from the same rows.
func platformList(d *cmdDeps, cmd *cobra.Command, format string, forTasks bool, headers []string) error {
	accounts, err := d.Accounts()
	if err != nil {
		return err
	}
	rows := accounts.StreamPlatforms()
	if forTasks {
		rows = accounts.TaskPlatforms()
	}
	return d.printListing(format, rows, func() render.Table {
		t := render.Table{Headers: headers}
		for _, r := range rows {
			t.Rows = append(t.Rows, []string{r.Name, r.Type, r.Description})
		}
		return t
	})
}

func newPlatformListCommand(d *cmdDeps) *cobra.Command {
	cmd := leaf("list", "List every configured account, for streams and for tasks", groupPlatform, nil)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		accounts, err := d.Accounts()
		if err != nil {
			return err
		}
		type row struct {
			For string `json:"for" yaml:"for"`
			flow.PlatformRow
		}
		var rows []row
		for _, r := range accounts.StreamPlatforms() {
			rows = append(rows, row{"streams", r})
		}
		for _, r := range accounts.TaskPlatforms() {
			rows = append(rows, row{"tasks", r})
		}
		return d.printListing(*format, rows, func() render.Table {
			t := render.Table{Headers: []string{"For", "Name", "Type", "Description"}}
			for _, r := range rows {
				t.Rows = append(t.Rows, []string{r.For, r.Name, r.Type, r.Description})
			}
			return t
		})
	}
	return cmd
}

func newPlatformImportCommand(d *cmdDeps) *cobra.Command {
	var file string
	var fromEnv bool
	cmd := leaf("import", "Import platform accounts from SCDF's own configuration", groupPlatform, func(cmd *cobra.Command, args []string) error {
		if (file == "") == !fromEnv {
			return usageErrorf("Give exactly one of '--file' or '--fromEnv'")
		}
		accounts, err := d.accountsAllowingNew()
		if err != nil {
			return err
		}
		var report flow.ImportReport
		if fromEnv {
			report, err = accounts.ImportEnvironment(d.Environ())
		} else {
			var data []byte
			if data, err = readLocalFile(file); err != nil {
				return err
			}
			report, err = accounts.ImportFile(file, data)
		}
		if err != nil {
			return err
		}
		if len(report.Streams)+len(report.Tasks) == 0 && report.TaskDatabase == "" && !report.Maven {
			return fmt.Errorf("no platform accounts found in %s", report.Source)
		}
		if len(report.Streams) > 0 {
			fmt.Fprintf(d.IO.Out, "Imported stream platform accounts: [%s]\n", strings.Join(report.Streams, ", "))
		}
		if len(report.Tasks) > 0 {
			fmt.Fprintf(d.IO.Out, "Imported task platform accounts: [%s]\n", strings.Join(report.Tasks, ", "))
		}
		if report.TaskDatabase != "" {
			fmt.Fprintf(d.IO.Out, "Imported the task database: %s\n", report.TaskDatabase)
		}
		if report.Maven {
			fmt.Fprintf(d.IO.Out, "Imported maven settings (remote repositories: [%s])\n", strings.Join(report.MavenRepositories, ", "))
		}
		for _, w := range report.Warnings {
			fmt.Fprintf(d.IO.ErrOut, "Warning: %s\n", w)
		}
		fmt.Fprintf(d.IO.Out, "Saved to %s\n", report.ConfigPath)
		return nil
	})
	cmd.Flags().StringVar(&file, "file", "", "a Kubernetes ConfigMap, Spring Boot application.yaml/.properties or Cloud Foundry manifest.yml")
	cmd.Flags().BoolVar(&fromEnv, "fromEnv", false, "read SPRING_APPLICATION_JSON and relaxed-binding SPRING_CLOUD_* variables from the environment")
	positional(cmd, "file")
	return cmd
}
