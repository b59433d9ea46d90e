package flow

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// Skipper's health-check defaults: how long the new apps of an upgrade have to become ready, and how often
// they are asked at most. Polling is faster here than Skipper's 5 s: the only cost is one status call. The first
// asks come sooner (firstUpgradePoll, growing by half each time): an app that is ready in a moment is seen in a
// moment, and a slow one costs a status call every DefaultUpgradePoll.
const (
	DefaultUpgradeTimeout = 5 * time.Minute
	DefaultUpgradePoll    = 500 * time.Millisecond
	firstUpgradePoll      = 50 * time.Millisecond
)

// UpgradeOptions say how long to wait for the new apps, and who hears about progress.
type UpgradeOptions struct {
	Timeout  time.Duration
	Poll     time.Duration
	Progress func(string)
}

func (o UpgradeOptions) withDefaults() UpgradeOptions {
	if o.Timeout <= 0 {
		o.Timeout = DefaultUpgradeTimeout
	}
	if o.Poll <= 0 {
		o.Poll = DefaultUpgradePoll
	}
	if o.Progress == nil {
		o.Progress = func(string) {}
	}
	return o
}

// StreamUpdateRequest is `stream update`.
type StreamUpdateRequest struct {
	Name       string
	Properties map[string]string
	Force      bool
	AppNames   []string
	Wait       UpgradeOptions
}

// StreamRollbackRequest is `stream rollback`: Version 0 goes back to the release before the latest deployed or
// deleted one.
type StreamRollbackRequest struct {
	Name    string
	Version int
	Wait    UpgradeOptions
}

// UpdateStream is Skipper's upgrade with the simple red/black strategy: the deployed release's config with the
// new properties merged in (updates are additive), only the changed apps deployed again as -v<new>, side by
// side with the old ones until every app of the new release is ready; then the replaced old apps are removed
// and the old release is DELETED. If the new apps fail or the wait times out, they are removed, the new
// release is FAILED and the old one keeps running.
func (f *Flow) UpdateStream(ctx context.Context, req StreamUpdateRequest) (store.Release, error) {
	if err := checkAppNames(req); err != nil {
		return store.Release{}, err
	}
	latest, cur, err := f.deployedHistory(ctx, req.Name, f.checkIdle)
	if err != nil {
		return store.Release{}, err
	}
	if _, err := f.checkOwnership(ctx, req.Name); err != nil {
		return store.Release{}, err
	}
	if err := f.finishLeftovers(ctx, req.Name); err != nil {
		return store.Release{}, err
	}
	d, err := f.decideUpdate(ctx, req, latest, cur)
	if err != nil {
		return store.Release{}, err
	}
	if acc, _, err := f.streamDeployer(cur.Platform); err == nil {
		f.noteIgnoredDeployerKeys(acc, d.next.deployerProperties()...)
	}
	return f.upgrade(ctx, d.latest, d.cur, d.next, d.changed, "Upgrade", req.Wait)
}

func checkAppNames(req StreamUpdateRequest) error {
	if len(req.AppNames) > 0 && !req.Force {
		return errors.New("App names can be used only when the stream update is forced.")
	}
	return nil
}

// upgradeDecision is what the release engine decided an update or a rollback does: the deployed release it
// starts from (cur, with its config from), the config it moves to and the apps it deploys again. The real
// commands act on it and the dry runs (plan.go) show it, so a plan cannot say other than what the command does.
type upgradeDecision struct {
	latest, cur store.Release
	from, next  releaseConfig
	changed     []string
}

// decideUpdate is Skipper's decision for an update of the deployed release cur: the properties merged in, the
// changed (or forced) apps; it changes nothing.
func (f *Flow) decideUpdate(ctx context.Context, req StreamUpdateRequest, latest, cur store.Release) (upgradeDecision, error) {
	config, err := configOf(cur)
	if err != nil {
		return upgradeDecision{}, err
	}
	props := deployProperties(req.Properties)
	if err := props.checkLabels(req.Name, sortedLabels(config)); err != nil {
		return upgradeDecision{}, err
	}
	for _, l := range req.AppNames {
		if _, ok := config.app(l); !ok {
			return upgradeDecision{}, fmt.Errorf("app '%s' is not in stream '%s' (its apps: %s)", l, req.Name, strings.Join(sortedLabels(config), ", "))
		}
	}
	next, err := f.mergeUpdate(ctx, config, props)
	if err != nil {
		return upgradeDecision{}, err
	}
	changed := changedApps(config, next)
	if req.Force {
		changed = req.AppNames
		if len(changed) == 0 {
			changed = sortedLabels(next)
		}
	}
	if len(changed) == 0 {
		return upgradeDecision{}, newError(CodeNothingToUpgrade)
	}
	next.syncInstanceCounts(changed)
	return upgradeDecision{latest: latest, cur: cur, from: config, next: next, changed: changed}, nil
}

// RollbackStream goes back to a release version (0: the one before the latest deployed or deleted). When the
// stream is deployed it is an upgrade to that version's config, under a new version number; when it is not,
// an install of it. Unlike Skipper, the config of the version rolled back to is restored as it was: properties
// added by later updates do not survive the rollback.
func (f *Flow) RollbackStream(ctx context.Context, req StreamRollbackRequest) (store.Release, error) {
	start, err := f.startRollback(ctx, req, f.checkIdle)
	if err != nil {
		return store.Release{}, err
	}
	if _, err := f.checkOwnership(ctx, req.Name); err != nil {
		return store.Release{}, err
	}
	if err := f.finishLeftovers(ctx, req.Name); err != nil {
		return store.Release{}, err
	}
	if !start.deployed {
		return f.reinstall(ctx, start.latest, start.target, start.config)
	}
	d, err := decideRollback(start)
	if err != nil {
		return store.Release{}, err
	}
	return f.upgrade(ctx, d.latest, d.cur, d.next, d.changed, "Rollback", req.Wait)
}

// rollbackStart is what a rollback reads before it decides: the release to go back to and its config, the
// latest release, and the deployed one if there is one.
type rollbackStart struct {
	target, latest, cur store.Release
	deployed            bool
	config              releaseConfig
}

// startRollback reads what a rollback needs once no operation is underway (idle says so), changing nothing
// itself.
func (f *Flow) startRollback(ctx context.Context, req StreamRollbackRequest, idle func(context.Context, string) error) (rollbackStart, error) {
	name := req.Name
	if _, _, err := f.StreamDefinition(ctx, name); err != nil {
		return rollbackStart{}, err
	}
	if err := idle(ctx, name); err != nil {
		return rollbackStart{}, err
	}
	target, err := f.rollbackTarget(ctx, name, req.Version)
	if err != nil {
		return rollbackStart{}, err
	}
	if err := notRestorable(target); err != nil {
		return rollbackStart{}, err
	}
	config, err := configOf(target)
	if err != nil {
		return rollbackStart{}, err
	}
	latest, _, err := f.Store.Read().LatestRelease(ctx, name)
	if err != nil {
		return rollbackStart{}, err
	}
	cur, deployed, err := f.Store.Read().DeployedRelease(ctx, name)
	if err != nil {
		return rollbackStart{}, err
	}
	return rollbackStart{target: target, latest: latest, cur: cur, deployed: deployed, config: config}, nil
}

// decideRollback is the decision for a rollback of a deployed stream: an upgrade to the target's config, in
// which the apps that differ from the deployed ones are deployed again.
func decideRollback(s rollbackStart) (upgradeDecision, error) {
	config := s.config
	curConfig, err := configOf(s.cur)
	if err != nil {
		return upgradeDecision{}, err
	}
	for i, a := range config.Apps {
		// The running instance count is kept, as in an update.
		if old, ok := curConfig.app(a.Label); ok {
			config.Apps[i].DeploymentProperties = withCount(a.DeploymentProperties, old.DeploymentProperties)
		}
	}
	changed := changedApps(curConfig, config)
	if len(changed) == 0 {
		return upgradeDecision{}, fmt.Errorf("release %d of '%s' has the same apps and properties as the deployed release %d: nothing to roll back", s.target.Version, s.target.Name, s.cur.Version)
	}
	config.syncInstanceCounts(changed)
	return upgradeDecision{latest: s.latest, cur: s.cur, from: curConfig, next: config, changed: changed}, nil
}

// rollbackTarget finds the release to go back to, as Skipper's findReleaseToRollback did: for version 0 the
// second newest of the DEPLOYED and DELETED releases.
func (f *Flow) rollbackTarget(ctx context.Context, name string, version int) (store.Release, error) {
	if version == 0 {
		usable, err := f.Store.Read().NewestReleases(ctx, name, 2, store.ReleaseDeployed, store.ReleaseDeleted)
		if err != nil {
			return store.Release{}, err
		}
		if len(usable) < 2 {
			return store.Release{}, fmt.Errorf("Could not find a release of '%s' to roll back to: it needs an earlier deployed or deleted release", name)
		}
		return usable[1], nil
	}
	r, ok, err := f.Store.Read().Release(ctx, name, version)
	switch {
	case err != nil:
		return store.Release{}, err
	case !ok:
		return store.Release{}, newError(CodeReleaseVersionNotFound, name, version)
	case r.Status != store.ReleaseDeployed && r.Status != store.ReleaseDeleted:
		return store.Release{}, fmt.Errorf("Cannot roll back to release %d of '%s': its status is %s (only DEPLOYED or DELETED releases can be rolled back to)", version, name, r.Status)
	}
	return r, nil
}

// reinstall deploys a past release's config as a new version, every app fresh.
func (f *Flow) reinstall(ctx context.Context, latest, target store.Release, config releaseConfig) (_ store.Release, err error) {
	deployer, err := f.deployerOf(target)
	if err != nil {
		return store.Release{}, err
	}
	version := latest.Version + 1
	rel := f.newRelease(target.Name, version, target.Platform, config, "Rollback install underway")
	for _, a := range config.Apps {
		rel.Apps = append(rel.Apps, store.ReleaseApp{Label: a.Label, DeploymentID: deploymentID(target.Name, a.Label, version)})
	}
	audit := store.AuditRecord{Operation: store.AuditStream, Action: store.AuditRollback, Correlation: target.Name, Platform: target.Platform,
		Data: fmt.Sprintf("to release %d as release %d", target.Version, version)}
	auditID, err := f.claimRelease(ctx, audit, rel)
	if err != nil {
		return store.Release{}, err
	}
	defer func() { f.auditFailure(ctx, auditID, err) }()
	prefix, err := f.appNamePrefixOf(ctx, target.Platform)
	if err != nil {
		f.failRelease(ctx, rel, "Could not deploy app.", nil)
		return store.Release{}, err
	}
	done, err := f.deployApps(ctx, deployer, target.Name, prefix, config, rel.Apps)
	if err != nil {
		failed := failedRemovals(f.removeApps(ctx, deployer, done, nil))
		f.failRelease(ctx, rel, "Could not deploy app.", failed)
		return store.Release{}, leftoverError(fmt.Sprintf("could not roll back stream '%s'", target.Name), err, failed)
	}
	rel.Apps, rel.Status, rel.Description = done, store.ReleaseDeployed, "Rollback complete"
	return rel, f.finishRelease(ctx, target.Name, version, store.ReleaseDeployed, rel.Description, done)
}

// deployedHistory returns a stream's latest release (without its config and apps) and its deployed release,
// once no operation is underway (idle says so).
func (f *Flow) deployedHistory(ctx context.Context, name string, idle func(context.Context, string) error) (store.Release, store.Release, error) {
	if _, _, err := f.StreamDefinition(ctx, name); err != nil {
		return store.Release{}, store.Release{}, err
	}
	if err := idle(ctx, name); err != nil {
		return store.Release{}, store.Release{}, err
	}
	cur, ok, err := f.Store.Read().DeployedRelease(ctx, name)
	if err != nil {
		return store.Release{}, store.Release{}, err
	}
	if !ok {
		return store.Release{}, store.Release{}, newError(CodeStreamNotDeployed, name)
	}
	latest, _, err := f.Store.Read().LatestRelease(ctx, name)
	if err != nil {
		return store.Release{}, store.Release{}, err
	}
	return latest, cur, nil
}

// mergeUpdate merges update properties into a release's config: app properties and deployer properties are
// added or overwritten, never removed (Skipper's deep merge); version.<label> picks another registered version.
func (f *Flow) mergeUpdate(ctx context.Context, config releaseConfig, props deployProperties) (releaseConfig, error) {
	next := releaseConfig{Apps: make([]appSpec, len(config.Apps))}
	for i, a := range config.Apps {
		a.ApplicationProperties = maps.Clone(a.ApplicationProperties)
		a.DeploymentProperties = maps.Clone(a.DeploymentProperties)
		given := props.deployerProperties(a.Label)
		maps.Copy(a.DeploymentProperties, given)
		if _, err := count(a.DeploymentProperties); err != nil {
			return releaseConfig{}, fmt.Errorf("app '%s': %w", a.Label, err)
		}
		if v, ok := props["version."+a.Label]; ok && v != a.Version {
			rec, err := f.FindApp(ctx, a.Type, a.Name, v)
			if err != nil {
				return releaseConfig{}, err
			}
			a.Version, a.URI, a.Resource, a.MetadataURI = rec.Version, rec.URI, skipperResource(rec.URI, rec.Version), rec.MetadataURI
		}
		// The update's app properties are qualified with the options of the version the app is updated to,
		// as SCDF's createUpdateRequests does.
		if update := props.appProperties(a.Label); len(update) > 0 {
			opts, err := appOptions(ctx, f.Store.Read(), string(a.Type), a.Name, a.Version, false)
			if err != nil {
				return releaseConfig{}, err
			}
			update, err = qualify(fmt.Sprintf("app '%s'", a.Label), opts, update)
			if err != nil {
				return releaseConfig{}, err
			}
			maps.Copy(a.ApplicationProperties, update)
		}
		if _, counted := given[deployerPrefix+"count"]; counted {
			// A count given to an update is meant: its app is deployed again with it (instanceCount
			// included). Skipper compared without the count and kept the running one, so such an update
			// changed nothing, or said there was no difference.
			a.syncInstanceCount()
		}
		next.Apps[i] = a
	}
	return next, nil
}

// syncInstanceCounts gives the apps deployed again (labels) the instance count they are deployed with: a scale
// or a carried-over count may have changed it since their config was written. Apps kept running keep their
// config as it is, which is what their instances run with.
func (c releaseConfig) syncInstanceCounts(labels []string) {
	for i := range c.Apps {
		if slices.Contains(labels, c.Apps[i].Label) {
			c.Apps[i].syncInstanceCount()
		}
	}
}

// withCount returns deployer properties with the count of running ones.
func withCount(props, running map[string]string) map[string]string {
	out := maps.Clone(props)
	delete(out, deployerPrefix+"count")
	if n, ok := running[deployerPrefix+"count"]; ok {
		out[deployerPrefix+"count"] = n
	}
	return out
}

// changedApps lists the labels whose app differs between two configs: resource, version, application or
// deployment properties, the instance count excepted (Skipper's ApplicationManifestDifferenceFactory).
func changedApps(old, next releaseConfig) []string {
	var changed []string
	for _, n := range next.Apps {
		o, ok := old.app(n.Label)
		withoutCount := func(m map[string]string) map[string]string {
			c := maps.Clone(m)
			delete(c, deployerPrefix+"count")
			return c
		}
		if !ok || o.URI != n.URI || !maps.Equal(o.ApplicationProperties, n.ApplicationProperties) ||
			!maps.Equal(withoutCount(o.DeploymentProperties), withoutCount(n.DeploymentProperties)) {
			changed = append(changed, n.Label)
		}
	}
	slices.Sort(changed)
	return changed
}

// upgrade runs the red/black flow from the deployed release cur to a release with config next, in which the
// changed apps get new deployment ids.
func (f *Flow) upgrade(ctx context.Context, latest, cur store.Release, next releaseConfig, changed []string, kind string,
	opts UpgradeOptions) (_ store.Release, err error) {
	opts = opts.withDefaults()
	deployer, err := f.deployerOf(cur)
	if err != nil {
		return store.Release{}, err
	}
	name, version := cur.Name, latest.Version+1
	old := map[string]store.ReleaseApp{}
	for _, a := range cur.Apps {
		old[a.Label] = a
	}
	rel := f.newRelease(name, version, cur.Platform, next, kind+" install underway")
	for _, a := range next.Apps {
		if slices.Contains(changed, a.Label) {
			rel.Apps = append(rel.Apps, store.ReleaseApp{Label: a.Label, DeploymentID: deploymentID(name, a.Label, version)})
		} else {
			rel.Apps = append(rel.Apps, old[a.Label])
		}
	}
	action := store.AuditUpdate // SCDF's audit action for an upgrade
	if kind == "Rollback" {
		action = store.AuditRollback
	}
	audit := store.AuditRecord{Operation: store.AuditStream, Action: action, Correlation: name, Platform: cur.Platform,
		Data: fmt.Sprintf("release %d -> %d, apps %s", cur.Version, version, strings.Join(changed, ", "))}
	auditID, err := f.claimRelease(ctx, audit, rel)
	if err != nil {
		return store.Release{}, err
	}
	defer func() { f.auditFailure(ctx, auditID, err) }()
	started := f.Now()
	opts.Progress(fmt.Sprintf("Deploying %s of release %d beside release %d", strings.Join(changed, ", "), version, cur.Version))
	prefix, err := f.appNamePrefixOf(ctx, cur.Platform)
	if err != nil {
		f.failRelease(ctx, rel, "Could not deploy app.", nil)
		return store.Release{}, err
	}
	done, err := f.deployApps(ctx, deployer, name, prefix, next, rel.Apps)
	var created []store.ReleaseApp
	for _, a := range done {
		if a.DeploymentID == deploymentID(name, a.Label, version) {
			created = append(created, a)
		}
	}
	if err != nil {
		failed := failedRemovals(f.removeApps(ctx, deployer, created, servingAppsOf(cur, true)))
		f.failRelease(ctx, rel, "Could not deploy app.", failed)
		if len(failed) > 0 {
			return store.Release{}, fmt.Errorf("%s of stream '%s' failed: %w; release %d keeps running (%s)", strings.ToLower(kind), name, err, cur.Version, cleanupOutcome(failed))
		}
		return store.Release{}, fmt.Errorf("%s of stream '%s' failed: %w; release %d keeps running", strings.ToLower(kind), name, err, cur.Version)
	}
	if err := f.waitHealthy(ctx, deployer, done, started, opts); err != nil {
		failed := failedRemovals(f.removeApps(ctx, deployer, created, servingAppsOf(cur, true)))
		rel.Apps = done
		f.failRelease(ctx, rel, err.Error(), failed)
		if len(failed) > 0 {
			return store.Release{}, fmt.Errorf("%s of stream '%s' failed: %w; release %d keeps running (%s)", strings.ToLower(kind), name, err, cur.Version, cleanupOutcome(failed))
		}
		return store.Release{}, fmt.Errorf("%s of stream '%s' failed: %w; the new apps were removed and release %d keeps running", strings.ToLower(kind), name, err, cur.Version)
	}
	opts.Progress(fmt.Sprintf("Release %d is ready; removing the replaced apps of release %d", version, cur.Version))
	var replaced []store.ReleaseApp
	for _, label := range changed {
		if a, ok := old[label]; ok {
			replaced = append(replaced, a)
		}
	}
	// The switch is recorded before the replaced apps are removed, with them as leftovers: a process killed while
	// it removes them leaves the new release DEPLOYED and the rest to remove, never the serving apps to delete.
	pending := make([]removal, len(replaced))
	for i, a := range replaced {
		pending[i] = removal{a, fmt.Errorf("replaced by release %d", version)}
	}
	err = f.Store.InTx(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		if err := tx.SetReleaseApps(ctx, name, version, done); err != nil {
			return err
		}
		if err := tx.SetReleaseStatus(ctx, name, version, store.ReleaseDeployed, kind+" complete", f.Now()); err != nil {
			return err
		}
		if err := tx.AddLeftovers(ctx, f.leftoversOf(name, cur.Platform, cur.Version, pending)); err != nil {
			return err
		}
		return tx.SetReleaseStatus(ctx, name, cur.Version, store.ReleaseDeleted, "Delete complete", f.Now())
	})
	if err != nil {
		return store.Release{}, err
	}
	rel.Apps, rel.Status, rel.Description = done, store.ReleaseDeployed, kind+" complete"
	still, err := f.removeLeftovers(ctx, name)
	if err == nil && len(still) > 0 {
		err = errors.New(strings.Join(still, "; "))
	}
	if err != nil {
		return rel, fmt.Errorf("release %d is deployed, but apps of release %d could not be removed (the next command on the stream removes them): %w", version, cur.Version, err)
	}
	return rel, nil
}

// waitHealthy polls the platform until every app of the new release is deployed. An app that fails is not
// waited for (Skipper waited the whole timeout); the timeout and a cancel end the wait as Skipper's did.
func (f *Flow) waitHealthy(ctx context.Context, deployer platforms.AppDeployer, apps []store.ReleaseApp, started time.Time, opts UpgradeOptions) error {
	refs := make([]platforms.AppRef, len(apps))
	for i, a := range apps {
		refs[i] = refOf(a)
	}
	deadline := f.clock.After(opts.Timeout)
	poll := min(firstUpgradePoll, opts.Poll)
	elapsed := func() int64 { return f.Now().Sub(started).Milliseconds() }
	last, why := "", ""
	for {
		statuses, err := deployer.Status(ctx, refs)
		if err == nil {
			why = waitReasons(statuses)
			ready, line, failure := summarize(statuses)
			if failure != "" {
				return fmt.Errorf("%s after %d ms", failure, elapsed())
			}
			if ready {
				return nil
			}
			if line != last {
				opts.Progress(line)
				last = line
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("Cancelled after %d ms.", elapsed())
		case <-deadline:
			return fmt.Errorf("Did not detect apps in replacing release as healthy after %d ms.%s", elapsed(), why)
		case <-f.clock.After(poll):
			poll = min(poll*3/2, opts.Poll)
		}
	}
}

// waitReasons is what the platform last said about the apps that are not ready, " (app: reason; ...)", for a
// wait that timed out: the user learns why without another command.
func waitReasons(statuses []platforms.AppStatus) string {
	var why []string
	for _, s := range statuses {
		if s.State != platforms.StateDeployed && s.Reason != "" {
			why = append(why, s.DeploymentID+": "+s.Reason)
		}
	}
	if len(why) == 0 {
		return ""
	}
	return " " + strings.Join(why, "; ")
}

// summarize says whether every app is deployed, a progress line, and a failure if an app failed.
func summarize(statuses []platforms.AppStatus) (bool, string, string) {
	ready := 0
	var waiting []string
	for _, s := range statuses {
		switch s.State {
		case platforms.StateDeployed:
			ready++
		case platforms.StateFailed, platforms.StateError:
			reason := s.Reason
			if reason == "" {
				reason = string(s.State)
			}
			return false, "", fmt.Sprintf("app %s failed (%s)", s.DeploymentID, reason)
		default:
			w := s.DeploymentID + " " + string(s.State)
			if s.Reason != "" {
				w += " (" + s.Reason + ")"
			}
			waiting = append(waiting, w)
		}
	}
	return ready == len(statuses), fmt.Sprintf("%d of %d apps ready; waiting for %s", ready, len(statuses), strings.Join(waiting, ", ")), ""
}
