package flow

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// Adoption (`scdf import --adopt`) takes over the streams that SCDF's Skipper deployed, as they run: for each
// stream SCDF reports deployed, its objects are found on the account named as Skipper's platform (by SCDF's
// labels on Kubernetes, by SCDF's app names on Cloud Foundry), compared with what a deploy of the definition with
// SCDF's deployment properties would make, recorded as a release of Skipper's version whose apps are the ids
// that run, and only then marked as the store's (platforms.StoreLabel): the one platform write. The release is
// written first, so an adoption cut short leaves objects that commands still refuse as not the store's, and a
// second `--adopt` finishes it; the reverse would leave objects the store owns but no release runs, which the
// sweep of stream undeploy removes.

// The actions of a stream's adoption in an import's plan.
const (
	SCDFAdopt          SCDFAction = "adopt"
	SCDFAdoptedAlready SCDFAction = "adopted already"
	// SCDFNotAdopted is a stream SCDF runs that is left to SCDF: the detail says why.
	SCDFNotAdopted SCDFAction = "not adopted"
)

// adoptedDescription starts the description of a release that adoption recorded.
const adoptedDescription = "Adopted from SCDF"

// skipperRelease is one of Skipper's releases of a stream, as /streams/deployments/history/{name} lists it.
type skipperRelease struct {
	Name         string `json:"name"`
	Version      int    `json:"version"`
	PlatformName string `json:"platformName"`
	Info         struct {
		Status struct {
			StatusCode string `json:"statusCode"`
		} `json:"status"`
		FirstDeployed json.RawMessage `json:"firstDeployed"`
		LastDeployed  json.RawMessage `json:"lastDeployed"`
		Description   string          `json:"description"`
	} `json:"info"`
	Pkg struct {
		Metadata struct {
			Version string `json:"version"`
		} `json:"metadata"`
	} `json:"pkg"`
}

// scdfRunning is a stream SCDF reports as not undeployed, with Skipper's deployed release of it (Version 0 when
// Skipper has none) and every release Skipper lists of it, newest first.
type scdfRunning struct {
	stream  SCDFStream
	release skipperRelease
	history []skipperRelease
	// past is the history to record, read once for the import's preview and its adoption.
	past *scdfPast
}

// readSCDFRunning reads Skipper's history of every stream SCDF reports as anything but undeployed.
func readSCDFRunning(ctx context.Context, server SCDFServer, streams []SCDFStream) ([]scdfRunning, error) {
	c, err := newSCDFClient(server)
	if err != nil {
		return nil, err
	}
	var out []scdfRunning
	for _, s := range streams {
		if s.Status == "" || strings.EqualFold(s.Status, "undeployed") {
			continue
		}
		var history []skipperRelease
		target := c.base.String() + "/streams/deployments/history/" + url.PathEscape(s.Name)
		status, err := c.get(ctx, target, &history)
		if err != nil {
			return nil, err
		}
		run := scdfRunning{stream: s, past: &scdfPast{}}
		if status != http.StatusNotFound {
			// SCDF asks Skipper for the releases of every name that contains the stream's: a-foo's are not foo's.
			for _, r := range history {
				if r.Name != "" && r.Name != s.Name {
					continue
				}
				run.history = append(run.history, r)
				if strings.EqualFold(r.Info.Status.StatusCode, skipperDeployed) && r.Version > run.release.Version {
					run.release = r
				}
			}
			sort.SliceStable(run.history, func(i, j int) bool { return run.history[i].Version > run.history[j].Version })
		}
		out = append(out, run)
	}
	return out, nil
}

// adoption is a stream found adoptable: what to record and which objects to mark.
type adoption struct {
	stream   string
	version  int
	acc      platforms.Account
	adopter  platforms.SCDFAdopter
	config   releaseConfig
	apps     []platforms.SCDFApp // one per label, in the config's order
	recorded bool                // the release is in the store from an earlier adoption
	// prefixRandom is the random part of SCDF's Cloud Foundry app name prefix, to keep as the account's.
	prefixRandom string
	differences  []string
	props        map[string]string
	// past is SCDF's history of the stream to record below the adopted release (nil when it is recorded).
	past *scdfPast
}

// adoptSCDFStreams plans the adoption of every stream SCDF runs and, unless dryRun, carries it out; the plan
// lines are added to res.
func (f *Flow) adoptSCDFStreams(ctx context.Context, res SCDFImportResult, est SCDFEstate, running []scdfRunning, req SCDFImportRequest) (SCDFImportResult, error) {
	imported := map[string]SCDFAction{}
	for _, c := range res.Changes {
		if c.Kind == "stream" {
			imported[c.Name] = c.Action
		}
	}
	for _, run := range running {
		change := SCDFChange{Kind: "stream", Name: run.stream.Name, Action: SCDFNotAdopted}
		if imported[run.stream.Name] == SCDFConflict {
			change.Detail = "its definition here differs from SCDF's (the conflict above): what runs was not built from it"
			res.Changes = append(res.Changes, change)
			continue
		}
		a, why, err := f.planAdoption(ctx, run, est, req)
		if err != nil {
			return SCDFImportResult{}, err
		}
		switch {
		case a == nil:
			change.Detail = why
		case why == string(SCDFAdoptedAlready):
			change.Action, change.Detail = SCDFAdoptedAlready, adoptionSummary(a)
		default:
			change.Action, change.Detail = SCDFAdopt, adoptionSummary(a)
			if !req.DryRun {
				if err := f.adopt(ctx, a, res.Source); err != nil {
					return SCDFImportResult{}, fmt.Errorf("stream '%s': adoption stopped: %w (run the import with --adopt again to finish it)", a.stream, err)
				}
				res.Written = true
			}
		}
		res.Changes = append(res.Changes, change)
	}
	return res, nil
}

// adoptionSummary is the detail of an adoption's plan line.
func adoptionSummary(a *adoption) string {
	ids := make([]string, len(a.apps))
	for i, app := range a.apps {
		ids[i] = app.DeploymentID
	}
	sort.Strings(ids)
	s := fmt.Sprintf("Skipper release %d on account '%s': %s", a.version, a.acc.Name, strings.Join(ids, ", "))
	s += historySummary(a.past)
	if len(a.differences) > 0 {
		s += "; with --force, although " + strings.Join(a.differences, "; ")
	}
	return s
}

// planAdoption checks whether a stream SCDF runs can be adopted; a nil adoption comes with the reason it cannot.
// It writes nothing. An error is a failure to read (the store, the platform), not a reason.
func (f *Flow) planAdoption(ctx context.Context, run scdfRunning, est SCDFEstate, req SCDFImportRequest) (*adoption, string, error) {
	s := run.stream
	if !strings.EqualFold(s.Status, "deployed") {
		return nil, fmt.Sprintf("SCDF reports it %s: adopt it once SCDF reports it deployed", s.Status), nil
	}
	if run.release.Version == 0 {
		return nil, "SCDF reports it deployed, but Skipper lists no deployed release of it", nil
	}
	if why := newerSCDFRelease(run); why != "" {
		return nil, why, nil
	}
	acc, err := f.streamAccount(run.release.PlatformName)
	if err != nil {
		return nil, fmt.Sprintf("it runs on SCDF's platform '%s', and there is no stream account of that name here (`platform import` makes SCDF's accounts)", run.release.PlatformName), nil
	}
	if acc.Type == platforms.Local {
		return nil, fmt.Sprintf("it runs on SCDF's local platform '%s': its apps are processes of SCDF's Skipper server, which no other program can take over; undeploy it in SCDF, then `stream deploy` it here", acc.Name), nil
	}
	deployer, err := f.deployer(acc)
	if err != nil {
		return nil, "", err
	}
	adopter, ok := deployer.(platforms.SCDFAdopter)
	if !ok {
		return nil, fmt.Sprintf("streams on %s accounts cannot be adopted", acc.Type), nil
	}
	parsed, err := parseSCDFStream(s)
	if err != nil {
		return nil, oneLine(err.Error()), nil
	}
	props := deployProperties(s.DeploymentProperties)
	if err := props.checkLabels(s.Name, labelsOf(parsed)); err != nil {
		return nil, "SCDF's deployment properties: " + oneLine(err.Error()), nil
	}
	resolve := f.resolveStreamApp(ctx)
	if req.DryRun {
		resolve = scdfAppsResolver(resolve, est.Apps)
	}
	config, err := buildAppSpecs(s.Name, parsed, props, acc.Type, resolve)
	if err != nil {
		return nil, oneLine(maskURIs(err).Error()), nil
	}
	a := &adoption{stream: s.Name, version: run.release.Version, acc: acc, adopter: adopter, config: config, props: s.DeploymentProperties}

	latest, has, err := f.Store.Read().LatestRelease(ctx, s.Name)
	if err != nil {
		return nil, "", err
	}
	if has {
		// Adopted already: the adopted release is the deployed one, and nothing came after it here (the newest
		// release is it, or a FAILED upgrade of SCDF's recorded with it).
		deployed, ok, err := f.Store.Read().DeployedRelease(ctx, s.Name) // with its apps
		if err != nil {
			return nil, "", err
		}
		if !ok || deployed.Version != a.version || deployed.Platform != acc.Name || !strings.HasPrefix(deployed.Description, adoptedDescription) ||
			latest.Version != a.version && latest.Version != run.history[0].Version {
			return nil, fmt.Sprintf("it has releases here already (release %d, %s on '%s'): one history cannot hold both", latest.Version, latest.Status, latest.Platform), nil
		}
		latest, a.recorded = deployed, true
	}

	found, err := adopter.FindSCDFApps(ctx, s.Name, sortedLabels(config))
	if err != nil {
		return nil, "", fmt.Errorf("stream '%s': could not read what account '%s' runs of it: %w", s.Name, acc.Name, err)
	}
	byLabel := map[string][]platforms.SCDFApp{}
	for _, app := range found {
		byLabel[app.Label] = append(byLabel[app.Label], app)
	}
	var problems []string
	for _, spec := range config.Apps {
		versions := byLabel[spec.Label]
		switch {
		case len(versions) == 0:
			problems = append(problems, fmt.Sprintf("no object of app '%s' found on account '%s'", spec.Label, acc.Name))
		case len(versions) > 1:
			ids := make([]string, len(versions))
			for i, v := range versions {
				ids[i] = v.DeploymentID
			}
			problems = append(problems, fmt.Sprintf("app '%s' runs in %d versions (%s): an update underway or left behind in SCDF", spec.Label, len(versions), strings.Join(ids, ", ")))
		case versions[0].Version > a.version:
			problems = append(problems, fmt.Sprintf("%s is newer than Skipper's deployed release %d", versions[0].DeploymentID, a.version))
		default:
			a.apps = append(a.apps, versions[0])
		}
	}
	if len(problems) > 0 {
		return nil, strings.Join(problems, "; "), nil
	}
	me, err := f.identity(ctx)
	if err != nil {
		return nil, "", err
	}
	ours := true
	for _, app := range a.apps {
		for _, o := range app.Objects {
			switch o.Owner {
			case me:
			case "":
				ours = false
			default:
				return nil, (&platforms.NotOursError{Object: o.Object, Owner: o.Owner}).Error(), nil
			}
		}
	}
	if a.recorded {
		recorded := map[string]string{}
		for _, app := range latest.Apps {
			recorded[app.Label] = app.DeploymentID
		}
		for _, app := range a.apps {
			if recorded[app.Label] != app.DeploymentID {
				return nil, fmt.Sprintf("adopted here as %s, but %s runs", recorded[app.Label], app.DeploymentID), nil
			}
		}
	}
	prefix, why, err := f.adoptionPrefix(ctx, acc, a)
	if err != nil || why != "" {
		return nil, why, err
	}
	for i, spec := range config.Apps {
		d, err := spec.deploymentOf(s.Name, a.apps[i].DeploymentID)
		if err != nil {
			return nil, oneLine(err.Error()), nil
		}
		d.NamePrefix = prefix
		diffs, err := adopter.CompareSCDFApp(d, a.apps[i])
		if err != nil { // the release could not be deployed again: adopting it would strand every update
			return nil, fmt.Sprintf("app '%s' cannot be deployed here as SCDF's deployment properties say: %s", spec.Label, oneLine(err.Error())), nil
		}
		a.differences = append(a.differences, diffs...)
	}
	if len(a.differences) > 0 && !req.Force {
		return nil, "what runs is not what the definition with SCDF's deployment properties gives (--force adopts it anyway): " + strings.Join(a.differences, "; "), nil
	}
	if a.recorded && ours {
		return a, string(SCDFAdoptedAlready), nil
	}
	if !a.recorded {
		if a.past, err = f.readSCDFPast(ctx, req.Server, run, parsed, a); err != nil {
			return nil, "", fmt.Errorf("stream '%s': could not read its history in SCDF: %w", s.Name, err)
		}
	}
	return a, "", nil
}

// scdfAppsResolver resolves, in a dry run, the apps the import has not registered yet from SCDF's registrations.
func scdfAppsResolver(stored func(StreamApp, string) (appSpec, error), apps []SCDFApp) func(StreamApp, string) (appSpec, error) {
	return func(a StreamApp, version string) (appSpec, error) {
		spec, err := stored(a, version)
		if err == nil {
			return spec, nil
		}
		for _, r := range apps {
			if r.Type != string(a.Type) || r.Name != a.Name {
				continue
			}
			v, verr := ResourceVersion(r.URI)
			if verr != nil || version == "" && !r.DefaultVersion || version != "" && v != version {
				continue
			}
			return appSpec{Resource: skipperResource(r.URI, v), Version: v, URI: r.URI, MetadataURI: r.MetadataURI}, nil
		}
		return appSpec{}, err
	}
}

// randomPart is the 7 letters and digits SCDF's Cloud Foundry deployer put in its app name prefix.
var randomPart = regexp.MustCompile(`^[0-9a-zA-Z]{7}$`)

// adoptionPrefix checks that the prefix of SCDF's app names is one this store's commands would give them on the
// account, and says the random part to keep as the account's when the store has none yet. The prefix is "" on
// platforms without one. A prefix that does not fit is a reason, not an error.
func (f *Flow) adoptionPrefix(ctx context.Context, acc platforms.Account, a *adoption) (string, string, error) {
	prefix := a.apps[0].NamePrefix
	for _, app := range a.apps[1:] {
		if app.NamePrefix != prefix {
			return "", fmt.Sprintf("its apps carry different name prefixes (%s, %s): SCDF's Skipper restarted between their deploys", prefix, app.NamePrefix), nil
		}
	}
	if acc.Type != platforms.CloudFoundry || acc.CloudFoundry == nil {
		return prefix, "", nil
	}
	d := acc.CloudFoundry.Deployment
	if d.EnableRandomAppNamePrefix != nil && !*d.EnableRandomAppNamePrefix {
		if prefix != d.AppNamePrefix {
			return "", fmt.Sprintf("its apps are named with the prefix '%s', and account '%s' names apps with '%s' (appNamePrefix, no random part)", prefix, acc.Name, d.AppNamePrefix), nil
		}
		return prefix, "", nil
	}
	random := prefix
	if d.AppNamePrefix != "" {
		var ok bool
		if random, ok = strings.CutPrefix(prefix, d.AppNamePrefix+"-"); !ok {
			return "", fmt.Sprintf("its apps are named with the prefix '%s', which does not start with account '%s''s appNamePrefix '%s'", prefix, acc.Name, d.AppNamePrefix), nil
		}
	}
	if !randomPart.MatchString(random) {
		return "", fmt.Sprintf("its apps are named with the prefix '%s', which is not one SCDF's random prefix for account '%s' would make", prefix, acc.Name), nil
	}
	stored, ok, err := f.Store.Read().StoredAppNamePrefix(ctx, acc.Name)
	if err != nil {
		return "", "", err
	}
	if ok && stored != random {
		return "", fmt.Sprintf("its apps are named with the random prefix '%s', and this store names its apps on account '%s' with '%s': one account has one prefix here", random, acc.Name, stored), nil
	}
	a.prefixRandom = random
	return prefix, "", nil
}

// adopt records the adopted release (unless an earlier adoption did) and then marks the objects as the store's.
func (f *Flow) adopt(ctx context.Context, a *adoption, source string) error {
	if !a.recorded {
		if err := f.recordAdoption(ctx, a, source); err != nil {
			return err
		}
	}
	me, err := f.identity(ctx)
	if err != nil {
		return err
	}
	for _, app := range a.apps {
		mine := true
		for _, o := range app.Objects {
			mine = mine && o.Owner == me
		}
		if mine {
			continue
		}
		if _, err := a.adopter.AdoptSCDFApp(ctx, app, me); err != nil {
			return err
		}
	}
	return nil
}

// recordAdoption writes the adopted release, Skipper's version, DEPLOYED, with the ids that run, and its audit
// record, in one transaction; the history is checked again inside it.
func (f *Flow) recordAdoption(ctx context.Context, a *adoption, source string) error {
	rel := f.newRelease(a.stream, a.version, a.acc.Name, a.config, fmt.Sprintf("%s (Skipper release %d)", adoptedDescription, a.version))
	rel.Status, rel.Owner = store.ReleaseDeployed, ""
	for i, spec := range a.config.Apps {
		rel.Apps = append(rel.Apps, store.ReleaseApp{Label: spec.Label, DeploymentID: a.apps[i].DeploymentID, Handle: a.apps[i].Handle})
	}
	data := fmt.Sprintf("adopted from %s: Skipper release %d, apps %s", source, a.version, adoptedIDs(rel.Apps))
	if len(a.props) > 0 {
		data += ", deployment properties " + propertyList(RedactProperties(a.props))
	}
	data += historySummary(a.past)
	if len(a.differences) > 0 {
		data += "; adopted with --force although " + strings.Join(a.differences, "; ")
	}
	audit := store.AuditRecord{Operation: store.AuditStream, Action: store.AuditDeploy, Correlation: a.stream, Platform: a.acc.Name, Data: data}
	return f.change(ctx, audit, func(tx *store.Tx) error {
		if _, has, err := tx.LatestRelease(ctx, a.stream); err != nil {
			return err
		} else if has {
			return fmt.Errorf("stream '%s' got a release here while it was being adopted", a.stream)
		}
		if err := checkNameClashes(ctx, tx, a.stream, a.acc.Name, rel.Apps); err != nil {
			return err
		}
		if a.prefixRandom != "" {
			kept, err := tx.AppNamePrefix(ctx, a.acc.Name, a.prefixRandom, f.Now())
			if err != nil {
				return err
			}
			if kept != a.prefixRandom {
				return fmt.Errorf("account '%s' got the app name prefix '%s' here while stream '%s' was being adopted", a.acc.Name, kept, a.stream)
			}
		}
		if a.past != nil {
			for _, r := range a.past.releases { // without apps: Skipper removed them (scdfadopthistory.go)
				if err := tx.InsertRelease(ctx, r); err != nil {
					return err
				}
			}
		}
		return tx.InsertRelease(ctx, rel)
	})
}

func adoptedIDs(apps []store.ReleaseApp) string {
	ids := make([]string, len(apps))
	for i, a := range apps {
		ids[i] = a.DeploymentID
	}
	sort.Strings(ids)
	return strings.Join(ids, ",")
}
