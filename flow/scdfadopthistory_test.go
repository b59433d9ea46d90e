package flow

import (
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// tickManifest is the manifest SCDF's Skipper stored for tick = time | transform | log deployed with props on a
// Kubernetes platform: what SCDF's deployer layering gives (the same rules as buildAppSpecs), rendered as Skipper
// stores it, values in the clear.
func tickManifest(t testing.TB, props map[string]string, logVersion string) string {
	t.Helper()
	parsed, err := parseSCDFStream(SCDFStream{Name: "tick", DSL: "time | transform | log"})
	if err != nil {
		t.Fatal(err)
	}
	resolve := func(a StreamApp, version string) (appSpec, error) {
		if version == "" {
			version = "5.0.0"
		}
		uri := "docker:springcloudstream/" + a.Name + "-" + string(a.Type) + "-kafka:" + version
		return appSpec{Resource: skipperResource(uri, version), Version: version, URI: uri}, nil
	}
	p := deployProperties(props)
	if logVersion != "" {
		p = deployProperties(props).with("version.log", logVersion)
	}
	config, err := buildAppSpecs("tick", parsed, p, platforms.Kubernetes, resolve)
	if err != nil {
		t.Fatal(err)
	}
	apps := make([]scdftest.ManifestApp, len(config.Apps))
	for i, a := range config.Apps {
		apps[i] = scdftest.ManifestApp{Label: a.Label, Resource: a.Resource, Version: a.Version,
			ApplicationProperties: a.ApplicationProperties, DeploymentProperties: a.DeploymentProperties}
	}
	return scdftest.SkipperManifest(apps...)
}

func (p deployProperties) with(k, v string) deployProperties {
	out := deployProperties{k: v}
	for key, val := range p {
		out[key] = val
	}
	return out
}

// historyEngine is adoptEngine with SCDF's history of tick: release 1 deployed with log at level WARN, release 2
// with log 5.0.1, both DELETED by the upgrades after them; 3 deployed (what runs); 4 a FAILED upgrade. SCDF also
// runs a-tick, whose releases SCDF's history search lists with tick's.
func historyEngine(t *testing.T) (*engine, *fakeAdopter, *scdftest.Server) {
	e, a, srv := adoptEngine(t)
	secret := map[string]string{"app.log.spring.rabbitmq.password": "hunter2"}
	srv.Change(func(s *scdftest.Server) {
		s.Estate.Streams[0].Releases = []scdftest.Release{
			{Version: 1, Status: "DELETED", Platform: "default", Manifest: tickManifest(t, deployProperties(secret).with("app.log.level", "WARN"), "")},
			{Version: 2, Status: "DELETED", Platform: "default", Manifest: tickManifest(t, secret, "5.0.1")},
			{Version: 3, Status: "DEPLOYED", Platform: "default", Manifest: tickManifest(t, secret, "")},
			{Version: 4, Status: "FAILED", Platform: "default", Description: "Did not detect apps in replacing release as healthy after 300000 ms."},
		}
		s.Estate.Streams = append(s.Estate.Streams, scdftest.Stream{Name: "a-tick", DSL: "time | log", Status: "undeployed",
			Releases: []scdftest.Release{{Version: 7, Status: "DEPLOYED", Platform: "default"}}})
	})
	return e, a, srv
}

// Adoption records SCDF's earlier releases below the adopted one (and the FAILED upgrade above it), each with the
// config of its manifest, without apps; their manifests are masked, their configs hold the values.
func TestAdoptionRecordsSCDFHistory(t *testing.T) {
	e, _, srv := historyEngine(t)
	res, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := adoptionLine(t, res); c.Action != SCDFAdopt || !strings.HasSuffix(c.Detail, "tick-transform-v1; with Skipper's releases 1, 2, 4 as its history") {
		t.Fatalf("adoption: %+v", c)
	}
	want := "v4 FAILED (Did not detect apps in replacing release as healthy after 300000 ms.), v3 DEPLOYED (Adopted from SCDF (Skipper release 3)), " +
		"v2 DELETED (Delete complete), v1 DELETED (Delete complete)"
	if got := e.releases("tick"); got != want {
		t.Fatalf("history:\n%s\nwant\n%s", got, want)
	}
	v1, v2 := e.release("tick", 1), e.release("tick", 2)
	if len(v1.Apps) != 0 || len(v2.Apps) != 0 || e.release("tick", 4).Config != "" {
		t.Fatalf("SCDF's releases got apps or a FAILED one a config: %+v %+v", v1.Apps, v2.Apps)
	}
	if v1.FirstDeployed.Format("2006-01-02") != "2024-01-01" || v2.LastDeployed.Format("2006-01-02") != "2024-01-02" {
		t.Fatalf("Skipper's dates were not kept: %v %v", v1.FirstDeployed, v2.LastDeployed)
	}
	c1, err := configOf(v1)
	if err != nil {
		t.Fatal(err)
	}
	log, _ := c1.app("log")
	if log.ApplicationProperties["log.level"] != "WARN" && log.ApplicationProperties["level"] != "WARN" ||
		log.ApplicationProperties["spring.rabbitmq.password"] != "hunter2" || log.Name != "log" || log.Type != AppTypeSink ||
		log.URI != "docker:springcloudstream/log-sink-kafka:5.0.0" || c1.Apps[0].Label != "log" {
		t.Fatalf("release 1's config of log: %+v (order %s)", log, strings.Join(sortedLabels(c1), ","))
	}
	c2, _ := configOf(v2)
	if log2, _ := c2.app("log"); log2.Version != "5.0.1" || log2.URI != "docker:springcloudstream/log-sink-kafka:5.0.1" {
		t.Fatalf("release 2's log: %+v", log2)
	}
	for _, r := range []store.Release{v1, v2} {
		if strings.Contains(r.Manifest, "hunter2") || !strings.Contains(r.Manifest, `"spring.rabbitmq.password": "******"`) {
			t.Fatalf("release %d's manifest:\n%s", r.Version, r.Manifest)
		}
	}
	audits, err := e.s.Read().ListAudit(e.ctx, store.AuditFilter{Operation: store.AuditStream, Action: store.AuditDeploy})
	if err != nil || len(audits) != 1 || !strings.Contains(audits[0].Data, "with Skipper's releases 1, 2, 4 as its history") || strings.Contains(audits[0].Data, "hunter2") {
		t.Fatalf("audit %+v %v", audits, err)
	}
	// Only the adopted release's ids are the stream's: SCDF's earlier ids are nobody's here.
	uses, err := e.s.Read().DeploymentUses(e.ctx, "tick")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range uses {
		if u.App.DeploymentID != "" {
			ids = append(ids, u.App.DeploymentID)
		}
	}
	if strings.Join(ids, ",") != "tick-log-v2,tick-time-v3,tick-transform-v1" {
		t.Fatalf("the stream's ids: %v", ids)
	}

	// A second run writes nothing: the FAILED release above the adopted one is SCDF's.
	res, err = e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := adoptionLine(t, res); c.Action != SCDFAdoptedAlready || res.Written {
		t.Fatalf("second run: %+v", c)
	}
}

// A rollback to SCDF's release 1 is planned and made by the release engine from release 1's config: the one app
// that differs is deployed again as -v5 (after SCDF's failed 4), the others keep running as SCDF named them.
func TestRollbackToAnSCDFRelease(t *testing.T) {
	e, _, srv := historyEngine(t)
	if _, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true}); err != nil {
		t.Fatal(err)
	}
	plan, err := e.f.PlanStreamRollback(e.ctx, StreamRollbackRequest{Name: "tick", Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	var replaced []string
	for _, a := range plan.Apps {
		if a.Action == "replace" {
			replaced = append(replaced, a.OldDeploymentID+"->"+a.NewDeploymentID)
		}
	}
	if plan.FromRelease != 3 || plan.ToRelease != 5 || plan.RollbackTo != 1 || strings.Join(replaced, ",") != "tick-log-v2->tick-log-v5" {
		t.Fatalf("plan %+v", plan)
	}
	if got := e.releases("tick"); !strings.HasPrefix(got, "v4 FAILED") {
		t.Fatalf("the plan wrote: %s", got)
	}
	rel, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rel.Version != 5 || strings.Join(appIDs(rel), ",") != "tick-log-v5,tick-transform-v1,tick-time-v3" {
		t.Fatalf("rollback: v%d %v", rel.Version, appIDs(rel))
	}
	e.wantRunning("tick-log-v5", "tick-transform-v1", "tick-time-v3")
	if d, _ := e.p.deployment("tick-log-v5"); d.AppProperties["spring.rabbitmq.password"] != "hunter2" || !strings.Contains(d.Resource, "log-sink-kafka:5.0.0") {
		t.Fatalf("the log app deployed: %+v", d)
	}
	// Back to 2 (log 5.0.1), then "previous" goes back to SCDF's 3 as it was adopted.
	if rel, err = e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 2}); err != nil || !strings.Contains(e.mustDeployment(t, rel, "log").Resource, "5.0.1") {
		t.Fatalf("rollback to 2: %v %v", err, appIDs(rel))
	}
}

func (e *engine) mustDeployment(t *testing.T, rel store.Release, label string) platforms.AppDeployment {
	t.Helper()
	for _, a := range rel.Apps {
		if a.Label == label {
			d, ok := e.p.deployment(a.DeploymentID)
			if !ok {
				t.Fatalf("%s is not deployed", a.DeploymentID)
			}
			return d
		}
	}
	t.Fatalf("release %d has no app %s", rel.Version, label)
	return platforms.AppDeployment{}
}

// A manifest that does not parse, or whose apps are not the stream's, or that SCDF does not have: the release
// is recorded without a config, its manifest says why, and a rollback to it (or a plan of one) is refused in one
// line that says why; nothing is written.
func TestSCDFReleaseWithoutItsManifest(t *testing.T) {
	for _, c := range []struct {
		name, manifest, why string
	}{
		{"bad YAML", "\"apiVersion\": [\n", "its manifest does not parse: yaml: line 1: did not find expected node content"},
		{"another app", strings.Replace(tickManifest(t, nil, ""), `"name": "transform"`, `"name": "filter"`, 1),
			"its manifest has app 'filter', which stream 'tick' does not have (its apps: time, transform, log)"},
		{"an app missing", tickManifest(t, nil, "")[:strings.LastIndex(tickManifest(t, nil, ""), "---")],
			"its manifest lacks app time of stream 'tick'"},
		{"not kept by SCDF", "", "SCDF has no manifest of it"},
		{"an SCDF that fails", "500", "SCDF answered 500 Internal Server Error for its manifest"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _, srv := historyEngine(t)
			srv.Change(func(s *scdftest.Server) {
				if c.manifest == "500" {
					s.Estate.Streams[0].Releases[1].ManifestStatus = 500
					return
				}
				s.Estate.Streams[0].Releases[1].Manifest = c.manifest
			})
			res, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true})
			if err != nil {
				t.Fatal(err)
			}
			if l := adoptionLine(t, res); !strings.HasSuffix(l.Detail, "as its history, without the config of 2 ("+c.why+")") {
				t.Fatalf("plan line: %s", l.Detail)
			}
			if got, _ := e.f.StreamManifest(e.ctx, "tick", 2); got != noConfigMarker+c.why+"\n" {
				t.Fatalf("manifest of 2: %q", got)
			}
			want := "Cannot roll back to release 2 of 'tick': it was imported from SCDF without its config (" + c.why + ")"
			_, err = e.f.PlanStreamRollback(e.ctx, StreamRollbackRequest{Name: "tick", Version: 2})
			wantErr(t, err, want)
			before := e.releases("tick")
			_, err = e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 2})
			wantErr(t, err, want)
			if e.releases("tick") != before {
				t.Fatalf("the refused rollback wrote: %s", e.releases("tick"))
			}
			e.wantRunning("tick-log-v2", "tick-transform-v1", "tick-time-v3")
			// Release 1 still has its config.
			if _, err := e.f.PlanStreamRollback(e.ctx, StreamRollbackRequest{Name: "tick", Version: 1}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A release newer than the deployed one that is not a FAILED upgrade (an operation underway in SCDF) keeps the
// stream from being adopted; an UNKNOWN one below it is recorded as FAILED, with what Skipper said.
func TestAdoptionAndSkipperOperationsUnderway(t *testing.T) {
	e, _, srv := historyEngine(t)
	srv.Change(func(s *scdftest.Server) { s.Estate.Streams[0].Releases[3].Status = "UNKNOWN" })
	res, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := adoptionLine(t, res); c.Action != SCDFNotAdopted || c.Detail != "Skipper's release 4 (UNKNOWN) is newer than its deployed release 3: an operation underway or left behind in SCDF" {
		t.Fatalf("%+v", c)
	}
	srv.Change(func(s *scdftest.Server) {
		s.Estate.Streams[0].Releases[3].Status = "FAILED"
		s.Estate.Streams[0].Releases[1].Status = "UNKNOWN"
		s.Estate.Streams[0].Releases[1].Description = "Upgrade install underway"
	})
	if _, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true}); err != nil {
		t.Fatal(err)
	}
	if r := e.release("tick", 2); r.Status != store.ReleaseFailed || r.Description != "Upgrade install underway (UNKNOWN in Skipper: an operation it did not finish)" || r.Owner != "" {
		t.Fatalf("release 2: %+v", r)
	}
}

// Only the newest maxSCDFHistory earlier releases have their manifests read, once per import; older ones are
// recorded without a config.
func TestAdoptionReadsABoundedHistory(t *testing.T) {
	e, _, srv := adoptEngine(t)
	var releases []scdftest.Release
	n := maxSCDFHistory + 5
	for v := 1; v <= n; v++ {
		releases = append(releases, scdftest.Release{Version: v, Status: "DELETED", Platform: "default", Manifest: tickManifest(t, nil, "")})
	}
	releases = append(releases, scdftest.Release{Version: n + 1, Status: "DEPLOYED", Platform: "default"})
	srv.Change(func(s *scdftest.Server) { s.Estate.Streams[0].Releases = releases })
	if _, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true}); err != nil {
		t.Fatal(err)
	}
	// One request per manifest read, shared by the import's first pass and its adoption.
	if got := srv.ManifestRequests(); got != maxSCDFHistory {
		t.Fatalf("%d manifest requests, want %d", got, maxSCDFHistory)
	}
	withConfig := 0
	for v := 1; v <= n; v++ {
		if e.release("tick", v).Config != "" {
			withConfig++
		}
	}
	if withConfig != maxSCDFHistory || e.release("tick", 1).Config != "" || e.release("tick", n).Config == "" {
		t.Fatalf("%d releases have a config", withConfig)
	}
}

// Once the adopted stream is undeployed, a rollback to an SCDF release installs its config afresh: every app
// under the next version.
func TestRollbackInstallsAnSCDFRelease(t *testing.T) {
	e, _, srv := historyEngine(t)
	if _, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true}); err != nil {
		t.Fatal(err)
	}
	if err := e.f.UndeployStream(e.ctx, "tick"); err != nil {
		t.Fatal(err)
	}
	e.wantRunning()
	rel, err := e.f.RollbackStream(e.ctx, StreamRollbackRequest{Name: "tick", Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	e.wantRunning("tick-log-v5", "tick-transform-v5", "tick-time-v5")
	if rel.Version != 5 || !strings.Contains(e.mustDeployment(t, rel, "log").Resource, "log-sink-kafka:5.0.1") {
		t.Fatalf("rollback install: v%d %v", rel.Version, appIDs(rel))
	}
}

// The older docs show Skipper's manifests unquoted: numbers and booleans are read as the strings they are.
func TestParseUnquotedSkipperManifest(t *testing.T) {
	parsed, err := parseSCDFStream(SCDFStream{Name: "tick", DSL: "time | log"})
	if err != nil {
		t.Fatal(err)
	}
	text := `---
apiVersion: skipper.spring.io/v1
kind: SpringCloudDeployerApplication
metadata:
  name: log
spec:
  resource: maven://org.springframework.cloud.stream.app:log-sink-rabbit
  resourceMetadata: maven://org.springframework.cloud.stream.app:log-sink-rabbit:jar:metadata:3.2.1
  version: 3.2.1
  applicationProperties:
    server.port: 8080
    spring.cloud.dataflow.stream.app.type: sink
    log.expression: payload
  deploymentProperties:
    spring.cloud.deployer.count: 2
    spring.cloud.deployer.indexed: true
---
apiVersion: skipper.spring.io/v1
kind: SpringCloudDeployerApplication
metadata:
  name: time
spec:
  resource: https://repo.example.com/time-source-3.2.1.jar
  version: 3.2.1
  applicationProperties: {}
  deploymentProperties: {}
`
	c, err := parseSkipperManifest(text, "tick", StreamApps("tick", parsed))
	if err != nil {
		t.Fatal(err)
	}
	log, time := c.Apps[0], c.Apps[1]
	if log.Label != "log" || log.URI != "maven://org.springframework.cloud.stream.app:log-sink-rabbit:3.2.1" || log.ApplicationProperties["server.port"] != "8080" ||
		log.DeploymentProperties["spring.cloud.deployer.count"] != "2" || log.DeploymentProperties["spring.cloud.deployer.indexed"] != "true" {
		t.Fatalf("log: %+v", log)
	}
	if time.URI != "https://repo.example.com/time-source-3.2.1.jar" || time.Type != AppTypeSource || time.ApplicationProperties == nil {
		t.Fatalf("time: %+v", time)
	}
	// An app typed otherwise than the definition has it, and a docker resource without a version, do not fit.
	_, err = parseSkipperManifest(strings.Replace(text, "app.type: sink", "app.type: processor", 1), "tick", StreamApps("tick", parsed))
	wantErr(t, err, "has app 'log' as a processor, and the definition has a sink")
	_, err = parseSkipperManifest(strings.Replace(strings.Replace(text, "maven://org.springframework.cloud.stream.app:log-sink-rabbit\n", "docker:springcloud/log\n", 1), "  version: 3.2.1\n  applicationProperties:\n    server", "  applicationProperties:\n    server", 1), "tick", StreamApps("tick", parsed))
	wantErr(t, err, "app 'log': resource 'docker:springcloud/log' has no version")
}

// BenchmarkAdoptSCDFHistory adopts tick with 30 earlier releases in SCDF (20 manifests read, as maxSCDFHistory
// allows) from a loopback test SCDF, into a new store each time: the import, the adoption and the history.
func BenchmarkAdoptSCDFHistory(b *testing.B) {
	manifest := tickManifest(b, map[string]string{"app.log.spring.rabbitmq.password": "hunter2"}, "")
	var releases []scdftest.Release
	for v := 1; v <= 30; v++ {
		releases = append(releases, scdftest.Release{Version: v, Status: "DELETED", Platform: "default", Manifest: manifest})
	}
	releases = append(releases, scdftest.Release{Version: 31, Status: "DEPLOYED", Platform: "default"})
	for b.Loop() {
		b.StopTimer()
		e, _, srv := adoptEngine(b)
		srv.Change(func(s *scdftest.Server) { s.Estate.Streams[0].Releases = releases })
		b.StartTimer()
		if _, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// Credentials SCDF refuses for a manifest stop the import before it writes anything, definitions included.
func TestAdoptionWhoseManifestIsRefused(t *testing.T) {
	e, a, srv := historyEngine(t)
	srv.Change(func(s *scdftest.Server) {
		s.Estate.Streams[0].Releases[1].ManifestStatus = 403
		s.Estate.Streams = append(s.Estate.Streams, scdftest.Stream{Name: "tock", DSL: "time | log", Status: "undeployed"})
	})
	before := e.audits("STREAM")
	_, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true})
	wantErr(t, err, "stream 'tick': could not read its history in SCDF: the SCDF server at "+srv.URL+" refused the credentials (403 Forbidden) for /streams/deployments/manifest/tick/2")
	if _, _, err := e.f.StreamDefinition(e.ctx, "tock"); err == nil || e.releases("tick") != "" || len(a.adopted) != 0 || len(e.audits("STREAM")) != len(before) {
		t.Fatalf("the stopped import wrote: %v %q %v", err, e.releases("tick"), a.adopted)
	}
}
