package shell

import (
	"context"
	"strconv"
	"testing"

	"github.com/dataflow-cli/dataflow/flow"
)

// The executions to clean up are chosen one way only, with numbers for ids; anything else is refused before
// the store is opened.
func TestRunExecutionCleanupChoosesOneWay(t *testing.T) {
	ctx := context.Background()
	io, out := TestIO("")
	const exclusive = "`taskName`, `id` and `all` options are mutually exclusive."
	for _, c := range []struct {
		what string
		opts executionCleanupOptions
		want string
		code int
	}{
		{"nothing chosen", executionCleanupOptions{Force: true}, "Give the executions to clean up: --id, --taskName or --all", ExitUsage},
		{"ids and all", executionCleanupOptions{IDs: "1,2", All: true}, exclusive, ExitFailure},
		{"a task and all", executionCleanupOptions{TaskName: "ts", All: true}, exclusive, ExitFailure},
		{"ids and a task", executionCleanupOptions{IDs: "3", TaskName: "ts", RemoveData: true}, exclusive, ExitFailure},
		{"an id that is not a number", executionCleanupOptions{IDs: "1, two"}, "Invalid execution id 'two' in --id: give numbers separated by commas", ExitUsage},
		{"days before none", executionCleanupOptions{All: true, OlderThan: -1}, "Invalid value '-1' for option '--olderThan': give a number of days", ExitUsage},
	} {
		opts := c.opts
		opts.IO, opts.Flow = io, flowNotOpened(t)
		wantError(t, c.what, runExecutionCleanup(ctx, &opts), c.want, c.code)
	}
	if out.Len() > 0 {
		t.Errorf("refused options printed %q", out)
	}
}

// Cleaning up asks first, SCDF's way, through the prompter; nobody to ask and no --force is a refusal, and "n"
// (or nothing) cancels, leaving the execution as it was. "y" or --force clean up.
func TestRunExecutionCleanupAsksFirst(t *testing.T) {
	ctx := context.Background()
	s, out := newTestSession(t)
	fl, err := s.factory.Flow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	endedExecution := func() string {
		id, err := fl.Store.Read().InsertExecution(ctx, flow.Execution{TaskName: "ts", Platform: "default", Resource: "docker:x:1", Status: "RUNNING", StartTime: s.factory.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if err := fl.EndExecution(ctx, id, 0, ""); err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(id, 10)
	}
	cleanup := func(ids string, prompter Prompter, force bool) error {
		out.Reset()
		opts := executionCleanupOptions{IO: s.factory.IO, Flow: s.factory.Flow, Prompter: prompter, IDs: ids, RemoveData: true, Force: force}
		return runExecutionCleanup(ctx, &opts)
	}
	recorded := func(ids string) bool {
		list, err := fl.Executions(ctx, "ts", 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range list {
			if strconv.FormatInt(e.ID, 10) == ids {
				return true
			}
		}
		return false
	}

	first := endedExecution()
	err = cleanup(first, nil, false)
	wantError(t, "nobody to ask", err, "About to delete the platform resources and the records of 1 task execution. Are you sure (y/n): not asking because the shell is not interactive; add --force to proceed", ExitUsage)

	no := &answers{lines: []string{"maybe", "n"}}
	if err := cleanup(first, no, false); err != nil {
		t.Fatal(err)
	}
	const question = "About to delete the platform resources and the records of 1 task execution. Are you sure (y/n)? [y, n]: "
	if len(no.questions) != 2 || no.questions[0] != question || no.questions[1] != question {
		t.Errorf("an answer that is neither y nor n asks again: asked %q", no.questions)
	}
	if out.String() != "\nCleanup process is canceled\n" {
		t.Errorf("a cancelled cleanup printed %q", out)
	}
	if !recorded(first) {
		t.Error("a cancelled cleanup removed the execution")
	}

	if err := cleanup(first, &answers{lines: []string{"y"}}, false); err != nil {
		t.Fatal(err)
	}
	if want := "Request to clean up resources for task execution " + first + " has been submitted\n"; out.String() != want {
		t.Errorf("a confirmed cleanup printed %q, want %q", out, want)
	}
	if recorded(first) {
		t.Error("a confirmed cleanup with --removeData kept the execution")
	}

	second := endedExecution()
	notAsked := &answers{}
	if err := cleanup(second, notAsked, true); err != nil {
		t.Fatal(err)
	}
	if len(notAsked.questions) > 0 || recorded(second) {
		t.Errorf("--force: asked %q, execution still recorded: %v", notAsked.questions, recorded(second))
	}
}
