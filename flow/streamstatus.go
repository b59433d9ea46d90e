package flow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// StreamRuntime is a deployed stream as the platform sees it now.
type StreamRuntime struct {
	Release store.Release
	State   platforms.DeploymentState
	Apps    []platforms.AppStatus
}

// streamState is what `stream list` and `stream info` show for a stream with the given latest release.
func (f *Flow) streamState(ctx context.Context, latest store.Release) (StreamRuntime, error) {
	switch latest.Status {
	case store.ReleaseUnknown:
		return StreamRuntime{Release: latest, State: platforms.StateDeploying}, nil
	case store.ReleaseDeleted:
		return StreamRuntime{Release: latest, State: platforms.StateUndeployed}, nil
	}
	cur, ok, err := f.Store.Read().DeployedRelease(ctx, latest.Name)
	if err != nil {
		return StreamRuntime{}, err
	}
	if !ok {
		// Nothing runs: the stream failed if the last thing that happened to it was a failure (an install that
		// did not complete), else it was undeployed (an undeploy after a failed update is newer than the failure).
		last, _, err := f.Store.Read().LastChangedRelease(ctx, latest.Name)
		if err != nil {
			return StreamRuntime{}, err
		}
		state := platforms.StateUndeployed
		if last.Status == store.ReleaseFailed {
			state = platforms.StateFailed
		}
		return StreamRuntime{Release: latest, State: state}, nil
	}
	deployer, err := f.deployerOf(cur)
	if err != nil {
		return StreamRuntime{}, err
	}
	refs := make([]platforms.AppRef, len(cur.Apps))
	for i, a := range cur.Apps {
		refs[i] = refOf(a)
	}
	apps, err := deployer.Status(ctx, refs)
	if err != nil {
		return StreamRuntime{}, fmt.Errorf("cannot read the status of stream '%s' on '%s': %w", cur.Name, cur.Platform, err)
	}
	states := make([]platforms.DeploymentState, len(apps))
	for i, a := range apps {
		states[i] = a.State
	}
	return StreamRuntime{Release: cur, State: platforms.StreamState(states), Apps: apps}, nil
}

// StreamStatuses returns the live state of every stream that has a release, by name. A platform that cannot
// be asked makes its streams "unknown" rather than failing the whole listing.
func (f *Flow) StreamStatuses(ctx context.Context) (map[string]platforms.DeploymentState, error) {
	latest, err := f.Store.Read().LatestReleases(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]platforms.DeploymentState, len(latest))
	for name, r := range latest {
		rt, err := f.streamState(ctx, r)
		if err != nil {
			out[name] = platforms.StateUnknown
			continue
		}
		out[name] = rt.State
	}
	return out, nil
}

// StreamRuntimeOf is one stream's live state.
func (f *Flow) StreamRuntimeOf(ctx context.Context, name string) (StreamRuntime, error) {
	latest, ok, err := f.Store.Read().LatestRelease(ctx, name)
	if err != nil || !ok {
		return StreamRuntime{State: platforms.StateUndeployed}, err
	}
	return f.streamState(ctx, latest)
}

// RuntimeApps is `runtime apps`: the apps of every deployed stream (or of the named ones), live.
func (f *Flow) RuntimeApps(ctx context.Context, names []string) ([]StreamRuntime, error) {
	latest, err := f.Store.Read().LatestReleases(ctx)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, ok := latest[n]; !ok {
			if _, _, err := f.StreamDefinition(ctx, n); err != nil {
				return nil, err
			}
		}
	}
	var out []StreamRuntime
	for _, name := range sortedReleaseNames(latest) {
		if len(names) > 0 && !slices.Contains(names, name) {
			continue
		}
		rt, err := f.streamState(ctx, latest[name])
		if err != nil {
			return nil, err
		}
		if len(rt.Apps) > 0 {
			out = append(out, rt)
		}
	}
	return out, nil
}

// ScaleStreamApp is `stream scale app instances`: the platform scales the app in place and the release's
// config and manifest record the new count; no new release is made (as Skipper's scale).
func (f *Flow) ScaleStreamApp(ctx context.Context, name, app string, n int) error {
	if n < 0 {
		return fmt.Errorf("the instance count must be 0 or more, got %d", n)
	}
	_, cur, err := f.deployedHistory(ctx, name, f.checkIdle)
	if err != nil {
		return err
	}
	config, err := configOf(cur)
	if err != nil {
		return err
	}
	idx := -1
	for i, a := range config.Apps {
		if a.Label == app || (idx < 0 && a.Name == app) {
			idx = i
		}
	}
	if idx < 0 {
		return fmt.Errorf("app '%s' is not in stream '%s' (its apps: %s)", app, name, strings.Join(sortedLabels(config), ", "))
	}
	label := config.Apps[idx].Label
	deployer, err := f.deployerOf(cur)
	if err != nil {
		return err
	}
	if _, err := f.checkOwnership(ctx, name); err != nil {
		return err
	}
	apps := cur.Apps
	for i, a := range apps {
		if a.Label != label {
			continue
		}
		h, err := deployer.Scale(ctx, refOf(a), n)
		if err != nil {
			return fmt.Errorf("could not scale %s: %w", a.DeploymentID, err)
		}
		if h != "" {
			apps[i].Handle = h
		}
	}
	config.Apps[idx].DeploymentProperties[deployerPrefix+"count"] = strconv.Itoa(n)
	raw, _ := json.Marshal(config)
	audit := store.AuditRecord{Operation: store.AuditStream, Action: store.AuditScale, Correlation: name, Platform: cur.Platform, Data: fmt.Sprintf("%s=%d", label, n)}
	return f.change(context.WithoutCancel(ctx), audit, func(tx *store.Tx) error {
		if err := tx.SetReleaseApps(ctx, name, cur.Version, apps); err != nil {
			return err
		}
		return tx.SetReleaseConfig(ctx, name, cur.Version, string(raw), renderManifest(config))
	})
}

func sortedReleaseNames(m map[string]store.Release) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
