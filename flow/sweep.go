package flow

import (
	"context"
	"fmt"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// sweepGroup removes the apps of a stream that its platforms still hold although no release runs them: what a
// failed or interrupted command left without the store knowing (a create that landed after its command gave
// up). The platform lists the stream's apps by their labels, whatever their version (platforms.GroupLister);
// only apps whose ids are in the stream's release history are touched, those of a deployed release or of one
// underway never. It says how many it removed; what cannot be removed is recorded as a leftover and named in the error.
func (f *Flow) sweepGroup(ctx context.Context, stream string) (int, error) {
	uses, err := f.Store.Read().DeploymentUses(ctx, stream)
	if err != nil {
		return 0, err
	}
	byPlatform := map[string][]store.DeploymentUse{}
	for _, u := range uses {
		byPlatform[u.Platform] = append(byPlatform[u.Platform], u)
	}
	serving, err := f.servingApps(ctx, stream)
	if err != nil {
		return 0, err
	}
	var failed []store.Leftover
	removed := 0
	for platform, uses := range byPlatform {
		deployer, err := f.deployerOf(store.Release{Name: stream, Version: uses[0].Release, Platform: platform})
		if err != nil {
			continue // an account no longer configured: its apps are out of reach, as for any command
		}
		lister, ok := deployer.(platforms.GroupLister)
		if !ok {
			continue
		}
		ids, err := lister.ListGroup(ctx, stream)
		if err != nil {
			return removed, fmt.Errorf("could not look for apps of stream '%s' left on '%s': %w", stream, platform, err)
		}
		// An id is the app of its oldest release; it is live if a release using it is deployed or underway.
		ours, live := map[string]store.Leftover{}, map[string]bool{}
		for _, u := range uses {
			if u.App.DeploymentID == "" {
				continue // releases without apps
			}
			key := objectKey(u.App.DeploymentID)
			live[key] = live[key] || u.Live
			if l, seen := ours[key]; !seen || u.Release < l.Release {
				ours[key] = store.Leftover{Stream: stream, Platform: platform, Label: u.App.Label, DeploymentID: u.App.DeploymentID, Handle: u.App.Handle, Release: u.Release}
			}
		}
		for _, id := range ids {
			l, mine := ours[objectKey(id)]
			if !mine || live[objectKey(id)] {
				continue
			}
			ref := refOf(store.ReleaseApp{Label: l.Label, DeploymentID: l.DeploymentID, Handle: l.Handle})
			ref.ServingID = serving[l.Label]
			if err := deployer.Undeploy(ctx, ref); err != nil {
				l.Reason, l.CreatedAt = oneLine(err.Error()), f.Now()
				failed = append(failed, l)
				continue
			}
			removed++
		}
	}
	if len(failed) == 0 {
		return removed, nil
	}
	if err := f.Store.Read().AddLeftovers(context.WithoutCancel(ctx), failed); err != nil {
		return removed, err
	}
	names := make([]string, len(failed))
	for i, l := range failed {
		names[i] = l.DeploymentID + ": " + l.Reason
	}
	return removed, newError(CodeLeftoversRemain, stream, joinSemi(names))
}
