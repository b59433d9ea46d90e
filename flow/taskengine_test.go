package flow

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/accounts"
	"github.com/dataflow-cli/dataflow/store"
)

// newTaskEngine is newEngine with task apps registered (timestamp, a, b, c) and the task ts = timestamp.
func newTaskEngine(t *testing.T, opts ...engineOption) *engine {
	t.Helper()
	e := newEngine(t, opts...)
	for _, r := range []RegisterRequest{
		{Name: "timestamp", Type: AppTypeTask, URI: "docker:springcloudtask/timestamp-task:2.0.2"},
		{Name: "a", Type: AppTypeTask, URI: "docker:org/a-task:1.0.0"},
		{Name: "b", Type: AppTypeTask, URI: "docker:org/b-task:1.0.0"},
		{Name: "c", Type: AppTypeTask, URI: "docker:org/c-task:1.0.0"},
	} {
		if _, err := e.f.RegisterApp(e.ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	e.createTask("ts", "timestamp --format=yyyy")
	return e
}

func (e *engine) createTask(name, definition string) {
	e.t.Helper()
	if _, err := e.f.CreateTask(e.ctx, name, definition, ""); err != nil {
		e.t.Fatal(err)
	}
}

func (e *engine) execution(id int64) store.Execution {
	e.t.Helper()
	x, err := e.s.Read().GetExecution(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return x
}

// ended is how the fake platform says a run ended with a code.
func ended(code int) platforms.TaskEnd {
	return platforms.TaskEnd{Ended: true, Failed: code != 0, ExitCode: code}
}

// A launch records the execution, then hands the platform the resolved run: app properties as arguments
// (launch properties over the definition's), the deployer properties, and secret values apart where the
// launcher keeps them out of the spec. Without a task database the app gets no execution id, which Spring Cloud
// Task could not find. The record never holds a secret.
func TestLaunchTask(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	id, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts",
		Properties: props("app.timestamp.format", "HH", "app.*.db.password", "s3cret", "deployer.timestamp.kubernetes.limits.memory", "1Gi"),
		Arguments:  []string{"--mode=fast", "--token", "abc"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.p.launches) != 1 {
		t.Fatalf("launches %+v", e.p.launches)
	}
	spec := e.p.launches[0]
	wantArgs := "--db.password=$(DATAFLOW_SECRET_DB_PASSWORD) --format=HH --mode=fast --token $(DATAFLOW_SECRET_TOKEN)"
	if spec.ExecutionID != id || spec.TaskName != "ts" || spec.Resource != "docker:springcloudtask/timestamp-task:2.0.2" ||
		strings.Join(spec.Args, " ") != wantArgs || spec.SecretEnv["DATAFLOW_SECRET_DB_PASSWORD"] != "s3cret" || spec.SecretEnv["DATAFLOW_SECRET_TOKEN"] != "abc" ||
		spec.Env["SPRING_CLOUD_TASK_NAME"] != "ts" || spec.DeployerProperties["spring.cloud.deployer.kubernetes.limits.memory"] != "1Gi" || spec.LogPath != "" {
		t.Fatalf("spec %+v", spec)
	}
	x := e.execution(id)
	if x.Status != "RUNNING" || x.ExternalID != "ts-1" || x.Handle != "run-1" || x.Platform != "default" || x.Launcher != procid.Self() ||
		x.Arguments[0] != "--mode=fast" || strings.Join(x.Arguments, " ") != "--mode=fast --token ******" || x.Properties != "app.*.db.password=******,app.timestamp.format=HH,deployer.timestamp.kubernetes.limits.memory=1Gi" {
		t.Fatalf("execution %+v", x)
	}
	if e.p.connects != 1 {
		t.Fatalf("Connect called %d times", e.p.connects)
	}
	if got := e.audits("TASK"); !slices.Equal(got, []string{"CREATE", "DEPLOY"}) {
		t.Fatalf("audit %v", got)
	}

	// A launcher that runs the arguments as they are gets the values themselves.
	p := newTaskEngine(t, plain)
	if _, err := p.f.LaunchTask(p.ctx, LaunchRequest{Name: "ts", Arguments: []string{"--password=pw"}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.p.launches[0].Args, " "); got != "--format=yyyy --password=pw" || p.p.launches[0].SecretEnv != nil {
		t.Fatalf("plain launcher: %s %v", got, p.p.launches[0].SecretEnv)
	}
}

// What a launch refuses, and a launch the platform fails: recorded as ended in error.
func TestLaunchTaskFailures(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	e.createTask("cmp", "a && b")
	for _, c := range []struct {
		req  LaunchRequest
		want string
	}{
		{LaunchRequest{Name: "nope"}, "Could not find task definition named nope"},
		{LaunchRequest{Name: "cmp"}, "task cmp is a composed task: run it with RunComposedTask"},
		{LaunchRequest{Name: "ts", Properties: props("version.timestamp", "9")}, "The 'task:timestamp:9' application could not be found."},
		{LaunchRequest{Name: "ts", Platform: "mars"}, "Task platform 'mars' does not exist: the task platforms are default, laptop"},
		{LaunchRequest{Name: "ts", Platform: "laptop"}, "launching tasks on local accounts ('laptop') is not available in this version"},
	} {
		_, err := e.f.LaunchTask(e.ctx, c.req)
		wantErr(t, err, c.want)
	}
	if list, _ := e.f.Executions(e.ctx, "", 0, nil); len(list) != 0 {
		t.Fatalf("refused launches were recorded: %+v", list)
	}
	e.p.failNth(kLaunch, 1, errors.New("quota exceeded"))
	id, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	wantErr(t, err, "task ts (execution 1) did not start: quota exceeded")
	if x := e.execution(id); x.Status != "ERROR" || *x.ExitCode != -1 || x.ExitMessage != "quota exceeded" || x.EndTime.IsZero() {
		t.Fatalf("execution %+v", x)
	}
}

// On a platform whose runs write their output to a file (local), the execution records the file, and the log
// is read from it.
func TestTaskLogFiles(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	withAccounts(e.f, e.accounts, map[platforms.AccountType]platforms.Driver{
		platforms.Kubernetes: testDriver{apps: e.p, tasks: e.p},
		platforms.Local:      testDriver{tasks: e.p, traits: platforms.Traits{TaskLogFiles: true}},
	})
	id, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts", Platform: "laptop"})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(e.dir, "local", "laptop", "ts", "1.log")
	if e.p.launches[0].LogPath != want || e.execution(id).LogPath != want {
		t.Fatalf("log path %q / %q, want %q", e.p.launches[0].LogPath, e.execution(id).LogPath, want)
	}
	_, err = executionLog(e, id)
	wantErr(t, err, "Log could not be retrieved.  Verify that deployments are still available.")
	if err := os.MkdirAll(filepath.Dir(want), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(want, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if text, err := executionLog(e, id); err != nil || text != "hello\n" {
		t.Fatalf("log %q %v", text, err)
	}
	// Cleaning the run up deletes its file and asks the platform to delete the run.
	e.p.taskEnds["ts"] = ended(0)
	targets, err := e.f.CleanupTargets(e.ctx, CleanupRequest{IDs: []int64{id}}, e.f.Probe())
	if err != nil || len(targets) != 1 {
		t.Fatalf("targets %+v %v", targets, err)
	}
	if err := e.f.CleanupExecutions(e.ctx, targets, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(want); !errors.Is(err, os.ErrNotExist) || !slices.Equal(e.p.cleanedUp, []string{"run-1"}) {
		t.Fatalf("log file %v, cleaned up %v", err, e.p.cleanedUp)
	}
	if _, err := e.f.Execution(e.ctx, id, nil); err != nil {
		t.Fatalf("the record went without --removeData: %v", err)
	}
}

// Executions settle with the platform: a run the platform says has ended is recorded with its end; the log,
// stop and the per-platform count ask the execution's platform.
func TestExecutionsWithThePlatform(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	for want := int64(1); want <= 3; want++ {
		if id, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"}); err != nil || id != want {
			t.Fatalf("launch %d: id %d, %v", want, id, err)
		}
	}
	loads, err := e.f.CurrentExecutions(e.ctx)
	if err != nil || len(loads) != 2 || loads[0] != (PlatformLoad{Name: "default", Type: "Kubernetes", Running: 3, Maximum: 20}) ||
		loads[1] != (PlatformLoad{Name: "laptop", Type: "Local", Running: 0, Maximum: 20}) {
		t.Fatalf("current %+v %v", loads, err)
	}
	e.p.taskEnds["ts"] = platforms.TaskEnd{Ended: true, Failed: true, ExitCode: 0, Message: "OOMKilled"}
	list, err := e.f.ExecutionsPage(e.ctx, "ts", 2, 1, e.f.Probe())
	if err != nil || len(list) != 2 || list[0].ID != 3 || list[0].Status != "ERROR" || list[0].ExitMessage != "OOMKilled" {
		t.Fatalf("page 1: %+v %v", list, err)
	}
	if x := e.execution(1); x.Status != "RUNNING" {
		t.Fatalf("execution 1 was settled without being listed: %+v", x)
	}
	page2, err := e.f.ExecutionsPage(e.ctx, "ts", 2, 2, e.f.Probe())
	if err != nil || len(page2) != 1 || page2[0].ID != 1 || page2[0].Status != "ERROR" {
		t.Fatalf("page 2: %+v %v", page2, err)
	}
	_, err = e.f.Execution(e.ctx, 99, nil)
	wantErr(t, err, "Could not find TaskExecution with id 99")

	// Logs come from the platform.
	e.p.taskLogs["run-2"] = "started\n"
	if text, err := executionLog(e, 2); err != nil || text != "started\n" {
		t.Fatalf("log %q %v", text, err)
	}
	e.p.failNth(kTaskLog, 2, errors.New("pod is gone"))
	_, err = executionLog(e, 2)
	wantErr(t, err, "Log could not be retrieved.  Verify that deployments are still available.: pod is gone")

	// Stop: the running ones are asked to stop, the ended ones named.
	id, _ := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts", Properties: props("version.timestamp", "2.0.2")})
	delete(e.p.taskEnds, "ts")
	if err := e.f.StopExecutions(e.ctx, []int64{id}, ""); err != nil || !slices.Equal(e.p.stopped, []string{"run-4"}) {
		t.Fatalf("stop: %v %v", err, e.p.stopped)
	}
	wantErr(t, e.f.StopExecutions(e.ctx, []int64{1, id, 2}, ""), "Invalid TaskExecution, ID 1, 2 has already ended")
	e.p.failNth(kStop, 3, errors.New("forbidden"))
	wantErr(t, e.f.StopExecutions(e.ctx, []int64{id}, ""), "forbidden")
	// SCDF's --platformName: the platform the run is on, or refused before anything is stopped.
	if err := e.f.StopExecutions(e.ctx, []int64{id}, "default"); err != nil || len(e.p.stopped) != 3 {
		t.Fatalf("stop on its platform: %v %v", err, e.p.stopped)
	}
	wantErr(t, e.f.StopExecutions(e.ctx, []int64{id}, "laptop"), fmt.Sprintf("task execution %d runs on platform 'default', not on 'laptop'", id))
	wantErrContains(t, e.f.StopExecutions(e.ctx, []int64{id}, "nosuch"), "nosuch")
	if len(e.p.stopped) != 3 {
		t.Fatalf("a refused stop stopped something: %v", e.p.stopped)
	}

	// The supervisor's end: 0 is COMPLETE, anything else ERROR with the code.
	if err := e.f.EndExecution(e.ctx, id, 3, ""); err != nil {
		t.Fatal(err)
	}
	if x := e.execution(id); x.Status != "ERROR" || x.ExitMessage != "exited with code 3" {
		t.Fatalf("end %+v", x)
	}
	if loads, _ := e.f.CurrentExecutions(e.ctx); loads[0].Running != 0 {
		t.Fatalf("current after the ends: %+v", loads)
	}
}

// A launch whose launcher died before recording the run: the platform's RunFinder finds it by execution id;
// a local run's supervisor records itself when nobody did.
func TestLaunchRecoveredByThePlatform(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	dead := goneOwner(t)
	insert := func(launcher string) int64 {
		id, err := e.s.Read().InsertExecution(e.ctx, store.Execution{TaskName: "ts", Platform: "default", Resource: "docker:x",
			Status: "LAUNCHING", StartTime: e.clock.Now().Add(-time.Hour), Launcher: launcher})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	found, lost := insert(dead), insert(dead)
	e.p.finds[found] = platforms.Launched{ExternalID: "ts-x", Handle: "run-x"}
	if x, err := e.f.Execution(e.ctx, found, e.f.Probe()); err != nil || x.Status != "RUNNING" || x.Handle != "run-x" {
		t.Fatalf("found: %+v %v", x, err)
	}
	if x, err := e.f.Execution(e.ctx, lost, e.f.Probe()); err != nil || x.Status != "ERROR" || x.ExitMessage != launchInterrupted {
		t.Fatalf("lost: %+v %v", x, err)
	}
	// A launcher that cannot find runs by id: the launch is recorded as interrupted.
	q := newTaskEngine(t, plain)
	id, _ := q.s.Read().InsertExecution(q.ctx, store.Execution{TaskName: "ts", Platform: "default", Status: "LAUNCHING",
		StartTime: q.clock.Now().Add(-time.Hour), Launcher: dead})
	if x, err := q.f.Execution(q.ctx, id, q.f.Probe()); err != nil || x.Status != "ERROR" {
		t.Fatalf("no finder: %+v %v", x, err)
	}

	adopt := insert("")
	if err := e.f.AdoptLocalRun(e.ctx, adopt, 4242, "pid=4242 start=1"); err != nil {
		t.Fatal(err)
	}
	if x := e.execution(adopt); x.ExternalID != "ts-4242" || x.Handle != "pid=4242 start=1" || x.Status != "RUNNING" {
		t.Fatalf("adopted %+v", x)
	}
	// Only once: a recorded run is not replaced.
	if err := e.f.AdoptLocalRun(e.ctx, adopt, 1, "pid=1 start=1"); err != nil || e.execution(adopt).Handle != "pid=4242 start=1" {
		t.Fatalf("adopted again: %v %+v", err, e.execution(adopt))
	}
}

// The probe of a composed run asks whether its background runner is alive, whatever the account.
func TestComposedRunnerVanished(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	e.createTask("cmp", "a && b")
	id, err := e.f.StartComposedTask(e.ctx, LaunchRequest{Name: "cmp"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.f.RecordComposedRunner(e.ctx, id, procid.Self()); err != nil {
		t.Fatal(err)
	}
	if x, _ := e.f.Execution(e.ctx, id, e.f.Probe()); x.Status != "RUNNING" {
		t.Fatalf("a live runner's run ended: %+v", x)
	}
	if err := e.f.RecordComposedRunner(e.ctx, id, goneOwner(t)); err != nil {
		t.Fatal(err)
	}
	x, err := e.f.Execution(e.ctx, id, e.f.Probe())
	if err != nil || x.Status != "ERROR" || x.ExitMessage != runnerVanished {
		t.Fatalf("vanished runner: %+v %v", x, err)
	}
}

// composedCase is one composed graph run against scripted step ends.
type composedCase struct {
	name  string
	graph string
	ends  map[string]int // child task -> exit code
	// launched are the child tasks launched, in order (a split's in any order: sorted).
	launched   []string
	sortLaunch bool
	wantStatus store.ExecutionStatus
	wantErr    string
}

// A composed task runs in the CLI: each app as its child task, '&&' in order, a split side by side,
// transitions on exit codes and statuses, $END and $FAIL, labelled sequences.
func TestRunComposedTask(t *testing.T) {
	t.Parallel()
	for _, c := range []composedCase{
		{name: "sequence", graph: "a && b", ends: map[string]int{"cmp-a": 0, "cmp-b": 0},
			launched: []string{"cmp-a", "cmp-b"}, wantStatus: "COMPLETE"},
		{name: "a step fails", graph: "a && b && c", ends: map[string]int{"cmp-a": 0, "cmp-b": 2},
			launched: []string{"cmp-a", "cmp-b"}, wantStatus: "ERROR", wantErr: "composed task cmp (execution 1) failed: task 'cmp-b' (execution N) failed with exit code 2"},
		{name: "a failure handled", graph: "a 'FAILED'->c && b", ends: map[string]int{"cmp-a": 1, "cmp-c": 0},
			launched: []string{"cmp-a", "cmp-c"}, wantStatus: "COMPLETE"},
		{name: "the handler fails", graph: "a 'FAILED'->c && b", ends: map[string]int{"cmp-a": 1, "cmp-c": 1},
			launched: []string{"cmp-a", "cmp-c"}, wantStatus: "ERROR", wantErr: "composed task cmp (execution 1) failed: task 'cmp-c' (execution N) failed with exit code 1"},
		{name: "no transition matches", graph: "a 'FAILED'->c && b", ends: map[string]int{"cmp-a": 0, "cmp-b": 0},
			launched: []string{"cmp-a", "cmp-b"}, wantStatus: "COMPLETE"},
		{name: "exit code to $FAIL", graph: "a 3->$FAIL && b", ends: map[string]int{"cmp-a": 3},
			launched: []string{"cmp-a"}, wantStatus: "ERROR", wantErr: "composed task cmp (execution 1) failed: task 'cmp-a' (execution N) ended with exit code 3 and its transition leads to $FAIL"},
		{name: "any to $END", graph: "a '*'->$END && b", ends: map[string]int{"cmp-a": 4},
			launched: []string{"cmp-a"}, wantStatus: "COMPLETE"},
		{name: "to a labelled sequence", graph: "a 0->:more && b\nmore: c", ends: map[string]int{"cmp-a": 0, "cmp-more": 0},
			launched: []string{"cmp-a", "cmp-more"}, wantStatus: "COMPLETE"},
		{name: "split", graph: "<a || b> && c", ends: map[string]int{"cmp-a": 0, "cmp-b": 0, "cmp-c": 0},
			launched: []string{"cmp-a", "cmp-b", "cmp-c"}, sortLaunch: true, wantStatus: "COMPLETE"},
		{name: "a split's flow fails", graph: "<a || b> && c", ends: map[string]int{"cmp-a": 0, "cmp-b": 1},
			launched: []string{"cmp-a", "cmp-b"}, sortLaunch: true, wantStatus: "ERROR", wantErr: "composed task cmp (execution 1) failed: task 'cmp-b' (execution N) failed with exit code 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newTaskEngine(t)
			e.createTask("cmp", c.graph)
			for k, v := range c.ends {
				e.p.taskEnds[k] = ended(v)
			}
			var progress []string
			var mu = make(chan struct{}, 1)
			id, err := e.f.RunComposedTask(e.ctx, LaunchRequest{Name: "cmp", Arguments: []string{"--graph-arg"}}, func(s string) {
				mu <- struct{}{}
				progress = append(progress, s)
				<-mu
			})
			if c.wantErr == "" && err != nil || c.wantErr != "" && (err == nil || anyStepExecution(err.Error()) != c.wantErr) {
				t.Fatalf("error %v, want %q", err, c.wantErr)
			}
			var launched []string
			for _, l := range e.p.launches {
				launched = append(launched, l.TaskName)
				if slices.Contains(l.Args, "--graph-arg") {
					t.Errorf("a step got the graph's arguments: %v", l.Args)
				}
			}
			if c.sortLaunch {
				slices.Sort(launched)
			}
			if !slices.Equal(launched, c.launched) {
				t.Fatalf("launched %v, want %v", launched, c.launched)
			}
			parent := e.execution(id)
			if parent.Status != c.wantStatus || parent.Resource != composedResource {
				t.Fatalf("parent %+v", parent)
			}
			steps, err := e.f.ExecutionSteps(e.ctx, id)
			if err != nil || len(steps) != len(c.launched) {
				t.Fatalf("steps %+v %v", steps, err)
			}
			if len(progress) != 2*len(c.launched) || !strings.HasPrefix(progress[0], "Launched task 'cmp-") {
				t.Fatalf("progress %q", progress)
			}
		})
	}
}

// A step that is still running is asked again on the flow's clock; a cancel ends the run in error.
func TestRunComposedTaskWaitsOnTheClock(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	e.createTask("cmp", "a && b")
	e.p.taskEnds["cmp-b"] = ended(0)
	done := make(chan error, 1)
	go func() {
		_, err := e.f.RunComposedTask(e.ctx, LaunchRequest{Name: "cmp"}, func(string) {})
		done <- err
	}()
	e.clock.BlockUntil(t, 1)
	e.p.mu.Lock()
	e.p.taskEnds["cmp-a"] = ended(0)
	e.p.mu.Unlock()
	e.clock.Advance(20 * time.Millisecond)
	if err := recv(t, done); err != nil {
		t.Fatal(err)
	}
	if x := e.execution(1); x.Status != "COMPLETE" {
		t.Fatalf("parent %+v", x)
	}

	ctx, cancel := context.WithCancel(e.ctx)
	e.createTask("slow", "c && a")
	go func() {
		_, err := e.f.RunComposedTask(ctx, LaunchRequest{Name: "slow"}, func(string) {})
		done <- err
	}()
	e.clock.BlockUntil(t, 1)
	cancel()
	err := recv(t, done)
	wantErr(t, err, "composed task slow (execution 4) was interrupted")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("an interrupted graph's error is not a cancellation: %v", err)
	}
	if x := e.execution(4); x.Status != "ERROR" || x.ExitMessage != "interrupted" {
		t.Fatalf("cancelled parent %+v", x)
	}
	// The step that was running is stopped, not left to run with no graph to report to.
	if step := e.execution(5); step.TaskName != "slow-c" || !slices.Contains(e.p.stopped, step.Handle) {
		t.Fatalf("the running step %+v was not stopped: %v", step, e.p.stopped)
	}
}

// Restart resumes a failed composed run: the steps that completed are not run again.
func TestRestartComposedTask(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	e.createTask("cmp", "a && b && c")
	e.p.taskEnds["cmp-a"] = ended(0)
	e.p.taskEnds["cmp-b"] = ended(1)
	first, err := e.f.RunComposedTask(e.ctx, LaunchRequest{Name: "cmp"}, func(string) {})
	if err == nil {
		t.Fatal("the run should fail")
	}
	e.p.taskEnds["cmp-b"] = ended(0)
	e.p.taskEnds["cmp-c"] = ended(1)
	var progress []string
	second, err := e.f.RestartComposedTask(e.ctx, first, LaunchRequest{}, func(s string) { progress = append(progress, s) })
	wantErr(t, err, "composed task cmp (execution 4) failed: task 'cmp-c' (execution 6) failed with exit code 1")
	if progress[0] != "Restarting composed task 'cmp' (execution 1) as execution 4" || progress[1] != "Task 'cmp-a' completed in execution 2: not run again" {
		t.Fatalf("progress %q", progress)
	}
	if x := e.execution(second); x.RestartOf != first || x.Status != "ERROR" {
		t.Fatalf("restart %+v", x)
	}
	// A restart of the restart skips what completed in either.
	e.p.taskEnds["cmp-c"] = ended(0)
	progress = nil
	third, err := e.f.RestartComposedTask(e.ctx, second, LaunchRequest{}, func(s string) { progress = append(progress, s) })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(progress, "Task 'cmp-a' completed in execution 2: not run again") || !slices.Contains(progress, "Task 'cmp-b' completed in execution 5: not run again") {
		t.Fatalf("progress %q", progress)
	}
	var launched []string
	for _, l := range e.p.launches {
		launched = append(launched, l.TaskName)
	}
	if !slices.Equal(launched, []string{"cmp-a", "cmp-b", "cmp-b", "cmp-c", "cmp-c"}) {
		t.Fatalf("launched %v", launched)
	}

	tsID, _ := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	for _, c := range []struct {
		id   int64
		want string
	}{
		{99, "Could not find TaskExecution with id 99"},
		{tsID, "Cannot restart execution 9: only composed task executions can be restarted (launch 'ts' again)"},
		{third, "Cannot restart execution 7: it did not fail (status COMPLETE)"},
	} {
		_, err := e.f.RestartComposedTask(e.ctx, c.id, LaunchRequest{}, func(string) {})
		wantErr(t, err, c.want)
	}
	running, _ := e.f.StartComposedTask(e.ctx, LaunchRequest{Name: "cmp"})
	_, err = e.f.RestartComposedTask(e.ctx, running, LaunchRequest{}, func(string) {})
	wantErr(t, err, "Cannot restart execution 10: it is still running")
}

// Composed definitions that cannot run, and the runner's log file.
func TestComposedTaskRefusalsAndLog(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	_, err := e.f.RunComposedTask(e.ctx, LaunchRequest{Name: "ts"}, func(string) {})
	wantErr(t, err, "task ts is not a composed task")
	_, err = e.f.RunComposedTask(e.ctx, LaunchRequest{Name: "nope"}, func(string) {})
	wantErr(t, err, "Could not find task definition named nope")
	e.createTask("cmp", "a && b")
	_, err = e.f.RunComposedTask(e.ctx, LaunchRequest{Name: "cmp", Platform: "mars"}, func(string) {})
	wantErr(t, err, "Task platform 'mars' does not exist: the task platforms are default, laptop")

	// The graph's definition is gone between the start and the run: the run ends in error.
	id, err := e.f.StartComposedTask(e.ctx, LaunchRequest{Name: "cmp"})
	if err != nil {
		t.Fatal(err)
	}
	if x := e.execution(id); x.Status != "RUNNING" || strings.Join(x.Arguments, " ") != "--graph=cmp-a && cmp-b" {
		t.Fatalf("started %+v", x)
	}
	path, err := e.f.ComposedLogPath(e.ctx, id, LaunchRequest{Name: "cmp"})
	if err != nil || path != filepath.Join(e.dir, "local", "default", "cmp", "1.log") || e.execution(id).LogPath != path {
		t.Fatalf("log path %q %v", path, err)
	}
	if err := e.f.DestroyTask(e.ctx, "cmp", false); err != nil {
		t.Fatal(err)
	}
	err = e.f.RunComposedGraph(e.ctx, id, LaunchRequest{Name: "cmp"}, func(string) {})
	wantErr(t, err, "Could not find task definition named cmp")
	if x := e.execution(id); x.Status != "ERROR" || x.ExitMessage != "Could not find task definition named cmp" {
		t.Fatalf("parent %+v", x)
	}
}

// task execution cleanup: the ended top-level executions (and their steps) are cleaned up on their platforms;
// with removeData their records go too, each with an audit record.
func TestCleanupExecutions(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	e.createTask("cmp", "a && b")
	e.p.taskEnds["cmp-a"] = ended(0)
	e.p.taskEnds["cmp-b"] = ended(0)
	if _, err := e.f.RunComposedTask(e.ctx, LaunchRequest{Name: "cmp"}, func(string) {}); err != nil {
		t.Fatal(err)
	}
	running, _ := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	_, err := e.f.CleanupTargets(e.ctx, CleanupRequest{IDs: []int64{running}}, e.f.Probe())
	wantErr(t, err, "Cannot clean up task execution 4: it is still running (stop it first, or add --includeNonCompleted)")
	_, err = e.f.CleanupTargets(e.ctx, CleanupRequest{IDs: []int64{99}}, e.f.Probe())
	wantErr(t, err, "Could not find TaskExecution with id 99")

	targets, err := e.f.CleanupTargets(e.ctx, CleanupRequest{All: true}, e.f.Probe())
	if err != nil || len(targets) != 1 || targets[0].ID != 1 {
		t.Fatalf("targets %+v %v", targets, err)
	}
	e.p.failNth(kCleanup, 1, errors.New("forbidden"))
	wantErr(t, e.f.CleanupExecutions(e.ctx, targets, true), "forbidden")
	if _, err := e.f.Execution(e.ctx, 1, nil); err != nil {
		t.Fatalf("a failed cleanup removed the record: %v", err)
	}
	if err := e.f.CleanupExecutions(e.ctx, targets, true); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.p.cleanedUp, []string{"run-2", "run-3"}) {
		t.Fatalf("cleaned up %v", e.p.cleanedUp)
	}
	if _, err := e.f.Execution(e.ctx, 1, nil); err == nil {
		t.Fatal("the record stayed with removeData")
	}
	audits, _ := e.s.Read().ListAudit(e.ctx, store.AuditFilter{Operation: "TASK"})
	if audits[0].Action != "DELETE" || audits[0].Data != "execution 1" {
		t.Fatalf("audit %+v", audits[0])
	}
	byName, err := e.f.CleanupTargets(e.ctx, CleanupRequest{TaskName: "ts"}, e.f.Probe())
	if err != nil || len(byName) != 0 {
		t.Fatalf("the running ts was selected: %+v %v", byName, err)
	}
	// An execution whose account is no longer configured cannot be cleaned up on it.
	if err := e.f.EndExecution(e.ctx, running, 0, ""); err != nil {
		t.Fatal(err)
	}
	e.f.loadAcc = func() (*Accounts, error) {
		return &Accounts{config: &accounts.Config{Tasks: []platforms.Account{{Name: "other", Type: platforms.Kubernetes}}}}, nil
	}
	x := e.execution(running)
	wantErr(t, e.f.CleanupExecutions(e.ctx, []store.Execution{x}, false),
		"execution 4 ran on 'default', which is no longer configured: Task platform 'default' does not exist: the task platforms are other")
}

// task list shows each task's newest execution's status, settled with the platform as the execution listing
// settles it; a task never launched is UNKNOWN, as SCDF says.
func TestTaskStatusIsTheNewestExecutions(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	e.createTask("never", "timestamp")
	e.createTask("fails", "a")
	status := func() map[string]string {
		t.Helper()
		views, err := e.f.Tasks(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, v := range views {
			out[v.Name] = v.Status
		}
		return out
	}
	if got := status(); got["ts"] != "UNKNOWN" || got["never"] != "UNKNOWN" || got["fails"] != "UNKNOWN" {
		t.Fatalf("before any launch: %v", got)
	}
	first, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "fails"}); err != nil {
		t.Fatal(err)
	}
	if got := status(); got["ts"] != "RUNNING" || got["fails"] != "RUNNING" || got["never"] != "UNKNOWN" {
		t.Fatalf("running: %v", got)
	}
	if err := e.f.EndExecution(e.ctx, first, 0, ""); err != nil {
		t.Fatal(err)
	}
	e.p.taskEnds["fails"] = ended(2)
	if got := status(); got["ts"] != "COMPLETE" || got["fails"] != "ERROR" {
		t.Fatalf("ended: %v", got)
	}
	// The newest execution counts, not the worst or the first.
	if _, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"}); err != nil {
		t.Fatal(err)
	}
	if got := status(); got["ts"] != "RUNNING" {
		t.Fatalf("relaunched: %v", got)
	}
}

// anyStepExecution writes a step's execution id as N: the steps of a split are launched in any order.
func anyStepExecution(msg string) string {
	return regexp.MustCompile(`(task '[^']+') \(execution \d+\)`).ReplaceAllString(msg, "$1 (execution N)")
}

// task destroy --cleanup deleted the records of runs still going, leaving them running where no command could
// see them. It refuses, naming them, and destroys nothing; once they end it goes ahead.
func TestDestroyTaskCleanupRefusesRunningExecutions(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	first, _ := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	second, _ := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	err := e.f.DestroyTask(e.ctx, "ts", true)
	wantErr(t, err, "Task 'ts' has executions still running (1,2): stop them first ('task execution stop 1,2') or wait for them to end; nothing was destroyed")
	if !errors.Is(err, ErrExecutionsRunning) {
		t.Fatalf("not ErrExecutionsRunning: %v", err)
	}
	if _, err := e.f.Execution(e.ctx, first, nil); err != nil {
		t.Fatalf("a refused destroy removed a record: %v", err)
	}
	if views, _ := e.f.Tasks(e.ctx); len(views) != 1 {
		t.Fatalf("a refused destroy removed the definition: %+v", views)
	}
	// Without --cleanup the records stay, so running executions do not matter.
	e.createTask("other", "timestamp")
	if _, err := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "other"}); err != nil {
		t.Fatal(err)
	}
	if err := e.f.DestroyTask(e.ctx, "other", false); err != nil {
		t.Fatal(err)
	}
	// A run the platform says has ended is settled first, and no longer stands in the way.
	if err := e.f.EndExecution(e.ctx, first, 0, ""); err != nil {
		t.Fatal(err)
	}
	e.p.taskEnds["ts"] = ended(0)
	if err := e.f.DestroyTask(e.ctx, "ts", true); err != nil {
		t.Fatalf("after the runs ended: %v", err)
	}
	if _, err := e.f.Execution(e.ctx, second, nil); err == nil {
		t.Fatal("the cleanup left the record")
	}
}

// --includeNonCompleted takes running executions too, stopping them before their resources and records go;
// --olderThan keeps to executions that ended (or started, when running) long enough ago.
func TestCleanupIncludeNonCompletedAndOlderThan(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	old, _ := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	if err := e.f.EndExecution(e.ctx, old, 0, ""); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(72 * time.Hour)
	recent, _ := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})
	if err := e.f.EndExecution(e.ctx, recent, 0, ""); err != nil {
		t.Fatal(err)
	}
	running, _ := e.f.LaunchTask(e.ctx, LaunchRequest{Name: "ts"})

	ids := func(list []store.Execution) []int64 {
		var out []int64
		for _, x := range list {
			out = append(out, x.ID)
		}
		slices.Sort(out)
		return out
	}
	targets, err := e.f.CleanupTargets(e.ctx, CleanupRequest{All: true, OlderThan: 48 * time.Hour}, e.f.Probe())
	if err != nil || !slices.Equal(ids(targets), []int64{old}) {
		t.Fatalf("older than 2 days: %v %v", ids(targets), err)
	}
	targets, err = e.f.CleanupTargets(e.ctx, CleanupRequest{All: true}, e.f.Probe())
	if err != nil || !slices.Equal(ids(targets), []int64{old, recent}) {
		t.Fatalf("ended ones: %v %v", ids(targets), err)
	}
	_, err = e.f.CleanupTargets(e.ctx, CleanupRequest{IDs: []int64{running}}, e.f.Probe())
	wantErr(t, err, "Cannot clean up task execution 3: it is still running (stop it first, or add --includeNonCompleted)")

	targets, err = e.f.CleanupTargets(e.ctx, CleanupRequest{IDs: []int64{running}, IncludeNonCompleted: true}, e.f.Probe())
	if err != nil || !slices.Equal(ids(targets), []int64{running}) {
		t.Fatalf("include non-completed: %v %v", ids(targets), err)
	}
	if err := e.f.CleanupExecutions(e.ctx, targets, true); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.p.stopped, []string{"run-3"}) || !slices.Contains(e.p.cleanedUp, "run-3") {
		t.Fatalf("the running execution was not stopped before its cleanup: stopped %v, cleaned %v", e.p.stopped, e.p.cleanedUp)
	}
	if _, err := e.f.Execution(e.ctx, running, nil); err == nil {
		t.Fatal("the record stayed")
	}
}
