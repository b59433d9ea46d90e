package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// removal is an app a cleanup tried to remove, and why it could not (nil when it is gone).
type removal struct {
	app store.ReleaseApp
	err error
}

// removeApps removes apps from the platform, every one even after a failure, and says how each went; serving
// maps a label to the id of the app's version that keeps running (a platform hands shared objects over to it).
// Apps go side by side where the deployer deploys concurrently, as deployApps sends them. It runs after the
// command's own work failed or was cancelled, so it goes on for a moment after the command's context ends
// (cleanupGrace): long enough to remove what a Ctrl-C interrupted, not so long that Ctrl-C seems ignored. What
// it cannot remove in that time is reported, and recorded by the caller for the next command.
func (f *Flow) removeApps(ctx context.Context, deployer platforms.AppDeployer, apps []store.ReleaseApp, serving map[string]string) []removal {
	ctx, cancel := cleanupContext(ctx)
	defer cancel()
	out := make([]removal, len(apps))
	undeploy := func(i int) {
		ref := refOf(apps[i])
		if id := serving[apps[i].Label]; id != apps[i].DeploymentID {
			ref.ServingID = id
		}
		out[i] = removal{apps[i], deployer.Undeploy(ctx, ref)}
	}
	if c, ok := deployer.(platforms.ConcurrentDeployer); !ok || !c.DeploysConcurrently() || len(apps) < 2 {
		for i := range apps {
			undeploy(i)
		}
		return out
	}
	var wg sync.WaitGroup
	slots := make(chan struct{}, deployParallelism)
	for i := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			undeploy(i)
		}()
	}
	wg.Wait()
	return out
}

// servingApps maps the labels of the apps of the stream's deployed release to their ids (none when it is not
// deployed).
func (f *Flow) servingApps(ctx context.Context, stream string) (map[string]string, error) {
	r, ok, err := f.Store.Read().DeployedRelease(ctx, stream)
	return servingAppsOf(r, ok), err
}

// servingAppsOf maps the labels of a release's apps to their ids (none when the release is not deployed).
func servingAppsOf(r store.Release, deployed bool) map[string]string {
	if !deployed {
		return nil
	}
	out := make(map[string]string, len(r.Apps))
	for _, a := range r.Apps {
		out[a.Label] = a.DeploymentID
	}
	return out
}

// cleanupGrace is how long a cleanup goes on once its command was cancelled.
const cleanupGrace = 2 * time.Second

// cleanupContext outlives ctx by cleanupGrace: a cleanup is not cut short by the cancel that caused it, and
// still ends soon after it.
func cleanupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	cleanup, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(cleanupGrace, cancel)
		context.AfterFunc(cleanup, func() { t.Stop() })
	})
	return cleanup, func() { stop(); cancel() }
}

// failedRemovals are the removals that left their app on the platform.
func failedRemovals(list []removal) []removal {
	var out []removal
	for _, r := range list {
		if r.err != nil {
			out = append(out, r)
		}
	}
	return out
}

// leftoversOf are the failed removals as the store records them.
func (f *Flow) leftoversOf(stream, platform string, version int, failed []removal) []store.Leftover {
	out := make([]store.Leftover, len(failed))
	for i, r := range failed {
		out[i] = store.Leftover{Stream: stream, Platform: platform, Label: r.app.Label, DeploymentID: r.app.DeploymentID,
			Handle: r.app.Handle, Release: version, Reason: oneLine(r.err.Error()), CreatedAt: f.Now()}
	}
	return out
}

// cleanupOutcome says what a failed operation's cleanup left: "nothing was left running" only when every app it
// made was removed, as dataflow checked by removing it; otherwise which apps remain, and that the next command
// on the stream removes them.
func cleanupOutcome(failed []removal) string {
	if len(failed) == 0 {
		return "nothing was left running"
	}
	return "these apps could not be removed and the next command on the stream removes them: " + removalList(failed)
}

func removalList(failed []removal) string {
	parts := make([]string, len(failed))
	for i, r := range failed {
		parts[i] = r.app.DeploymentID + ": " + oneLine(r.err.Error())
	}
	return strings.Join(parts, "; ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func joinSemi(parts []string) string { return strings.Join(parts, "; ") }

// finishLeftovers removes what earlier commands on the stream could not, before this command changes anything;
// an app that still cannot be removed stops the command, which says so. Apps on an account that is no longer
// configured cannot be reached: they stay recorded until the account comes back, and hold nothing back.
func (f *Flow) finishLeftovers(ctx context.Context, stream string) error {
	still, err := f.removeLeftovers(ctx, stream)
	if err == nil && len(still) > 0 {
		err = newError(CodeLeftoversRemain, stream, joinSemi(still))
	}
	return err
}

// removeLeftovers removes the stream's recorded leftovers and says which are still there, and why.
func (f *Flow) removeLeftovers(ctx context.Context, stream string) ([]string, error) {
	list, err := f.Store.Read().Leftovers(ctx, stream)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	serving, err := f.servingApps(ctx, stream)
	if err != nil {
		return nil, err
	}
	byPlatform := map[string][]store.Leftover{}
	var platformsInOrder []string
	for _, l := range list {
		if _, err := f.streamAccount(l.Platform); err != nil {
			// An account no longer configured cannot be reached by any command: its leftovers stay recorded
			// (and keep their names from other streams) without holding this stream's commands back.
			continue
		}
		if _, seen := byPlatform[l.Platform]; !seen {
			platformsInOrder = append(platformsInOrder, l.Platform)
		}
		byPlatform[l.Platform] = append(byPlatform[l.Platform], l)
	}
	var still []string
	r := f.Store.Read()
	for _, platform := range platformsInOrder {
		left := byPlatform[platform]
		deployer, err := f.deployerOf(store.Release{Name: stream, Version: left[0].Release, Platform: platform})
		var results []removal
		if err == nil {
			apps := make([]store.ReleaseApp, len(left))
			for i, l := range left {
				apps[i] = store.ReleaseApp{Label: l.Label, DeploymentID: l.DeploymentID, Handle: l.Handle}
			}
			results = f.removeApps(ctx, deployer, apps, serving)
		}
		for i, l := range left {
			rerr := err
			if rerr == nil {
				rerr = results[i].err
			}
			if rerr != nil {
				still = append(still, l.DeploymentID+": "+oneLine(rerr.Error()))
				l.Reason = oneLine(rerr.Error())
				_ = r.AddLeftovers(context.WithoutCancel(ctx), []store.Leftover{l})
				continue
			}
			if err := r.RemoveLeftover(context.WithoutCancel(ctx), stream, l.DeploymentID); err != nil {
				return still, err
			}
		}
	}
	return still, nil
}

// objectKey is how a platform may see a name: Kubernetes lower-cases names and turns '.' into '-', Cloud
// Foundry's app names ignore case. Two apps whose keys are equal would be the same objects there.
func objectKey(s string) string { return strings.ReplaceAll(strings.ToLower(s), ".", "-") }

// checkNameClashes refuses a release whose apps would take the platform objects of another stream's apps that
// may run (deployed, underway, or left behind) on the same account, or of another app of its own: 'Orders' and
// 'orders', or the stream 'a-b' with app 'c' and the stream 'a' with app 'b-c', name the same Kubernetes
// objects, and deploying one would change or delete the other's. Checked before anything is sent.
func checkNameClashes(ctx context.Context, q *store.Tx, stream, platform string, apps []store.ReleaseApp) error {
	taken := map[string]store.Leftover{}
	others, err := q.AppsOn(ctx, platform, stream)
	if err != nil {
		return err
	}
	for _, a := range others {
		taken[objectKey(a.Stream+"-"+a.Label)] = a
		taken[objectKey(a.DeploymentID)] = a
	}
	own := map[string]string{}
	for _, a := range apps {
		for _, key := range []string{objectKey(stream + "-" + a.Label), objectKey(a.DeploymentID)} {
			if other, ok := taken[key]; ok {
				return newError(CodeNameClash, stream, a.Label, key, platform, other.Label, other.Stream)
			}
			if label, ok := own[key]; ok && label != a.Label {
				return newError(CodeNameClash, stream, a.Label, key, platform, label, stream)
			}
			own[key] = a.Label
		}
	}
	return nil
}

// leftoverError is the error of a failed operation with what its cleanup left. A platform's report that its own
// cleanup failed (platforms.LeftBehindError) is dropped once dataflow has removed the app itself: what the user
// reads then is the cause, and that nothing was left.
func leftoverError(what string, err error, failed []removal) error {
	var lb *platforms.LeftBehindError
	switch {
	case len(failed) == 0 && errors.As(err, &lb):
		return fmt.Errorf("%s: %s (%s)", what, strings.Replace(err.Error(), lb.Error(), lb.Cause.Error(), 1), cleanupOutcome(failed))
	case len(failed) == 0 && errors.Is(err, platforms.ErrLeftBehind):
		return fmt.Errorf("%s: %w (dataflow removed what that left: nothing was left running)", what, err)
	}
	return fmt.Errorf("%s: %w (%s)", what, err, cleanupOutcome(failed))
}
