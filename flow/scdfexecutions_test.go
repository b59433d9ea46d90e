package flow

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
	"github.com/dataflow-cli/dataflow/store"
)

func intPtr(n int) *int { return &n }

var scdfT0 = time.Date(2025, 6, 1, 8, 0, 0, 123_000_000, time.UTC)

// sampleExecutions are SCDF's executions of sampleSCDF's tasks, newest first as SCDF lists them, shaped from
// the API guide's TaskExecutionResource: ended and failed runs, a composed run with its steps in another schema
// target, a run going on in SCDF, a launch whose app never started, and a run of a task SCDF destroyed since.
func sampleExecutions() []scdftest.Execution {
	return []scdftest.Execution{
		{ID: 9, TaskName: "destroyed", Start: scdfT0, End: scdfT0.Add(time.Minute), ExitCode: intPtr(0), SchemaTarget: "boot2", Platform: "default"},
		{ID: 8, TaskName: "ts", SchemaTarget: "boot2", Platform: "default", ResourceURL: "Docker Resource [docker:springcloudtask/timestamp-task:2.0.2]"},
		{ID: 6, TaskName: "ts", Start: scdfT0.Add(5 * time.Hour), SchemaTarget: "boot2", Platform: "default", ExternalID: "ts-6x2k9",
			ResourceURL: "Docker Resource [docker:springcloudtask/timestamp-task:2.0.2]"},
		{ID: 5, TaskName: "graph-b", Start: scdfT0.Add(3 * time.Hour), End: scdfT0.Add(4 * time.Hour), ExitCode: intPtr(0), ParentID: 3, SchemaTarget: "boot3", Platform: "default"},
		{ID: 4, TaskName: "graph-a", Start: scdfT0.Add(2 * time.Hour), End: scdfT0.Add(3 * time.Hour), ExitCode: intPtr(0), ParentID: 3, SchemaTarget: "boot3", Platform: "default"},
		{ID: 3, TaskName: "graph", Start: scdfT0.Add(2 * time.Hour), End: scdfT0.Add(4 * time.Hour), ExitCode: intPtr(0), JobExecutionIDs: []int64{1},
			SchemaTarget: "boot2", Platform: "default", ComposedJobExecutionStatus: "COMPLETED"},
		{ID: 2, TaskName: "ts", Start: scdfT0.Add(time.Hour), End: scdfT0.Add(time.Hour + time.Second), ExitCode: intPtr(1),
			ErrorMessage: "java.lang.IllegalStateException: no format\n\tat io.spring.Timestamp.run(Timestamp.java:42)", SchemaTarget: "boot2", Platform: "default"},
		{ID: 1, TaskName: "ts", Start: scdfT0, End: scdfT0.Add(2 * time.Second), ExitCode: intPtr(0), ExitMessage: "done",
			Arguments:       []string{"--format=yyyy", "--spring.datasource.url=jdbc:postgresql://app:pgpass1@db:5432/tasks", "--my.api-token=tok123"},
			JobExecutionIDs: []int64{}, ExternalID: "ts-1abc", ResourceURL: "Docker Resource [docker:springcloudtask/timestamp-task:2.0.2]",
			AppProperties: map[string]string{"spring.datasource.password": "hunter3", "timestamp.format": "yyyy"},
			Deployment:    map[string]string{"spring.cloud.deployer.kubernetes.environmentVariables": "DB_PASSWORD=envsecret,MODE=x", "spring.cloud.deployer.memory": "1024m"},
			Platform:      "default", SchemaTarget: "boot2"},
	}
}

func TestImportSCDFExecutions(t *testing.T) {
	f, ctx := bareFlow(t)
	est := sampleSCDF()
	est.Executions = sampleExecutions()
	srv := startSCDF(t, est)
	req := SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Executions: true}

	res, err := f.ImportSCDF(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Written {
		t.Fatal("nothing written")
	}
	var lines []string
	for _, c := range res.Changes {
		if c.Kind == "execution" {
			lines = append(lines, c.Name+" "+string(c.Action)+" "+c.Detail)
		}
	}
	want := []string{
		"destroyed skipped 1 execution (id 9): task not defined here (destroyed in SCDF, or not imported)",
		"graph create 1 execution (id 3)",
		"graph-a create 1 execution (id 4)",
		"graph-b create 1 execution (id 5)",
		"ts create 4 executions (ids 1-2, 6, 8), 2 not ended in SCDF (kept as SCDF's: dataflow will not stop or settle them)",
	}
	if got := strings.Join(lines, "\n"); got != strings.Join(want, "\n") {
		t.Fatalf("plan lines\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	if len(res.Executions) != 8 || res.ExecutionCount(SCDFCreate) != 7 || res.ExecutionCount(SCDFSkipped) != 1 {
		t.Fatalf("per execution: %+v", res.Executions)
	}
	if res.Count(SCDFCreate) != 9 {
		t.Fatalf("the execution lines are counted with the definitions: %d", res.Count(SCDFCreate))
	}

	r := f.Store.Read()
	one, err := r.GetExecution(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if one.Status != store.ExecutionComplete || *one.ExitCode != 0 || one.ExitMessage != "done" || !one.StartTime.Equal(scdfT0) ||
		!one.EndTime.Equal(scdfT0.Add(2*time.Second)) || one.SchemaTarget != "boot2" || one.ExternalID != "ts-1abc" || one.Platform != "default" ||
		one.Handle != "" || !IsSCDFExecution(one) || one.Resource != "Docker Resource [docker:springcloudtask/timestamp-task:2.0.2]" {
		t.Fatalf("execution 1 stored as %+v", one)
	}
	stored := strings.Join(one.Arguments, " ") + " " + one.Properties
	for _, secret := range []string{"pgpass1", "tok123", "hunter3", "envsecret"} {
		if strings.Contains(stored, secret) {
			t.Fatalf("secret %q stored: %s", secret, stored)
		}
	}
	for _, kept := range []string{"--format=yyyy", "app:******@db", "--my.api-token=******", "spring.cloud.deployer.memory=1024m", "MODE=x", "timestamp.format=yyyy"} {
		if !strings.Contains(stored, kept) {
			t.Fatalf("stored %q lacks %q", stored, kept)
		}
	}
	two, _ := r.GetExecution(ctx, 2)
	if two.Status != store.ExecutionError || two.ExitMessage != "java.lang.IllegalStateException: no format" {
		t.Fatalf("execution 2 stored as %+v", two)
	}
	if three, _ := r.GetExecution(ctx, 3); fmt.Sprint(three.JobExecutionIDs) != "[1]" || one.JobExecutionIDs != nil {
		t.Fatalf("job execution ids kept: %v and %v, want [1] and none", three.JobExecutionIDs, one.JobExecutionIDs)
	}
	steps, err := f.ExecutionSteps(ctx, 3)
	if err != nil || len(steps) != 2 || steps[0].ID != 4 || steps[1].SchemaTarget != "boot3" {
		t.Fatalf("steps of 3: %+v %v", steps, err)
	}
	if unknown, _ := r.GetExecution(ctx, 8); unknown.Status != "UNKNOWN" || !unknown.StartTime.IsZero() {
		t.Fatalf("execution 8 stored as %+v", unknown)
	}
	if _, err := r.GetExecution(ctx, 9); err == nil {
		t.Fatal("the execution of a task not defined here was imported")
	}
	tasks, err := f.Tasks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, v := range tasks {
		status[v.Name] = v.Status
	}
	if status["ts"] != "UNKNOWN" || status["graph"] != "COMPLETE" {
		t.Fatalf("task list statuses %v", status)
	}
	if got := auditActions(t, f, "TASK"); !strings.Contains(strings.Join(got, ","), "CREATE ts,CREATE graph,CREATE graph,CREATE graph-a,CREATE graph-b,CREATE ts") {
		t.Fatalf("audit %v", got)
	}

	// Again: nothing changes, nothing is written.
	audits := len(auditActions(t, f, "TASK"))
	again, err := f.ImportSCDF(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if again.Written || again.ExecutionCount(SCDFUnchanged) != 7 || again.ExecutionCount(SCDFSkipped) != 1 || len(auditActions(t, f, "TASK")) != audits {
		t.Fatalf("second import written=%v %+v", again.Written, again.Executions)
	}

	// The run SCDF had going has ended there: the next import brings its end.
	srv.Change(func(x *scdftest.Server) {
		x.Estate.Executions[2].End, x.Estate.Executions[2].ExitCode = scdfT0.Add(6*time.Hour), intPtr(0)
		x.Estate.Executions[2].JobExecutionIDs = []int64{7, 5} // the jobs it ran, as SCDF lists them
	})
	third, err := f.ImportSCDF(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if !third.Written || third.ExecutionCount(SCDFUpdate) != 1 || third.ExecutionCount(SCDFUnchanged) != 6 {
		t.Fatalf("third import %+v", third.Executions)
	}
	if six, _ := r.GetExecution(ctx, 6); six.Status != store.ExecutionComplete || !six.EndTime.Equal(scdfT0.Add(6*time.Hour)) ||
		fmt.Sprint(six.JobExecutionIDs) != "[5 7]" {
		t.Fatalf("execution 6 after its end %+v", six)
	}
}

// An id used here by another execution is a conflict, listed and left; the others are imported. Two of SCDF's
// executions with one id (one per schema target) cannot both keep it.
func TestImportSCDFExecutionIDConflicts(t *testing.T) {
	f, ctx := bareFlow(t)
	est := sampleSCDF()
	est.Executions = sampleExecutions()[5:] // 3 (graph), 2 and 1 (ts)
	est.Executions = append(est.Executions, scdftest.Execution{ID: 2, TaskName: "ts", Start: scdfT0, End: scdfT0, ExitCode: intPtr(0), SchemaTarget: "boot3"},
		scdftest.Execution{ID: 5, TaskName: "graph-a", Start: scdfT0, End: scdfT0, ExitCode: intPtr(0), ParentID: 1}) // a step of SCDF's run 1
	srv := startSCDF(t, est)
	if _, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}}); err != nil {
		t.Fatal(err) // the definitions first, without executions
	}
	mine, err := f.Store.Read().InsertExecution(ctx, store.Execution{ID: 1, TaskName: "ts", Platform: "default", Resource: "docker:x:1", Status: store.ExecutionRunning, StartTime: scdfT0})
	if err != nil || mine != 1 {
		t.Fatal(mine, err)
	}
	req := SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Executions: true, Force: true}
	res, err := f.ImportSCDF(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var conflicts []string
	for _, c := range res.Changes {
		if c.Action == SCDFConflict {
			conflicts = append(conflicts, c.Name+": "+c.Detail)
		}
	}
	want := "ts: 1 execution (id 1): the ids are used here by other executions\n" +
		"ts: 1 execution (id 2): SCDF has another execution with these ids in schema target boot2; one id names one execution here"
	if got := strings.Join(conflicts, "\n"); got != want {
		t.Fatalf("conflicts\n%s\nwant\n%s", got, want)
	}
	here, _ := f.Store.Read().GetExecution(ctx, 1)
	if IsSCDFExecution(here) || here.Status != store.ExecutionRunning || here.Resource != "docker:x:1" {
		t.Fatalf("the execution here was replaced (even --force leaves history): %+v", here)
	}
	if two, _ := f.Store.Read().GetExecution(ctx, 2); two.SchemaTarget != "boot2" || two.Status != store.ExecutionError {
		t.Fatalf("execution 2 %+v", two)
	}
	// SCDF's step of its run 1 is not made a step of the run 1 here.
	if steps, err := f.ExecutionSteps(ctx, 1); err != nil || len(steps) != 0 {
		t.Fatalf("steps of the run here: %+v %v", steps, err)
	}
	if step, _ := f.Store.Read().GetExecution(ctx, 5); step.TaskName != "graph-a" || step.ParentID != 0 {
		t.Fatalf("SCDF's step %+v", step)
	}
	// A launch here after the import takes an id above SCDF's.
	next, err := f.Store.Read().InsertExecution(ctx, store.Execution{TaskName: "ts", Platform: "default", Resource: "docker:x:1", Status: store.ExecutionRunning, StartTime: scdfT0})
	if err != nil || next != 6 {
		t.Fatalf("next id %d %v", next, err)
	}
	again, err := f.ImportSCDF(ctx, req)
	if err != nil || again.Written || again.ExecutionCount(SCDFConflict) != 2 || again.ExecutionCount(SCDFUnchanged) != 3 {
		t.Fatalf("again %+v %v", again.Executions, err)
	}
}

// A dry run reads SCDF's executions and lists them, and writes nothing.
func TestImportSCDFExecutionsDryRun(t *testing.T) {
	f, ctx := bareFlow(t)
	est := sampleSCDF()
	est.Executions = sampleExecutions()
	srv := startSCDF(t, est)
	res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Executions: true, DryRun: true})
	if err != nil || res.Written || res.ExecutionCount(SCDFCreate) != 7 {
		t.Fatalf("%+v %v", res, err)
	}
	list, err := f.Store.Read().ListExecutions(ctx, "", 0)
	if err != nil || len(list) != 0 {
		t.Fatalf("the dry run wrote %v %v", list, err)
	}
	if tasks, _ := f.Store.Read().ListDefinitions(ctx, store.TaskDefinitions); len(tasks) != 0 {
		t.Fatalf("the dry run wrote %v", tasks)
	}
}

// Without --executions the executions endpoint is not read; a server without it is refused when they are asked.
func TestImportSCDFExecutionsOnlyWhenAsked(t *testing.T) {
	f, ctx := bareFlow(t)
	est := sampleSCDF()
	est.Executions = sampleExecutions()
	srv := startSCDF(t, est)
	res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}})
	if err != nil || len(res.Executions) != 0 {
		t.Fatalf("%+v %v", res.Executions, err)
	}
	if list, _ := f.Store.Read().ListExecutions(ctx, "", 0); len(list) != 0 {
		t.Fatalf("imported without being asked: %v", list)
	}
	plain := scdftest.NewPlain(`{"_links":{"apps":{"href":"x"},"streams/definitions":{"href":"x"},"tasks/definitions":{"href":"x"}}}`)
	defer plain.Close()
	_, err = readSCDFExecutions(ctx, SCDFServer{URI: plain.URL})
	if err == nil || !strings.Contains(err.Error(), "no 'tasks/executions' link") {
		t.Fatalf("error %v", err)
	}
}

// A bad item (an unknown schema target) stops the import: nothing is written.
func TestImportSCDFExecutionsRefusesBadItems(t *testing.T) {
	f, ctx := bareFlow(t)
	est := sampleSCDF()
	est.Executions = []scdftest.Execution{{ID: 1, TaskName: "ts", Start: scdfT0, SchemaTarget: "boot9"}}
	srv := startSCDF(t, est)
	_, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Executions: true})
	if err == nil || !strings.Contains(err.Error(), "nothing imported: 1 problem(s):\nexecution 1: ") {
		t.Fatalf("error %v", err)
	}
	if tasks, _ := f.Store.Read().ListDefinitions(ctx, store.TaskDefinitions); len(tasks) != 0 {
		t.Fatalf("written %v", tasks)
	}
}

// SCDF's dates come as Jackson writes them: with milliseconds and an offset either way, or epoch milliseconds.
func TestSCDFDates(t *testing.T) {
	want := time.Date(2024, 1, 2, 3, 4, 5, 678_000_000, time.UTC)
	for _, in := range []string{`"2024-01-02T03:04:05.678+00:00"`, `"2024-01-02T03:04:05.678+0000"`, `"2024-01-02T04:04:05.678+01:00"`, `"2024-01-02T03:04:05.678Z"`, `1704164645678`} {
		var d scdfDate
		if err := d.UnmarshalJSON([]byte(in)); err != nil || !d.Equal(want) {
			t.Fatalf("%s: %v %v", in, d.Time, err)
		}
	}
	var d scdfDate
	if err := d.UnmarshalJSON([]byte(`"yesterday"`)); err == nil {
		t.Fatal("an unreadable date was read")
	}
}

// A run going on in SCDF is SCDF's: listing, status, stop, cleanup, restart, log, task destroy and the count
// of running tasks leave it and its platform alone, although SCDF's platform has the name of an account here.
func TestSCDFRunsAreNotTouched(t *testing.T) {
	e := newTaskEngine(t)
	srv := startSCDF(t, scdftest.Estate{
		Apps:  []scdftest.App{{Type: "task", Name: "timestamp", URI: "docker:springcloudtask/timestamp-task:2.0.2", Version: "2.0.2", Default: true}},
		Tasks: []scdftest.Task{{Name: "ts", DSL: "timestamp --format=yyyy"}},
		Executions: []scdftest.Execution{
			{ID: 501, TaskName: "ts", Platform: "default", SchemaTarget: "boot2"},
			{ID: 500, TaskName: "ts", Start: scdfT0, Platform: "default", ExternalID: "ts-scdf", SchemaTarget: "boot2"},
		},
	})
	res, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Executions: true})
	if err != nil || res.ExecutionCount(SCDFCreate) != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	e.clock.Advance(time.Hour)

	list, err := e.f.Executions(e.ctx, "ts", 0, e.f.Probe())
	if err != nil || len(list) != 2 || list[1].Status != store.ExecutionRunning || !list[1].EndTime.IsZero() {
		t.Fatalf("listed %+v %v", list, err)
	}
	got, problem, err := e.f.ExecutionStatus(e.ctx, 500, e.f.Probe())
	if err != nil || got.Status != store.ExecutionRunning || problem != scdfRunNote {
		t.Fatalf("status %+v %q %v", got, problem, err)
	}
	if err := e.f.StopExecutions(e.ctx, []int64{500}, ""); err == nil || !strings.Contains(err.Error(), "it was launched by SCDF") {
		t.Fatalf("stop: %v", err)
	}
	if _, err := e.f.RestartComposedTask(e.ctx, 500, LaunchRequest{}, func(string) {}); err == nil || !strings.Contains(err.Error(), "Cannot restart task execution 500") {
		t.Fatalf("restart: %v", err)
	}
	var log strings.Builder
	if err := e.f.ExecutionLog(e.ctx, 500, LogOptions{}, &log); err == nil || !strings.Contains(err.Error(), "ran in SCDF") {
		t.Fatalf("log: %v", err)
	}
	loads, err := e.f.CurrentExecutions(e.ctx)
	if err != nil || loads[0].Name != "default" || loads[0].Running != 0 {
		t.Fatalf("current %+v %v", loads, err)
	}
	if _, err := e.f.CleanupTargets(e.ctx, CleanupRequest{IDs: []int64{500}}, e.f.Probe()); err == nil || !strings.Contains(err.Error(), "had not ended in SCDF") {
		t.Fatalf("cleanup without --includeNonCompleted: %v", err)
	}
	targets, err := e.f.CleanupTargets(e.ctx, CleanupRequest{All: true, IncludeNonCompleted: true}, e.f.Probe())
	if err != nil || len(targets) != 2 {
		t.Fatalf("cleanup targets %+v %v", targets, err)
	}
	if err := e.f.CleanupExecutions(e.ctx, targets[:1], false); err != nil {
		t.Fatal(err)
	}
	if x := e.execution(501); x.Status != "UNKNOWN" || !x.EndTime.IsZero() {
		t.Fatalf("the cleanup changed SCDF's record: %+v", x)
	}
	if err := e.f.CleanupExecutions(e.ctx, targets[1:], true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Read().GetExecution(e.ctx, 500); err == nil {
		t.Fatal("--removeData kept the imported record")
	}
	if calls := e.p.log(); len(calls) != 0 {
		t.Fatalf("the platform was called about SCDF's runs: %v", calls)
	}
	// The task can be destroyed with its history: SCDF's run going on is not one of ours to wait for.
	if err := e.f.DestroyTask(e.ctx, "ts", true); err != nil {
		t.Fatal(err)
	}
	if list, _ := e.s.Read().ListExecutions(e.ctx, "ts", 0); len(list) != 0 || len(e.p.log()) != 0 {
		t.Fatalf("after destroy: %v, calls %v", list, e.p.log())
	}
}
