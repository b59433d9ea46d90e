package shell

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

// streamDeployOptions are `stream deploy`'s options, and what running it needs.
type streamDeployOptions struct {
	IO   *IOStreams
	Flow func(context.Context) (*flow.Flow, error)

	Name       string
	Platform   string
	Properties deployPropertiesOptions
	// Wait waits until every app is deployed, at most Timeout.
	Wait    bool
	Timeout time.Duration
	// DryRun prints what would be created on the platform instead.
	DryRun bool
	// Color colours the update plan a dry run of a deployed stream prints.
	Color bool
}

func newStreamDeployCommand(d *cmdDeps) *cobra.Command {
	opts := &streamDeployOptions{IO: d.IO, Flow: d.Flow, Color: colorOutput(d.IO, d.Getenv)}
	cmd := leaf("deploy", "Deploy a previously created stream", groupStreams, func(cmd *cobra.Command, args []string) error {
		return runStreamDeploy(cmd.Context(), opts)
	})
	nameOption(cmd, d, &opts.Name, "the name of the stream to deploy", completeStreamNames)
	opts.Properties.add(cmd, "deployment")
	cmd.Flags().StringVar(&opts.Platform, "platformName", "", "the name of the platform account to deploy to (default: the only one, or 'default')")
	completeFlagWith(cmd, "platformName", d, completeStreamPlatforms)
	cmd.Flags().String("packageVersion", "1.0.0", "the package version (kept for SCDF scripts; streams have one package)")
	cmd.Flags().String("repoName", "local", "the package repository (kept for SCDF scripts)")
	cmd.Flags().BoolVar(&opts.Wait, "wait", false, "wait until every app is deployed, showing progress")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", flow.DefaultUpgradeTimeout, "how long --wait waits")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print what would be created on the platform, and change nothing")
	cmd.Example = `  stream deploy foo --platformName kafkazone --properties "deployer.cassandra.count=2,app.predict.model=v2"`
	return cmd
}

// runStreamDeploy installs a stream's first (or next) release. The properties are read and checked before the
// store is opened, so options that contradict each other change nothing.
func runStreamDeploy(ctx context.Context, opts *streamDeployOptions) error {
	props, err := opts.Properties.read()
	if err != nil {
		return err
	}
	fl, err := opts.Flow(ctx)
	if err != nil {
		return err
	}
	req := flow.StreamDeployRequest{Name: opts.Name, Platform: opts.Platform, Properties: props}
	if opts.DryRun {
		text, err := fl.RenderStreamDeploy(ctx, req)
		if errors.Is(err, &flow.Error{Code: flow.CodeStreamAlreadyDeployed}) {
			printDeployedStreamPlan(ctx, fl, opts, req)
		}
		if err == nil {
			fmt.Fprint(opts.IO.Out, text)
		}
		return err
	}
	rel, err := fl.DeployStream(ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Deployment request has been sent for stream '%s'\n", opts.Name)
	if !opts.Wait {
		return nil
	}
	return fl.WaitStreamDeployed(ctx, rel, flow.UpgradeOptions{Timeout: opts.Timeout, Progress: progressTo(opts.IO)})
}

// printDeployedStreamPlan shows, for a dry run of a deploy that the deploy refuses because the stream is deployed,
// what the command that changes a deployed stream would do with the same properties: the user asked what the
// properties would change, and `stream update` is how they would. The dry run still fails as the deploy would.
func printDeployedStreamPlan(ctx context.Context, fl *flow.Flow, opts *streamDeployOptions, req flow.StreamDeployRequest) {
	plan, err := fl.PlanStreamUpdate(ctx, flow.StreamUpdateRequest{Name: req.Name, Properties: req.Properties})
	w := opts.IO.Out
	switch {
	case errors.Is(err, &flow.Error{Code: flow.CodeNothingToUpgrade}):
		fmt.Fprintf(w, "Stream '%s' is deployed; 'stream update' with these properties would change nothing.\n", req.Name)
		return
	case err != nil:
		fmt.Fprintf(w, "Stream '%s' is deployed; 'stream update' with these properties would be refused: %v\n", req.Name, err)
		return
	}
	fmt.Fprintf(w, "Stream '%s' is deployed: 'stream deploy' refuses it. 'stream update' with these properties would do this:\n", req.Name)
	if req.Platform != "" && req.Platform != plan.Platform {
		fmt.Fprintf(w, "Note: an update keeps the stream on platform '%s'; to move it to '%s', undeploy it and deploy it there.\n",
			plan.Platform, req.Platform)
	}
	fmt.Fprint(w, planText(plan, opts.Color))
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

// streamUpdateOptions are `stream update`'s options, and what running it needs.
type streamUpdateOptions struct {
	IO   *IOStreams
	Flow func(context.Context) (*flow.Flow, error)

	Name       string
	Properties deployPropertiesOptions
	// Force deploys again the apps named in AppNames (a comma list; all of them when empty), changed or not.
	Force    bool
	AppNames string
	// Timeout is how long the new apps have to become ready.
	Timeout time.Duration
	// Plan prints what the update would change instead (--dryRun).
	Plan planOptions
}

func newStreamUpdateCommand(d *cmdDeps) *cobra.Command {
	opts := &streamUpdateOptions{IO: d.IO, Flow: d.Flow}
	cmd := leaf("update", "Update a previously created stream", groupStreams, func(cmd *cobra.Command, args []string) error {
		return runStreamUpdate(cmd.Context(), opts)
	})
	nameOption(cmd, d, &opts.Name, "the name of the stream to update", completeStreamNames)
	opts.Properties.add(cmd, "update")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "update even the apps whose properties did not change")
	cmd.Flags().StringVar(&opts.AppNames, "appNames", "", "the apps to update when forced (comma-separated)")
	cmd.Flags().String("packageVersion", "", "the package version (kept for SCDF scripts)")
	cmd.Flags().String("repoName", "", "the package repository (kept for SCDF scripts)")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", flow.DefaultUpgradeTimeout, "how long the new apps have to become ready")
	opts.Plan.add(cmd, d, "update")
	return cmd
}

// runStreamUpdate upgrades a deployed stream with new properties; flow decides which apps change and waits for
// them (app names without --force is flow's refusal, so it is the same for every caller).
func runStreamUpdate(ctx context.Context, opts *streamUpdateOptions) error {
	if err := opts.Plan.check(); err != nil {
		return err
	}
	props, err := opts.Properties.read()
	if err != nil {
		return err
	}
	fl, err := opts.Flow(ctx)
	if err != nil {
		return err
	}
	req := flow.StreamUpdateRequest{Name: opts.Name, Properties: props, Force: opts.Force, AppNames: splitList(opts.AppNames),
		Wait: flow.UpgradeOptions{Timeout: opts.Timeout, Progress: progressTo(opts.IO)}}
	if opts.Plan.DryRun {
		plan, err := fl.PlanStreamUpdate(ctx, req)
		if err != nil {
			return err
		}
		return opts.Plan.print(opts.IO.Out, plan)
	}
	if _, err := fl.UpdateStream(ctx, req); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Update request has been sent for the stream '%s'\n", opts.Name)
	return nil
}

// streamRollbackOptions are `stream rollback`'s options, and what running it needs.
type streamRollbackOptions struct {
	IO   *IOStreams
	Flow func(context.Context) (*flow.Flow, error)

	Name    string
	Version int
	Timeout time.Duration
	// Plan prints what the rollback would change instead (--dryRun).
	Plan planOptions
}

func newStreamRollbackCommand(d *cmdDeps) *cobra.Command {
	opts := &streamRollbackOptions{IO: d.IO, Flow: d.Flow}
	cmd := leaf("rollback", "Rollback a stream using a previous version", groupStreams, func(cmd *cobra.Command, args []string) error {
		return runStreamRollback(cmd.Context(), opts)
	})
	nameOption(cmd, d, &opts.Name, "the name of the stream to rollback", completeStreamNames)
	cmd.Flags().IntVar(&opts.Version, "releaseVersion", 0, "the release version to rollback to (0: the previous one)")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", flow.DefaultUpgradeTimeout, "how long the apps have to become ready")
	opts.Plan.add(cmd, d, "rollback")
	return cmd
}

// runStreamRollback goes back to an earlier release, or with --dryRun prints what that would change.
func runStreamRollback(ctx context.Context, opts *streamRollbackOptions) error {
	if err := opts.Plan.check(); err != nil {
		return err
	}
	fl, err := opts.Flow(ctx)
	if err != nil {
		return err
	}
	req := flow.StreamRollbackRequest{Name: opts.Name, Version: opts.Version,
		Wait: flow.UpgradeOptions{Timeout: opts.Timeout, Progress: progressTo(opts.IO)}}
	if opts.Plan.DryRun {
		plan, err := fl.PlanStreamRollback(ctx, req)
		if err != nil {
			return err
		}
		return opts.Plan.print(opts.IO.Out, plan)
	}
	if _, err := fl.RollbackStream(ctx, req); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Rollback request has been sent for the stream '%s'\n", opts.Name)
	return nil
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
	var limit, page int
	cmd := leaf("history", "Get history for the stream deployed using Skipper", groupStreams, nil)
	nameOption(cmd, d, &name, "the name of the stream", completeStreamNames)
	cmd.Flags().IntVar(&limit, "limit", flow.DefaultHistoryLimit, "show at most this many releases, newest first (0 for all)")
	cmd.Flags().IntVar(&page, "page", 1, "which page of --limit releases to show (1: the newest)")
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkPaging(limit, page); err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		list, err := fl.StreamHistory(cmd.Context(), name, limit, page)
		if err != nil {
			return err
		}
		views := make([]releaseView, len(list))
		for i, r := range list {
			views[i] = releaseView{r.Version, d.formatTime(r.LastDeployed), string(r.Status), r.Name, r.PackageVersion, r.Platform, r.Description}
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
	cmd := leaf("manifest", "Get manifest for the stream deployed using Skipper", groupStreams, nil)
	format := addOutputFlag(cmd)
	cmd.Flag("output").Usage = "output format: table (Skipper's manifest as it is, the default), json or yaml (a list of its documents)"
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		m, err := fl.StreamManifest(cmd.Context(), name, version)
		if err != nil {
			return err
		}
		if *format == "table" {
			fmt.Fprint(d.IO.Out, m)
			return nil
		}
		docs, err := manifestDocuments(m)
		if err != nil {
			return err
		}
		return d.printListing(*format, docs, nil)
	}
	nameOption(cmd, d, &name, "the name of the stream", completeStreamNames)
	cmd.Flags().IntVar(&version, "releaseVersion", 0, "the release version (0: the latest)")
	return cmd
}
