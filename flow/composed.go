package flow

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
	"github.com/dataflow-cli/dataflow/taskdb"
)

// ComposedProgress receives one line per step of a composed run, for the user to follow.
type ComposedProgress func(line string)

// composedRun walks a composed task's graph from the CLI, standing in for SCDF's composed-task-runner: each app
// runs as its child task definition (<task>-<label or app>) with an execution of its own, '&&' in order, a split's
// flows at the same time, and transitions on the child's exit code or exit status (COMPLETED or FAILED).
type composedRun struct {
	f        *Flow
	task     *dsl.Task
	req      LaunchRequest
	progress ComposedProgress
	// poll is the first wait between two reads of a running step's end; the waits grow to maxStepPoll.
	poll time.Duration
	// parentID is the composed execution the steps belong to.
	parentID int64
	// completed maps the steps a restarted run skips (they completed in the run it resumes) to their execution.
	completed map[string]int64
}

// maxStepPoll is the longest wait between two reads of a running step's end. The waits start short (a step
// on the local platform may end in milliseconds) and grow by half each time: on Kubernetes and Cloud Foundry
// every read is an API call, and a fixed 20 ms made a long step cost its API server fifty reads a second.
// (SCDF's composed-task-runner waits 10 s between checks; a step's end shows here within a second.)
const maxStepPoll = time.Second

// stepFailure ends a graph: a step failed with no transition to handle it, or a transition led to $FAIL.
type stepFailure struct {
	step      string
	execution int64
	code      int
	toFail    bool
}

func (s *stepFailure) Error() string {
	if s.toFail {
		return fmt.Sprintf("task '%s' (execution %d) ended with exit code %d and its transition leads to $FAIL", s.step, s.execution, s.code)
	}
	return fmt.Sprintf("task '%s' (execution %d) failed with exit code %d", s.step, s.execution, s.code)
}

// graphFailureMessage says in one line why a graph failed: its failed steps (a split may fail in several), or
// the interruption.
func graphFailureMessage(err error) string {
	if errors.Is(err, context.Canceled) {
		return "interrupted"
	}
	var steps []string
	var walk func(error)
	walk = func(e error) {
		var sf *stepFailure
		if joined, ok := e.(interface{ Unwrap() []error }); ok {
			for _, inner := range joined.Unwrap() {
				walk(inner)
			}
		} else if errors.As(e, &sf) {
			steps = append(steps, sf.Error())
		} else if e != nil {
			steps = append(steps, e.Error())
		}
	}
	walk(err)
	return strings.Join(steps, "; ")
}

// interruptedError is an operation ended by Ctrl-C or a stop: it says so in words, and is still a
// context.Canceled for the exit code.
type interruptedError struct {
	what  string
	cause error
}

func (e *interruptedError) Error() string { return e.what + " was interrupted" }

func (e *interruptedError) Unwrap() error { return e.cause }

// stepStopGrace bounds the stop of a running step when its graph is interrupted.
const stepStopGrace = 10 * time.Second

// RunComposedTask records a parent execution and runs the graph in the foreground; the parent ends COMPLETE
// when the graph ends normally (or through a transition), ERROR otherwise.
func (f *Flow) RunComposedTask(ctx context.Context, req LaunchRequest, progress ComposedProgress) (int64, error) {
	id, err := f.StartComposedTask(ctx, req)
	if err != nil {
		return 0, err
	}
	return id, f.RunComposedGraph(ctx, id, req, progress)
}

// StartComposedTask checks a composed definition and records its parent execution, RUNNING, with the graph.
func (f *Flow) StartComposedTask(ctx context.Context, req LaunchRequest) (int64, error) {
	t, acc, err := f.composedTask(ctx, req)
	if err != nil {
		return 0, err
	}
	graph, _ := t.ExecutableDSL()
	parent := store.Execution{TaskName: req.Name, Platform: acc.Name, Resource: composedResource, Arguments: []string{"--graph=" + graph},
		Status: store.ExecutionRunning, StartTime: f.Now(), RestartOf: req.restartOf}
	// With a task database the graph gets a row of its own, as SCDF's composed-task-runner has: its steps'
	// rows name it as their parent. dataflow runs the graph, so it records the start (and later the end) itself.
	tdb, err := f.taskDB(ctx)
	if err != nil {
		return 0, err
	}
	if tdb != nil {
		if parent.ID, err = f.createRow(ctx, tdb, taskdb.Boot2, req.Name, 0); err != nil {
			return 0, err
		}
		parent.SchemaTarget = taskdb.Boot2.Name
		if err := tdb.db.StartExecution(ctx, taskdb.Boot2, parent.ID, parent.StartTime, parent.Arguments); err != nil {
			return 0, err
		}
	}
	var id int64
	audit := store.AuditRecord{Operation: store.AuditTask, Action: store.AuditDeploy, Correlation: req.Name, Platform: acc.Name, Data: "graph=" + graph}
	err = f.change(ctx, audit, func(tx *store.Tx) error {
		var err error
		id, err = tx.InsertExecution(ctx, parent)
		return err
	})
	if err != nil && tdb != nil {
		_ = tdb.db.DeleteExecutions(context.WithoutCancel(ctx), taskdb.Boot2, []int64{parent.ID})
	}
	return id, err
}

// RunComposedGraph runs the graph of a started composed execution and records how it ended.
func (f *Flow) RunComposedGraph(ctx context.Context, id int64, req LaunchRequest, progress ComposedProgress) error {
	t, acc, err := f.composedTask(ctx, req)
	if err != nil {
		_ = f.EndExecution(context.WithoutCancel(ctx), id, 1, err.Error())
		return err
	}
	req.Platform = acc.Name
	completed, err := f.completedSteps(ctx, req.restartOf)
	if err != nil {
		return err
	}
	run := &composedRun{f: f, task: t, req: req, progress: progress, poll: 20 * time.Millisecond,
		parentID: id, completed: completed}
	runErr := run.flow(ctx, t.Sequences[0])
	code, message := 0, ""
	if runErr != nil {
		code, message = 1, graphFailureMessage(runErr)
	}
	if err := f.EndExecution(context.WithoutCancel(ctx), id, code, message); err != nil {
		return err
	}
	if errors.Is(runErr, context.Canceled) {
		return &interruptedError{what: fmt.Sprintf("composed task %s (execution %d)", req.Name, id), cause: runErr}
	}
	if runErr != nil {
		return fmt.Errorf("composed task %s (execution %d) failed: %s", req.Name, id, message)
	}
	return nil
}

// composedTask reads and checks a composed definition and the account it runs on.
func (f *Flow) composedTask(ctx context.Context, req LaunchRequest) (*dsl.Task, platforms.Account, error) {
	d, err := f.Store.Read().GetDefinition(ctx, store.TaskDefinitions, req.Name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, platforms.Account{}, newError(CodeTaskNotFound, req.Name)
	}
	if err != nil {
		return nil, platforms.Account{}, err
	}
	t, err := dsl.ParseTask(req.Name, d.Definition, true)
	if err != nil {
		return nil, platforms.Account{}, err
	}
	if !t.IsComposed() {
		return nil, platforms.Account{}, fmt.Errorf("task %s is not a composed task", req.Name)
	}
	acc, err := f.taskAccount(req.Platform)
	return t, acc, err
}

// flow runs the elements of a flow in order.
func (r *composedRun) flow(ctx context.Context, fl *dsl.Flow) error {
	for _, el := range fl.Elements {
		if el.Split != nil {
			if err := r.split(ctx, el.Split); err != nil {
				return err
			}
			continue
		}
		done, err := r.app(ctx, el.App)
		if err != nil || done {
			return err
		}
	}
	return nil
}

// split runs its flows at the same time; it fails when any of them fails.
func (r *composedRun) split(ctx context.Context, s *dsl.Split) error {
	errs := make([]error, len(s.Flows))
	var wg sync.WaitGroup
	for i, fl := range s.Flows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = r.flow(ctx, fl)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// app runs one step and follows a matching transition. done is true when a transition ended this flow.
func (r *composedRun) app(ctx context.Context, a *dsl.TaskApp) (done bool, err error) {
	id, code, err := r.runChild(ctx, a)
	if err != nil {
		return true, err
	}
	failed := &stepFailure{step: r.task.ChildName(a), execution: id, code: code}
	status := "COMPLETED"
	if code != 0 {
		status = "FAILED"
	}
	for _, tr := range a.Transitions {
		if !transitionMatches(tr, code, status) {
			continue
		}
		switch {
		case tr.LabelRef != "":
			return true, r.labelled(ctx, tr.LabelRef)
		case tr.Target.Name == "$END":
			return true, nil
		case tr.Target.Name == "$FAIL":
			failed.toFail = true
			return true, failed
		}
		targetID, targetCode, err := r.runChild(ctx, tr.Target)
		if err == nil && targetCode != 0 {
			err = &stepFailure{step: r.task.ChildName(tr.Target), execution: targetID, code: targetCode}
		}
		return true, err
	}
	if code != 0 {
		return true, failed
	}
	return false, nil
}

func transitionMatches(tr dsl.Transition, code int, status string) bool {
	if tr.Status == "*" {
		return true
	}
	if tr.ExitCode {
		n, err := strconv.Atoi(tr.Status)
		return err == nil && n == code
	}
	return tr.Status == status
}

// labelled runs the sequence or flow a transition names.
func (r *composedRun) labelled(ctx context.Context, label string) error {
	for _, seq := range r.task.Sequences {
		if seq.Label == label {
			return r.flow(ctx, seq)
		}
	}
	return fmt.Errorf("no sequence is labelled %s", label)
}

// runChild launches the child task of an app and waits for its recorded exit code.
func (r *composedRun) runChild(ctx context.Context, a *dsl.TaskApp) (id int64, code int, err error) {
	child := r.task.ChildName(a)
	if done, ok := r.completed[child]; ok {
		r.progress(fmt.Sprintf("Task '%s' completed in execution %d: not run again", child, done))
		return done, 0, nil
	}
	req := r.req
	req.Name = child
	req.Arguments = nil // --arguments are the graph's, as composed-task-runner's; children get their app.<label>. properties
	req.parentID = r.parentID
	id, err = r.f.LaunchTask(ctx, req)
	if err != nil {
		return 0, 0, err
	}
	r.progress(fmt.Sprintf("Launched task '%s' with execution id %d", child, id))
	gone := r.f.Probe()
	for wait := r.poll; ; wait = min(wait*3/2, maxStepPoll) {
		e, err := r.f.Execution(ctx, id, gone)
		if err != nil {
			if ctx.Err() != nil {
				r.stopStep(ctx, child, id)
			}
			return id, 0, err
		}
		if !e.EndTime.IsZero() && e.ExitCode != nil {
			r.progress(fmt.Sprintf("Task '%s' (execution %d) ended: %s, exit code %d", child, id, e.Status, *e.ExitCode))
			return id, *e.ExitCode, nil
		}
		select {
		case <-ctx.Done():
			r.stopStep(ctx, child, id)
			return id, 0, ctx.Err()
		case <-r.f.clock.After(wait):
		}
	}
}

// stopStep stops the running step of an interrupted graph (Ctrl-C on a foreground run, a stop of the detached
// runner): it would otherwise run on with no graph to report to.
func (r *composedRun) stopStep(ctx context.Context, child string, id int64) {
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stepStopGrace)
	defer cancel()
	if err := r.f.StopExecutions(stopCtx, []int64{id}, ""); err != nil {
		var fe *Error
		if !errors.As(err, &fe) || fe.Code != CodeExecutionEnded {
			r.progress(fmt.Sprintf("Task '%s' (execution %d) could not be stopped: %v", child, id, err))
		}
		return
	}
	r.progress(fmt.Sprintf("Stopped task '%s' (execution %d)", child, id))
}

// ComposedLogPath is where the background runner of a composed execution writes its progress; it is recorded on
// the execution for `task execution log`.
func (f *Flow) ComposedLogPath(ctx context.Context, id int64, req LaunchRequest) (string, error) {
	acc, err := f.taskAccount(req.Platform)
	if err != nil {
		return "", err
	}
	path := filepath.Join(platforms.LocalWorkDir(acc, f.platforms.env.DataDir), req.Name, strconv.FormatInt(id, 10)+".log")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	return path, f.Store.Read().SetExecutionLog(ctx, id, path)
}
