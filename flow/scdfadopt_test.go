package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// fakeAdopter is the engine's fake platform with SCDF's apps on it (platforms.SCDFAdopter): found answers
// FindSCDFApps, an adoption records the owner on the app's objects, and diffs are CompareSCDFApp's answers.
type fakeAdopter struct {
	*fakePlatform
	mu      sync.Mutex
	found   []platforms.SCDFApp
	diffs   map[string][]string // by deployment id
	adopted []string
	failOn  string // AdoptSCDFApp of this id fails
	// refuse is CompareSCDFApp's error for a deployment id (a deploy the platform cannot make).
	refuse map[string]error
	// findErr is FindSCDFApps' answer when set (an account that cannot be read).
	findErr error
}

func (a *fakeAdopter) FindSCDFApps(_ context.Context, group string, labels []string) ([]platforms.SCDFApp, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.findErr != nil {
		return nil, a.findErr
	}
	var out []platforms.SCDFApp
	for _, f := range a.found {
		if strings.HasPrefix(f.DeploymentID, group+"-") {
			f.Objects = append([]platforms.GroupObject{}, f.Objects...)
			out = append(out, f)
		}
	}
	return out, nil
}

func (a *fakeAdopter) CompareSCDFApp(_ platforms.AppDeployment, found platforms.SCDFApp) ([]string, error) {
	return a.diffs[found.DeploymentID], a.refuse[found.DeploymentID]
}

func (a *fakeAdopter) AdoptSCDFApp(_ context.Context, found platforms.SCDFApp, owner string) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if found.DeploymentID == a.failOn {
		return "", errors.New("the API server is gone")
	}
	a.adopted = append(a.adopted, found.DeploymentID)
	for i := range a.found {
		if a.found[i].DeploymentID == found.DeploymentID {
			for j := range a.found[i].Objects {
				a.found[i].Objects[j].Owner = owner
			}
		}
	}
	return found.Handle, nil
}

// scdfApp is an app version SCDF's deployer made, with a Deployment and a Service of no store.
func scdfApp(stream, label string, version int) platforms.SCDFApp {
	id := fmt.Sprintf("%s-%s-v%d", stream, label, version)
	return platforms.SCDFApp{Label: label, DeploymentID: id, Version: version, Handle: "h-" + id, Instances: 1,
		Objects: []platforms.GroupObject{{Object: "deployment " + id, DeploymentID: id}, {Object: "service " + stream + "-" + label, DeploymentID: id}}}
}

// adoptEngine is an engine whose platform holds SCDF's tick (time v3, transform v1, log v2), and an SCDF server
// that reports tick deployed as Skipper's release 3 on 'default'.
func adoptEngine(t testing.TB) (*engine, *fakeAdopter, *scdftest.Server) {
	t.Helper()
	var a *fakeAdopter
	e := newEngine(t, func(p *fakePlatform) (platforms.AppDeployer, platforms.TaskLauncher) {
		a = &fakeAdopter{fakePlatform: p, diffs: map[string][]string{}, refuse: map[string]error{}}
		return a, p
	})
	a.found = []platforms.SCDFApp{scdfApp("tick", "log", 2), scdfApp("tick", "transform", 1), scdfApp("tick", "time", 3)}
	for _, f := range a.found { // what SCDF runs answers Status as running
		e.p.running[objectName(f.DeploymentID)] = platforms.AppDeployment{Group: "tick", Label: f.Label, DeploymentID: f.DeploymentID, Count: 1}
	}
	srv := startSCDF(t, scdftest.Estate{
		Apps: []scdftest.App{
			{Type: "source", Name: "time", URI: "docker:springcloudstream/time-source-kafka:5.0.0", Version: "5.0.0", Default: true},
			{Type: "processor", Name: "transform", URI: "docker:springcloudstream/transform-processor-kafka:5.0.0", Version: "5.0.0", Default: true},
			{Type: "sink", Name: "log", URI: "docker:springcloudstream/log-sink-kafka:5.0.0", Version: "5.0.0", Default: true},
		},
		Streams: []scdftest.Stream{{Name: "tick", DSL: "time | transform | log", Status: "deployed",
			DeploymentProperties: map[string]string{skipperPlatformKey: "default", "app.log.spring.rabbitmq.password": "hunter2"},
			Releases: []scdftest.Release{{Version: 1, Status: "DELETED", Platform: "default"}, {Version: 2, Status: "FAILED", Platform: "default"},
				{Version: 3, Status: "DEPLOYED", Platform: "default"}}}},
	})
	return e, a, srv
}

// adoptedTickHistory is tick's history here once adoptEngine's SCDF stream is adopted.
const adoptedTickHistory = "v3 DEPLOYED (Adopted from SCDF (Skipper release 3)), v2 FAILED (Could not deploy app.), v1 DELETED (Delete complete)"

func adoptionLine(t *testing.T, res SCDFImportResult) SCDFChange {
	t.Helper()
	for _, c := range res.Changes {
		if c.Kind == "stream" && (c.Action == SCDFAdopt || c.Action == SCDFAdoptedAlready || c.Action == SCDFNotAdopted) {
			return c
		}
	}
	t.Fatalf("no adoption line in %s", actions(res))
	return SCDFChange{}
}

// Adoption records Skipper's version with the ids that run and the config a deploy of the definition with
// SCDF's deployment properties gives; the platform is written only after the store; a second run writes nothing.
func TestAdoptionRecordsWhatRuns(t *testing.T) {
	e, a, srv := adoptEngine(t)
	req := SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true}

	dry := req
	dry.DryRun = true
	res, err := e.f.ImportSCDF(e.ctx, dry)
	if err != nil {
		t.Fatal(err)
	}
	if c := adoptionLine(t, res); c.Action != SCDFAdopt || c.Detail != "Skipper release 3 on account 'default': tick-log-v2, tick-time-v3, tick-transform-v1; with Skipper's releases 1, 2 as its history, without the config of 1 (SCDF has no manifest of it)" || res.Written {
		t.Fatalf("dry run: %+v written %v", c, res.Written)
	}
	if e.releases("tick") != "" || len(a.adopted) != 0 {
		t.Fatalf("the dry run wrote: %q %v", e.releases("tick"), a.adopted)
	}

	res, err = e.f.ImportSCDF(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if c := adoptionLine(t, res); c.Action != SCDFAdopt || !res.Written {
		t.Fatalf("adoption: %+v", c)
	}
	if got := e.releases("tick"); got != "v3 DEPLOYED (Adopted from SCDF (Skipper release 3)), v2 FAILED (Could not deploy app.), v1 DELETED (Delete complete)" {
		t.Fatalf("history: %s", got)
	}
	rel, _, err := e.s.Read().DeployedRelease(e.ctx, "tick")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(appIDs(rel), ","); got != "tick-log-v2,tick-transform-v1,tick-time-v3" || rel.Apps[0].Handle != "h-tick-log-v2" {
		t.Fatalf("release apps %s %+v", got, rel.Apps)
	}
	config, err := configOf(rel)
	if err != nil {
		t.Fatal(err)
	}
	if log, _ := config.app("log"); log.ApplicationProperties["spring.rabbitmq.password"] != "hunter2" || log.DeploymentProperties["spring.cloud.deployer.group"] != "tick" {
		t.Fatalf("the log app's config %+v", log)
	}
	if strings.Contains(rel.Manifest, "hunter2") {
		t.Fatalf("the manifest holds a secret:\n%s", rel.Manifest)
	}
	audits, err := e.s.Read().ListAudit(e.ctx, store.AuditFilter{Operation: store.AuditStream, Action: store.AuditDeploy})
	if err != nil || len(audits) != 1 || !strings.Contains(audits[0].Data, "adopted from "+srv.URL+": Skipper release 3") || strings.Contains(audits[0].Data, "hunter2") {
		t.Fatalf("audit %+v %v", audits, err)
	}
	if got := strings.Join(a.adopted, ","); got != "tick-log-v2,tick-transform-v1,tick-time-v3" {
		t.Fatalf("adopted %s", got)
	}

	res, err = e.f.ImportSCDF(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if c := adoptionLine(t, res); c.Action != SCDFAdoptedAlready || res.Written || len(a.adopted) != 3 {
		t.Fatalf("second adoption: %+v written %v adopted %v", c, res.Written, a.adopted)
	}

	// The adopted release is updated as one deployed here: only the changed app gets a new id.
	rel4 := e.update("tick", props("app.log.level", "debug"))
	if got := strings.Join(appIDs(rel4), ","); got != "tick-log-v4,tick-transform-v1,tick-time-v3" {
		t.Fatalf("after update: %s", got)
	}
}

// Every refusal lists the stream as not adopted, with why, and writes nothing: no release, no audit record, no
// platform write.
func TestAdoptionRefusalsWriteNothing(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(e *engine, a *fakeAdopter, srv *scdftest.Server)
		force bool
		want  string
	}{
		{"partial in SCDF", func(_ *engine, _ *fakeAdopter, srv *scdftest.Server) {
			srv.Change(func(s *scdftest.Server) { s.Estate.Streams[0].Status = "partial" })
		}, false, "SCDF reports it partial: adopt it once SCDF reports it deployed"},
		{"no deployed release in Skipper", func(_ *engine, _ *fakeAdopter, srv *scdftest.Server) {
			srv.Change(func(s *scdftest.Server) { s.Estate.Streams[0].Releases = s.Estate.Streams[0].Releases[:2] })
		}, false, "SCDF reports it deployed, but Skipper lists no deployed release of it"},
		{"an unknown platform", func(_ *engine, _ *fakeAdopter, srv *scdftest.Server) {
			srv.Change(func(s *scdftest.Server) { s.Estate.Streams[0].Releases[2].Platform = "elsewhere" })
		}, false, "it runs on SCDF's platform 'elsewhere', and there is no stream account of that name here (`platform import` makes SCDF's accounts)"},
		{"the local platform", func(_ *engine, _ *fakeAdopter, srv *scdftest.Server) {
			srv.Change(func(s *scdftest.Server) { s.Estate.Streams[0].Releases[2].Platform = "laptop" })
		}, false, "it runs on SCDF's local platform 'laptop': its apps are processes of SCDF's Skipper server, which no other program can take over; undeploy it in SCDF, then `stream deploy` it here"},
		{"a definition that differs here", func(_ *engine, _ *fakeAdopter, srv *scdftest.Server) {
			srv.Change(func(s *scdftest.Server) { s.Estate.Streams[0].DSL = "time | log" })
		}, false, "its definition here differs from SCDF's (the conflict above): what runs was not built from it"},
		{"an app missing", func(_ *engine, a *fakeAdopter, _ *scdftest.Server) { a.found = a.found[:2] }, true,
			"no object of app 'time' found on account 'default'"},
		{"two versions of an app", func(_ *engine, a *fakeAdopter, _ *scdftest.Server) {
			a.found = append(a.found, scdfApp("tick", "time", 2))
		}, true,
			"app 'time' runs in 2 versions (tick-time-v3, tick-time-v2): an update underway or left behind in SCDF"},
		{"an id newer than the release", func(_ *engine, a *fakeAdopter, _ *scdftest.Server) { a.found[2] = scdfApp("tick", "time", 4) }, true,
			"tick-time-v4 is newer than Skipper's deployed release 3"},
		{"another store's object", func(_ *engine, a *fakeAdopter, _ *scdftest.Server) { a.found[1].Objects[1].Owner = "other-store" }, true,
			"service tick-transform belongs to another dataflow store (id other-store)"},
		{"a deploy the platform refuses", func(_ *engine, a *fakeAdopter, _ *scdftest.Server) {
			a.refuse["tick-log-v2"] = errors.New("kubernetes.entryPointStyle must be exec, shell or boot, got 'jar'")
		}, true, "app 'log' cannot be deployed here as SCDF's deployment properties say: kubernetes.entryPointStyle must be exec, shell or boot, got 'jar'"},
		{"what runs differs", func(_ *engine, a *fakeAdopter, _ *scdftest.Server) {
			a.diffs["tick-time-v3"] = []string{"tick-time-v3 runs image old:1, the definition with SCDF's deployment properties gives new:1"}
		}, false, "what runs is not what the definition with SCDF's deployment properties gives (--force adopts it anyway): tick-time-v3 runs image old:1, the definition with SCDF's deployment properties gives new:1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, a, srv := adoptEngine(t)
			c.setup(e, a, srv)
			before := e.audits("STREAM")
			res, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true, Force: c.force})
			if err != nil {
				t.Fatal(err)
			}
			if got := adoptionLine(t, res); got.Action != SCDFNotAdopted || got.Detail != c.want {
				t.Fatalf("got %s: %s\nwant not adopted: %s", got.Action, got.Detail, c.want)
			}
			if e.releases("tick") != "" || len(a.adopted) != 0 || len(e.audits("STREAM")) != len(before) {
				t.Fatalf("a refused adoption wrote: releases %q, adopted %v, audits %v", e.releases("tick"), a.adopted, e.audits("STREAM"))
			}
		})
	}
}

// An account that cannot be read stops the import with --adopt before it writes anything: not the definitions
// either, though their import does not need the account.
func TestAdoptionOfAnUnreadableAccountWritesNothing(t *testing.T) {
	e, a, srv := adoptEngine(t)
	a.findErr = errors.New("connection refused")
	srv.Change(func(s *scdftest.Server) {
		s.Estate.Streams = append(s.Estate.Streams, scdftest.Stream{Name: "tock", DSL: "time | log", Status: "undeployed"})
	})
	before := e.audits("STREAM")
	_, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true})
	if err == nil || !strings.Contains(err.Error(), "could not read what account 'default' runs of it: connection refused") {
		t.Fatalf("error: %v", err)
	}
	if _, _, err := e.f.StreamDefinition(e.ctx, "tock"); err == nil || len(e.audits("STREAM")) != len(before) || e.releases("tick") != "" {
		t.Fatalf("the failed import wrote: definition error %v, audits %v, releases %q", err, e.audits("STREAM"), e.releases("tick"))
	}
}

// A stream with a history here is not adopted: one history cannot hold both.
func TestAdoptionOfAStreamWithReleasesHere(t *testing.T) {
	e, a, srv := adoptEngine(t)
	e.deploy("tick", nil)
	res, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := adoptionLine(t, res); c.Action != SCDFNotAdopted || c.Detail != "it has releases here already (release 1, DEPLOYED on 'default'): one history cannot hold both" {
		t.Fatalf("%+v", c)
	}
	if len(a.adopted) != 0 || !strings.HasPrefix(e.releases("tick"), "v1 DEPLOYED (Install complete)") {
		t.Fatalf("adopted %v, history %s", a.adopted, e.releases("tick"))
	}
}

// With --force, what differs is adopted as it runs, and the plan and the audit record say what differs.
func TestForcedAdoptionSaysWhatDiffers(t *testing.T) {
	e, a, srv := adoptEngine(t)
	a.diffs["tick-log-v2"] = []string{"tick-log-v2 runs 3 replicas, the deployment properties say 1"}
	res, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := adoptionLine(t, res); c.Action != SCDFAdopt || !strings.HasSuffix(c.Detail, "; with --force, although tick-log-v2 runs 3 replicas, the deployment properties say 1") {
		t.Fatalf("%+v", c)
	}
	audits, err := e.s.Read().ListAudit(e.ctx, store.AuditFilter{Operation: store.AuditStream, Action: store.AuditDeploy})
	if err != nil || len(audits) != 1 || !strings.Contains(audits[0].Data, "adopted with --force although tick-log-v2 runs 3 replicas") {
		t.Fatalf("audit %+v %v", audits, err)
	}
}

// An adoption cut short after its release was recorded leaves the objects not yet labelled as they were; the next
// run finishes it instead of refusing the stream for its history.
func TestAdoptionCutShortIsFinishedByTheNextRun(t *testing.T) {
	e, a, srv := adoptEngine(t)
	a.failOn = "tick-transform-v1"
	req := SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Adopt: true}
	_, err := e.f.ImportSCDF(e.ctx, req)
	wantErr(t, err, "stream 'tick': adoption stopped: the API server is gone (run the import with --adopt again to finish it)")
	if got := e.releases("tick"); got != adoptedTickHistory || strings.Join(a.adopted, ",") != "tick-log-v2" {
		t.Fatalf("history %s, adopted %v", got, a.adopted)
	}
	a.failOn = ""
	res, err := e.f.ImportSCDF(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if c := adoptionLine(t, res); c.Action != SCDFAdopt || strings.Join(a.adopted, ",") != "tick-log-v2,tick-transform-v1,tick-time-v3" {
		t.Fatalf("%+v, adopted %v", c, a.adopted)
	}
	if got := e.releases("tick"); got != adoptedTickHistory || strings.Join(e.audits("STREAM"), " ") != "CREATE DEPLOY" {
		t.Fatalf("the second run recorded again: %s %v", got, e.audits("STREAM"))
	}
}
