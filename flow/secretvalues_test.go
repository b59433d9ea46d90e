package flow

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/jartest"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// recordingDeployer keeps what flow asked it to deploy or render; it renders an app as the values it got.
type recordingDeployer struct{ deployed []platforms.AppDeployment }

func (r *recordingDeployer) Deploy(_ context.Context, app platforms.AppDeployment) (string, error) {
	r.deployed = append(r.deployed, app)
	return "", nil
}
func (r *recordingDeployer) Undeploy(context.Context, platforms.AppRef) error { return nil }
func (r *recordingDeployer) Status(_ context.Context, apps []platforms.AppRef) ([]platforms.AppStatus, error) {
	out := make([]platforms.AppStatus, len(apps))
	for i, a := range apps {
		out[i] = platforms.AppStatus{DeploymentID: a.DeploymentID, State: platforms.StateDeployed}
	}
	return out, nil
}
func (r *recordingDeployer) Scale(context.Context, platforms.AppRef, int) (string, error) {
	return "", nil
}
func (r *recordingDeployer) Logs(context.Context, platforms.AppRef, platforms.LogOptions, io.Writer) error {
	return nil
}
func (r *recordingDeployer) Render(app platforms.AppDeployment) (string, error) {
	return fmt.Sprintf("%v %v %v", app.AppProperties, app.DeployerProperties, app.SecretKeys), nil
}

// recordingLauncher keeps the specs of its launches and takes secret values apart, as the Kubernetes one does.
type recordingLauncher struct{ launched []platforms.TaskSpec }

func (r *recordingLauncher) LaunchTask(_ context.Context, spec platforms.TaskSpec) (platforms.Launched, error) {
	r.launched = append(r.launched, spec)
	return platforms.Launched{ExternalID: "run", Handle: "pod/run"}, nil
}
func (r *recordingLauncher) TaskEnded(context.Context, string) platforms.TaskEnd {
	return platforms.TaskEnd{}
}
func (r *recordingLauncher) TaskLog(context.Context, string, platforms.LogOptions, io.Writer) error {
	return nil
}
func (r *recordingLauncher) CleanupTask(context.Context, string) error { return nil }
func (r *recordingLauncher) StopTask(string) error                     { return nil }
func (r *recordingLauncher) TakesSecretEnv() bool                      { return true }

// secretsFixture is a store with stream and task apps registered and one Kubernetes account whose platform
// records what it is asked.
func secretsFixture(t *testing.T) (*Flow, *recordingDeployer, *recordingLauncher) {
	t.Helper()
	ctx := context.Background()
	account := "  - {name: default, type: kubernetes, kubernetes: {namespace: ns}}\n"
	f, accounts := tickingFlow(t, "streams:\n"+account+"tasks:\n"+account)
	for _, r := range []RegisterRequest{{Name: "http", Type: AppTypeSource, URI: "docker:org/http:1.0.0"},
		{Name: "log", Type: AppTypeSink, URI: "docker:org/log:1.0.0"}, {Name: "job", Type: AppTypeTask, URI: "docker:org/job:1.0.0"}} {
		if _, err := f.RegisterApp(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	dep, launcher := &recordingDeployer{}, &recordingLauncher{}
	withAccounts(f, accounts, map[platforms.AccountType]platforms.Driver{
		platforms.Kubernetes: testDriver{apps: dep, tasks: launcher, schedules: &recordingScheduler{}},
	})
	return f, dep, launcher
}

// everythingShown is what dataflow shows and stores of a stream: its listing, manifest, audit records and
// history lines.
func everythingShown(t *testing.T, f *Flow, stream string) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	views, err := f.Streams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range views {
		b.WriteString(v.Definition + "\n")
	}
	releases, err := f.Store.Read().Releases(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range releases {
		b.WriteString(r.Manifest + "\n")
	}
	audits, err := f.Store.Read().ListAudit(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range audits {
		b.WriteString(a.Data + "\n")
	}
	return b.String()
}

// A URL with a password, in a definition or a deploy property, goes the secret way (the platform is told to
// keep it out of the pod spec) and is masked in the listing, the dry run, the stored manifest and the audit.
func TestURLPasswordsInStreamPropertiesAreSecret(t *testing.T) {
	f, dep, _ := secretsFixture(t)
	ctx := context.Background()
	if _, err := f.CreateStream(ctx, "s", "http --url=https://user:PW1@host/x | log", ""); err != nil {
		t.Fatal(err)
	}
	req := StreamDeployRequest{Name: "s", Properties: map[string]string{"app.log.x.url": "jdbc:postgresql://u:PW2@db:5432/x", "app.log.plain": "https://host/y"}}
	dry, err := f.RenderStreamDeploy(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(dry, "PW") || !strings.Contains(dry, "https://user:******@host/x") || !strings.Contains(dry, "[url]") ||
		!strings.Contains(dry, "[x.url]") {
		t.Errorf("dry run:\n%s", dry)
	}
	if _, err := f.DeployStream(ctx, req); err != nil {
		t.Fatal(err)
	}
	keys := map[string][]string{}
	for _, d := range dep.deployed {
		keys[d.Label] = d.SecretKeys
	}
	if fmt.Sprint(keys["http"]) != "[url]" || fmt.Sprint(keys["log"]) != "[x.url]" {
		t.Errorf("secret keys: %v", keys)
	}
	shown := everythingShown(t, f, "s")
	if strings.Contains(shown, "PW") || !strings.Contains(shown, "https://user:******@host/x") ||
		!strings.Contains(shown, `"x.url": "jdbc:postgresql://u:******@db:5432/x"`) || !strings.Contains(shown, `"plain": "https://host/y"`) {
		t.Errorf("shown:\n%s", shown)
	}
	if got := RedactProperties(map[string]string{"a": "https://u:p@h", "b.password": "x", "c": "https://h"}); fmt.Sprint(got) !=
		"map[a:https://u:******@h b.password:****** c:https://h]" {
		t.Errorf("RedactProperties: %v", got)
	}
}

// A task's URL password (a definition argument, a launch property, an argument) reaches a Kubernetes pod only
// through the run's secret environment, and the execution record and audit show it masked.
func TestURLPasswordsInTaskLaunchesAreSecret(t *testing.T) {
	f, _, launcher := secretsFixture(t)
	ctx := context.Background()
	if _, err := f.CreateTask(ctx, "t", "job --repo=https://u:PW1@repo/x", ""); err != nil {
		t.Fatal(err)
	}
	id, err := f.LaunchTask(ctx, LaunchRequest{Name: "t", Properties: map[string]string{"app.job.db.url": "https://u:PW2@db"},
		Arguments: []string{"--mirror", "https://u:PW3@mirror", "https://u:PW4@positional", "--plain", "https://host"}})
	if err != nil {
		t.Fatal(err)
	}
	spec := launcher.launched[0]
	if args := strings.Join(spec.Args, " "); strings.Contains(args, "PW") || !strings.Contains(args, "--plain https://host") {
		t.Errorf("args: %s", args)
	}
	var values []string
	for _, v := range spec.SecretEnv {
		values = append(values, v)
	}
	sort.Strings(values)
	if fmt.Sprint(values) != "[https://u:PW1@repo/x https://u:PW2@db https://u:PW3@mirror https://u:PW4@positional]" {
		t.Errorf("secret env: %v", spec.SecretEnv)
	}
	e, err := f.Store.Read().GetExecution(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	audits, _ := f.Store.Read().ListAudit(ctx, store.AuditFilter{})
	shown := fmt.Sprint(e.Arguments, e.Properties, audits)
	if strings.Contains(shown, "PW") {
		t.Errorf("shown: %s", shown)
	}
	if list, _ := f.Tasks(ctx); strings.Contains(fmt.Sprint(list), "PW") {
		t.Errorf("task list: %v", list)
	}

	// A schedule's arguments are the launch's: its CronJob holds references only.
	if _, err := f.CreateSchedule(ctx, ScheduleRequest{Name: "nightly", DefinitionName: "t", Expression: "0 2 * * *",
		Arguments: []string{"--mirror", "https://u:PW5@mirror"}}); err != nil {
		t.Fatal(err)
	}
	sched := f.mustScheduler(t).created[0]
	if args := strings.Join(sched.Task.Args, " "); strings.Contains(args, "PW") || len(sched.Task.SecretEnv) != 2 {
		t.Errorf("schedule: %s %v", args, sched.Task.SecretEnv)
	}
	if list, _ := f.Schedules(ctx, "", ""); strings.Contains(fmt.Sprint(list), "PW") {
		t.Errorf("schedules: %+v", list)
	}
}

// mustScheduler is the fixture's recording scheduler.
func (f *Flow) mustScheduler(t *testing.T) *recordingScheduler {
	t.Helper()
	acc, err := f.scheduleAccount("")
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.scheduler(acc)
	if err != nil {
		t.Fatal(err)
	}
	return s.(*recordingScheduler)
}

// Environment variables given in deployer properties whose names look secret are named to the platform, which
// sets them from a secret; their values are masked in the dry run, the manifest, the audit and the schedules.
func TestSecretEnvironmentVariablesAreNamedAndMasked(t *testing.T) {
	f, dep, launcher := secretsFixture(t)
	ctx := context.Background()
	if _, err := f.CreateStream(ctx, "s", "http | log", ""); err != nil {
		t.Fatal(err)
	}
	env := "deployer.log.kubernetes.environmentVariables"
	req := StreamDeployRequest{Name: "s", Properties: map[string]string{env: "DB_PASSWORD=PWENV1,FOO=bar,API_KEY='PW,ENV2',EMPTY_TOKEN="}}
	dry, err := f.RenderStreamDeploy(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(dry, "PW") || !strings.Contains(dry, "DB_PASSWORD=******,FOO=bar,API_KEY=******") {
		t.Errorf("dry run:\n%s", dry)
	}
	if _, err := f.DeployStream(ctx, req); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, d := range dep.deployed {
		names[d.Label] = fmt.Sprint(d.SecretEnvNames)
	}
	if names["log"] != "[API_KEY DB_PASSWORD]" || names["http"] != "[]" {
		t.Errorf("secret env names: %v", names)
	}
	if shown := everythingShown(t, f, "s"); strings.Contains(shown, "PW") || !strings.Contains(shown, "DB_PASSWORD=******,FOO=bar") {
		t.Errorf("shown:\n%s", shown)
	}

	if _, err := f.CreateTask(ctx, "t", "job", ""); err != nil {
		t.Fatal(err)
	}
	props := map[string]string{"deployer.job.kubernetes.environmentVariables": "DB_PASSWORD=PWENV3,FOO=bar"}
	if _, err := f.LaunchTask(ctx, LaunchRequest{Name: "t", Properties: props}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(launcher.launched[0].SecretEnvNames); got != "[DB_PASSWORD]" {
		t.Errorf("launch: %s", got)
	}
	props["scheduler.kubernetes.environmentVariables"] = "SCHED_SECRET=PWENV4"
	if _, err := f.CreateSchedule(ctx, ScheduleRequest{Name: "nightly", DefinitionName: "t", Expression: "0 2 * * *", Properties: props}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(f.mustScheduler(t).created[0].Task.SecretEnvNames); got != "[SCHED_SECRET]" {
		t.Errorf("schedule: %s (the scheduler's key wins over the deployer's)", got)
	}
	list, _ := f.Schedules(ctx, "", "")
	audits, _ := f.Store.Read().ListAudit(ctx, store.AuditFilter{})
	if shown := fmt.Sprint(list, audits); strings.Contains(shown, "PW") {
		t.Errorf("shown: %s", shown)
	}
}

func TestRedactTextLooksIntoPairsOfPairs(t *testing.T) {
	for in, want := range map[string]string{
		"deployer.log.kubernetes.environmentVariables=DB_PASSWORD=x,FOO=y": "deployer.log.kubernetes.environmentVariables=DB_PASSWORD=******,FOO=y",
		"environmentVariables=FOO=y,DB_PASSWORD=x":                         "environmentVariables=FOO=y,DB_PASSWORD=******",
		`environmentVariables="A=1,SECRET_X=y" next`:                       `environmentVariables="A=1,SECRET_X=******" next`,
	} {
		if got := RedactText(in); got != want {
			t.Errorf("RedactText(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

// An app URI's user info password is kept for deploys and launches, and masked wherever a registration, a
// manifest, an execution or a schedule shows it.
func TestAppURIPasswordsAreMaskedWhereShown(t *testing.T) {
	f, _, launcher := secretsFixture(t)
	ctx := context.Background()
	repo := withMavenRepo(t, f)
	if err := repo.Publish("g", "app", "1.0.0", "app-1.0.0-metadata.jar", jartest.Bytes(jartest.MetadataJar("{}", "")), true); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(repo.URL(), "http://")
	uri := "http://bob:PWURI@" + host + "/app-1.0.0.jar"
	for _, typ := range []AppType{AppTypeSink, AppTypeTask} {
		if _, err := f.RegisterApp(ctx, RegisterRequest{Name: "jar", Type: typ, URI: uri, MetadataURI: "http://bob:PWMETA@" + host + "/g/app/1.0.0/app-1.0.0-metadata.jar"}); err != nil {
			t.Fatal(err)
		}
	}
	list, err := f.ListApps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	versions, err := f.AppVersions(ctx, AppTypeSink, "jar")
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.AppInfo(ctx, AppTypeSink, "jar", "")
	if err != nil {
		t.Fatal(err)
	}
	if shown := fmt.Sprint(list, versions, info); strings.Contains(shown, "PW") || !strings.Contains(shown, "http://bob:******@"+host+"/app-1.0.0.jar") {
		t.Errorf("shown: %s", shown)
	}
	if app, err := f.FindApp(ctx, AppTypeSink, "jar", ""); err != nil || app.URI != uri {
		t.Errorf("FindApp: %+v %v", app, err)
	}
	if _, err := f.RegisterApp(ctx, RegisterRequest{Name: "jar", Type: AppTypeSink, URI: uri}); err == nil || strings.Contains(err.Error(), "PW") {
		t.Errorf("registering again: %v", err)
	}

	c := specsFor(t, "a | b", nil, platforms.Local)
	c.Apps[0].Resource = uri
	if m := renderManifest(c); strings.Contains(m, "PW") {
		t.Errorf("manifest:\n%s", m)
	}
	if _, err := f.CreateTask(ctx, "t", "jar", ""); err != nil {
		t.Fatal(err)
	}
	id, err := f.LaunchTask(ctx, LaunchRequest{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := f.Store.Read().GetExecution(ctx, id)
	if launcher.launched[0].Resource != uri || strings.Contains(e.Resource, "PW") {
		t.Errorf("launched %s, recorded %s", launcher.launched[0].Resource, e.Resource)
	}
	if _, err := f.CreateSchedule(ctx, ScheduleRequest{Name: "nightly", DefinitionName: "t", Expression: "0 2 * * *"}); err != nil {
		t.Fatal(err)
	}
	if s, _ := f.Store.Read().GetSchedule(ctx, "nightly"); strings.Contains(s.Resource, "PW") {
		t.Errorf("schedule: %+v", s)
	}
}
