package shell

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

func newStreamDeployCommand(d *cmdDeps) *cobra.Command {
	var name, platform string
	var props deployPropertiesOptions
	var wait, dryRun bool
	var timeout time.Duration
	cmd := leaf("deploy", "Deploy a previously created stream", groupStreams, func(cmd *cobra.Command, args []string) error {
		p, err := props.read()
		if err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		req := flow.StreamDeployRequest{Name: name, Platform: platform, Properties: p}
		if dryRun {
			text, err := fl.RenderStreamDeploy(cmd.Context(), req)
			if err == nil {
				fmt.Fprint(d.IO.Out, text)
			}
			return err
		}
		rel, err := fl.DeployStream(cmd.Context(), req)
		if err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Deployment request has been sent for stream '%s'\n", name)
		if !wait {
			return nil
		}
		return fl.WaitStreamDeployed(cmd.Context(), rel, flow.UpgradeOptions{Timeout: timeout, Progress: d.progress()})
	})
	nameOption(cmd, d, &name, "the name of the stream to deploy", completeStreamNames)
	props.add(cmd, "deployment")
	cmd.Flags().StringVar(&platform, "platformName", "", "the name of the platform account to deploy to (default: the only one, or 'default')")
	completeFlagWith(cmd, "platformName", d, completeStreamPlatforms)
	cmd.Flags().String("packageVersion", "1.0.0", "the package version (kept for SCDF scripts; streams have one package)")
	cmd.Flags().String("repoName", "local", "the package repository (kept for SCDF scripts)")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until every app is deployed, showing progress")
	cmd.Flags().DurationVar(&timeout, "timeout", flow.DefaultUpgradeTimeout, "how long --wait waits")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be created on the platform, and change nothing")
	cmd.Example = `  stream deploy foo --platformName kafkazone --properties "deployer.cassandra.count=2,app.predict.model=v2"`
	return cmd
}

func newStreamUndeployCommand(d *cmdDeps) *cobra.Command {
	var name string
	cmd := leaf("undeploy", "Un-deploy a previously deployed stream", groupStreams, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if err := fl.UndeployStream(cmd.Context(), name); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Un-deployed stream '%s'\n", name)
		return nil
	})
	nameOption(cmd, d, &name, "the name of the stream to un-deploy", completeStreamNames)
	return cmd
}

func newStreamUpdateCommand(d *cmdDeps) *cobra.Command {
	var name, appNames string
	var props deployPropertiesOptions
	var force bool
	var timeout time.Duration
	cmd := leaf("update", "Update a previously created stream", groupStreams, func(cmd *cobra.Command, args []string) error {
		p, err := props.read()
		if err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		req := flow.StreamUpdateRequest{Name: name, Properties: p, Force: force, AppNames: splitList(appNames),
			Wait: flow.UpgradeOptions{Timeout: timeout, Progress: d.progress()}}
		if _, err := fl.UpdateStream(cmd.Context(), req); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Update request has been sent for the stream '%s'\n", name)
		return nil
	})
	nameOption(cmd, d, &name, "the name of the stream to update", completeStreamNames)
	props.add(cmd, "update")
	cmd.Flags().BoolVar(&force, "force", false, "update even the apps whose properties did not change")
	cmd.Flags().StringVar(&appNames, "appNames", "", "the apps to update when forced (comma-separated)")
	cmd.Flags().String("packageVersion", "", "the package version (kept for SCDF scripts)")
	cmd.Flags().String("repoName", "", "the package repository (kept for SCDF scripts)")
	cmd.Flags().DurationVar(&timeout, "timeout", flow.DefaultUpgradeTimeout, "how long the new apps have to become ready")
	return cmd
}

func newStreamRollbackCommand(d *cmdDeps) *cobra.Command {
	var name string
	var version int
	var timeout time.Duration
	cmd := leaf("rollback", "Rollback a stream using a previous version", groupStreams, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if _, err := fl.RollbackStream(cmd.Context(), flow.StreamRollbackRequest{Name: name, Version: version,
			Wait: flow.UpgradeOptions{Timeout: timeout, Progress: d.progress()}}); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Rollback request has been sent for the stream '%s'\n", name)
		return nil
	})
	nameOption(cmd, d, &name, "the name of the stream to rollback", completeStreamNames)
	cmd.Flags().IntVar(&version, "releaseVersion", 0, "the release version to rollback to (0: the previous one)")
	cmd.Flags().DurationVar(&timeout, "timeout", flow.DefaultUpgradeTimeout, "how long the apps have to become ready")
	return cmd
}

// releaseView is a row of `stream history`.
type releaseView struct {
	Version        int    `json:"version" yaml:"version"`
	LastUpdated    string `json:"lastUpdated" yaml:"lastUpdated"`
	Status         string `json:"status" yaml:"status"`
	PackageName    string `json:"packageName" yaml:"packageName"`
	PackageVersion string `json:"packageVersion" yaml:"packageVersion"`
	Platform       string `json:"platformName" yaml:"platformName"`
	Description    string `json:"description" yaml:"description"`
}

func newStreamHistoryCommand(d *cmdDeps) *cobra.Command {
	var name string
	cmd := leaf("history", "Get history for the stream deployed using Skipper", groupStreams, nil)
	nameOption(cmd, d, &name, "the name of the stream", completeStreamNames)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		list, err := fl.StreamHistory(cmd.Context(), name)
		if err != nil {
			return err
		}
		views := make([]releaseView, len(list))
		for i, r := range list {
			views[i] = releaseView{r.Version, d.formatTime(r.LastDeployed), r.Status, r.Name, r.PackageVersion, r.Platform, r.Description}
		}
		return d.printListing(*format, views, func() render.Table {
			t := render.Table{Headers: []string{"Version", "Last updated", "Status", "Package Name", "Package Version", "Description"}}
			for _, v := range views {
				t.Rows = append(t.Rows, []string{strconv.Itoa(v.Version), v.LastUpdated, v.Status, v.PackageName, v.PackageVersion, v.Description})
			}
			return t
		})
	}
	return cmd
}

func newStreamManifestCommand(d *cmdDeps) *cobra.Command {
	var name string
	var version int
	cmd := leaf("manifest", "Get manifest for the stream deployed using Skipper", groupStreams, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		m, err := fl.StreamManifest(cmd.Context(), name, version)
		if err != nil {
			return err
		}
		fmt.Fprint(d.IO.Out, m)
		return nil
	})
	nameOption(cmd, d, &name, "the name of the stream", completeStreamNames)
	cmd.Flags().IntVar(&version, "releaseVersion", 0, "the release version (0: the latest)")
	return cmd
}
