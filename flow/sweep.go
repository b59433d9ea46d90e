package flow

import (
	"context"

	"github.com/dataflow-cli/dataflow/store"
)

// sweepGroup removes the apps of a stream that its platforms still hold although no release runs them: what a
// failed or interrupted command left without the store knowing (a create that landed after its command gave
// up). The platform lists the stream's objects by their labels, whatever their version (platforms.GroupLister),
// and nothing is removed if one of them is not this store's (checkOwnership); only apps whose ids are in the
// stream's release history are touched, those of a deployed release or of one underway never. seen, when given,
// is what a check made earlier in the same command listed, and gone the ids that command removed since: the
// sweep then lists nothing again. It says how many it removed; what cannot be removed is recorded as a leftover
// and named in the error.
func (f *Flow) sweepGroup(ctx context.Context, stream string, seen *streamObjects, gone map[string]bool) (int, error) {
	if seen == nil {
		objs, err := f.checkOwnership(ctx, stream)
		if err != nil {
			return 0, err
		}
		seen = &objs
	}
	serving, err := f.servingApps(ctx, stream)
	if err != nil {
		return 0, err
	}
	var failed []store.Leftover
	removed := 0
	for platform, uses := range seen.uses {
		listed, ok := seen.listed[platform]
		if !ok {
			continue // a deployer that cannot list, or an account no longer configured
		}
		deployer, err := f.deployerOf(store.Release{Name: stream, Version: uses[0].Release, Platform: platform})
		if err != nil {
			continue
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
		done := map[string]bool{}
		for _, o := range listed {
			key := objectKey(o.DeploymentID)
			l, mine := ours[key]
			if !mine || live[key] || done[key] || gone[key] {
				continue
			}
			done[key] = true
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
