package flow

import (
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
