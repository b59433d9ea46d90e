package flow

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/store"
)

// A plan is what `stream update --dryRun` and `stream rollback --dryRun` show: the release engine's own decision
// (decideUpdate, decideRollback), computed by the functions the real commands use, with nothing written and no
// platform write made. The structure is what `-o json|yaml` prints, so its field names are kept stable.

// Plan actions of an app, a property or a platform object.
const (
	PlanReplace = "replace" // the app is deployed again under a new deployment id, the old one removed
	PlanKeep    = "keep"    // the app keeps running as it is
	PlanCreate  = "create"  // the app, or a platform object, is made
	PlanDelete  = "delete"  // a platform object is removed
	PlanAdd     = "add"     // a property is added
	PlanChange  = "change"  // a property's value changes
	PlanRemove  = "remove"  // a property is removed
)

// StreamPlan is what an update or a rollback would do.
type StreamPlan struct {
	Stream string `json:"stream" yaml:"stream"`
	// Operation is "update" or "rollback".
	Operation string `json:"operation" yaml:"operation"`
	Platform  string `json:"platform" yaml:"platform"`
	// FromRelease is the deployed release (0: none, a rollback installs); ToRelease the release it would write.
	FromRelease int `json:"fromRelease" yaml:"fromRelease"`
	ToRelease   int `json:"toRelease" yaml:"toRelease"`
	// RollbackTo is the release whose config a rollback restores.
	RollbackTo int          `json:"rollbackTo,omitempty" yaml:"rollbackTo,omitempty"`
	Apps       []AppPlan    `json:"apps" yaml:"apps"`
	Objects    []ObjectPlan `json:"platformObjects" yaml:"platformObjects"`
	// Notes say what the command would do first, before the upgrade (an interrupted release cleaned up).
	Notes []string `json:"notes,omitempty" yaml:"notes,omitempty"`
}

// AppPlan is one app of the stream: replaced, kept, or (a rollback that installs) created.
type AppPlan struct {
	Label           string `json:"label" yaml:"label"`
	Action          string `json:"action" yaml:"action"`
	OldDeploymentID string `json:"oldDeploymentId,omitempty" yaml:"oldDeploymentId,omitempty"`
	NewDeploymentID string `json:"newDeploymentId" yaml:"newDeploymentId"`
	Version         string `json:"version" yaml:"version"`
	// OldVersion and OldURI are set when they change.
	OldVersion string           `json:"oldVersion,omitempty" yaml:"oldVersion,omitempty"`
	URI        string           `json:"uri" yaml:"uri"`
	OldURI     string           `json:"oldUri,omitempty" yaml:"oldUri,omitempty"`
	Properties []PropertyChange `json:"properties,omitempty" yaml:"properties,omitempty"`
}

// PropertyChange is a property of an app that differs, with secret values masked.
type PropertyChange struct {
	// Kind is "application" or "deployer".
	Kind   string `json:"kind" yaml:"kind"`
	Key    string `json:"key" yaml:"key"`
	Action string `json:"action" yaml:"action"`
	Old    string `json:"old,omitempty" yaml:"old,omitempty"`
	New    string `json:"new,omitempty" yaml:"new,omitempty"`
}

// ObjectPlan is an app's set of platform objects that would be created or deleted. Objects names them as the
// platform lists them, where it lists them (a deletion of what runs now); a creation names the deployment id.
type ObjectPlan struct {
	Action       string   `json:"action" yaml:"action"`
	DeploymentID string   `json:"deploymentId" yaml:"deploymentId"`
	Platform     string   `json:"platform" yaml:"platform"`
	Objects      []string `json:"objects,omitempty" yaml:"objects,omitempty"`
	Reason       string   `json:"reason" yaml:"reason"`
}

// planNothing is the refusal of an update or rollback with no difference, said to be a plan's.
func planNothing(err error) error {
	return fmt.Errorf("Dry run, nothing changed: %w", err)
}

// PlanStreamUpdate is `stream update --dryRun`: UpdateStream's checks and decision, nothing written.
func (f *Flow) PlanStreamUpdate(ctx context.Context, req StreamUpdateRequest) (StreamPlan, error) {
	if err := checkAppNames(req); err != nil {
		return StreamPlan{}, err
	}
	var notes []string
	latest, cur, err := f.deployedHistory(ctx, req.Name, f.idleForPlan(&notes))
	if err != nil {
		return StreamPlan{}, err
	}
	objs, err := f.checkOwnership(ctx, req.Name)
	if err != nil {
		return StreamPlan{}, err
	}
	d, err := f.decideUpdate(ctx, req, latest, cur)
	if errors.Is(err, ErrNothingToUpgrade) {
		return StreamPlan{}, planNothing(err)
	}
	if err != nil {
		return StreamPlan{}, err
	}
	if acc, _, err := f.streamDeployer(cur.Platform); err == nil {
		f.noteIgnoredDeployerKeys(acc, d.next.deployerProperties()...)
	}
	plan := StreamPlan{Stream: req.Name, Operation: "update", Notes: notes}
	return f.finishPlan(ctx, plan, d, objs)
}

// PlanStreamRollback is `stream rollback --dryRun`: RollbackStream's checks and decision, nothing written.
func (f *Flow) PlanStreamRollback(ctx context.Context, req StreamRollbackRequest) (StreamPlan, error) {
	var notes []string
	start, err := f.startRollback(ctx, req, f.idleForPlan(&notes))
	if err != nil {
		return StreamPlan{}, err
	}
	objs, err := f.checkOwnership(ctx, req.Name)
	if err != nil {
		return StreamPlan{}, err
	}
	plan := StreamPlan{Stream: req.Name, Operation: "rollback", RollbackTo: start.target.Version, Notes: notes}
	if !start.deployed {
		// reinstall: every app of the target's config deployed fresh.
		d := upgradeDecision{latest: start.latest, cur: store.Release{Name: req.Name, Platform: start.target.Platform},
			next: start.config, changed: sortedLabels(start.config)}
		return f.finishPlan(ctx, plan, d, objs)
	}
	d, err := decideRollback(start)
	if err != nil {
		return StreamPlan{}, planNothing(err)
	}
	return f.finishPlan(ctx, plan, d, objs)
}

// finishPlan turns a decision into a plan: the apps (as upgrade gives them their ids), their property changes,
// the objects created and deleted, and the leftovers the command would remove first.
func (f *Flow) finishPlan(ctx context.Context, plan StreamPlan, d upgradeDecision, objs streamObjects) (StreamPlan, error) {
	name, version := d.cur.Name, d.latest.Version+1
	plan.Platform, plan.FromRelease, plan.ToRelease = d.cur.Platform, d.cur.Version, version
	old := map[string]store.ReleaseApp{}
	for _, a := range d.cur.Apps {
		old[a.Label] = a
	}
	leftovers, err := f.Store.Read().Leftovers(ctx, name)
	if err != nil {
		return StreamPlan{}, err
	}
	for _, l := range leftovers {
		if _, err := f.streamAccount(l.Platform); err != nil {
			continue // out of reach, as removeLeftovers leaves it
		}
		plan.Objects = append(plan.Objects, ObjectPlan{Action: PlanDelete, DeploymentID: l.DeploymentID, Platform: l.Platform,
			Objects: objs.named(l.Platform, l.DeploymentID), Reason: fmt.Sprintf("left over from release %d", l.Release)})
	}
	var deletions []ObjectPlan
	for _, n := range d.next.Apps {
		o, had := d.from.app(n.Label)
		app := AppPlan{Label: n.Label, Version: n.Version, URI: n.URI, Properties: propertyChanges(o, n)}
		if had && o.Version != n.Version {
			app.OldVersion = o.Version
		}
		if had && o.URI != n.URI {
			app.OldURI = o.URI
		}
		running, runs := old[n.Label]
		switch {
		case !slices.Contains(d.changed, n.Label):
			app.Action, app.OldDeploymentID, app.NewDeploymentID = PlanKeep, running.DeploymentID, running.DeploymentID
		case runs:
			app.Action, app.OldDeploymentID, app.NewDeploymentID = PlanReplace, running.DeploymentID, deploymentID(name, n.Label, version)
			deletions = append(deletions, ObjectPlan{Action: PlanDelete, DeploymentID: running.DeploymentID, Platform: d.cur.Platform,
				Objects: objs.named(d.cur.Platform, running.DeploymentID), Reason: fmt.Sprintf("replaced by release %d once it is ready", version)})
		default:
			app.Action, app.NewDeploymentID = PlanCreate, deploymentID(name, n.Label, version)
		}
		if app.Action != PlanKeep {
			plan.Objects = append(plan.Objects, ObjectPlan{Action: PlanCreate, DeploymentID: app.NewDeploymentID, Platform: d.cur.Platform,
				Reason: fmt.Sprintf("app %s of release %d", n.Label, version)})
		}
		plan.Apps = append(plan.Apps, app)
	}
	plan.Objects = append(plan.Objects, deletions...)
	return plan, nil
}

// named lists the objects an account holds of a deployment id, as the platform names them.
func (o streamObjects) named(platform, id string) []string {
	var out []string
	for _, g := range o.listed[platform] {
		if strings.EqualFold(g.DeploymentID, id) {
			out = append(out, g.Object)
		}
	}
	slices.Sort(out)
	return out
}

// propertyChanges compares an app's application and deployer properties, sorted by kind and key, with secret
// values masked as everywhere else (RedactValue, RedactDeployerValue).
func propertyChanges(old, next appSpec) []PropertyChange {
	out := diffProperties("application", old.ApplicationProperties, next.ApplicationProperties, RedactValue)
	return append(out, diffProperties("deployer", old.DeploymentProperties, next.DeploymentProperties, RedactDeployerValue)...)
}

func diffProperties(kind string, old, next map[string]string, redact func(k, v string) string) []PropertyChange {
	var out []PropertyChange
	for _, k := range slices.Sorted(maps.Keys(next)) {
		switch was, ok := old[k]; {
		case !ok:
			out = append(out, PropertyChange{Kind: kind, Key: k, Action: PlanAdd, New: redact(k, next[k])})
		case was != next[k]:
			out = append(out, PropertyChange{Kind: kind, Key: k, Action: PlanChange, Old: redact(k, was), New: redact(k, next[k])})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(old)) {
		if _, ok := next[k]; !ok {
			out = append(out, PropertyChange{Kind: kind, Key: k, Action: PlanRemove, Old: redact(k, old[k])})
		}
	}
	return out
}

// idleForPlan refuses a stream with an operation underway as checkIdle does, but recovers nothing: an
// interrupted operation that the real command would clean up first is noted instead.
func (f *Flow) idleForPlan(notes *[]string) func(context.Context, string) error {
	return func(ctx context.Context, name string) error {
		underway, err := f.Store.Read().UnderwayReleases(ctx, name)
		if err != nil {
			return err
		}
		for _, r := range underway {
			switch {
			case r.Owner != "" && !procid.Gone(r.Owner):
				return releaseBusy(name, r)
			case r.Status == store.ReleaseUnknown:
				*notes = append(*notes, fmt.Sprintf("release %d was interrupted: the command first removes the apps it made and marks it FAILED", r.Version))
			}
		}
		return nil
	}
}
