package shell

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/shell/render"
)

func newStreamCommand(d *cmdDeps) *cobra.Command {
	return featureNoun(flow.FeatureStreams, "stream", "Create, inspect and destroy streams",
		newStreamCreateCommand(d), newStreamListCommand(d), newStreamInfoCommand(d), newStreamDestroyCommand(d),
		newStreamValidateCommand(d), newStreamPlatformListCommand(d),
		newStreamDeployCommand(d), newStreamUndeployCommand(d), newStreamUpdateCommand(d), newStreamRollbackCommand(d),
		newStreamHistoryCommand(d), newStreamManifestCommand(d), newStreamScaleCommand(d), newStreamLogsCommand(d),
		noun("all", "Commands on every stream", newStreamAllUndeployCommand(d), newStreamAllDestroyCommand(d)),
	)
}

func newStreamCreateCommand(d *cmdDeps) *cobra.Command {
	var name, definition, description string
	var deploy bool
	cmd := leaf("create", "Create a new stream definition", groupStreams, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if deploy {
			// Refused before the definition is written: a deploy that cannot start would leave it half done.
			if _, err := d.Accounts(); err != nil {
				return err
			}
		}
		if _, err := fl.CreateStream(cmd.Context(), name, definition, description); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Created new stream '%s'\n", name)
		if !deploy {
			return nil
		}
		if _, err := fl.DeployStream(cmd.Context(), flow.StreamDeployRequest{Name: name}); err != nil {
			return fmt.Errorf("stream '%s' was created, but its deploy failed: %w", name, err)
		}
		fmt.Fprintln(d.IO.Out, "Deployment request has been sent")
		return nil
	})
	cmd.Example = `  stream create foo --definition "cardata | predict | cassandra"`
	cmd.Flags().StringVar(&name, "name", "", "the name to give to the stream")
	cmd.Flags().StringVar(&definition, "definition", "", `a stream definition, using the DSL (e.g. "http --port=9000 | hdfs")`)
	cmd.Flags().StringVar(&description, "description", "", "a short description about the stream")
	cmd.Flags().BoolVar(&deploy, "deploy", false, "whether to deploy the stream immediately (on the default account, without properties)")
	completeDefinitionFlag(cmd, d, false)
	require(cmd, "name", "definition")
	positional(cmd, "name")
	return cmd
}

func newStreamListCommand(d *cmdDeps) *cobra.Command {
	cmd := leaf("list", "List created streams", groupStreams, nil)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		streams, err := fl.Streams(cmd.Context())
		if err != nil {
			return err
		}
		if err := d.liveStatuses(cmd.Context(), fl, streams); err != nil {
			return err
		}
		return d.printListing(*format, streams, func() render.Table {
			t := render.Table{Headers: []string{"Stream Name", "Description", "Stream Definition", "Status"}}
			for _, s := range streams {
				t.Rows = append(t.Rows, []string{s.Name, s.Description, s.Definition, s.Status})
			}
			return t
		})
	}
	return cmd
}

// streamInfoView is `stream info -o json|yaml`.
type streamInfoView struct {
	flow.DefinitionView `yaml:",inline"`
	Apps                []streamAppView `json:"apps,omitempty" yaml:"apps,omitempty"`
	// Runtime is the state of each deployed app, with the platform's reason when it is not deployed.
	Runtime []appStateView `json:"runtimeApps,omitempty" yaml:"runtimeApps,omitempty"`
}

// appStateView is one deployed app's state.
type appStateView struct {
	ID     string `json:"deploymentId" yaml:"deploymentId"`
	State  string `json:"state" yaml:"state"`
	Reason string `json:"reason,omitempty" yaml:"reason,omitempty"`
}

// line is the app as one line: "ps-log-v1 failed: FailedCreate: pods ... is forbidden: ...".
func (a appStateView) line() string {
	if a.Reason == "" {
		return a.ID + " " + a.State
	}
	return a.ID + " " + a.State + ": " + a.Reason
}

type streamAppView struct {
	Label      string            `json:"label" yaml:"label"`
	Name       string            `json:"name" yaml:"name"`
	Type       string            `json:"type" yaml:"type"`
	Properties map[string]string `json:"properties" yaml:"properties"`
}

func newStreamInfoCommand(d *cmdDeps) *cobra.Command {
	var name string
	var withProps bool
	cmd := leaf("info", "Show information about a specific stream", groupStreams, nil)
	nameOption(cmd, d, &name, "the name of the stream to show", completeStreamNames)
	cmd.Flags().BoolVar(&withProps, "properties", false, "also show the properties each app gets from the stream (types, bindings, groups)")
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		view, s, err := fl.StreamDefinition(cmd.Context(), name)
		if err != nil {
			return err
		}
		runtime, err := d.liveRuntime(cmd.Context(), fl, name)
		if err != nil {
			return err
		}
		if runtime.Release.Name != "" {
			view.Status = string(runtime.State)
		}
		info := streamInfoView{DefinitionView: view}
		for _, a := range runtime.Apps {
			info.Runtime = append(info.Runtime, appStateView{a.DeploymentID, string(a.State), a.Reason})
		}
		if withProps {
			// The properties as a deploy gives them: short option names qualified with each app's options.
			apps, problems := fl.QualifiedStreamApps(cmd.Context(), flow.StreamApps(name, s))
			for _, a := range apps {
				info.Apps = append(info.Apps, streamAppView{a.Label, a.Name, string(a.Type), flow.RedactProperties(a.Properties)})
			}
			for _, p := range problems {
				fmt.Fprintf(d.IO.ErrOut, "Warning: %v\n", p)
			}
		}
		if *format != "table" {
			return d.printListing(*format, info, nil)
		}
		t := render.Table{Headers: []string{"Stream Name", "Stream Definition", "Description", "Status"},
			Rows: [][]string{{view.Name, view.Definition, view.Description, view.Status}}}
		if err := render.RenderTable(d.IO.Out, t, d.IO.TableWidth()); err != nil {
			return err
		}
		// One line for each app that is not deployed, with the platform's reason: a stream whose pods cannot
		// be created says so here, not only in the platform's events.
		for _, a := range info.Runtime {
			if a.State != string(platforms.StateDeployed) {
				fmt.Fprintln(d.IO.Out, a.line())
			}
		}
		if !withProps {
			return nil
		}
		props := render.Table{Headers: []string{"App", "Type", "Properties"}}
		for _, a := range info.Apps {
			app := a.Label
			if a.Label != a.Name {
				app += " (" + a.Name + ")"
			}
			props.Rows = append(props.Rows, []string{app, a.Type, propertyLines(a.Properties)})
		}
		fmt.Fprintln(d.IO.Out)
		return render.RenderTable(d.IO.Out, props, d.IO.TableWidth())
	}
	return cmd
}

// liveRuntime is one stream's state on its platform; a platform that cannot be asked makes it "unknown", as in
// the listings, with the error on stderr.
func (d *cmdDeps) liveRuntime(ctx context.Context, fl *flow.Flow, name string) (flow.StreamRuntime, error) {
	if _, err := d.Accounts(); err != nil {
		return flow.StreamRuntime{}, err
	}
	rt, err := fl.StreamRuntimeOf(ctx, name)
	if err != nil {
		fmt.Fprintln(d.IO.ErrOut, "Warning: "+err.Error())
		unknown := flow.StreamRuntime{State: platforms.StateUnknown}
		unknown.Release.Name = name
		return unknown, nil
	}
	return rt, nil
}

// liveStatuses replaces the stored "undeployed" of streams that have releases with their state on the platform.
func (d *cmdDeps) liveStatuses(ctx context.Context, fl *flow.Flow, views []flow.DefinitionView) error {
	if _, err := d.Accounts(); err != nil {
		return err
	}
	states, err := fl.StreamStatuses(ctx)
	if err != nil {
		return err
	}
	for i, v := range views {
		if s, ok := states[v.Name]; ok {
			views[i].Status = string(s)
		}
	}
	return nil
}

func newStreamDestroyCommand(d *cmdDeps) *cobra.Command {
	var name string
	cmd := leaf("destroy", "Destroy an existing stream", groupStreams, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if _, err := d.Accounts(); err != nil {
			return err
		}
		if err := fl.UndeployIfDeployed(cmd.Context(), name); err != nil {
			return err
		}
		if err := fl.DestroyStream(cmd.Context(), name); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Destroyed stream '%s'\n", name)
		return nil
	})
	nameOption(cmd, d, &name, "the name of the stream to destroy", completeStreamNames)
	return cmd
}

func newStreamAllUndeployCommand(d *cmdDeps) *cobra.Command {
	return confirmedBulkCommand(d, "undeploy", "Un-deploy all previously deployed stream", groupStreams, "Really undeploy all streams?", "Un-deployed all the streams",
		func(ctx context.Context, fl *flow.Flow) error {
			if _, err := d.Accounts(); err != nil {
				return err
			}
			names, err := fl.DefinitionNames(ctx, false)
			if err != nil {
				return err
			}
			// Every stream is tried: one that cannot be undeployed does not keep the others running.
			var failed []string
			for _, name := range names {
				if err := fl.UndeployIfDeployed(ctx, name); err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					failed = append(failed, fmt.Sprintf("%s (%v)", name, err))
				}
			}
			if len(failed) > 0 {
				return fmt.Errorf("could not undeploy %d of %d streams: %s", len(failed), len(names), strings.Join(failed, "; "))
			}
			return nil
		})
}

func newStreamAllDestroyCommand(d *cmdDeps) *cobra.Command {
	return confirmedBulkCommand(d, "destroy", "Destroy all existing streams", groupStreams, "Really destroy all streams?", "Destroyed all streams",
		func(ctx context.Context, fl *flow.Flow) error {
			if _, err := d.Accounts(); err != nil {
				return err
			}
			names, err := fl.DefinitionNames(ctx, false)
			if err != nil {
				return err
			}
			for _, name := range names {
				if err := fl.UndeployIfDeployed(ctx, name); err != nil {
					return err
				}
			}
			_, err = fl.DestroyAllStreams(ctx)
			return err
		})
}

func newStreamValidateCommand(d *cmdDeps) *cobra.Command {
	return validateCommand(d, "Verify that apps contained in the stream are valid", groupStreams, "stream", completeStreamNames,
		func(ctx context.Context, fl *flow.Flow, name string) (flow.DefinitionView, []flow.AppValidation, error) {
			return fl.ValidateStream(ctx, name)
		})
}

func newStreamPlatformListCommand(d *cmdDeps) *cobra.Command {
	cmd := leaf("platform-list", "List the platforms streams can be deployed to", groupStreams, nil)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return platformList(d, cmd, *format, false, []string{"Name", "Type", "Description"})
	}
	return cmd
}
