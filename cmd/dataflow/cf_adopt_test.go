package main

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/config"
	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// scdfPushes makes an app in a space as SCDF's Cloud Foundry deployer pushed it: named
// <prefix>-<stream>-<label>-v<N>, a docker image staged and started, SPRING_CLOUD_APPLICATION_GROUP in its
// environment, and no metadata labels (SCDF pushed through the CC v2 API).
func scdfPushes(t *testing.T, s *cctest.Server, spaceGUID, name, stream, image string, instances int) {
	t.Helper()
	ctx := context.Background()
	cf := cfClient(t, s)
	create := resource.NewAppCreate(name, spaceGUID)
	create.Lifecycle = &resource.Lifecycle{Type: "docker", Data: resource.DockerLifecycle{}}
	create.EnvironmentVariables = map[string]string{"SPRING_CLOUD_APPLICATION_GROUP": stream, "SPRING_APPLICATION_JSON": "{}"}
	app, err := cf.Applications.Create(ctx, create)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := cf.Packages.Create(ctx, resource.NewDockerPackageCreate(app.GUID, image, "", ""))
	if err != nil {
		t.Fatal(err)
	}
	b, err := cf.Builds.Create(ctx, resource.NewBuildCreate(pkg.GUID))
	for i := 0; err == nil && b.State == resource.BuildStateStaging && i < 20; i++ {
		b, err = cf.Builds.Get(ctx, b.GUID)
	}
	if err != nil || b.Droplet == nil {
		t.Fatalf("staging %s: %v %+v", name, err, b)
	}
	if _, err := cf.Droplets.SetCurrentAssociationForApp(ctx, app.GUID, b.Droplet.GUID); err != nil {
		t.Fatal(err)
	}
	if _, err := cf.Processes.Scale(ctx, app.GUID, resource.NewProcessScale().WithInstances(instances)); err != nil {
		t.Fatal(err)
	}
	if _, err := cf.Applications.Start(ctx, app.GUID); err != nil {
		t.Fatal(err)
	}
}

// scdfOnCF is a test SCDF whose stream foo = time | log runs on its Cloud Foundry platform as Skipper's
// release 2.
func scdfOnCF(t *testing.T, platform string) *scdftest.Server {
	srv := scdftest.New(scdftest.Estate{
		Apps: []scdftest.App{
			{Type: "source", Name: "time", URI: "docker:myorg/time:1.0.0", Version: "1.0.0", Default: true},
			{Type: "sink", Name: "log", URI: "docker:myorg/log:1.0.0", Version: "1.0.0", Default: true},
		},
		Streams: []scdftest.Stream{{Name: "foo", DSL: "time | log", Status: "deployed",
			DeploymentProperties: map[string]string{"spring.cloud.dataflow.skipper.platformName": platform},
			Releases:             []scdftest.Release{{Version: 1, Status: "DELETED", Platform: platform}, {Version: 2, Status: "DEPLOYED", Platform: platform}}}},
	}, 10)
	t.Cleanup(srv.Close)
	return srv
}

type importPlan struct {
	Changes []struct{ Kind, Name, Action, Detail string } `json:"changes"`
	Written bool                                          `json:"written"`
}

// streamAction is the adoption line of a stream in an import's plan.
func streamAction(t *testing.T, out, stream string) (string, string) {
	t.Helper()
	var plan importPlan
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	action, detail := "", ""
	for _, c := range plan.Changes {
		if c.Kind == "stream" && c.Name == stream && strings.Contains(c.Action, "adopt") {
			action, detail = c.Action, c.Detail
		}
	}
	return action, detail
}

func cfAppsOf(s *cctest.Server, stream string) string {
	var out []string
	for _, n := range s.AppNames() {
		if strings.Contains(n, stream+"-") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// Adoption on Cloud Foundry: SCDF's apps, found by SCDF's names under its random prefix, get this store's labels
// and nothing else; the account keeps SCDF's random prefix, so update, scale and undeploy name the apps as SCDF
// did.
func TestCloudFoundryAdoptSCDFStream(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	scdfPushes(t, s, s.DefaultSpaceGUID(), "Ab3xYz9-foo-time-v2", "foo", "myorg/time:1.0.0", 1)
	scdfPushes(t, s, s.DefaultSpaceGUID(), "Ab3xYz9-foo-log-v1", "foo", "myorg/log:1.0.0", 1)
	// Another stream's app whose name ends as foo's would: its environment says it is not foo's.
	scdfPushes(t, s, s.DefaultSpaceGUID(), "x-foo-log-v1", "x-foo", "myorg/log:1.0.0", 1)
	srv := scdfOnCF(t, "default")

	s.ResetRequests()
	out := mustRunCF(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "--dryRun", "-o", "json")
	if action, detail := streamAction(t, out, "foo"); action != "adopt" || detail != "Skipper release 2 on account 'default': foo-log-v1, foo-time-v2; with Skipper's release 1 as its history, without the config of 1 (SCDF has no manifest of it)" {
		t.Fatalf("dry run: %q %q\n%s", action, detail, out)
	}
	noWrites(t, s, "the dry run")
	if l := s.AppLabels("Ab3xYz9-foo-time-v2"); len(l) != 0 {
		t.Fatalf("the dry run labelled the app: %v", l)
	}

	out = mustRunCF(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt")
	if !strings.Contains(out, "Adopted 1 streams SCDF runs; 0 adopted already, 0 not adopted") {
		t.Fatalf("adoption:\n%s", out)
	}
	me := storeIdentity(t, dir)
	for _, name := range []string{"Ab3xYz9-foo-time-v2", "Ab3xYz9-foo-log-v1"} {
		if l := s.AppLabels(name); l["dataflow-store-id"] != me || l["spring-group-id"] != "foo" {
			t.Fatalf("%s labels after adoption: %v", name, l)
		}
	}
	if l := s.AppLabels("x-foo-log-v1"); len(l) != 0 {
		t.Fatalf("another stream's app was adopted: %v", l)
	}
	out = mustRunCF(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "-o", "json")
	if action, _ := streamAction(t, out, "foo"); action != "adopted already" {
		t.Fatalf("second adoption: %q\n%s", action, out)
	}
	// The fake reports a started app's instances STARTING at the first look, RUNNING after.
	var apps map[string]runtimeApp
	for i := 0; i < 3 && apps["foo-time-v2"].State != "deployed"; i++ {
		apps = cfRuntimeApps(t, dir)
	}
	if len(apps) != 2 || apps["foo-time-v2"].State != "deployed" || apps["foo-log-v1"].Instances[0].ID != "Ab3xYz9-foo-log-v1-0" {
		t.Fatalf("runtime apps after adoption: %+v", apps)
	}

	mustRunCF(t, dir, "stream", "update", "foo", "--properties", "app.time.fixed-delay=5")
	if got := cfAppsOf(s, "foo"); got != "Ab3xYz9-foo-log-v1,Ab3xYz9-foo-time-v3,x-foo-log-v1" {
		t.Fatalf("apps after the update: %s", got)
	}
	mustRunCF(t, dir, "stream", "scale", "app", "instances", "foo", "--applicationName", "log", "--count", "2")
	mustRunCF(t, dir, "stream", "undeploy", "foo")
	if got := cfAppsOf(s, "foo"); got != "x-foo-log-v1" {
		t.Fatalf("apps after undeploy: %s", got)
	}
}

// SCDF's history on Cloud Foundry: foo runs as Skipper's release 2 (time at v2 with a fixed delay of 10), release 1
// (a fixed delay of 1) deleted by the upgrade. A rollback to 1 is planned, then pushes time as v3 under SCDF's
// prefix, from release 1's config, and removes v2; log keeps running as SCDF pushed it.
func TestCloudFoundryRollbackToSCDFRelease(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	scdfPushes(t, s, s.DefaultSpaceGUID(), "Ab3xYz9-foo-time-v2", "foo", "myorg/time:1.0.0", 1)
	scdfPushes(t, s, s.DefaultSpaceGUID(), "Ab3xYz9-foo-log-v1", "foo", "myorg/log:1.0.0", 1)
	srv := scdfOnCF(t, "default")
	srv.Change(func(srv *scdftest.Server) {
		srv.Estate.Streams[0].DeploymentProperties["app.time.fixed-delay"] = "10"
		srv.Estate.Streams[0].DeploymentProperties["app.log.level"] = "INFO"
		srv.Estate.Streams[0].Releases[0].Manifest = fooManifest("1", cfCommonTags)
		srv.Estate.Streams[0].Releases[1].Manifest = fooManifest("10", cfCommonTags)
	})
	out := mustRunCF(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "-o", "json")
	if action, detail := streamAction(t, out, "foo"); action != "adopt" || !strings.HasSuffix(detail, "; with Skipper's release 1 as its history") {
		t.Fatalf("adoption: %q %q\n%s", action, detail, out)
	}
	s.ResetRequests()
	plan := mustRunCF(t, dir, "stream", "rollback", "foo", "--releaseVersion", "1", "--dryRun", "-o", "json")
	if !strings.Contains(plan, `"oldDeploymentId": "foo-time-v2"`) || !strings.Contains(plan, `"newDeploymentId": "foo-time-v3"`) ||
		!strings.Contains(plan, `"newDeploymentId": "foo-log-v1"`) {
		t.Fatalf("rollback plan:\n%s", plan)
	}
	noWrites(t, s, "the rollback plan")
	mustRunCF(t, dir, "stream", "rollback", "foo", "--releaseVersion", "1")
	if got := cfAppsOf(s, "foo"); got != "Ab3xYz9-foo-log-v1,Ab3xYz9-foo-time-v3" {
		t.Fatalf("apps after the rollback: %s", got)
	}
	if env := s.AppEnv("Ab3xYz9-foo-time-v3"); !strings.Contains(env["SPRING_APPLICATION_JSON"], `"fixed-delay":"1"`) {
		t.Fatalf("time v3 does not run release 1's config: %v", env)
	}
	mustRunCF(t, dir, "stream", "undeploy", "foo")
	if got := cfAppsOf(s, "foo"); got != "" {
		t.Fatalf("apps after undeploy: %s", got)
	}
}

// A prefix the account would not give, or an image the definition does not give: not adopted, nothing sent.
func TestCloudFoundryAdoptionRefusals(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	// kafkazone names apps without a prefix (enableRandomAppNamePrefix: false).
	space := spaceGUID(t, s, "kafka-space")
	scdfPushes(t, s, space, "Q1w2e3r-foo-time-v2", "foo", "myorg/time:1.0.0", 1)
	scdfPushes(t, s, space, "Q1w2e3r-foo-log-v1", "foo", "myorg/log:1.0.0", 1)
	srv := scdfOnCF(t, "kafkazone")
	s.ResetRequests()
	out, stderr, code := runCF(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt")
	if code != 0 || !strings.Contains(out, "its apps are named with the prefix 'Q1w2e3r', and account 'kafkazone' names apps with '' (appNamePrefix, no random part)") ||
		!strings.Contains(stderr, "Warning: the streams not adopted above") {
		t.Fatalf("a prefix the account would not give: exit %d\n%s%s", code, out, stderr)
	}
	noWrites(t, s, "a refused adoption")

	// On the default account (random prefix), the prefix fits, but time runs another image.
	scdfPushes(t, s, s.DefaultSpaceGUID(), "Q1w2e3r-foo-time-v2", "foo", "myorg/time:0.9.0", 1)
	scdfPushes(t, s, s.DefaultSpaceGUID(), "Q1w2e3r-foo-log-v1", "foo", "myorg/log:1.0.0", 1)
	srv = scdfOnCF(t, "default")
	s.ResetRequests()
	out = mustRunCF(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "-o", "json")
	if action, detail := streamAction(t, out, "foo"); action != "not adopted" ||
		!strings.Contains(detail, "app Q1w2e3r-foo-time-v2 runs myorg/time:0.9.0, the definition with SCDF's deployment properties gives image myorg/time:1.0.0") {
		t.Fatalf("another image: %q %q", action, detail)
	}
	noWrites(t, s, "a refused adoption")
	if _, stderr, _ := runCF(t, dir, "stream", "history", "foo"); !strings.Contains(stderr, "does not exist") {
		t.Fatalf("a refused adoption recorded a release: %s", stderr)
	}
}

func noWrites(t *testing.T, s *cctest.Server, what string) {
	t.Helper()
	for _, r := range s.Requests() {
		if !strings.HasPrefix(r, "GET ") && !strings.HasPrefix(r, "POST /oauth/token") {
			t.Errorf("%s sent %s", what, r)
		}
	}
}

func cfClient(t *testing.T, s *cctest.Server) *client.Client {
	t.Helper()
	cfg, err := config.New(s.URL(), config.UserPassword(cctest.DefaultUsername, cctest.DefaultPassword), config.SkipTLSValidation())
	if err != nil {
		t.Fatal(err)
	}
	cf, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cf
}

func spaceGUID(t *testing.T, s *cctest.Server, name string) string {
	t.Helper()
	o := client.NewSpaceListOptions()
	o.Names.EqualTo(name)
	sp, err := cfClient(t, s).Spaces.Single(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return sp.GUID
}
