package cloudfoundry

import (
	"archive/zip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudfoundry/go-cfclient/v3/client"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

func newTasks(t *testing.T, s *cctest.Server, mod ...func(*platforms.CloudFoundryAccount)) *Tasks {
	t.Helper()
	l, err := NewTasks(account(s, mod...), testEnv(nil), fastOptions)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// testJar writes a small zip, as a jar is.
func testJar(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "timestamp-task-1.0.0.jar")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	w, err := z.Create("META-INF/MANIFEST.MF")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("Main-Class: Timestamp\n")); err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(z.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
	return path
}

func taskSpec(id int64, jar string, deployer map[string]string) platforms.TaskSpec {
	return platforms.TaskSpec{ExecutionID: id, TaskName: "timestamp", Resource: "file:" + jar,
		Args: []string{"--format=yyyy MM dd", "--spring.cloud.task.executionid=" + string(rune('0'+id))},
		Env:  map[string]string{"SPRING_CLOUD_TASK_NAME": "timestamp"}, DeployerProperties: deployer}
}

func TestLaunchStagesTheAppOnceAndRunsTheStartCommand(t *testing.T) {
	s := newServer(t)
	l := newTasks(t, s)
	ctx := context.Background()
	jar := testJar(t)
	got, err := l.LaunchTask(ctx, taskSpec(1, jar, nil))
	if err != nil {
		t.Fatal(err)
	}
	if end := l.TaskEnded(ctx, got.Handle); end.Ended {
		t.Fatalf("ended at once: %+v", end)
	}
	if end := l.TaskEnded(ctx, got.Handle); !end.Ended || end.Failed || end.ExitCode != 0 {
		t.Fatalf("end: %+v", end)
	}
	cf := inspector(t, s)
	task, err := cf.Tasks.Get(ctx, got.ExternalID)
	if err != nil {
		t.Fatal(err)
	}
	want := cctest.DetectedStartCommand + " '--format=yyyy MM dd' --spring.cloud.task.executionid=1"
	if task.Command != want || task.Name != "timestamp" || task.MemoryInMB != 1024 || task.State != "SUCCEEDED" {
		t.Fatalf("task: command %q name %q memory %d state %s", task.Command, task.Name, task.MemoryInMB, task.State)
	}
	app, err := cf.Applications.Get(ctx, s.AppGUID("timestamp"))
	if err != nil || app.State != "STOPPED" || app.Lifecycle.Type != "buildpack" {
		t.Fatalf("task app: %+v %v", app, err)
	}

	// The same resource and properties: the staged app is reused, nothing is built again.
	s.ResetRequests()
	if _, err := l.LaunchTask(ctx, taskSpec(2, jar, nil)); err != nil {
		t.Fatal(err)
	}
	if n := s.CountRequests("POST", "/v3/builds"); n != 0 || s.AppGUID("timestamp") != app.GUID {
		t.Fatalf("re-staged without a change: %v", s.Requests())
	}
	// Changed properties: staged again.
	if _, err := l.LaunchTask(ctx, taskSpec(3, jar, map[string]string{"spring.cloud.deployer.memory": "2g"})); err != nil {
		t.Fatal(err)
	}
	if s.CountRequests("POST", "/v3/builds") != 1 || s.AppGUID("timestamp") == app.GUID || len(s.AppNames()) != 1 {
		t.Fatalf("not re-staged after a change: %v", s.Requests())
	}
}

func TestFailingTaskAndStop(t *testing.T) {
	s := newServer(t)
	l := newTasks(t, s)
	ctx := context.Background()
	jar := testJar(t)
	s.FailTask("timestamp", "exit status 1")
	got, err := l.LaunchTask(ctx, taskSpec(1, jar, nil))
	if err != nil {
		t.Fatal(err)
	}
	l.TaskEnded(ctx, got.Handle)
	if end := l.TaskEnded(ctx, got.Handle); !end.Ended || !end.Failed || end.Message != "exit status 1" {
		t.Fatalf("failed task: %+v", end)
	}
	if err := l.StopTask(got.Handle); err != nil {
		t.Fatalf("stopping an ended task: %v", err)
	}
	s.FailTask("timestamp", "")

	run, err := l.LaunchTask(ctx, taskSpec(2, jar, nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.StopTask(run.Handle); err != nil {
		t.Fatal(err)
	}
	end := l.TaskEnded(ctx, run.Handle)
	for i := 0; !end.Ended && i < 5; i++ {
		end = l.TaskEnded(ctx, run.Handle)
	}
	if !end.Ended || !end.Failed || !strings.Contains(end.Message, "cancel") {
		t.Fatalf("stopped task: %+v", end)
	}
}

func TestLaunchRefusals(t *testing.T) {
	s := newServer(t, cctest.WithStep(cctest.PhaseTask, cctest.Step{Polls: 100})) // tasks keep running
	ctx := context.Background()
	jar := testJar(t)
	l := newTasks(t, s, func(c *platforms.CloudFoundryAccount) { c.Deployment.MaxConcurrentTasks = 1 })
	first, err := l.LaunchTask(ctx, taskSpec(1, jar, nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.LaunchTask(ctx, taskSpec(2, jar, nil)); err == nil || !strings.Contains(err.Error(), "limit of 1 concurrent") {
		t.Fatalf("over the limit: %v", err)
	}
	// Re-staging would delete the app under a running task: refused.
	l2 := newTasks(t, s)
	if _, err := l2.LaunchTask(ctx, taskSpec(3, jar, map[string]string{"spring.cloud.deployer.disk": "4g"})); err == nil ||
		!strings.Contains(err.Error(), "still going") {
		t.Fatalf("re-stage under a run: %v", err)
	}
	if end := l.TaskEnded(ctx, first.Handle); end.Ended {
		t.Fatalf("running task ended: %+v", end)
	}

	// A docker image whose droplet has no start command needs one.
	docker := platforms.TaskSpec{TaskName: "dockertask", Resource: "docker:springcloud/task:1", Args: []string{"--a=b"}}
	if _, err := l2.LaunchTask(ctx, docker); err == nil || !strings.Contains(err.Error(), "cloudfoundry.command") {
		t.Fatalf("docker without command: %v", err)
	}
	docker.DeployerProperties = map[string]string{"spring.cloud.deployer.cloudfoundry.command": "java -jar /app.jar"}
	got, err := l2.LaunchTask(ctx, docker)
	if err != nil {
		t.Fatal(err)
	}
	if task, _ := inspector(t, s).Tasks.Get(ctx, got.ExternalID); task.Command != "java -jar /app.jar --a=b" {
		t.Fatalf("docker command %q", task.Command)
	}

	s.FailStaging("broken", "no buildpack")
	if _, err := l2.LaunchTask(ctx, platforms.TaskSpec{TaskName: "broken", Resource: "file:" + jar}); err == nil ||
		!strings.Contains(err.Error(), "no buildpack") || s.AppGUID("broken") != "" {
		t.Fatalf("staging failure: %v, app left %q", err, s.AppGUID("broken"))
	}
	if _, err := l2.LaunchTask(ctx, platforms.TaskSpec{TaskName: "bad_name!", Resource: "file:" + jar}); err == nil ||
		!strings.Contains(err.Error(), "cannot be a Cloud Foundry app name") {
		t.Fatalf("bad name: %v", err)
	}
	s.ResetRequests()
	if _, err := l2.LaunchTask(ctx, platforms.TaskSpec{TaskName: "missing", Resource: "file:/nope/x.jar"}); err == nil ||
		!strings.Contains(err.Error(), "cannot read the app file") || s.CountRequests("POST", "/v3/apps") != 0 {
		t.Fatalf("missing jar: %v", err)
	}
}

// Jars on http(s) are downloaded and uploaded as bits; a download that fails creates nothing.
func TestHTTPJarsAndTaskCreateFailure(t *testing.T) {
	jar, err := os.ReadFile(testJar(t))
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/repo/timestamp-task-1.0.0.jar" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(jar) // a failed write fails the download, and so the test
	}))
	defer web.Close()
	s := newServer(t)
	l := newTasks(t, s)
	ctx := context.Background()
	spec := platforms.TaskSpec{TaskName: "timestamp", Resource: web.URL + "/repo/timestamp-task-1.0.0.jar"}
	if _, err := l.LaunchTask(ctx, spec); err != nil {
		t.Fatal(err)
	}
	pkgs, err := inspector(t, s).Packages.ListAll(ctx, nil)
	if err != nil || len(pkgs) != 1 || s.UploadedBytes(pkgs[0].GUID) != int64(len(jar)) {
		t.Fatalf("packages %+v (%v), want the %d bytes of the jar", pkgs, err, len(jar))
	}

	missing := platforms.TaskSpec{TaskName: "other", Resource: web.URL + "/repo/nope.jar"}
	s.ResetRequests()
	if _, err := l.LaunchTask(ctx, missing); err == nil || !strings.Contains(err.Error(), "404") || s.CountRequests("POST", "/v3/apps") != 0 {
		t.Fatalf("missing jar: %v", err)
	}

	s.FailNext("POST", "/v3/apps/"+s.AppGUID("timestamp")+"/tasks", 500, 10011, "database down")
	if _, err := l.LaunchTask(ctx, spec); err == nil || !strings.Contains(err.Error(), "database down") {
		t.Fatalf("task create failure: %v", err)
	}
}

// A CF task carries its execution id as a label, so the run of a launch that was not recorded can be found.
func TestFindRunByExecutionID(t *testing.T) {
	s := newServer(t)
	l := newTasks(t, s)
	ctx := context.Background()
	launched, err := l.LaunchTask(ctx, taskSpec(7, testJar(t), nil))
	if err != nil {
		t.Fatal(err)
	}
	found, ok, err := newTasks(t, s).FindRun(ctx, 7)
	if err != nil || !ok || found != launched {
		t.Fatalf("found %+v %v %v, want %+v", found, ok, err, launched)
	}
	if _, ok, err := newTasks(t, s).FindRun(ctx, 8); ok || err != nil {
		t.Fatalf("execution 8 has no task: %v %v", ok, err)
	}
	s.FailNext("GET", "/v3/tasks", 500, 10011, "database down")
	if _, _, err := newTasks(t, s).FindRun(ctx, 7); err == nil || !strings.Contains(err.Error(), "database down") {
		t.Fatalf("a failed lookup: %v", err)
	}
}

// The task's app is bound to the account's services and to the task's own (SCDF's task push bound them), so its
// runs see them; a service that does not exist fails the launch before anything is made.
func TestTaskAppIsBoundToTheAccountsAndItsServices(t *testing.T) {
	s := newServer(t)
	config := s.AddServiceInstance(s.DefaultSpaceGUID(), "configserver", false, map[string]any{"uri": "https://config"})
	db := s.AddServiceInstance(s.DefaultSpaceGUID(), "taskdb", true, map[string]any{"uri": "mysql://db"})
	l := newTasks(t, s, func(c *platforms.CloudFoundryAccount) { c.Deployment.Services = "configserver" })
	ctx := context.Background()
	jar := testJar(t)
	if _, err := l.LaunchTask(ctx, taskSpec(1, jar, map[string]string{cfPrefix + "services": "'taskdb schema=batch'"})); err != nil {
		t.Fatal(err)
	}
	cf := inspector(t, s)
	o := client.NewServiceCredentialBindingListOptions()
	o.AppGUIDs.EqualTo(s.AppGUID("timestamp"))
	bindings, err := cf.ServiceCredentialBindings.ListAll(ctx, o)
	if err != nil || len(bindings) != 2 {
		t.Fatalf("bindings %+v %v", bindings, err)
	}
	bound := map[string]bool{}
	for _, b := range bindings {
		bound[b.Relationships.ServiceInstance.Data.GUID] = true
		if b.Relationships.ServiceInstance.Data.GUID == db {
			if params, err := cf.ServiceCredentialBindings.GetParameters(ctx, b.GUID); err != nil || string(*params) != `{"schema":"batch"}` {
				t.Errorf("taskdb parameters %s %v", *params, err)
			}
		}
	}
	if !bound[config] || !bound[db] {
		t.Fatalf("bound to %v, want configserver and taskdb", bound)
	}

	// A service that does not exist: refused before the staged app is replaced or anything is created.
	guid := s.AppGUID("timestamp")
	s.ResetRequests()
	_, err = l.LaunchTask(ctx, taskSpec(2, jar, map[string]string{cfPrefix + "services": "nosuchdb"}))
	if err == nil || !strings.Contains(err.Error(), "no service instance named nosuchdb") {
		t.Fatalf("missing service: %v", err)
	}
	if s.AppGUID("timestamp") != guid || s.CountRequests("POST", "/v3/apps") != 0 || s.CountRequests("DELETE", "/v3/apps") != 0 {
		t.Fatalf("a refused launch changed the app: %v", s.Requests())
	}
}

// With the account's pushTaskAppsEnabled false, dataflow pushes no task app: a missing one fails the launch
// with what to do, an existing one is used as it is, whatever it was staged from.
func TestPushTaskAppsDisabled(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	jar := testJar(t)
	off := newTasks(t, s, func(c *platforms.CloudFoundryAccount) {
		c.Deployment.Properties = map[string]string{"pushTaskAppsEnabled": "false"}
	})
	_, err := off.LaunchTask(ctx, taskSpec(1, jar, nil))
	if err == nil || !strings.Contains(err.Error(), "app timestamp does not exist in the space, and the account's pushTaskAppsEnabled is false") {
		t.Fatalf("missing app: %v", err)
	}
	if s.CountRequests("POST", "/v3/apps") != 0 || len(s.AppNames()) != 0 {
		t.Fatalf("pushed with pushTaskAppsEnabled false: %v", s.Requests())
	}
	// The app as someone else pushed it (here: staged by a launch of an account that may push).
	if _, err := newTasks(t, s).LaunchTask(ctx, taskSpec(2, jar, nil)); err != nil {
		t.Fatal(err)
	}
	guid := s.AppGUID("timestamp")
	s.ResetRequests()
	got, err := off.LaunchTask(ctx, taskSpec(3, jar, map[string]string{"spring.cloud.deployer.memory": "2g"}))
	if err != nil {
		t.Fatal(err)
	}
	if s.AppGUID("timestamp") != guid || s.CountRequests("POST", "/v3/builds") != 0 || s.CountRequests("DELETE", "/v3/apps") != 0 {
		t.Fatalf("the existing app was staged again: %v", s.Requests())
	}
	if task, err := inspector(t, s).Tasks.Get(ctx, got.ExternalID); err != nil || task.MemoryInMB != 2048 {
		t.Fatalf("task: %+v %v", task, err)
	}
	bad := newTasks(t, s, func(c *platforms.CloudFoundryAccount) {
		c.Deployment.Properties = map[string]string{"push-task-apps-enabled": "sometimes"}
	})
	s.ResetRequests()
	if _, err := bad.LaunchTask(ctx, taskSpec(4, jar, nil)); err == nil || !strings.Contains(err.Error(), "deployment.pushTaskAppsEnabled must be true or false, got 'sometimes'") ||
		len(s.Requests()) != 0 {
		t.Fatalf("bad value: %v %v", err, s.Requests())
	}
}
