package cctest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/config"
	"github.com/cloudfoundry/go-cfclient/v3/resource"
)

// newClient starts a server and a real go-cfclient logged in with the password grant over plain http.
func newClient(t *testing.T, opts ...Option) (*Server, *client.Client) {
	t.Helper()
	s := New(append([]Option{WithLogf(t.Logf)}, opts...)...)
	t.Cleanup(s.Close)
	cfg, err := config.New(s.URL(), config.UserPassword(DefaultUsername, DefaultPassword), config.SkipTLSValidation())
	if err != nil {
		t.Fatalf("config.New: %v", err)
	}
	cf, err := client.New(cfg)
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	return s, cf
}

// fastPoll makes go-cfclient's pollers tick quickly.
func fastPoll() *client.PollingOptions {
	o := client.NewPollingOptions()
	o.CheckInterval = 5 * time.Millisecond
	o.Timeout = 5 * time.Second
	return o
}

// must turns a (value, error) pair into the value, failing the test on error: must(f())(t).
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// stageDocker walks the docker push flow: app, docker package, build, droplet, current droplet.
func stageDocker(t *testing.T, s *Server, cf *client.Client, name string) *resource.App {
	t.Helper()
	ctx := context.Background()
	create := resource.NewAppCreate(name, s.DefaultSpaceGUID())
	create.Lifecycle = &resource.Lifecycle{Type: "docker", Data: resource.DockerLifecycle{Image: "springcloud/app:1"}}
	app := must(cf.Applications.Create(ctx, create))(t)
	pkg := must(cf.Packages.Create(ctx, resource.NewDockerPackageCreate(app.GUID, "springcloud/app:1", "", "")))(t)
	if pkg.State != resource.PackageStateReady {
		t.Fatalf("docker package state = %s, want READY", pkg.State)
	}
	stage(t, cf, app.GUID, pkg.GUID)
	return app
}

// stage builds a package, waits for STAGED, and makes the droplet current.
func stage(t *testing.T, cf *client.Client, appGUID, pkgGUID string) *resource.Droplet {
	t.Helper()
	ctx := context.Background()
	b := must(cf.Builds.Create(ctx, resource.NewBuildCreate(pkgGUID)))(t)
	if b.State != resource.BuildStateStaging {
		t.Fatalf("new build state = %s, want STAGING", b.State)
	}
	for i := 0; b.State == resource.BuildStateStaging; i++ {
		if i > 10 {
			t.Fatal("build never staged")
		}
		b = must(cf.Builds.Get(ctx, b.GUID))(t)
	}
	if b.State != resource.BuildStateStaged || b.Droplet == nil {
		t.Fatalf("build = %s droplet %v, want STAGED with a droplet", b.State, b.Droplet)
	}
	must(cf.Droplets.SetCurrentAssociationForApp(ctx, appGUID, b.Droplet.GUID))(t)
	return must(cf.Droplets.GetCurrentForApp(ctx, appGUID))(t)
}

func TestRootAndInfo(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	root := must(cf.Root.Get(ctx))(t)
	if root.Links.Uaa.Href != s.URL() || root.Links.CloudControllerV3.Href != s.URL()+"/v3" {
		t.Fatalf("root links = %+v", root.Links)
	}
	info := must(cf.Info.Get(ctx))(t)
	if info.Name != "cctest" {
		t.Fatalf("info = %+v", info)
	}
}

func TestLoginAndTokenRefresh(t *testing.T) {
	// A TTL under oauth2's 10 s expiry margin makes the client refresh before every call.
	s, cf := newClient(t, WithTokenTTL(time.Second))
	ctx := context.Background()
	if g := s.TokenGrants(); g["password"] != 1 {
		t.Fatalf("grants after login = %v, want one password grant", g)
	}
	must(cf.Organizations.ListAll(ctx, nil))(t)
	must(cf.Spaces.ListAll(ctx, nil))(t)
	if g := s.TokenGrants(); g["refresh_token"] < 2 {
		t.Fatalf("grants = %v, want refresh_token grants for the expired tokens", g)
	}

	// A token revoked on the server side gets 401 CF-InvalidAuthToken; the client re-authenticates and retries.
	s.SetTokenTTL(time.Hour)
	must(cf.Organizations.ListAll(ctx, nil))(t) // picks up a long-lived token
	before := s.TokenGrants()
	s.ExpireTokens()
	orgs := must(cf.Organizations.ListAll(ctx, nil))(t)
	if len(orgs) != 1 || orgs[0].Name != DefaultOrg {
		t.Fatalf("orgs = %+v", orgs)
	}
	after := s.TokenGrants()
	if after["password"] != before["password"]+1 {
		t.Fatalf("grants %v -> %v, want a new password grant after the 401", before, after)
	}
	if n := countStatus(s, 401); n != 1 {
		t.Fatalf("401 responses = %d, want 1", n)
	}
}

func countStatus(s *Server, status int) int {
	n := 0
	for _, r := range s.RequestLog() {
		if r.Status == status {
			n++
		}
	}
	return n
}

func TestUnauthenticatedAndBadCredentials(t *testing.T) {
	s := New()
	defer s.Close()
	if _, err := config.New(s.URL(), config.UserPassword(DefaultUsername, "wrong")); err == nil {
		t.Fatal("config.New with a bad password succeeded")
	}
	cfg := must(config.New(s.URL(), config.UserPassword(DefaultUsername, DefaultPassword)))(t)
	// Raw request without a token: the CF error format with 401.
	resp, err := cfg.HTTPClient().Get(s.URL() + "/v3/apps")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("status = %d", resp.StatusCode)
	}
}

func TestClientCredentials(t *testing.T) {
	s := New(WithClient("dataflow", "s3cret"))
	defer s.Close()
	cfg := must(config.New(s.URL(), config.ClientCredentials("dataflow", "s3cret")))(t)
	cf := must(client.New(cfg))(t)
	must(cf.Spaces.ListAll(context.Background(), nil))(t)
	if s.TokenGrants()["client_credentials"] != 1 {
		t.Fatalf("grants = %v", s.TokenGrants())
	}
}

func TestOrgsSpacesByName(t *testing.T) {
	s, cf := newClient(t, WithOrgSpace("o1", "dev"), WithOrgSpace("o1", "prod"))
	ctx := context.Background()
	opts := client.NewSpaceListOptions()
	opts.Names.EqualTo("prod")
	sp := must(cf.Spaces.Single(ctx, opts))(t)
	org := must(cf.Organizations.Get(ctx, sp.Relationships.Organization.Data.GUID))(t)
	if org.Name != "o1" || s.DefaultOrgGUID() != org.GUID {
		t.Fatalf("org = %+v", org)
	}
	if _, err := cf.Spaces.Get(ctx, "nope"); !resource.IsResourceNotFoundError(err) {
		t.Fatalf("err = %v, want CF-ResourceNotFound", err)
	}
}

func TestDockerAppStartStatsScale(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	app := stageDocker(t, s, cf, "ticktock-time-v1")

	stats := must(cf.Processes.GetStatsForApp(ctx, app.GUID, "web"))(t)
	if len(stats.Stats) != 1 || stats.Stats[0].State != "DOWN" {
		t.Fatalf("stopped stats = %+v, want one DOWN", stats.Stats)
	}
	started := must(cf.Applications.Start(ctx, app.GUID))(t)
	if started.State != "STARTED" {
		t.Fatalf("state = %s", started.State)
	}
	stats = must(cf.Processes.GetStatsForApp(ctx, app.GUID, "web"))(t)
	if stats.Stats[0].State != "STARTING" {
		t.Fatalf("first stats = %s, want STARTING", stats.Stats[0].State)
	}
	stats = must(cf.Processes.GetStatsForApp(ctx, app.GUID, "web"))(t)
	if stats.Stats[0].State != "RUNNING" || stats.Stats[0].Index != 0 {
		t.Fatalf("second stats = %+v, want RUNNING", stats.Stats[0])
	}

	// The web process shares the app's GUID, as in the CC.
	web := must(cf.Processes.Get(ctx, app.GUID))(t)
	if web.Type != "web" || web.Instances != 1 {
		t.Fatalf("web = %+v", web)
	}
	scaled := must(cf.Processes.Scale(ctx, web.GUID, resource.NewProcessScale().WithInstances(3).WithMemoryInMB(512).WithDiskInMB(2048)))(t)
	if scaled.Instances != 3 || scaled.MemoryInMB != 512 || scaled.DiskInMB != 2048 {
		t.Fatalf("scaled = %+v", scaled)
	}
	stats = must(cf.Processes.GetStats(ctx, web.GUID))(t)
	if len(stats.Stats) != 3 || stats.Stats[2].Index != 2 || stats.Stats[0].State != "STARTING" {
		t.Fatalf("stats after scale = %+v, want 3 STARTING (memory change restarts)", stats.Stats)
	}
	if stats.Stats[0].MemoryQuota != 512<<20 {
		t.Fatalf("mem_quota = %d", stats.Stats[0].MemoryQuota)
	}

	upd := resource.NewProcessUpdate().WithHealthCheckType("http").WithHealthCheckEndpoint("/actuator/health").WithHealthCheckTimeout(120)
	upd.WithCommand("java -jar app.jar --server.port=8080")
	web = must(cf.Processes.Update(ctx, web.GUID, upd))(t)
	if web.HealthCheck.Type != "http" || *web.HealthCheck.Data.Endpoint != "/actuator/health" || *web.HealthCheck.Data.Timeout != 120 {
		t.Fatalf("health check = %+v", web.HealthCheck)
	}
	if web.Command == nil || *web.Command != "java -jar app.jar --server.port=8080" {
		t.Fatalf("command = %v", web.Command)
	}
	// Lists hide the command, as the CC does.
	procs := must(cf.Processes.ListForAppAll(ctx, app.GUID, nil))(t)
	if len(procs) != 1 || procs[0].Command == nil || *procs[0].Command != redacted {
		t.Fatalf("listed processes = %+v", procs)
	}
	// A PATCH without WithCommand sends "command": null, which reverts to the detected command.
	web = must(cf.Processes.Update(ctx, web.GUID, resource.NewProcessUpdate().WithHealthCheckType("port")))(t)
	if web.Command != nil {
		t.Fatalf("command after update without command = %q, want null (reverted)", *web.Command)
	}

	stopped := must(cf.Applications.Stop(ctx, app.GUID))(t)
	if stopped.State != "STOPPED" {
		t.Fatalf("state = %s", stopped.State)
	}
	must(cf.Applications.Restart(ctx, app.GUID))(t)
	stats = must(cf.Processes.GetStats(ctx, web.GUID))(t)
	if stats.Stats[0].State != "STARTING" {
		t.Fatalf("after restart = %s", stats.Stats[0].State)
	}
}

func TestStartWithoutDropletFails(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	app := must(cf.Applications.Create(ctx, resource.NewAppCreate("bare", s.DefaultSpaceGUID())))(t)
	_, err := cf.Applications.Start(ctx, app.GUID)
	if !resource.IsUnprocessableEntityError(err) {
		t.Fatalf("err = %v, want CF-UnprocessableEntity", err)
	}
	if _, err := cf.Applications.Create(ctx, resource.NewAppCreate("bare", s.DefaultSpaceGUID())); !resource.IsUnprocessableEntityError(err) {
		t.Fatalf("duplicate name err = %v", err)
	}
}

func TestCrashedInstances(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	app := stageDocker(t, s, cf, "crashy")
	must(cf.Applications.Start(ctx, app.GUID))(t)
	s.CrashInstances("crashy")
	stats := must(cf.Processes.GetStatsForApp(ctx, app.GUID, "web"))(t)
	if stats.Stats[0].State != "CRASHED" || stats.Stats[0].Details == nil {
		t.Fatalf("stats = %+v, want CRASHED with details", stats.Stats[0])
	}
	s.SetInstanceState("crashy", "")
	stats = must(cf.Processes.GetStatsForApp(ctx, app.GUID, "web"))(t)
	if stats.Stats[0].State == "CRASHED" {
		t.Fatal("still CRASHED after clearing")
	}
}

func TestInstanceStartupByDelay(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s, cf := newClient(t, WithClock(clock), WithStep(PhaseInstanceStart, Step{Delay: 30 * time.Second}))
	ctx := context.Background()
	app := stageDocker(t, s, cf, "slow")
	must(cf.Applications.Start(ctx, app.GUID))(t)
	for i := 0; i < 3; i++ {
		if st := must(cf.Processes.GetStatsForApp(ctx, app.GUID, "web"))(t).Stats[0].State; st != "STARTING" {
			t.Fatalf("poll %d = %s, want STARTING before the delay", i, st)
		}
	}
	s.mu.Lock()
	now = now.Add(31 * time.Second)
	s.mu.Unlock()
	st := must(cf.Processes.GetStatsForApp(ctx, app.GUID, "web"))(t).Stats[0]
	if st.State != "RUNNING" || st.Uptime != 31 {
		t.Fatalf("after delay = %+v, want RUNNING with uptime 31", st)
	}
}

func TestEnvironmentVariables(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	create := resource.NewAppCreate("env-app", s.DefaultSpaceGUID())
	create.EnvironmentVariables = map[string]string{"SPRING_APPLICATION_JSON": `{"a":1}`, "DROP": "me"}
	app := must(cf.Applications.Create(ctx, create))(t)
	v := "b"
	env := must(cf.Applications.SetEnvironmentVariables(ctx, app.GUID, map[string]*string{"B": &v, "DROP": nil}))(t)
	if _, ok := env["DROP"]; ok || *env["B"] != "b" || *env["SPRING_APPLICATION_JSON"] != `{"a":1}` {
		t.Fatalf("env = %v", env)
	}
	got := must(cf.Applications.GetEnvironmentVariables(ctx, app.GUID))(t)
	if len(got) != 2 {
		t.Fatalf("env = %v", got)
	}
	full := must(cf.Applications.GetEnvironment(ctx, app.GUID))(t)
	if full.EnvVars["B"] != "b" || full.AppEnvVars["VCAP_APPLICATION"] == nil {
		t.Fatalf("full env = %+v", full)
	}
}

func TestBuildpackAppWithBits(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	app := must(cf.Applications.Create(ctx, resource.NewAppCreate("timestamp-task", s.DefaultSpaceGUID())))(t)
	if app.Lifecycle.Type != "buildpack" {
		t.Fatalf("lifecycle = %+v", app.Lifecycle)
	}
	pkg := must(cf.Packages.Create(ctx, resource.NewPackageCreate(app.GUID)))(t)
	if pkg.State != resource.PackageStateAwaitingUpload {
		t.Fatalf("package state = %s", pkg.State)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create("app.jar")
	_, _ = f.Write(bytes.Repeat([]byte("x"), 4096))
	_ = zw.Close()
	size := int64(buf.Len())
	pkg = must(cf.Packages.Upload(ctx, pkg.GUID, &buf))(t)
	if pkg.State != resource.PackageStateReady || pkg.Data.Bits == nil || pkg.Data.Bits.Checksum.Value == nil {
		t.Fatalf("uploaded package = %+v", pkg)
	}
	if got := s.UploadedBytes(pkg.GUID); got != size {
		t.Fatalf("uploaded bytes = %d, want %d", got, size)
	}
	pkgs := must(cf.Packages.ListForAppAll(ctx, app.GUID, nil))(t)
	if len(pkgs) != 1 {
		t.Fatalf("packages = %d", len(pkgs))
	}
	d := stage(t, cf, app.GUID, pkg.GUID)
	if d.ProcessTypes["web"] != DetectedStartCommand || string(d.State) != "STAGED" {
		t.Fatalf("droplet = %+v", d)
	}
	cur := must(cf.Droplets.GetCurrentAssociationForApp(ctx, app.GUID))(t)
	if cur.Data.GUID != d.GUID {
		t.Fatalf("current = %+v", cur)
	}
	ds := must(cf.Droplets.ListForAppAll(ctx, app.GUID, nil))(t)
	if len(ds) != 1 {
		t.Fatalf("droplets = %d", len(ds))
	}
	app = must(cf.Applications.Get(ctx, app.GUID))(t)
	if app.Relationships.CurrentDroplet.Data.GUID != d.GUID {
		t.Fatalf("app current droplet = %+v", app.Relationships.CurrentDroplet)
	}
	web := must(cf.Processes.Get(ctx, app.GUID))(t)
	if web.Command == nil || *web.Command != DetectedStartCommand {
		t.Fatalf("web command = %v, want the detected one", web.Command)
	}
}

func TestStagingFailure(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	s.FailStaging("broken", "NoAppDetectedError")
	app := must(cf.Applications.Create(ctx, resource.NewAppCreate("broken", s.DefaultSpaceGUID())))(t)
	pkg := must(cf.Packages.Create(ctx, resource.NewPackageCreate(app.GUID)))(t)
	pkg = must(cf.Packages.Upload(ctx, pkg.GUID, bytes.NewReader([]byte("zip"))))(t)
	b := must(cf.Builds.Create(ctx, resource.NewBuildCreate(pkg.GUID)))(t)
	b = must(cf.Builds.Get(ctx, b.GUID))(t)
	b = must(cf.Builds.Get(ctx, b.GUID))(t)
	if b.State != resource.BuildStateFailed || b.Error == nil || *b.Error != "StagingError - NoAppDetectedError" {
		t.Fatalf("build = %s %v", b.State, b.Error)
	}
}

func TestTasks(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	app := stageDocker(t, s, cf, "timestamp")

	tk := must(cf.Tasks.Create(ctx, app.GUID, resource.NewTaskCreateWithCommand("java -jar app.jar --spring.cloud.task.executionid=1").
		WithName("timestamp").WithMemoryInMB(512).WithDiskInMB(256)))(t)
	if tk.State != "RUNNING" || tk.SequenceID != 1 || tk.MemoryInMB != 512 || tk.DiskInMB != 256 {
		t.Fatalf("task = %+v", tk)
	}
	got := must(cf.Tasks.Get(ctx, tk.GUID))(t)
	if got.State != "RUNNING" {
		t.Fatalf("first poll = %s", got.State)
	}
	got = must(cf.Tasks.Get(ctx, tk.GUID))(t)
	if got.State != "SUCCEEDED" || got.Result.FailureReason != nil {
		t.Fatalf("second poll = %+v", got)
	}

	s.FailTask("timestamp", "APP/TASK/timestamp: Exited with status 1")
	tk2 := must(cf.Tasks.Create(ctx, app.GUID, resource.NewTaskCreateWithCommand("false").WithName("timestamp")))(t)
	// Poll by listing by name, as a status loop would.
	opts := client.NewTaskListOptions()
	opts.Names.EqualTo("timestamp")
	var listed []*resource.Task
	for i := 0; i < 3; i++ {
		listed = must(cf.Tasks.ListForAppAll(ctx, app.GUID, opts))(t)
	}
	if len(listed) != 2 || listed[1].GUID != tk2.GUID || listed[1].State != "FAILED" ||
		*listed[1].Result.FailureReason != "APP/TASK/timestamp: Exited with status 1" || listed[1].Command != "" {
		t.Fatalf("listed = %+v", listed[1])
	}
	s.FailTask("timestamp", "")

	tk3 := must(cf.Tasks.Create(ctx, app.GUID, resource.NewTaskCreateWithCommand("sleep 100")))(t)
	c := must(cf.Tasks.Cancel(ctx, tk3.GUID))(t)
	if c.State != "CANCELING" {
		t.Fatalf("cancel = %s", c.State)
	}
	got = must(cf.Tasks.Get(ctx, tk3.GUID))(t)
	if got.State != "FAILED" || *got.Result.FailureReason != CancelledReason {
		t.Fatalf("cancelled = %+v", got)
	}
	if _, err := cf.Tasks.Cancel(ctx, tk3.GUID); err == nil {
		t.Fatal("cancelling a finished task succeeded")
	}

	all := client.NewTaskListOptions()
	all.States.EqualTo("FAILED")
	if n := len(must(cf.Tasks.ListAll(ctx, all))(t)); n != 2 {
		t.Fatalf("FAILED tasks = %d, want 2", n)
	}
}

func TestTaskNeedsDroplet(t *testing.T) {
	s, cf := newClient(t)
	app := must(cf.Applications.Create(context.Background(), resource.NewAppCreate("no-droplet", s.DefaultSpaceGUID())))(t)
	_, err := cf.Tasks.Create(context.Background(), app.GUID, resource.NewTaskCreateWithCommand("x"))
	if !resource.IsUnprocessableEntityError(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestRoutes(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	app := stageDocker(t, s, cf, "http-source")
	domains := must(cf.Domains.ListAll(ctx, nil))(t)
	if len(domains) != 1 || domains[0].Name != DefaultSharedDomain {
		t.Fatalf("domains = %+v", domains)
	}
	rt := must(cf.Routes.Create(ctx, resource.NewRouteCreateWithHost(domains[0].GUID, s.DefaultSpaceGUID(), "http-source", "/in", 0)))(t)
	if rt.URL != "http-source."+DefaultSharedDomain+"/in" {
		t.Fatalf("url = %s", rt.URL)
	}
	if _, err := cf.Routes.Create(ctx, resource.NewRouteCreateWithHost(domains[0].GUID, s.DefaultSpaceGUID(), "http-source", "/in", 0)); !resource.IsUnprocessableEntityError(err) {
		t.Fatalf("duplicate route err = %v", err)
	}
	dests := must(cf.Routes.InsertDestinations(ctx, rt.GUID, []*resource.RouteDestinationInsertOrReplace{resource.NewRouteDestinationInsertOrReplace(app.GUID)}))(t)
	if len(dests.Destinations) != 1 || *dests.Destinations[0].App.GUID != app.GUID {
		t.Fatalf("destinations = %+v", dests)
	}
	forApp := must(cf.Routes.ListForAppAll(ctx, app.GUID, nil))(t)
	if len(forApp) != 1 || forApp[0].GUID != rt.GUID {
		t.Fatalf("routes for app = %+v", forApp)
	}
	byHost := client.NewRouteListOptions()
	byHost.Hosts.EqualTo("http-source")
	if n := len(must(cf.Routes.ListAll(ctx, byHost))(t)); n != 1 {
		t.Fatalf("routes by host = %d", n)
	}
	jobGUID := must(cf.Routes.Delete(ctx, rt.GUID))(t)
	if err := cf.Jobs.PollComplete(ctx, jobGUID, fastPoll()); err != nil {
		t.Fatal(err)
	}
	if _, err := cf.Routes.Get(ctx, rt.GUID); !resource.IsResourceNotFoundError(err) {
		t.Fatalf("route after delete: %v", err)
	}
}

func TestServiceBinding(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	app := stageDocker(t, s, cf, "jdbc-sink")
	mysql := s.AddServiceInstance(s.DefaultSpaceGUID(), "mysql", true, map[string]any{"uri": "mysql://db"})
	ups := s.AddServiceInstance(s.DefaultSpaceGUID(), "config", false, map[string]any{"k": "v"})

	opts := client.NewServiceInstanceListOptions()
	opts.Names.EqualTo("mysql")
	opts.SpaceGUIDs.EqualTo(s.DefaultSpaceGUID())
	si := must(cf.ServiceInstances.Single(ctx, opts))(t)
	if si.GUID != mysql || si.Type != "managed" {
		t.Fatalf("si = %+v", si)
	}

	create := resource.NewServiceCredentialBindingCreateApp(mysql, app.GUID).WithJSONParameters(`{"schema":"dataflow"}`)
	jobGUID, b, err := cf.ServiceCredentialBindings.Create(ctx, create)
	if err != nil || jobGUID == "" || b != nil {
		t.Fatalf("managed binding: job %q binding %v err %v, want a job", jobGUID, b, err)
	}
	if err := cf.Jobs.PollComplete(ctx, jobGUID, fastPoll()); err != nil {
		t.Fatal(err)
	}
	_, b, err = cf.ServiceCredentialBindings.Create(ctx, resource.NewServiceCredentialBindingCreateApp(ups, app.GUID))
	if err != nil || b == nil || b.LastOperation.State != "succeeded" {
		t.Fatalf("user-provided binding = %+v, %v", b, err)
	}

	lo := client.NewServiceCredentialBindingListOptions()
	lo.AppGUIDs.EqualTo(app.GUID)
	bs := must(cf.ServiceCredentialBindings.ListAll(ctx, lo))(t)
	if len(bs) != 2 || bs[0].LastOperation.State != "succeeded" {
		t.Fatalf("bindings = %+v", bs)
	}
	params := must(cf.ServiceCredentialBindings.GetParameters(ctx, bs[0].GUID))(t)
	if string(*params) != `{"schema":"dataflow"}` {
		t.Fatalf("params = %s", *params)
	}
	details := must(cf.ServiceCredentialBindings.GetDetails(ctx, bs[0].GUID))(t)
	if details.Credentials["uri"] != "mysql://db" {
		t.Fatalf("details = %+v", details)
	}
	env := must(cf.Applications.GetEnvironment(ctx, app.GUID))(t)
	if _, ok := env.SystemEnvVars["VCAP_SERVICES"]; !ok {
		t.Fatalf("no VCAP_SERVICES in %v", env.SystemEnvVars)
	}

	jobGUID = must(cf.ServiceCredentialBindings.Delete(ctx, bs[0].GUID))(t)
	if err := cf.Jobs.PollComplete(ctx, jobGUID, fastPoll()); err != nil {
		t.Fatal(err)
	}
	if jobGUID := must(cf.ServiceCredentialBindings.Delete(ctx, bs[1].GUID))(t); jobGUID != "" {
		t.Fatalf("user-provided unbind returned job %q, want synchronous", jobGUID)
	}
	if n := len(must(cf.ServiceCredentialBindings.ListAll(ctx, lo))(t)); n != 0 {
		t.Fatalf("bindings left = %d", n)
	}
}

func TestAppDeleteViaJob(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	app := stageDocker(t, s, cf, "gone")
	must(cf.Tasks.Create(ctx, app.GUID, resource.NewTaskCreateWithCommand("x")))(t)
	jobGUID := must(cf.Applications.Delete(ctx, app.GUID))(t)
	if jobGUID == "" {
		t.Fatal("no job from app delete")
	}
	job := must(cf.Jobs.Get(ctx, jobGUID))(t)
	if job.State != resource.JobStateProcessing || job.Operation != "app.delete" {
		t.Fatalf("job = %+v", job)
	}
	// Until the job completes the app is still there, as on a foundation.
	must(cf.Applications.Get(ctx, app.GUID))(t)
	if err := cf.Jobs.PollComplete(ctx, jobGUID, fastPoll()); err != nil {
		t.Fatal(err)
	}
	if _, err := cf.Applications.Get(ctx, app.GUID); !resource.IsResourceNotFoundError(err) {
		t.Fatalf("get after delete: %v", err)
	}
	if n := len(must(cf.Tasks.ListAll(ctx, nil))(t)); n != 0 {
		t.Fatalf("tasks left = %d", n)
	}
}

func TestPaginationAndFilters(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	for i := 0; i < 7; i++ {
		c := resource.NewAppCreate("app-"+string(rune('a'+i)), s.DefaultSpaceGUID())
		c.Metadata = resource.NewMetadata().WithLabel("", "stream", map[bool]string{true: "even", false: "odd"}[i%2 == 0])
		must(cf.Applications.Create(ctx, c))(t)
	}
	opts := client.NewAppListOptions()
	opts.PerPage = 3
	page1, pager, err := cf.Applications.List(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(page1) != 3 || pager.TotalResults != 7 || pager.TotalPages != 3 || !pager.HasNextPage() || pager.HasPreviousPage() {
		t.Fatalf("page 1: %d items, pager %+v", len(page1), pager)
	}
	s.ResetRequests()
	all := must(cf.Applications.ListAll(ctx, opts))(t)
	if len(all) != 7 || all[6].Name != "app-g" {
		t.Fatalf("all = %d", len(all))
	}
	if n := s.CountRequests("GET", "/v3/apps"); n != 3 {
		t.Fatalf("requests for ListAll = %d, want 3 pages (%v)", n, s.Requests())
	}

	byLabel := client.NewAppListOptions()
	byLabel.LabelSel = client.LabelSelector{} // nil in NewAppListOptions: EqualTo would panic
	byLabel.LabelSel.EqualTo("stream", "even")
	if n := len(must(cf.Applications.ListAll(ctx, byLabel))(t)); n != 4 {
		t.Fatalf("label even = %d, want 4", n)
	}
	byNames := client.NewAppListOptions()
	byNames.Names.EqualTo("app-b", "app-c")
	byNames.SpaceGUIDs.EqualTo(s.DefaultSpaceGUID())
	if n := len(must(cf.Applications.ListAll(ctx, byNames))(t)); n != 2 {
		t.Fatalf("by names = %d", n)
	}
	apps, spaces := must2(t)(cf.Applications.ListIncludeSpacesAll(ctx, byNames))
	if len(apps) != 2 || len(spaces) != 1 {
		t.Fatalf("include spaces: %d apps %d spaces", len(apps), len(spaces))
	}
}

func must2(t *testing.T) func([]*resource.App, []*resource.Space, error) ([]*resource.App, []*resource.Space) {
	return func(a []*resource.App, s []*resource.Space, err error) ([]*resource.App, []*resource.Space) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, s
	}
}

func TestInjectedFailure(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	s.FailNext("POST", "/v3/apps", 503, 10015, "Cloud Controller is on fire")
	_, err := cf.Applications.Create(ctx, resource.NewAppCreate("x", s.DefaultSpaceGUID()))
	var cfErr resource.CloudFoundryError
	if !errors.As(err, &cfErr) || cfErr.Code != 10015 || cfErr.Title != "CF-ServiceUnavailable" || cfErr.Detail != "Cloud Controller is on fire" {
		t.Fatalf("err = %#v", err)
	}
	if !resource.IsServiceUnavailableError(err) {
		t.Fatal("not recognised as CF-ServiceUnavailable")
	}
	// One-shot: the retry succeeds.
	must(cf.Applications.Create(ctx, resource.NewAppCreate("x", s.DefaultSpaceGUID())))(t)
}

func TestLatency(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	start := time.Now()
	must(cf.Spaces.ListAll(ctx, nil))(t)
	fast := time.Since(start)
	s.SetLatency(50 * time.Millisecond)
	start = time.Now()
	must(cf.Spaces.ListAll(ctx, nil))(t)
	if slow := time.Since(start); slow < 50*time.Millisecond {
		t.Fatalf("with latency: %v (without: %v), want >= 50ms", slow, fast)
	}
}

func TestUnknownPath(t *testing.T) {
	s, cf := newClient(t)
	req, _ := newRequest(s.URL() + "/v3/nothing-here")
	resp, err := cf.ExecuteAuthRequest(req)
	if err == nil {
		resp.Body.Close()
	}
	var cfErr resource.CloudFoundryError
	if !errors.As(err, &cfErr) || cfErr.Code != 10000 {
		t.Fatalf("err = %v", err)
	}
}
