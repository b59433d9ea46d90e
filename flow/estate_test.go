package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// exportFile exports the engine's store and returns the file's text, failing the test on notes: an export that
// cannot be rebuilt exactly must say so.
func exportFile(t *testing.T, e *engine) (string, EstateExport) {
	t.Helper()
	ex, err := e.f.ExportEstate(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Notes) > 0 {
		t.Fatalf("export notes: %v", ex.Notes)
	}
	data, err := MarshalEstate(ex.Estate)
	if err != nil {
		t.Fatal(err)
	}
	return string(data), ex
}

func planEstate(t *testing.T, e *engine, text string, env map[string]string, prune, force bool) *EstatePlan {
	t.Helper()
	plan, err := e.f.PlanEstate(e.ctx, EstateApplyRequest{Path: "estate.yaml", Data: []byte(text), Prune: prune, Force: force,
		Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func stepLines(plan *EstatePlan) string {
	var lines []string
	for _, s := range plan.Steps {
		lines = append(lines, s.Action+" "+s.Kind+" "+s.Name)
	}
	return strings.Join(lines, "\n")
}

// A stream deployed and updated with every kind of property exports as properties that, applied to the same
// store, build the same release config: the apply has nothing to do and asks the platform for nothing.
func TestEstateExportApplyRoundTripChangesNothing(t *testing.T) {
	e := newEngine(t)
	e.deploy("tick", props(
		"app.log.greeting", "hi",
		"app.*.shared", "all",
		"app.transform.db.password", "s3cret",
		"app.transform.repo.url", "https://user:pw9@repo/x",
		"app.time.producer.partitionKeyExpression", "payload",
		"deployer.transform.count", "2",
		"deployer.time.kubernetes.limits.memory", "1Gi",
		"deployer.log.kubernetes.environmentVariables", "A=1,API_TOKEN=tok7",
		"version.log", "5.0.1",
	))
	e.update("tick", props("app.log.extra", "1", "deployer.log.count", "3"))
	if _, err := e.f.CreateTask(e.ctx, "job", "timestamp --password=pw5", "a task"); err == nil {
		t.Log("task app registered")
	}
	text, ex := exportFile(t, e)
	for _, secret := range []string{"s3cret", "pw9", "tok7"} {
		if strings.Contains(text, secret) {
			t.Fatalf("the export holds the secret %s:\n%s", secret, text)
		}
	}
	env := map[string]string{}
	for _, v := range ex.Variables {
		env[v] = map[string]string{"TICK_TRANSFORM_DB_PASSWORD": "s3cret", "TICK_TRANSFORM_REPO_URL_PASSWORD": "pw9", "TICK_LOG_API_TOKEN": "tok7"}[v]
		if env[v] == "" {
			t.Fatalf("unexpected variable %s in %v:\n%s", v, ex.Variables, text)
		}
	}
	calls := len(e.p.calls)
	plan := planEstate(t, e, text, env, false, false)
	if len(plan.Steps) != 0 || plan.Unchanged == 0 {
		t.Fatalf("an unchanged estate plans:\n%s\n%s", stepLines(plan), text)
	}
	if err := e.f.ApplyEstate(e.ctx, plan, nil); err != nil {
		t.Fatal(err)
	}
	if len(e.p.calls) != calls {
		t.Fatalf("an unchanged apply called the platform: %v", e.p.calls[calls:])
	}
	if again, _ := exportFile(t, e); again != text {
		t.Fatalf("a second export differs:\n%s\n---\n%s", text, again)
	}

	// One property changed: only its app is deployed again, with the file's config as the next one.
	changed := strings.Replace(text, "app.log.greeting: hi", "app.log.greeting: hello", 1)
	changed = dropLine(changed, "app.log.extra")
	plan = planEstate(t, e, changed, env, false, false)
	if got := stepLines(plan); got != "update stream tick" {
		t.Fatalf("plan:\n%s\n%s", got, changed)
	}
	if err := e.f.ApplyEstate(e.ctx, plan, nil); err != nil {
		t.Fatal(err)
	}
	rel, _, _ := e.s.Read().DeployedRelease(e.ctx, "tick")
	config, _ := configOf(rel)
	log, _ := config.app("log")
	if log.ApplicationProperties["greeting"] != "hello" || log.ApplicationProperties["extra"] != "" {
		t.Fatalf("log after the apply: %v", log.ApplicationProperties)
	}
	if got := strings.Join(appIDs(rel), " "); got != "tick-log-v3 tick-transform-v1 tick-time-v1" {
		t.Fatalf("apps after the apply: %s", got)
	}
	if plan := planEstate(t, e, changed, env, false, false); len(plan.Steps) != 0 {
		t.Fatalf("the applied file plans again:\n%s", stepLines(plan))
	}
}

// dropLine removes the line that holds what.
func dropLine(text, what string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if !strings.Contains(l, what) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// A failure midway: the steps before it are done, the failing one is named, the ones after it are not run; a
// plan after it picks up where it stopped.
func TestEstateApplyFailureMidwayNamesTheStep(t *testing.T) {
	e := newEngine(t)
	file := `apiVersion: dataflow/v1
kind: Estate
streams:
  - name: a
    definition: time | log
    deployment: {platform: default}
  - name: b
    definition: time | log
    deployment: {platform: default}
`
	e.p.failID(kDeploy, "b-log-v1", errors.New("quota exceeded"))
	plan := planEstate(t, e, file, nil, false, false)
	if got := stepLines(plan); got != "create stream a\ndeploy stream a\ncreate stream b\ndeploy stream b" {
		t.Fatalf("plan:\n%s", got)
	}
	err := e.f.ApplyEstate(e.ctx, plan, nil)
	var se *EstateStepError
	if !errors.As(err, &se) || se.Index != 4 || se.Of != 4 || !strings.Contains(err.Error(), "step 4 of 4 (deploy stream b) failed: could not deploy stream 'b'") ||
		!strings.Contains(err.Error(), "quota exceeded") {
		t.Fatalf("error: %v", err)
	}
	var statuses []string
	for _, s := range plan.Steps {
		statuses = append(statuses, s.Status)
	}
	if got := strings.Join(statuses, ","); got != "done,done,done,failed" {
		t.Fatalf("statuses: %s", got)
	}
	e.wantRunning("a-log-v1", "a-time-v1")
	e.p.heal()
	if got := stepLines(planEstate(t, e, file, nil, false, false)); got != "deploy stream b" {
		t.Fatalf("the plan after the failure:\n%s", got)
	}
}

// A definition changed under a deployed stream is refused without --force; with it, the stream is undeployed,
// re-created and deployed again, each step audited as the single commands audit it. A stream the file does not
// deploy stays running unless --prune (and --force) says otherwise.
func TestEstateRunningStreamsNeedForce(t *testing.T) {
	e := newEngine(t)
	e.deploy("tick", nil)
	head := "apiVersion: dataflow/v1\nkind: Estate\nstreams:\n  - name: tick\n"
	changed := head + "    definition: time | log\n    deployment: {platform: default}\n"
	_, err := e.f.PlanEstate(e.ctx, EstateApplyRequest{Path: "f.yaml", Data: []byte(changed)})
	wantErr(t, err, "the apply would stop running streams (stream 'tick' runs and its definition changes): add --force to let it; nothing was changed")
	plan := planEstate(t, e, changed, nil, false, true)
	if got := stepLines(plan); got != "recreate stream tick\ndeploy stream tick" ||
		!strings.Contains(plan.Steps[0].Detail, "time | transform | log -> time | log; release 1 on 'default' is undeployed first") {
		t.Fatalf("plan:\n%s\n%+v", got, plan.Steps)
	}
	if err := e.f.ApplyEstate(e.ctx, plan, nil); err != nil {
		t.Fatal(err)
	}
	e.wantRunning("tick-log-v2", "tick-time-v2")
	if got := strings.Join(e.audits("STREAM"), " "); got != "CREATE DEPLOY UNDEPLOY DELETE CREATE DEPLOY" {
		t.Fatalf("audits: %s", got)
	}

	exported, _ := exportFile(t, e)
	apps, _, _ := strings.Cut(exported, "streams:")
	undeployed := apps + "streams:\n  - name: tick\n    definition: time | log\n"
	plan = planEstate(t, e, undeployed, nil, false, false)
	if len(plan.Steps) != 0 || len(plan.Notes) != 1 || !strings.Contains(plan.Notes[0], "left running (--prune undeploys it)") {
		t.Fatalf("without --prune: %s %v", stepLines(plan), plan.Notes)
	}
	_, err = e.f.PlanEstate(e.ctx, EstateApplyRequest{Path: "f.yaml", Data: []byte(undeployed), Prune: true})
	wantErrContains(t, err, "stream 'tick' would be undeployed")
	plan = planEstate(t, e, undeployed, nil, true, true)
	if got := stepLines(plan); got != "undeploy stream tick" {
		t.Fatalf("plan:\n%s", got)
	}
	if err := e.f.ApplyEstate(e.ctx, plan, nil); err != nil {
		t.Fatal(err)
	}
	e.wantRunning()
}

// Schedules export with their stored (masked) secrets as references, apply as unchanged when the file is, and
// are replaced when their cron changes. Versions and defaults of apps follow the file; --prune unregisters the
// versions it does not list. A composed task's children are not exported.
func TestEstateSchedulesAppsAndComposedTasks(t *testing.T) {
	f, _, _ := secretsFixture(t)
	ctx := context.Background()
	if _, err := f.CreateTask(ctx, "t", "job --x=1", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CreateTask(ctx, "graph", "a: job && b: job", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CreateSchedule(ctx, ScheduleRequest{Name: "nightly", DefinitionName: "t", Expression: "0 2 * * *",
		Properties: map[string]string{"app.job.db.password": "pw8", "deployer.job.kubernetes.limits.memory": "1Gi"},
		Arguments:  []string{"--token", "tk9", "--plain=1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.RegisterApp(ctx, RegisterRequest{Name: "job", Type: AppTypeTask, URI: "docker:org/job:2.0.0"}); err != nil {
		t.Fatal(err)
	}
	ex, err := f.ExportEstate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := MarshalEstate(ex.Estate)
	text := string(data)
	for _, want := range []string{"app.job.db.password: ${NIGHTLY_APP_JOB_DB_PASSWORD}", "- ${NIGHTLY_TOKEN}", "cron: 0 2 * * *", "name: graph"} {
		if !strings.Contains(text, want) {
			t.Errorf("export lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "pw8") || strings.Contains(text, "tk9") || strings.Contains(text, "graph-a") {
		t.Fatalf("export:\n%s", text)
	}
	env := map[string]string{"NIGHTLY_APP_JOB_DB_PASSWORD": "pw8", "NIGHTLY_TOKEN": "tk9"}
	plan, err := f.PlanEstate(ctx, EstateApplyRequest{Path: "f.yaml", Data: data, Getenv: func(k string) string { return env[k] }})
	if err != nil || len(plan.Steps) != 0 {
		t.Fatalf("unchanged: %v %s", err, stepLines(plan))
	}

	changed := strings.Replace(text, "cron: 0 2 * * *", "cron: 0 3 * * *", 1)
	changed = strings.Replace(changed, "      - uri: docker:org/job:2.0.0\n", "      - uri: docker:org/job:2.0.0\n        default: true\n", 1)
	changed = strings.Replace(changed, "      - uri: docker:org/job:1.0.0\n        default: true\n", "", 1)
	plan, err = f.PlanEstate(ctx, EstateApplyRequest{Path: "f.yaml", Data: []byte(changed), Prune: true, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatalf("%v\n%s", err, changed)
	}
	want := "default app task:job\nreplace schedule nightly\nunregister app task:job:1.0.0"
	if got := stepLines(plan); got != want {
		t.Fatalf("plan:\n%s\nwant:\n%s", got, want)
	}
	if err := f.ApplyEstate(ctx, plan, nil); err != nil {
		t.Fatal(err)
	}
	created := f.mustScheduler(t).created
	last := created[len(created)-1]
	if last.Expression != "0 3 * * *" || len(last.Task.SecretEnv) != 2 {
		t.Fatalf("the new schedule: %+v", last)
	}
	if v := fmt.Sprint(last.Task.SecretEnv); !strings.Contains(v, "pw8") || !strings.Contains(v, "tk9") {
		t.Fatalf("the schedule's secrets: %v", v)
	}
	if job, _ := f.AppVersions(ctx, AppTypeTask, "job"); len(job) != 1 || job[0].Version != "2.0.0" || !job[0].Default {
		t.Fatalf("job's versions: %+v", job)
	}
}

// A scale records the new count but keeps the instance count property the instances started with: the export
// writes the count, and the apply takes the scaled stream as unchanged.
func TestEstateAfterScaleIsUnchanged(t *testing.T) {
	e := newEngine(t)
	e.deploy("tick", props("deployer.transform.count", "2"))
	if err := e.f.ScaleStreamApp(e.ctx, "tick", "transform", 3); err != nil {
		t.Fatal(err)
	}
	text, _ := exportFile(t, e)
	if !strings.Contains(text, "deployer.transform.count: \"3\"") || strings.Contains(text, "instanceCount") {
		t.Fatalf("export:\n%s", text)
	}
	if plan := planEstate(t, e, text, nil, false, false); len(plan.Steps) != 0 {
		t.Fatalf("plan:\n%s", stepLines(plan))
	}
	// A count the file changes is meant: the app is deployed again with it, the others kept as they run.
	plan := planEstate(t, e, strings.Replace(text, "deployer.transform.count: \"3\"", "deployer.transform.count: \"4\"", 1), nil, false, false)
	if got := stepLines(plan); got != "update stream tick" {
		t.Fatalf("plan:\n%s", got)
	}
	if err := e.f.ApplyEstate(e.ctx, plan, nil); err != nil {
		t.Fatal(err)
	}
	e.wantRunning("tick-log-v1", "tick-time-v1", "tick-transform-v2")
}

// Short option names, qualified by the registered metadata at deploy and update, export under their full
// names and rebuild the same config: the estate applies as unchanged.
func TestEstateRoundTripWithQualifiedOptions(t *testing.T) {
	f, dep, _ := qualifiedFixture(t)
	ctx := context.Background()
	if _, err := f.CreateStream(ctx, "ticks", "time --format='HH:mm' --fixedDelay=5 | log", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.DeployStream(ctx, StreamDeployRequest{Name: "ticks", Properties: map[string]string{"app.time.date-format": "yyyy", "app.log.level": "WARN"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.UpdateStream(ctx, StreamUpdateRequest{Name: "ticks", Properties: map[string]string{"app.time.format": "HH"}}); err != nil {
		t.Fatal(err)
	}
	ex, err := f.ExportEstate(ctx)
	if err != nil || len(ex.Notes) > 0 {
		t.Fatalf("export: %v %v", err, ex.Notes)
	}
	data, _ := MarshalEstate(ex.Estate)
	text := string(data)
	for _, want := range []string{"app.time.time.date-format: yyyy", "app.time.time.format: HH", "app.log.level: WARN",
		"metadataUri: maven://org.example:time-source:jar:metadata:1.0.0"} {
		if !strings.Contains(text, want) {
			t.Errorf("export lacks %q:\n%s", want, text)
		}
	}
	deployed := len(dep.deployed)
	plan, err := f.PlanEstate(ctx, EstateApplyRequest{Path: "f.yaml", Data: data})
	if err != nil || len(plan.Steps) != 0 {
		t.Fatalf("plan: %v\n%s\n%s", err, stepLines(plan), text)
	}
	if len(dep.deployed) != deployed {
		t.Fatal("planning deployed something")
	}
}

// A secret given at deploy as a reference (the app resolves it from its own environment) is exported as that
// reference and, since the release holds it as written, applies as unchanged without the variable being set.
func TestEstateKeepsAReferenceTheReleaseHolds(t *testing.T) {
	e := newEngine(t)
	e.deploy("tick", props("app.log.db.password", "${DB_PW}", "app.log.greeting", "hi"))
	text, ex := exportFile(t, e)
	if !strings.Contains(text, "app.log.db.password: ${DB_PW}") || strings.Join(ex.Variables, ",") != "DB_PW" {
		t.Fatalf("export %v:\n%s", ex.Variables, text)
	}
	if plan := planEstate(t, e, text, nil, false, false); len(plan.Steps) != 0 {
		t.Fatalf("plan:\n%s", stepLines(plan))
	}
	// Another value with the same reference is read from the environment.
	changed := strings.Replace(text, "app.log.greeting: hi", "app.log.greeting: ${DB_PW}", 1)
	_, err := e.f.PlanEstate(e.ctx, EstateApplyRequest{Path: "f.yaml", Data: []byte(changed)})
	if err != nil {
		t.Fatalf("a reference in a place that is not secret is the app's own: %v", err)
	}
}

// A version whose URI differs from the registered default's by more than its version is refused by the
// registry; the plan refuses the file for it, at the version's position, before an earlier app is registered.
func TestEstateRefusesARegistrationTheRegistryWouldRefuse(t *testing.T) {
	e := newEngine(t)
	file := `apiVersion: dataflow/v1
kind: Estate
apps:
  - type: processor
    name: upper
    versions:
      - uri: docker:myorg/upper:1.0.0
  - type: source
    name: time
    versions:
      - uri: docker:springcloudstream/time-source-kafka:5.0.0
        default: true
      - uri: docker:elsewhere/time:6.0.0
`
	_, err := e.f.PlanEstate(e.ctx, EstateApplyRequest{Path: "estate.yaml", Data: []byte(file), Getenv: func(string) string { return "" }})
	want := "estate.yaml:13:14: app 'source:time' version 6.0.0: Existing default application [docker:springcloudstream/time-source-kafka:5.0.0] can only differ by a version but is [docker:elsewhere/time:6.0.0]"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error:\n%v\nwant it to start with\n%s", err, want)
	}
	if _, err := e.f.FindApp(e.ctx, AppTypeProcessor, "upper", ""); err == nil {
		t.Fatal("an app of the refused file was registered")
	}
}
