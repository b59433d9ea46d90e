package cloudfoundry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/platforms"
)

// stagedDigest is the annotation that says what a task app was staged from, so a launch knows whether the
// droplet still fits: SCDF compared the last launch's resource and properties the same way.
const stagedDigest = "dataflow-staged-digest"

// stopTimeout bounds a cancel (StopTask has no context of its own).
const stopTimeout = 30 * time.Second

// Tasks launches tasks as Cloud Foundry tasks of an app named after the task (SCDF's rule: no prefix).
type Tasks struct{ *Client }

// NewTasks keeps the account; it connects on the first call.
func NewTasks(acc platforms.Account, env platforms.Environment, opts Options) (*Tasks, error) {
	c, err := NewClient(acc, env, opts)
	if err != nil {
		return nil, err
	}
	return &Tasks{c}, nil
}

// taskHandle finds a run again: the CF task's GUID, and the app it runs in (for `cf logs`).
type taskHandle struct {
	App  string `json:"app"`
	GUID string `json:"task"`
}

func parseTaskHandle(s string) (taskHandle, error) {
	var h taskHandle
	if err := json.Unmarshal([]byte(s), &h); err != nil || h.GUID == "" {
		return taskHandle{}, fmt.Errorf("'%s' is not the handle of a Cloud Foundry task", s)
	}
	return h, nil
}

// LaunchTask makes sure the task's app is staged from this resource and these properties (staging it again,
// stopped, when either changed), then creates a CF task running the droplet's start command with the
// arguments, the execution id among them. The task's GUID is the launch id, as in SCDF.
func (t *Tasks) LaunchTask(ctx context.Context, spec platforms.TaskSpec) (platforms.Launched, error) {
	st, err := t.stageTask(ctx, spec, true)
	if err != nil {
		return platforms.Launched{}, err
	}
	create := resource.NewTaskCreateWithCommand(commandLine(st.command, st.args(spec.Args)))
	create.Name, create.MemoryInMB, create.DiskInMB = &spec.TaskName, &st.plan.memoryMB, &st.plan.diskMB
	owner, err := t.owner(ctx)
	if err != nil {
		return platforms.Launched{}, err
	}
	create.Metadata = metadata(withOwner(map[string]string{labelExecutionID: strconv.FormatInt(spec.ExecutionID, 10)}, owner), nil)
	task, err := st.api.Tasks.Create(ctx, st.appGUID, create)
	if err != nil {
		return platforms.Launched{}, fmt.Errorf("cannot start a task of %s: %s", st.plan.name, describe(err))
	}
	return platforms.Launched{ExternalID: task.GUID, Handle: mustJSON(taskHandle{App: st.plan.name, GUID: task.GUID})}, nil
}

// labelExecutionID labels a CF task with its execution id, so that a launch whose launcher ended before it
// recorded the task can find it (FindRun).
const labelExecutionID = "dataflow-execution-id"

// FindRun finds the CF task of an execution in the account's space by its execution id label
// (platforms.RunFinder).
func (t *Tasks) FindRun(ctx context.Context, executionID int64) (platforms.Launched, bool, error) {
	api, space, err := t.connect(ctx)
	if err != nil {
		return platforms.Launched{}, false, err
	}
	o := client.NewTaskListOptions()
	o.SpaceGUIDs.EqualTo(space)
	o.LabelSel = client.LabelSelector{} // go-cfclient leaves it nil, and EqualTo would panic
	o.LabelSel.EqualTo(labelExecutionID, strconv.FormatInt(executionID, 10))
	// Another store's execution may have the same id.
	owner, err := t.owner(ctx)
	if err != nil {
		return platforms.Launched{}, false, err
	}
	selectOwner(&o.LabelSel, owner)
	tasks, _, err := api.Tasks.List(ctx, o)
	if err != nil {
		return platforms.Launched{}, false, fmt.Errorf("cannot look up the task of execution %d: %s", executionID, describe(err))
	}
	if len(tasks) == 0 {
		return platforms.Launched{}, false, nil
	}
	task := tasks[0]
	appName := ""
	if task.Relationships.App.Data != nil {
		if app, err := api.Applications.Get(ctx, task.Relationships.App.Data.GUID); err == nil {
			appName = app.Name
		}
	}
	return platforms.Launched{ExternalID: task.GUID, Handle: mustJSON(taskHandle{App: appName, GUID: task.GUID})}, true, nil
}

// stagedTask is a task app ready to run: its droplet staged from the spec, and the command that starts it.
type stagedTask struct {
	api     *client.Client
	space   string
	appGUID string
	plan    appPlan
	command string
	// cfEnv: the app's jar carries java-cfenv, so a profile given as an argument gets "cloud" too.
	cfEnv bool
}

// args are the run's arguments as the staged app needs them.
func (st stagedTask) args(args []string) []string {
	if !st.cfEnv {
		return args
	}
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = argWithCloudProfile(a)
	}
	return out
}

// stageTask stages the task's app as a launch needs it, for launches and schedules alike, so both run the same
// droplet; a launch also checks maximumConcurrentTasks first (a schedule starts nothing now).
func (t *Tasks) stageTask(ctx context.Context, spec platforms.TaskSpec, checkConcurrency bool) (stagedTask, error) {
	if err := validateAppName(spec.TaskName); err != nil {
		return stagedTask{}, err
	}
	s := newSettings(t.Account, spec.DeployerProperties)
	plan, err := planCommon(s, spec.Resource, spec.TaskName, nil)
	if err != nil {
		return stagedTask{}, err
	}
	maps.Copy(plan.env, spec.Env)
	max, err := s.integer(20, "maximumConcurrentTasks")
	if err != nil {
		return stagedTask{}, err
	}
	push, err := s.accountBoolean(true, "pushTaskAppsEnabled")
	if err != nil {
		return stagedTask{}, err
	}
	command := s.str("", "command")
	api, space, err := t.connect(ctx)
	if err != nil {
		return stagedTask{}, err
	}
	if checkConcurrency {
		if err := t.checkConcurrency(ctx, api, space, max); err != nil {
			return stagedTask{}, err
		}
	}
	staged, err := t.stagedApp(ctx, api, space, plan, digestOf(spec, plan), push)
	if err != nil {
		return stagedTask{}, err
	}
	appGUID := staged.guid
	if command == "" {
		droplet, err := api.Droplets.GetCurrentForApp(ctx, appGUID)
		if err != nil {
			return stagedTask{}, fmt.Errorf("cannot read the droplet of %s: %s", plan.name, describe(err))
		}
		command = droplet.ProcessTypes["web"]
	}
	if command == "" {
		return stagedTask{}, fmt.Errorf("the droplet of %s has no start command (a docker image without one?): set deployer.%s.cloudfoundry.command", plan.name, spec.TaskName)
	}
	return stagedTask{api: api, space: space, appGUID: appGUID, plan: plan, command: command, cfEnv: staged.cfEnv}, nil
}

// checkConcurrency refuses a launch when the space already runs maximumConcurrentTasks tasks, counting
// pending ones too (SCDF counted RUNNING only, so a burst of launches went over).
func (t *Tasks) checkConcurrency(ctx context.Context, api *client.Client, space string, max int) error {
	o := client.NewTaskListOptions()
	o.States.EqualTo("PENDING", "RUNNING")
	o.SpaceGUIDs.EqualTo(space)
	o.PerPage = 1
	_, pager, err := api.Tasks.List(ctx, o)
	if err != nil {
		return fmt.Errorf("cannot count the running tasks: %s", describe(err))
	}
	if pager.TotalResults >= max {
		return fmt.Errorf("Cannot launch task: the limit of %d concurrent task executions on platform '%s' is reached (maximumConcurrentTasks)", max, t.Account.Name)
	}
	return nil
}

// stagedApp returns the GUID of the task's app, pushing it (stopped: only its droplet is needed) when it is
// missing or was staged from something else. A changed app is deleted and pushed again, as SCDF did, but
// never under runs that are still going. The app is bound to the account's and the task's services (SCDF's
// task push bound them, so the runs see them in VCAP_SERVICES); a missing service fails the launch before the
// old app is deleted.
//
// With the account's pushTaskAppsEnabled false, the app is someone else's to push (a platform team's pipeline):
// it must exist, and is used as it is, as SCDF did.
func (t *Tasks) stagedApp(ctx context.Context, api *client.Client, space string, plan appPlan, digest string, push bool) (stagedApp, error) {
	o := client.NewAppListOptions()
	o.Names.EqualTo(plan.name)
	o.SpaceGUIDs.EqualTo(space)
	apps, _, err := api.Applications.List(ctx, o)
	if err != nil {
		return stagedApp{}, fmt.Errorf("cannot look up app %s: %s", plan.name, describe(err))
	}
	if !push {
		if len(apps) == 0 {
			return stagedApp{}, fmt.Errorf("app %s does not exist in the space, and the account's pushTaskAppsEnabled is false: push it first (cf push %s), or let dataflow push it", plan.name, plan.name)
		}
		return stagedApp{guid: apps[0].GUID, cfEnv: annotated(apps[0], cfEnvAnnotation)}, nil
	}
	owner, err := t.owner(ctx)
	if err != nil {
		return stagedApp{}, err
	}
	plan.labels = withOwner(plan.labels, owner)
	if len(apps) > 0 {
		app := apps[0]
		if err := t.checkTaskApp(app, owner); err != nil {
			return stagedApp{}, err
		}
		if app.Metadata != nil && app.Metadata.Annotations[stagedDigest] != nil && *app.Metadata.Annotations[stagedDigest] == digest {
			return stagedApp{guid: app.GUID, cfEnv: annotated(app, cfEnvAnnotation)}, nil
		}
	}
	services, err := resolveServices(ctx, api, space, plan.services)
	if err != nil {
		return stagedApp{}, err
	}
	if len(apps) > 0 {
		app := apps[0]
		if err := t.checkNoRuns(ctx, api, app.GUID, plan.name); err != nil {
			return stagedApp{}, err
		}
		if err := t.deleteApp(ctx, api, app.GUID, plan.name); err != nil {
			return stagedApp{}, err
		}
	}
	bits, err := openSource(ctx, plan.source)
	if err != nil {
		return stagedApp{}, err
	}
	defer bits.Close()
	annotations := map[string]string{stagedDigest: digest}
	cfEnv := plan.source != "" && jarHasCfEnv(bits)
	if cfEnv {
		if err := plan.useCfEnv(true); err != nil {
			return stagedApp{}, err
		}
		annotations[cfEnvAnnotation] = "true"
	}
	app, err := createApp(ctx, api, space, plan, annotations)
	if err != nil {
		return stagedApp{}, err
	}
	err = errGroup(
		func() error { return t.stageCurrent(ctx, api, app.GUID, plan, bits) },
		func() error { return t.bindServices(ctx, api, app.GUID, services) },
	)
	if err != nil {
		if derr := t.deleteApp(context.WithoutCancel(ctx), api, app.GUID, plan.name); derr != nil {
			return stagedApp{}, fmt.Errorf("%w, and the app could not be removed: %w", err, derr)
		}
		return stagedApp{}, err
	}
	return stagedApp{guid: app.GUID, cfEnv: cfEnv}, nil
}

// stagedApp is a task's app ready to run; cfEnv says its jar carries java-cfenv.
type stagedApp struct {
	guid  string
	cfEnv bool
}

// annotated says whether an app carries the annotation with the value "true".
func annotated(app *resource.App, key string) bool {
	return app.Metadata != nil && app.Metadata.Annotations[key] != nil && *app.Metadata.Annotations[key] == "true"
}

func (t *Tasks) checkNoRuns(ctx context.Context, api *client.Client, appGUID, name string) error {
	o := client.NewTaskListOptions()
	o.States.EqualTo("PENDING", "RUNNING")
	o.PerPage = 1
	_, pager, err := api.Tasks.ListForApp(ctx, appGUID, o)
	if err != nil {
		return fmt.Errorf("cannot list the tasks of %s: %s", name, describe(err))
	}
	if pager.TotalResults > 0 {
		return fmt.Errorf("the task app %s must be staged again (its resource or properties changed), but %d of its runs are still going: wait for them or stop them first", name, pager.TotalResults)
	}
	return nil
}

// digestOf covers what the droplet and the app's environment are made from.
func digestOf(spec platforms.TaskSpec, plan appPlan) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d\n%d\n%s\n", spec.Resource, plan.memoryMB, plan.diskMB, strings.Join(plan.buildpacks, ","))
	for _, k := range slices.Sorted(maps.Keys(plan.env)) {
		fmt.Fprintf(h, "env %s=%s\n", k, plan.env[k])
	}
	for _, k := range slices.Sorted(maps.Keys(spec.DeployerProperties)) {
		fmt.Fprintf(h, "deployer %s=%s\n", k, spec.DeployerProperties[k])
	}
	// The account's services too (the task's are among its deployer properties); none adds nothing, so the
	// digest of an app without services is what it was before services were bound.
	for _, svc := range plan.services {
		fmt.Fprintf(h, "service %s %v\n", svc.name, svc.params)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// commandLine is the start command and the arguments, each quoted for the shell that runs CF tasks (SCDF
// joined them bare, so a value with a space or a quote broke the command).
func commandLine(command string, args []string) string {
	var b strings.Builder
	b.WriteString(command)
	for _, a := range args {
		b.WriteByte(' ')
		b.WriteString(shellQuote(a))
	}
	return b.String()
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_=./:,@%+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// TaskEnded reads the CF task's state: SUCCEEDED ends with 0, FAILED with 1 and CF's failure reason; a task
// the CC no longer has (its app was deleted) ended too. Anything else, or no answer, is still running.
func (t *Tasks) TaskEnded(ctx context.Context, handle string) platforms.TaskEnd {
	h, err := parseTaskHandle(handle)
	if err != nil {
		return platforms.TaskEnd{}
	}
	api, err := t.session(ctx)
	if err != nil {
		return platforms.TaskEnd{}
	}
	task, err := api.Tasks.Get(ctx, h.GUID)
	switch {
	case resource.IsResourceNotFoundError(err):
		return platforms.TaskEnd{Ended: true, Failed: true, ExitCode: -1, Message: "the Cloud Foundry task is gone (its app was deleted)"}
	case err != nil:
		return platforms.TaskEnd{}
	}
	switch task.State {
	case "SUCCEEDED":
		return platforms.TaskEnd{Ended: true}
	case "FAILED":
		reason := "the Cloud Foundry task failed"
		if task.Result.FailureReason != nil && *task.Result.FailureReason != "" {
			reason = *task.Result.FailureReason
		}
		return platforms.TaskEnd{Ended: true, Failed: true, ExitCode: 1, Message: reason}
	}
	return platforms.TaskEnd{}
}

// CleanupTask has nothing to do: the CC keeps task records itself and the staged app is reused, as in SCDF.
func (t *Tasks) CleanupTask(ctx context.Context, handle string) error { return nil }

// StopTask cancels the CF task; one that already ended, or is gone, is not an error.
func (t *Tasks) StopTask(handle string) error {
	h, err := parseTaskHandle(handle)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	api, err := t.session(ctx)
	if err != nil {
		return err
	}
	_, err = api.Tasks.Cancel(ctx, h.GUID)
	var cfErr resource.CloudFoundryError
	ended := errors.As(err, &cfErr) && cfErr.Title == "CF-InvalidTaskRequest" // cancelling a finished task
	if err == nil || ended || resource.IsResourceNotFoundError(err) {
		return nil
	}
	return fmt.Errorf("cannot cancel task %s: %s", h.GUID, describe(err))
}

func mustJSON(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

// FetchesURLs is true, as for apps: flow resolves maven:// task apps to the jar it pushes.
func (t *Tasks) FetchesURLs() bool { return true }
