package shell

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

const groupRuntime = "Runtime Commands"

func newRuntimeCommand(d *cmdDeps) *cobra.Command {
	return noun("runtime", "Inspect the apps of deployed streams", newRuntimeAppsCommand(d), newRuntimeActuatorCommand(d))
}

// runtimeAppView is one app of `runtime apps -o json|yaml`.
type runtimeAppView struct {
	ID        string                `json:"deploymentId" yaml:"deploymentId"`
	Stream    string                `json:"stream" yaml:"stream"`
	Platform  string                `json:"platformName" yaml:"platformName"`
	State     string                `json:"state" yaml:"state"`
	Reason    string                `json:"reason,omitempty" yaml:"reason,omitempty"`
	Instances []runtimeInstanceView `json:"instances" yaml:"instances"`
}

// stateWithReason is the app's state, with the platform's reason when it has one: an app whose pods cannot be
// created has no instance row to show it.
func (v runtimeAppView) stateWithReason() string {
	if v.Reason == "" {
		return v.State
	}
	return v.State + " (" + v.Reason + ")"
}

type runtimeInstanceView struct {
	ID         string            `json:"instanceId" yaml:"instanceId"`
	State      string            `json:"state" yaml:"state"`
	Attributes map[string]string `json:"attributes" yaml:"attributes"`
}

func newRuntimeAppsCommand(d *cmdDeps) *cobra.Command {
	var summary bool
	var streams, appID, appIDs []string
	cmd := leaf("apps", "List runtime apps", groupRuntime, nil)
	cmd.Flags().BoolVar(&summary, "summary", false, "show only the apps, not their instances")
	cmd.Flags().StringSliceVar(&streams, "name", nil, "only the apps of these streams (comma-separated)")
	cmd.Flags().StringSliceVar(&appID, "appId", nil, "app id(s) to display, comma-separated; '<stream>.*' for a stream's apps")
	cmd.Flags().StringSliceVar(&appIDs, "appIds", nil, "the same as --appId")
	completeFlagWith(cmd, "name", d, completeStreamNames)
	completeFlagWith(cmd, "appId", d, completeDeploymentIDs)
	completeFlagWith(cmd, "appIds", d, completeDeploymentIDs)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ids := slices.Concat(appID, appIDs)
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		runtimes, err := fl.RuntimeApps(cmd.Context(), streams)
		if err != nil {
			return err
		}
		var views []runtimeAppView
		for _, rt := range runtimes {
			for _, a := range rt.Apps {
				if len(ids) > 0 && !appIDMatches(ids, rt.Release.Name, a.DeploymentID) {
					continue
				}
				v := runtimeAppView{ID: a.DeploymentID, Stream: rt.Release.Name, Platform: rt.Release.Platform, State: string(a.State), Reason: a.Reason}
				for _, in := range a.Instances {
					v.Instances = append(v.Instances, runtimeInstanceView{in.ID, string(in.State), in.Attributes})
				}
				views = append(views, v)
			}
		}
		// One app asked for by its id that no deployed stream runs is a mistake to say, as SCDF's server did;
		// patterns and lists show what matches.
		if len(ids) == 1 && !strings.HasSuffix(ids[0], ".*") && len(views) == 0 {
			return fmt.Errorf("No deployed app has the id '%s' (runtime apps lists them)", ids[0])
		}
		return d.printListing(*format, views, func() render.Table {
			if summary {
				t := render.Table{Headers: []string{"App Id", "Unit Status", "No. of Instances"}}
				for _, v := range views {
					t.Rows = append(t.Rows, []string{v.ID, v.stateWithReason(), strconv.Itoa(len(v.Instances))})
				}
				return t
			}
			t := render.Table{Headers: []string{"App Id / Instance Id", "Unit Status", "No. of Instances / Attributes"}}
			for _, v := range views {
				t.Rows = append(t.Rows, []string{v.ID, v.stateWithReason(), strconv.Itoa(len(v.Instances))})
				for _, in := range v.Instances {
					t.Rows = append(t.Rows, []string{in.ID, in.State, propertyLines(in.Attributes)})
				}
			}
			return t
		})
	}
	return cmd
}

// appIDMatches is SCDF's --appId filter: an app's id (dotted or not), or '<stream>.*' for a stream's apps.
func appIDMatches(filter []string, stream, id string) bool {
	for _, f := range filter {
		if group, ok := strings.CutSuffix(f, ".*"); ok {
			if group == stream || strings.HasPrefix(id, group+".") {
				return true
			}
			continue
		}
		if flow.SameDeploymentID(f, id) {
			return true
		}
	}
	return false
}
