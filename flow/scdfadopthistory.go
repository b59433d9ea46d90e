package flow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/store"
)

// SCDF's history on adoption: the releases Skipper lists for an adopted stream besides the one that runs are
// recorded below it (and a FAILED upgrade above it), each with the config read from the manifest Skipper stored
// for it, so that `stream history` shows SCDF's history and `stream rollback` reaches its versions through the
// release engine. They are recorded without apps: Skipper removed their apps from the platform, and an id
// recorded in the history is one the sweeps and the ownership checks of this store's commands treat as theirs;
// an SCDF id that comes back on the platform (an object SCDF left behind or made again) must stay out of their
// reach. A release whose manifest was not read, or does not parse into the stream's apps, is recorded without a
// config (its manifest column says why) and cannot be rolled back to.

// maxSCDFHistory is how many of a stream's earlier releases adoption reads the manifest of (one request each),
// the newest first; Skipper keeps every release, and SCDF lists them all. Older ones are recorded without a
// config. The newest are the ones a rollback goes back to.
const maxSCDFHistory = 20

// skipperStatus codes, as Skipper's StatusCode names them.
const (
	skipperDeployed = "DEPLOYED"
	skipperDeleted  = "DELETED"
	skipperFailed   = "FAILED"
)

// scdfPast is what adoption learned of a stream's history in SCDF: the releases to record besides the adopted
// one, read once per import (the preview of an import and its adoption share it).
type scdfPast struct {
	read     bool
	releases []store.Release
	// missing are the versions recorded without a config, with why.
	missing map[int]string
}

// noConfigMarker starts the manifest of an imported release that has no config: the line says why.
const noConfigMarker = "# SCDF's manifest of this release was not imported: "

// newerSCDFRelease says why a stream cannot be adopted when Skipper lists a release newer than the deployed one
// that is not a FAILED upgrade (an operation underway, or one Skipper did not finish); "" when there is none.
func newerSCDFRelease(run scdfRunning) string {
	for _, r := range run.history {
		if r.Version > run.release.Version && !strings.EqualFold(r.Info.Status.StatusCode, skipperFailed) {
			return fmt.Sprintf("Skipper's release %d (%s) is newer than its deployed release %d: an operation underway or left behind in SCDF",
				r.Version, r.Info.Status.StatusCode, run.release.Version)
		}
	}
	return ""
}

// readSCDFPast reads the manifests of a stream's earlier releases (at most maxSCDFHistory, the newest first, of
// those a rollback can go back to) and turns each release into one to record. A manifest that cannot be had
// (SCDF answers 404 or an error) or parsed is a release recorded without a config, not a failure; unreachable
// SCDF and refused credentials are.
func (f *Flow) readSCDFPast(ctx context.Context, server SCDFServer, run scdfRunning, s *dsl.Stream, a *adoption) (*scdfPast, error) {
	if run.past != nil && run.past.read {
		return run.past, nil
	}
	c, err := newSCDFClient(server)
	if err != nil {
		return nil, err
	}
	past := &scdfPast{read: true, missing: map[int]string{}}
	apps := StreamApps(a.stream, s)
	read := 0
	for _, r := range run.history { // newest first
		if r.Version == a.version {
			continue
		}
		rel := store.Release{Name: a.stream, Version: r.Version, Platform: r.PlatformName, PackageVersion: r.Pkg.Metadata.Version,
			Description: r.Info.Description, FirstDeployed: skipperTime(r.Info.FirstDeployed, f.Now()), LastDeployed: skipperTime(r.Info.LastDeployed, f.Now())}
		if rel.Platform == "" {
			rel.Platform = a.acc.Name
		}
		status := strings.ToUpper(r.Info.Status.StatusCode)
		switch {
		case status == skipperDeleted:
			rel.Status = store.ReleaseDeleted
		case status == skipperDeployed && r.Version < a.version:
			// Its apps do not run (only the adopted release's do): it is what Skipper would have marked DELETED
			// had its delete step finished.
			rel.Status = store.ReleaseDeleted
			rel.Description = strings.TrimSpace(rel.Description + " (Skipper still lists it DEPLOYED; its apps do not run)")
		case status == skipperFailed:
			rel.Status = store.ReleaseFailed
		default: // UNKNOWN below the deployed release: an operation Skipper never finished
			rel.Status = store.ReleaseFailed
			rel.Description = strings.TrimSpace(rel.Description + fmt.Sprintf(" (%s in Skipper: an operation it did not finish)", status))
		}
		why := ""
		switch {
		case rel.Status != store.ReleaseDeleted:
			why = fmt.Sprintf("a %s release cannot be rolled back to", rel.Status)
		case read >= maxSCDFHistory:
			why = fmt.Sprintf("only the manifests of the %d newest earlier releases are read", maxSCDFHistory)
		default:
			read++
			config, reason, err := readSCDFManifest(ctx, c, a.stream, r.Version, apps)
			if err != nil {
				return nil, err
			}
			if why = reason; why == "" {
				raw, _ := json.Marshal(config)
				rel.Config, rel.Manifest = string(raw), renderManifest(config)
			}
		}
		if why != "" {
			past.missing[r.Version] = why
			rel.Manifest = noConfigMarker + why + "\n"
		}
		past.releases = append(past.releases, rel)
	}
	if run.past != nil {
		*run.past = *past
	}
	return past, nil
}

// readSCDFManifest reads and parses the manifest SCDF's Skipper stored for a release; a reason (and no error)
// when it cannot be had or parsed.
func readSCDFManifest(ctx context.Context, c *scdfClient, stream string, version int, apps []StreamApp) (releaseConfig, string, error) {
	target := c.base.String() + "/streams/deployments/manifest/" + url.PathEscape(stream) + "/" + strconv.Itoa(version)
	status, body, err := c.fetch(ctx, target, nil) // SCDF answers the manifest as it is, whatever the Accept
	switch {
	case err != nil && status >= 400 && status != http.StatusUnauthorized && status != http.StatusForbidden:
		return releaseConfig{}, fmt.Sprintf("SCDF answered %d %s for its manifest", status, http.StatusText(status)), nil
	case err != nil:
		return releaseConfig{}, "", err
	case status == http.StatusNotFound || len(strings.TrimSpace(string(body))) == 0:
		return releaseConfig{}, "SCDF has no manifest of it", nil
	}
	config, err := parseSkipperManifest(string(body), stream, apps)
	if err != nil {
		return releaseConfig{}, "its manifest " + oneLine(RedactText(err.Error())), nil
	}
	return config, "", nil
}

// skipperAppManifest is one document of a stream's manifest as Skipper stores it (§3.2 of the deployers'
// reference; what renderManifest writes).
type skipperAppManifest struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		Resource              string            `yaml:"resource"`
		Version               string            `yaml:"version"`
		ApplicationProperties map[string]string `yaml:"applicationProperties"`
		DeploymentProperties  map[string]string `yaml:"deploymentProperties"`
	} `yaml:"spec"`
}

// parseSkipperManifest turns a Skipper manifest into a release config of the stream's apps: one
// SpringCloudDeployerApplication per app of the definition, each with its resource, version and properties as
// Skipper deployed them. The registered name and type come from the definition (the manifest has neither); an
// app the definition does not have, or lacks, makes the manifest one that does not fit.
func parseSkipperManifest(text, stream string, apps []StreamApp) (releaseConfig, error) {
	byLabel := map[string]appSpec{}
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var doc skipperAppManifest
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return releaseConfig{}, fmt.Errorf("does not parse: %w", err)
		}
		if doc.Kind == "" && doc.Metadata.Name == "" && doc.Spec.Resource == "" {
			continue // an empty document
		}
		label := doc.Metadata.Name
		switch {
		case doc.Kind != "SpringCloudDeployerApplication":
			return releaseConfig{}, fmt.Errorf("has a document of kind '%s', not SpringCloudDeployerApplication", doc.Kind)
		case label == "" || doc.Spec.Resource == "":
			return releaseConfig{}, errors.New("has an app without a name or a resource")
		case byLabel[label].Label != "":
			return releaseConfig{}, fmt.Errorf("has app '%s' twice", label)
		}
		i := slices.IndexFunc(apps, func(a StreamApp) bool { return a.Label == label })
		if i < 0 {
			return releaseConfig{}, fmt.Errorf("has app '%s', which stream '%s' does not have (its apps: %s)", label, stream, strings.Join(appLabels(apps), ", "))
		}
		def := apps[i]
		if t := doc.Spec.ApplicationProperties[streamAppTypeKey]; t != "" && t != string(def.Type) {
			return releaseConfig{}, fmt.Errorf("has app '%s' as a %s, and the definition has a %s", label, t, def.Type)
		}
		uri, err := skipperURI(doc.Spec.Resource, doc.Spec.Version)
		if err != nil {
			return releaseConfig{}, fmt.Errorf("app '%s': %w", label, err)
		}
		spec := appSpec{Label: label, Name: def.Name, Type: def.Type, Resource: doc.Spec.Resource, Version: doc.Spec.Version, URI: uri,
			ApplicationProperties: nonNil(doc.Spec.ApplicationProperties), DeploymentProperties: nonNil(doc.Spec.DeploymentProperties)}
		if _, err := count(spec.DeploymentProperties); err != nil {
			return releaseConfig{}, fmt.Errorf("app '%s': %w", label, err)
		}
		byLabel[label] = spec
	}
	var missing []string
	config := releaseConfig{}
	for i := len(apps) - 1; i >= 0; i-- { // deployment order, sink first, as buildAppSpecs gives it
		spec, ok := byLabel[apps[i].Label]
		if !ok {
			missing = append(missing, apps[i].Label)
			continue
		}
		config.Apps = append(config.Apps, spec)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return releaseConfig{}, fmt.Errorf("lacks app %s of stream '%s'", strings.Join(missing, ", "), stream)
	}
	return config, nil
}

// skipperURI is the URI an app of a Skipper manifest is deployed from: docker and maven resources with the
// version put back (skipperResource takes it off), other resources as they are.
func skipperURI(resource, version string) (string, error) {
	if !strings.HasPrefix(resource, "docker:") && !strings.HasPrefix(resource, "maven:") {
		return resource, nil
	}
	if version == "" {
		return "", fmt.Errorf("resource '%s' has no version", DisplayURI(resource))
	}
	return resource + ":" + version, nil
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func appLabels(apps []StreamApp) []string {
	out := make([]string, len(apps))
	for i, a := range apps {
		out[i] = a.Label
	}
	return out
}

// skipperTime reads a date of Skipper's release info: Jackson writes it as an ISO date or as milliseconds.
func skipperTime(raw json.RawMessage, fallback time.Time) time.Time {
	var ms int64
	if json.Unmarshal(raw, &ms) == nil && ms > 0 {
		return time.UnixMilli(ms).UTC()
	}
	var s string
	if json.Unmarshal(raw, &s) != nil || s == "" {
		return fallback
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return fallback
}

// notRestorable refuses a rollback to a release recorded without a config (an SCDF release whose manifest was
// not imported).
func notRestorable(r store.Release) error {
	if r.Config != "" {
		return nil
	}
	why := strings.TrimSpace(strings.TrimPrefix(r.Manifest, noConfigMarker))
	if why == "" {
		why = "it has no config"
	}
	return fmt.Errorf("Cannot roll back to release %d of '%s': it was imported from SCDF without its config (%s)", r.Version, r.Name, why)
}

// historySummary is what the plan line and the audit record say of the history recorded with an adoption.
func historySummary(past *scdfPast) string {
	if past == nil || len(past.releases) == 0 {
		return ""
	}
	versions := make([]string, len(past.releases))
	for i, r := range past.releases {
		versions[len(past.releases)-1-i] = strconv.Itoa(r.Version)
	}
	noun := "releases"
	if len(versions) == 1 {
		noun = "release"
	}
	s := "; with Skipper's " + noun + " " + strings.Join(versions, ", ") + " as its history"
	var without []string
	for _, r := range past.releases {
		if why, ok := past.missing[r.Version]; ok && r.Status == store.ReleaseDeleted {
			without = append(without, fmt.Sprintf("%d (%s)", r.Version, why))
		}
	}
	if len(without) > 0 {
		slices.Reverse(without)
		s += ", without the config of " + strings.Join(without, ", ")
	}
	return s
}
