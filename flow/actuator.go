package flow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// ActuatorRequest is `runtime actuator get|post`: an endpoint of one instance of a deployed app.
type ActuatorRequest struct {
	// AppID is the app's deployment id as `runtime apps` shows it (SCDF's <stream>.<label>-v<N> spelling too).
	AppID string
	// Instance is the instance's id as `runtime apps` shows it (or its guid attribute).
	Instance string
	Method   string
	Endpoint string
	Body     []byte
}

// ActuatorResponse is what the instance answered.
type ActuatorResponse = platforms.ActuatorResponse

// Actuator calls an endpoint of an app instance's actuator through the platform the app runs on.
func (f *Flow) Actuator(ctx context.Context, req ActuatorRequest) (ActuatorResponse, error) {
	rel, app, err := f.deployedApp(ctx, req.AppID)
	if err != nil {
		return ActuatorResponse{}, err
	}
	deployer, err := f.deployerOf(rel)
	if err != nil {
		return ActuatorResponse{}, err
	}
	caller, ok := deployer.(platforms.ActuatorCaller)
	if !ok {
		return ActuatorResponse{}, fmt.Errorf("the apps of platform '%s' cannot be reached for their actuators", rel.Platform)
	}
	return caller.Actuator(ctx, refOf(app), platforms.ActuatorRequest{Instance: req.Instance, Method: req.Method,
		Endpoint: req.Endpoint, Body: req.Body})
}

// DeploymentIDs are the ids of the apps every deployed stream runs, sorted (for completion and messages).
func (f *Flow) DeploymentIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := f.eachDeployedApp(ctx, func(_ store.Release, a store.ReleaseApp) bool {
		ids = append(ids, a.DeploymentID)
		return false
	})
	slices.Sort(ids)
	return ids, err
}

// SameDeploymentID compares an id as typed with one as recorded: SCDF spelled ids <stream>.<label>-v<N>,
// dataflow's (and the platforms') are <stream>-<label>-v<N>.
func SameDeploymentID(typed, recorded string) bool {
	return strings.EqualFold(strings.ReplaceAll(typed, ".", "-"), strings.ReplaceAll(recorded, ".", "-"))
}

// deployedApp finds the app a deployment id names among the apps deployed streams run.
func (f *Flow) deployedApp(ctx context.Context, id string) (store.Release, store.ReleaseApp, error) {
	var rel store.Release
	var app store.ReleaseApp
	found := false
	err := f.eachDeployedApp(ctx, func(r store.Release, a store.ReleaseApp) bool {
		if SameDeploymentID(id, a.DeploymentID) {
			rel, app, found = r, a, true
		}
		return found
	})
	if err != nil {
		return rel, app, err
	}
	if !found {
		return rel, app, fmt.Errorf("No deployed app has the id '%s' (runtime apps lists them)", id)
	}
	return rel, app, nil
}

// eachDeployedApp calls fn with the apps of every stream's deployed release until fn says stop.
func (f *Flow) eachDeployedApp(ctx context.Context, fn func(store.Release, store.ReleaseApp) bool) error {
	latest, err := f.Store.Read().LatestReleases(ctx)
	if err != nil {
		return err
	}
	for _, name := range sortedReleaseNames(latest) {
		cur, ok, err := f.Store.Read().DeployedRelease(ctx, name)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		for _, a := range cur.Apps {
			if fn(cur, a) {
				return nil
			}
		}
	}
	return nil
}
