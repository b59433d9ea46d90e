package shell

import (
	"context"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/flow"
)

var samplePlan = flow.StreamPlan{Stream: "tick", Operation: "update", Platform: "default", FromRelease: 1, ToRelease: 2,
	Apps: []flow.AppPlan{
		{Label: "log", Action: flow.PlanReplace, OldDeploymentID: "tick-log-v1", NewDeploymentID: "tick-log-v2", Version: "5.0.1", OldVersion: "5.0.0",
			Properties: []flow.PropertyChange{
				{Kind: "application", Key: "db.password", Action: flow.PlanChange, Old: flow.Redacted, New: flow.Redacted},
				{Kind: "application", Key: "level", Action: flow.PlanAdd, New: "WARN"},
				{Kind: "deployer", Key: "spring.cloud.deployer.memory", Action: flow.PlanRemove, Old: "1g"},
			}},
		{Label: "time", Action: flow.PlanKeep, OldDeploymentID: "tick-time-v1", NewDeploymentID: "tick-time-v1", Version: "5.0.0"},
	},
	Objects: []flow.ObjectPlan{
		{Action: flow.PlanCreate, DeploymentID: "tick-log-v2", Platform: "default", Reason: "app log of release 2"},
		{Action: flow.PlanDelete, DeploymentID: "tick-log-v1", Platform: "default", Objects: []string{"deployment tick-log-v1 in namespace ns1"},
			Reason: "replaced by release 2 once it is ready"},
	},
}

const samplePlanText = `Plan for the update of stream 'tick' on platform 'default': release 1 -> release 2

Apps:
~ log: replaced, tick-log-v1 -> tick-log-v2
    ~ version 5.0.0 -> 5.0.1
    ~ db.password=****** -> ******
    + level=WARN
    - spring.cloud.deployer.memory=1g
  time: kept, tick-time-v1

Platform objects:
+ tick-log-v2 on 'default' (app log of release 2)
- tick-log-v1 on 'default' (replaced by release 2 once it is ready)
    - deployment tick-log-v1 in namespace ns1

Dry run: nothing was changed.
`

// The terminal format of a plan: a diff, coloured only when asked.
func TestPlanText(t *testing.T) {
	if got := planText(samplePlan, false); got != samplePlanText {
		t.Fatalf("plan text differs:\n%s", diffLines(samplePlanText, got))
	}
	colored := planText(samplePlan, true)
	for _, want := range []string{"\x1b[33m~ log: replaced", "\x1b[32m    + level=WARN\x1b[0m", "\x1b[31m    - spring.cloud.deployer.memory=1g\x1b[0m", "\n  time: kept, tick-time-v1\n"} {
		if !strings.Contains(colored, want) {
			t.Errorf("coloured plan lacks %q:\n%s", want, colored)
		}
	}
	if strings.Contains(planText(samplePlan, false), "\x1b[") {
		t.Error("colour without a terminal")
	}
}

// Colour follows the terminal and the usual variables.
func TestColorOutput(t *testing.T) {
	for _, c := range []struct {
		tty  bool
		env  map[string]string
		want bool
	}{
		{true, nil, true},
		{false, nil, false},
		{true, map[string]string{"NO_COLOR": "1"}, false},
		{true, map[string]string{"TERM": "dumb"}, false},
		{false, map[string]string{"CLICOLOR_FORCE": "1"}, true},
	} {
		io, _ := TestIO("")
		io.OutTTY = c.tty
		if got := colorOutput(io, func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("tty %v env %v: colour %v", c.tty, c.env, got)
		}
	}
}

// --dryRun's refusals: a bad or a lone -o before the store is opened, and flow's refusals with nothing printed.
func TestRunStreamPlanFailures(t *testing.T) {
	ctx := context.Background()
	io, out := TestIO("")
	given := func() bool { return true }
	err := runStreamUpdate(ctx, &streamUpdateOptions{IO: io, Flow: flowNotOpened(t), Name: "ticktock",
		Plan: planOptions{Output: "json", outputGiven: given}})
	wantError(t, "-o without --dryRun", err, "--output formats the plan of --dryRun; add --dryRun or leave --output out", ExitUsage)
	err = runStreamRollback(ctx, &streamRollbackOptions{IO: io, Flow: flowNotOpened(t), Name: "ticktock",
		Plan: planOptions{DryRun: true, Output: "xml", outputGiven: given}})
	if err == nil || ExitCode(err) != ExitUsage {
		t.Fatalf("-o xml: %v", err)
	}

	s, _ := newTestSession(t)
	mustRun(t, s, "app register --name time --type source --uri docker:springcloudstream/time-source-kafka:5.0.0",
		"app register --name log --type sink --uri docker:springcloudstream/log-sink-kafka:5.0.0",
		`stream create ticktock --definition "time | log"`)
	err = runStreamUpdate(ctx, &streamUpdateOptions{IO: io, Flow: s.factory.Flow, Name: "ticktock", Plan: planOptions{DryRun: true, Output: "table"}})
	wantError(t, "a stream not deployed", err, "Stream 'ticktock' is not deployed", ExitFailure)
	err = runStreamUpdate(ctx, &streamUpdateOptions{IO: io, Flow: s.factory.Flow, Name: "ticktock", AppNames: "log", Plan: planOptions{DryRun: true, Output: "table"}})
	wantError(t, "app names without --force", err, "App names can be used only when the stream update is forced.", ExitFailure)
	err = runStreamRollback(ctx, &streamRollbackOptions{IO: io, Flow: s.factory.Flow, Name: "ticktock", Plan: planOptions{DryRun: true, Output: "table"}})
	wantError(t, "nothing to roll back to", err, "Could not find a release of 'ticktock' to roll back to: it needs an earlier deployed or deleted release", ExitFailure)
	if out.Len() > 0 {
		t.Errorf("refused plans printed %q", out)
	}
}
