package flow

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// StreamDeployRequest is `stream deploy`.
type StreamDeployRequest struct {
	Name       string
	Platform   string
	Properties map[string]string
}

// StreamAccount finds a stream account by name; with no name, the only account, or the one named "default"
// (Skipper's default platform).
func (a *Accounts) StreamAccount(name string) (platforms.Account, error) {
	return pickAccount(a.config.StreamAccounts(), name, "No Launcher found for the platform named '%s'. Available platform names are %s")
}

// deploymentID is <stream>-<label>-v<version>: the name of the platform objects of an app that last changed in
// that release version.
func deploymentID(stream, label string, version int) string {
	return fmt.Sprintf("%s-%s-v%d", stream, label, version)
}

// maxNameLength is SCDF's check on "<stream>-<app>-v": 63 characters less 5 kept for the version.
const maxNameLength = 58

// DeployStream installs a new release of a stream on an account: version 1, or the latest version + 1 after an
// undeploy. Each app is deployed sink first; if one fails, the apps already deployed are removed and the
// release is FAILED, so nothing is left half-created; an app that cannot be removed is recorded, and the next
// command on the stream removes it first.
func (f *Flow) DeployStream(ctx context.Context, req StreamDeployRequest) (_ store.Release, err error) {
	acc, deployer, latest, config, err := f.prepareDeploy(ctx, req)
	if err != nil {
		return store.Release{}, err
	}
	if _, err := f.checkOwnership(ctx, req.Name, acc.Name); err != nil {
		return store.Release{}, err
	}
	if err := f.finishLeftovers(ctx, req.Name); err != nil {
		return store.Release{}, err
	}
	if c, ok := deployer.(platforms.Connector); ok {
		c.Connect(ctx) // the login overlaps the writes below
	}
	version := latest + 1
	rel := f.newRelease(req.Name, version, acc.Name, config, "Initial install underway")
	for _, a := range config.Apps {
		rel.Apps = append(rel.Apps, store.ReleaseApp{Label: a.Label, DeploymentID: deploymentID(req.Name, a.Label, version)})
	}
	audit := store.AuditRecord{Operation: store.AuditStream, Action: store.AuditDeploy, Correlation: req.Name, Platform: acc.Name, Data: propertyList(req.Properties)}
	auditID, err := f.claimRelease(ctx, audit, rel)
	if err != nil {
		return store.Release{}, err
	}
	defer func() { f.auditFailure(ctx, auditID, err) }()
	prefix, err := f.appNamePrefix(ctx, acc)
	if err != nil {
		f.failRelease(ctx, rel, "Install failed: "+err.Error(), nil)
		return store.Release{}, err
	}
	done, err := f.deployApps(ctx, deployer, req.Name, prefix, config, rel.Apps)
	if err != nil {
		failed := failedRemovals(f.removeApps(ctx, deployer, done, nil))
		f.failRelease(ctx, rel, "Install failed: "+err.Error(), failed)
		return store.Release{}, leftoverError(fmt.Sprintf("could not deploy stream '%s'", req.Name), err, failed)
	}
	rel.Apps = done
	rel.Status, rel.Description = store.ReleaseDeployed, "Install complete"
	return rel, f.finishRelease(ctx, req.Name, version, store.ReleaseDeployed, "Install complete", done)
}

// prepareDeploy checks a deploy request and resolves everything it needs, changing nothing; it says the
// stream's latest release version (0: none).
func (f *Flow) prepareDeploy(ctx context.Context, req StreamDeployRequest) (
	platforms.Account, platforms.AppDeployer, int, releaseConfig, error) {
	fail := func(err error) (platforms.Account, platforms.AppDeployer, int, releaseConfig, error) {
		return platforms.Account{}, nil, 0, releaseConfig{}, err
	}
	_, s, err := f.StreamDefinition(ctx, req.Name)
	if err != nil {
		return fail(err)
	}
	if err := deployProperties(req.Properties).checkLabels(req.Name, labelsOf(s)); err != nil {
		return fail(err)
	}
	for _, a := range s.Apps {
		if n := len(req.Name) + len(a.Name) + 3; n > maxNameLength {
			return fail(fmt.Errorf("The length of the stream name '%s' plus the app name '%s' (%d characters) is over the limit of %d: the platform names of its apps would be too long", req.Name, a.Name, n, maxNameLength))
		}
	}
	acc, deployer, err := f.streamDeployer(req.Platform)
	if err != nil {
		return fail(err)
	}
	if err := f.checkIdle(ctx, req.Name); err != nil {
		return fail(err)
	}
	latest, ok, err := f.Store.Read().LatestRelease(ctx, req.Name)
	if err != nil {
		return fail(err)
	}
	if ok && latest.Status == store.ReleaseDeployed {
		return fail(newError(CodeStreamAlreadyDeployed, req.Name))
	}
	config, err := buildAppSpecs(req.Name, s, req.Properties, acc.Type, f.resolveStreamApp(ctx))
	if err != nil {
		return fail(err)
	}
	// A maven:// app is fetched now, so an artifact that cannot be had deploys nothing.
	if config, err = f.runnableConfig(ctx, deployer, config); err != nil {
		return fail(err)
	}
	if err := validateApps(deployer, req.Name, placeholderPrefix(acc), config); err != nil {
		return fail(err)
	}
	f.noteIgnoredDeployerKeys(acc, config.deployerProperties()...)
	return acc, deployer, latest.Version, config, nil
}

// RenderStreamDeploy is `stream deploy --dry-run`: what the platform would be asked to create, with secret
// values masked; nothing is written and nothing is deployed.
func (f *Flow) RenderStreamDeploy(ctx context.Context, req StreamDeployRequest) (string, error) {
	acc, deployer, latest, config, err := f.prepareDeploy(ctx, req)
	if err != nil {
		return "", err
	}
	// A real deploy checks name clashes when it claims its release; a dry run says the same here.
	var apps []store.ReleaseApp
	for _, a := range config.Apps {
		apps = append(apps, store.ReleaseApp{Label: a.Label, DeploymentID: deploymentID(req.Name, a.Label, 1)})
	}
	if err := checkNameClashes(ctx, f.Store.Read(), req.Name, acc.Name, apps); err != nil {
		return "", err
	}
	renderer, ok := deployer.(platforms.AppRenderer)
	if !ok {
		return "", fmt.Errorf("--dry-run is not available for %s accounts", acc.Type)
	}
	version := latest + 1
	prefix, err := f.previewPrefix(ctx, acc)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, a := range config.Apps {
		a = a.redacted()
		d, err := a.deploymentOf(req.Name, deploymentID(req.Name, a.Label, version))
		if err != nil {
			return "", err
		}
		d.NamePrefix = prefix
		text, err := renderer.Render(d)
		if err != nil {
			return "", fmt.Errorf("app '%s': %w", a.Label, err)
		}
		if i > 0 {
			b.WriteString("---\n")
		}
		b.WriteString(strings.TrimRight(text, "\n") + "\n")
	}
	return b.String(), nil
}

// resolveStreamApp looks an app of a stream up in the registry, at the given version or the default one.
func (f *Flow) resolveStreamApp(ctx context.Context) func(a StreamApp, version string) (appSpec, error) {
	return func(a StreamApp, version string) (appSpec, error) {
		rec, err := f.FindApp(ctx, a.Type, a.Name, version)
		if err != nil {
			return appSpec{}, err
		}
		opts, err := appOptions(ctx, f.Store.Read(), rec.Type, rec.Name, rec.Version, false)
		if err != nil {
			return appSpec{}, err
		}
		return appSpec{Resource: skipperResource(rec.URI, rec.Version), Version: rec.Version, URI: rec.URI, MetadataURI: rec.MetadataURI, options: opts}, nil
	}
}

// skipperResource is the resource as Skipper's package holds it: docker and maven coordinates without their
// version (which has a field of its own); other URIs (file:, http:) whole, since the version is part of a file
// name that cannot be rebuilt from it.
func skipperResource(uri, version string) string {
	if strings.HasPrefix(uri, "docker:") || strings.HasPrefix(uri, "maven:") {
		return strings.TrimSuffix(strings.TrimSuffix(uri, version), ":")
	}
	return uri
}

func (f *Flow) newRelease(name string, version int, platform string, config releaseConfig, description string) store.Release {
	raw, _ := json.Marshal(config)
	now := f.Now()
	return store.Release{Name: name, Version: version, Platform: platform, Status: store.ReleaseUnknown, Description: description,
		FirstDeployed: now, LastDeployed: now, Config: string(raw), Manifest: renderManifest(config), Owner: procid.Self()}
}

func refOf(a store.ReleaseApp) platforms.AppRef {
	h := a.Handle
	if h == "-" {
		h = ""
	}
	return platforms.AppRef{DeploymentID: a.DeploymentID, Handle: h}
}

// failRelease records a failed operation's release as FAILED, with the apps its cleanup could not remove as
// leftovers of the stream, in one transaction. It must be written even when the operation was cancelled.
func (f *Flow) failRelease(ctx context.Context, rel store.Release, description string, failed []removal) {
	ctx = context.WithoutCancel(ctx)
	_ = f.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddLeftovers(ctx, f.leftoversOf(rel.Name, rel.Platform, rel.Version, failed)); err != nil {
			return err
		}
		return tx.SetReleaseStatus(ctx, rel.Name, rel.Version, store.ReleaseFailed, description, f.Now())
	})
}

// finishRelease records the end of an operation on a release (and its apps, when given). It must be written
// even when the operation was cancelled.
func (f *Flow) finishRelease(ctx context.Context, name string, version int, status store.ReleaseStatus, description string, apps []store.ReleaseApp) error {
	ctx = context.WithoutCancel(ctx)
	return f.Store.InTx(ctx, func(tx *store.Tx) error {
		if apps != nil {
			if err := tx.SetReleaseApps(ctx, name, version, apps); err != nil {
				return err
			}
		}
		return tx.SetReleaseStatus(ctx, name, version, status, description, f.Now())
	})
}

// checkIdle refuses a second operation on a stream while one is underway, as Skipper's state machine did,
// but unlike Skipper it recovers by itself when the process running that operation has died: the interrupted
// release's new apps are removed and it is marked FAILED. It reads only the releases with an operation underway.
func (f *Flow) checkIdle(ctx context.Context, name string) error {
	underway, err := f.Store.Read().UnderwayReleases(ctx, name)
	if err != nil {
		return err
	}
	for _, r := range underway {
		switch {
		case r.Owner != "" && !procid.Gone(r.Owner):
			return releaseBusy(name, r)
		case r.Status == store.ReleaseUnknown:
			if err := f.recoverInterrupted(ctx, r); err != nil {
				return err
			}
		case r.Owner != "": // an undeploy that ended with its process: the release is as it was, its apps maybe fewer
			if err := f.Store.Read().SetReleaseOwner(context.WithoutCancel(ctx), r.Name, r.Version, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// releaseBusy is the error of an operation refused because another one is underway on the stream.
func releaseBusy(name string, underway store.Release) error {
	return newError(CodeStreamBusy, name, underway.Version, underway.Description)
}

// claimRelease records a new release as underway, with its audit record, unless another process changed the
// stream's history since this one read it: two shells updating a stream at once both pass checkIdle, but only
// the first to take SQLite's write lock finds the history as it read it; the other is told the release is busy.
func (f *Flow) claimRelease(ctx context.Context, audit store.AuditRecord, rel store.Release) (auditID int64, err error) {
	return f.changeAudited(ctx, audit, func(tx *store.Tx) error {
		latest, ok, err := tx.LatestRelease(ctx, rel.Name)
		if err != nil {
			return err
		}
		if ok && (latest.Status == store.ReleaseUnknown || latest.Owner != "" || latest.Version != rel.Version-1) {
			return releaseBusy(rel.Name, latest)
		}
		if err := checkNameClashes(ctx, tx, rel.Name, rel.Platform, rel.Apps); err != nil {
			return err
		}
		if !ok && rel.Version != 1 {
			return fmt.Errorf("Stream '%s' lost its release history while this command ran; try again", rel.Name)
		}
		return tx.InsertRelease(ctx, rel)
	})
}

// recoverInterrupted removes what an interrupted operation created (the apps whose ids are new in its
// release) and marks the release FAILED.
func (f *Flow) recoverInterrupted(ctx context.Context, r store.Release) error {
	deployer, err := f.deployerOf(r)
	if err != nil {
		return err
	}
	ids := make([]string, len(r.Apps))
	for i, a := range r.Apps {
		ids[i] = a.DeploymentID
	}
	older, err := f.Store.Read().UsedBefore(ctx, r.Name, r.Version, ids)
	if err != nil {
		return err
	}
	var created []store.ReleaseApp
	for _, a := range r.Apps {
		if !older[a.DeploymentID] {
			created = append(created, a)
		}
	}
	serving, err := f.servingApps(ctx, r.Name)
	if err != nil {
		return err
	}
	// Another store may have made objects of the stream since: the interrupted release's ids are removed only
	// when everything of the stream is this store's.
	if _, err := f.checkOwnership(ctx, r.Name, r.Platform); err != nil {
		return err
	}
	failed := failedRemovals(f.removeApps(ctx, deployer, created, serving))
	f.failRelease(ctx, r, "Interrupted: the process running it ended before it finished", failed)
	return nil
}

// UndeployStream removes every app of the stream's deployed release and marks it DELETED; the history stays,
// so a later deploy continues the version numbers. Apps that earlier failures left are removed first (then a
// stream that is not deployed is un-deployed too). Unlike Skipper, an app that cannot be removed is an error
// the user sees, and the release stays DEPLOYED so that undeploy can be tried again. While it runs, the release
// is claimed: an update or a second undeploy started meanwhile is told the stream is busy.
func (f *Flow) UndeployStream(ctx context.Context, name string) error {
	if _, _, err := f.StreamDefinition(ctx, name); err != nil {
		return err
	}
	if err := f.checkIdle(ctx, name); err != nil {
		return err
	}
	_, deployed, err := f.Store.Read().DeployedRelease(ctx, name)
	if err != nil {
		return err
	}
	scope := historyObjects
	if deployed {
		scope = everyObject
	}
	// What the stream's accounts hold is read once: checked before anything changes, then swept at the end.
	objs, err := f.checkOwnershipOf(ctx, name, scope)
	if err != nil {
		return err
	}
	left, err := f.Store.Read().Leftovers(ctx, name)
	if err != nil {
		return err
	}
	if err := f.finishLeftovers(ctx, name); err != nil {
		return err
	}
	gone := map[string]bool{}
	for _, l := range left {
		gone[objectKey(l.DeploymentID)] = true
	}
	cur, ok, err := f.Store.Read().DeployedRelease(ctx, name)
	if err != nil {
		return err
	}
	if !ok {
		swept, err := f.sweepGroup(ctx, name, &objs, gone)
		if err != nil {
			return err
		}
		if len(left) > 0 || swept > 0 {
			return nil // what was left running is gone: un-deployed
		}
		return newError(CodeStreamNotDeployed, name)
	}
	deployer, err := f.deployerOf(cur)
	if err != nil {
		return err
	}
	if err := f.claimUndeploy(ctx, cur); err != nil {
		return err
	}
	if failed := failedRemovals(f.removeApps(ctx, deployer, cur.Apps, nil)); len(failed) > 0 {
		_ = f.Store.Read().SetReleaseOwner(context.WithoutCancel(ctx), name, cur.Version, "")
		return fmt.Errorf("could not undeploy stream '%s': %s", name, removalList(failed))
	}
	audit := store.AuditRecord{Operation: store.AuditStream, Action: store.AuditUndeploy, Correlation: name, Platform: cur.Platform}
	err = f.change(context.WithoutCancel(ctx), audit, func(tx *store.Tx) error {
		return tx.SetReleaseStatus(ctx, name, cur.Version, store.ReleaseDeleted, "Delete complete", f.Now())
	})
	if err != nil {
		return err
	}
	for _, a := range cur.Apps {
		gone[objectKey(a.DeploymentID)] = true
	}
	_, err = f.sweepGroup(ctx, name, &objs, gone)
	return err
}

// claimUndeploy marks the deployed release as being un-deployed by this process, unless another operation
// started on the stream, or changed that release, since it was read.
func (f *Flow) claimUndeploy(ctx context.Context, cur store.Release) error {
	return f.Store.InTx(ctx, func(tx *store.Tx) error {
		// What holds the stream: a release underway, or the deployed one changed; the newest of them is named.
		busy, err := tx.UnderwayReleases(ctx, cur.Name)
		if err != nil {
			return err
		}
		now, ok, err := tx.Release(ctx, cur.Name, cur.Version)
		if err != nil {
			return err
		}
		if ok && now.Status != store.ReleaseDeployed {
			busy = append(busy, now)
		}
		if len(busy) > 0 {
			return releaseBusy(cur.Name, slices.MaxFunc(busy, func(a, b store.Release) int { return cmp.Compare(a.Version, b.Version) }))
		}
		return tx.SetReleaseOwner(ctx, cur.Name, cur.Version, procid.Self())
	})
}

func (f *Flow) deployerOf(r store.Release) (platforms.AppDeployer, error) {
	acc, err := f.streamAccount(r.Platform)
	if err != nil {
		return nil, fmt.Errorf("release %d of '%s' runs on '%s', which is no longer configured: %w", r.Version, r.Name, r.Platform, err)
	}
	return f.deployer(acc)
}

// configOf reads a release's stored config.
func configOf(r store.Release) (releaseConfig, error) {
	var c releaseConfig
	if err := json.Unmarshal([]byte(r.Config), &c); err != nil {
		return c, fmt.Errorf("release %d of '%s' has an unreadable config: %w", r.Version, r.Name, err)
	}
	return c, nil
}

// DefaultHistoryLimit is how many releases a page of `stream history` shows.
const DefaultHistoryLimit = 100

// StreamHistory is `stream history`: a page of releases, newest first, without their configs, manifests and
// apps: limit releases (0: all) of page (1: the newest).
func (f *Flow) StreamHistory(ctx context.Context, name string, limit, page int) ([]store.Release, error) {
	if page < 1 {
		page = 1
	}
	list, err := f.Store.Read().ReleasePage(ctx, name, limit, limit*(page-1))
	if err != nil || len(list) > 0 {
		return list, err
	}
	if page > 1 && limit > 0 { // past the last page of a history, or no history at all
		if _, ok, err := f.Store.Read().LatestRelease(ctx, name); err != nil || ok {
			return nil, err
		}
	}
	return nil, f.noReleases(ctx, name)
}

// noReleases is the error of a command that reads the releases of a stream that has none.
func (f *Flow) noReleases(ctx context.Context, name string) error {
	if _, _, err := f.StreamDefinition(ctx, name); err != nil {
		return err
	}
	return newError(CodeReleaseNotFound, name)
}

// StreamManifest is `stream manifest`: the manifest of a release version, 0 for the latest.
func (f *Flow) StreamManifest(ctx context.Context, name string, version int) (string, error) {
	r, ok, err := f.Store.Read().Release(ctx, name, version)
	if err != nil || ok {
		return r.Manifest, err
	}
	if version != 0 {
		_, has, err := f.Store.Read().LatestRelease(ctx, name)
		if err != nil {
			return "", err
		}
		if has {
			return "", newError(CodeReleaseVersionNotFound, name, version)
		}
	}
	return "", f.noReleases(ctx, name)
}

// WaitStreamDeployed waits until every app of a release is deployed (stream deploy --wait).
func (f *Flow) WaitStreamDeployed(ctx context.Context, rel store.Release, opts UpgradeOptions) error {
	opts = opts.withDefaults()
	deployer, err := f.deployerOf(rel)
	if err != nil {
		return err
	}
	if err := f.waitHealthy(ctx, deployer, rel.Apps, f.Now(), opts); err != nil {
		return fmt.Errorf("stream '%s' is deployed but not ready: %w", rel.Name, err)
	}
	return nil
}

// UndeployIfDeployed undeploys a stream that is deployed, before it is destroyed (SCDF's destroy did).
func (f *Flow) UndeployIfDeployed(ctx context.Context, name string) error {
	latest, has, err := f.Store.Read().LatestRelease(ctx, name)
	if err != nil {
		return err
	}
	deployed := has && latest.Status == store.ReleaseDeployed
	if has && !deployed {
		if _, deployed, err = f.Store.Read().DeployedRelease(ctx, name); err != nil {
			return err
		}
	}
	if deployed || has && latest.Status == store.ReleaseUnknown {
		return f.UndeployStream(ctx, name) // which also reports an operation underway
	}
	// Not deployed: only what earlier failures left of this store's apps is removed, so only the objects of its
	// ids must be its own; another store may run the stream.
	objs, err := f.checkOwnershipOf(ctx, name, historyObjects)
	if err != nil {
		return err
	}
	left, err := f.Store.Read().Leftovers(ctx, name)
	if err != nil {
		return err
	}
	if err := f.finishLeftovers(ctx, name); err != nil {
		return err
	}
	gone := map[string]bool{}
	for _, l := range left {
		gone[objectKey(l.DeploymentID)] = true
	}
	_, err = f.sweepGroup(ctx, name, &objs, gone)
	return err
}
