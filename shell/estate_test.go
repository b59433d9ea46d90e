package shell

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/flow"
)

// estateApplyFixture is runEstateApply's options over fakes of flow's plan and apply, recording the exit code
// the command asks for.
func estateApplyFixture(t *testing.T, plan *flow.EstatePlan, planErr, applyErr error) (*estateApplyOptions, *bytes.Buffer, *int) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "estate.yaml")
	if err := os.WriteFile(file, []byte("apiVersion: dataflow/v1\nkind: Estate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	code := -1
	o := &estateApplyOptions{file: file, format: "table", out: &out, errOut: &out,
		planFn: func(context.Context, flow.EstateApplyRequest) (*flow.EstatePlan, error) { return plan, planErr },
		applyFn: func(_ context.Context, p *flow.EstatePlan, progress func(flow.EstateStep)) error {
			for i := range p.Steps {
				if applyErr != nil && i == len(p.Steps)-1 {
					p.Steps[i].Status = flow.EstateStepFailed
					return applyErr
				}
				p.Steps[i].Status = flow.EstateStepDone
				progress(p.Steps[i])
			}
			return nil
		},
		successExit: func(c int) { code = c }}
	return o, &out, &code
}

// The exit code CI reads: 0 nothing to do, 3 changes made or (dry run) to make, an error otherwise; the plan is
// printed before anything is done, and a failure midway leaves the done steps printed.
func TestRunEstateApplyExitCodesAndOutput(t *testing.T) {
	ctx := context.Background()
	steps := func() *flow.EstatePlan {
		return &flow.EstatePlan{File: "estate.yaml", Unchanged: 2, Steps: []flow.EstateStep{
			{Kind: "app", Name: "sink:log:1.0.0", Action: flow.EstateRegister, Detail: "docker:log:1.0.0"},
			{Kind: "stream", Name: "tick", Action: flow.EstateUpdate, Properties: []flow.PropertyChange{{Key: "log: db.password", Action: flow.PlanChange, Old: "******", New: "******"}}},
			{Kind: "stream", Name: "old", Action: flow.EstateDestroy},
		}}
	}

	o, out, code := estateApplyFixture(t, &flow.EstatePlan{File: "estate.yaml", Unchanged: 5}, nil, nil)
	if err := runEstateApply(ctx, o); err != nil || *code != -1 || !strings.Contains(out.String(), "Nothing to do: the store matches") {
		t.Fatalf("nothing to do: %v exit %d\n%s", err, *code, out)
	}

	o, out, code = estateApplyFixture(t, steps(), nil, nil)
	o.dryRun = true
	if err := runEstateApply(ctx, o); err != nil || *code != ExitChanges || strings.Contains(out.String(), "done:") {
		t.Fatalf("dry run: %v exit %d\n%s", err, *code, out)
	}
	want := "Plan for estate.yaml: 3 changes, 2 unchanged\n+ register app sink:log:1.0.0: docker:log:1.0.0\n~ update stream tick\n" +
		"    ~ log: db.password=****** -> ******\n- destroy stream old\nDry run: nothing was changed; 3 changes to make.\n"
	if out.String() != want {
		t.Fatalf("dry run output:\n%s\nwant:\n%s", out, want)
	}

	o, out, code = estateApplyFixture(t, steps(), nil, nil)
	if err := runEstateApply(ctx, o); err != nil || *code != ExitChanges || !strings.HasSuffix(out.String(),
		"done: register app sink:log:1.0.0\ndone: update stream tick\ndone: destroy stream old\nApplied 3 changes.\n") {
		t.Fatalf("apply: %v exit %d\n%s", err, *code, out)
	}

	failure := errors.New("step 3 of 3 (destroy stream old) failed: boom")
	o, out, code = estateApplyFixture(t, steps(), nil, failure)
	if err := runEstateApply(ctx, o); !errors.Is(err, failure) || *code != -1 || ExitCode(err) != ExitFailure ||
		!strings.Contains(out.String(), "done: update stream tick\n") || strings.Contains(out.String(), "Applied") {
		t.Fatalf("failure: %v exit %d\n%s", err, *code, out)
	}

	o, out, code = estateApplyFixture(t, nil, &flow.EstateNeedsForceError{Changes: []string{"stream 'a' would be undeployed"}}, nil)
	if err := runEstateApply(ctx, o); ExitCode(err) != ExitUsage || *code != -1 || out.Len() != 0 ||
		err.Error() != "the apply would stop running streams (stream 'a' would be undeployed): add --force to let it; nothing was changed" {
		t.Fatalf("refused: %v exit %d\n%s", err, *code, out)
	}

	o, _, _ = estateApplyFixture(t, steps(), nil, nil)
	o.format = "xml"
	var ue *UsageError
	if err := runEstateApply(ctx, o); !errors.As(err, &ue) {
		t.Fatalf("-o xml: %v", err)
	}
}

// --file completes estate files (YAML or JSON) in the shells' completion scripts, as http post's --file does.
func TestEstateFileCompletion(t *testing.T) {
	for _, line := range [][]string{{"estate", "apply", "--file", ""}, {"estate", "export", "--file", ""}} {
		s, out := newTestSession(t)
		if err := s.RunWords(context.Background(), append([]string{"__complete"}, line...)); err != nil {
			t.Fatal(err)
		}
		if got := out.String(); !strings.HasPrefix(got, "yaml\nyml\njson\n:8\n") {
			t.Errorf("%v: %q", line, got)
		}
	}
}
