package flow

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
	"github.com/dataflow-cli/dataflow/taskdb"
)

// LaunchRequest is `task launch`.
type LaunchRequest struct {
	Name       string
	Platform   string
	Properties map[string]string // app.<name>.k=v, app.*.k=v, deployer.*, version.<name>
	Arguments  []string
	// parentID is the composed execution a step is launched for.
	parentID int64
	// restartOf is the failed composed execution a new run resumes.
	restartOf int64
}

// LaunchTask records an execution, then starts the task's app on the chosen account. With a task database, the
// execution's row is created there first (its id is the execution id) and the app is given the datasource and
// --spring.cloud.task.executionid, so Spring Cloud Task records its run in that row. Without one, the app gets
// no execution id (Spring Cloud Task would stop at start looking it up in its own records) and dataflow records
// what the platform reports. A launch that fails to start is recorded as failed.
func (f *Flow) LaunchTask(ctx context.Context, req LaunchRequest) (_ int64, err error) {
	// Connecting to the task database (a new server process, a password exchange) overlaps reading the
	// definition and the registry.
	openTaskDB := f.taskDBAsync(ctx)
	d, err := f.Store.Read().GetDefinition(ctx, store.TaskDefinitions, req.Name)
	if errors.Is(err, store.ErrNotFound) {
		return 0, newError(CodeTaskNotFound, req.Name)
	}
	if err != nil {
		return 0, err
	}
	task, err := f.resolveTask(ctx, req.Name, d, req.Properties)
	if err != nil {
		return 0, err
	}
	acc, launcher, err := f.taskLauncher(req.Platform)
	if err != nil {
		return 0, err
	}
	taskApp, app, props := task.app, task.registration, task.props
	tdb, err := openTaskDB()
	if err != nil {
		return 0, err
	}
	target := taskdb.TargetForBootVersion(app.BootVersion)
	// A maven:// app is fetched before the execution is recorded: one that cannot be had launches nothing.
	resource, err := f.runnableURI(ctx, launcher, app.URI)
	if err != nil {
		return 0, err
	}
	// Local runs write their output to a file of their own; other platforms keep it (a pod's log).
	logFile := func(int64) string { return "" }
	if f.traits(acc).TaskLogFiles {
		dir := filepath.Join(platforms.LocalWorkDir(acc, f.platforms.env.DataDir), req.Name)
		logFile = func(id int64) string { return filepath.Join(dir, strconv.FormatInt(id, 10)+".log") }
	}
	deployer := deployProperties(req.Properties).deployerProperties(taskApp.EffectiveLabel())
	f.noteIgnoredDeployerKeys(acc, deployer)
	specFor := func(id int64) platforms.TaskSpec {
		args, propertyArgs := task.argsCounted(req.Arguments)
		env := map[string]string{"SPRING_CLOUD_TASK_NAME": req.Name}
		var secrets map[string]string
		takesSecrets := false
		if s, ok := launcher.(platforms.SecretEnvLauncher); ok && s.TakesSecretEnv() {
			takesSecrets = true
			args, secrets = secretArgsToEnv(args) // kept out of the pod spec, as a schedule's are
		}
		if tdb != nil {
			args = append(args, tdb.appArgs(acc, target, id, req.parentID, props)...)
			if tdb.password != "" {
				if takesSecrets {
					if secrets == nil {
						secrets = map[string]string{}
					}
					secrets[secretPasswordVariable] = tdb.password
				} else {
					env[secretPasswordVariable] = tdb.password
				}
			}
		}
		return platforms.TaskSpec{ExecutionID: id, TaskName: req.Name, Resource: resource, Args: args, PropertyArgs: propertyArgs, SecretEnv: secrets,
			Env:                env,
			LogPath:            logFile(id),
			DeployerProperties: deployer, SecretEnvNames: secretEnvNames(deployer)}
	}
	// A launch the platform would refuse (a bad deployer property) records nothing.
	if v, ok := launcher.(platforms.TaskValidator); ok {
		if err := v.ValidateTask(specFor(0)); err != nil {
			return 0, fmt.Errorf("task '%s': %w", req.Name, err)
		}
	}
	if c, ok := launcher.(platforms.Connector); ok {
		c.Connect(ctx) // its first request overlaps the writes below
	}
	// The record keeps the launch's properties as given (app., deployer., ...): SCDF's Deployment Properties.
	exec := store.Execution{TaskName: req.Name, Platform: acc.Name, Resource: DisplayURI(app.URI), Arguments: redactArgs(req.Arguments),
		Properties: RedactText(propertyList(req.Properties)), Status: store.ExecutionLaunching, StartTime: f.Now(), ParentID: req.parentID,
		Launcher: procid.Self()}
	if tdb != nil {
		if exec.ID, err = f.createRow(ctx, tdb, target, req.Name, req.parentID); err != nil {
			return 0, err
		}
		exec.SchemaTarget = target.Name
	}
	var id int64
	audit := store.AuditRecord{Operation: store.AuditTask, Action: store.AuditDeploy, Correlation: req.Name, Platform: acc.Name, Data: exec.Properties}
	auditID, err := f.changeAudited(ctx, audit, func(tx *store.Tx) error {
		var err error
		id, err = tx.InsertExecution(ctx, exec)
		if err != nil {
			return err
		}
		return tx.SetExecutionLog(ctx, id, logFile(id))
	})
	if err != nil {
		if tdb != nil { // the row is not left without its record
			_ = tdb.db.DeleteExecutions(context.WithoutCancel(ctx), target, []int64{exec.ID})
		}
		return 0, err
	}
	defer func() { f.auditFailure(ctx, auditID, err) }()
	launched, err := launcher.LaunchTask(ctx, specFor(id))
	if err != nil {
		return id, f.recordFailedLaunch(ctx, req.Name, id, launched, err)
	}
	if err := f.Store.Read().MarkExecutionRunning(ctx, id, launched.ExternalID, launched.Handle); err != nil {
		return id, err
	}
	if tdb != nil && launched.ExternalID != "" {
		if err := tdb.db.SetExternalID(ctx, target, id, launched.ExternalID); err != nil {
			return id, fmt.Errorf("task %s (execution %d) was launched, but its external id was not recorded in the task database: %w", req.Name, id, err)
		}
	}
	return id, nil
}

// recordFailedLaunch records a launch that did not start as ERROR. When the platform could not remove all the
// launch made, the run's handle is kept with the record, so that `task execution cleanup` can remove what is
// left (a pod, a Secret holding the run's passwords), and the error says so.
func (f *Flow) recordFailedLaunch(ctx context.Context, task string, id int64, left platforms.Launched, err error) error {
	ctx = context.WithoutCancel(ctx) // a cancelled launch is recorded all the same
	hint := ""
	if left.Handle != "" {
		hint = fmt.Sprintf(" (`task execution cleanup --id %d` removes it)", id)
	}
	rerr := f.Store.InTx(ctx, func(tx *store.Tx) error {
		if left.Handle != "" {
			if err := tx.MarkExecutionRunning(ctx, id, left.ExternalID, left.Handle); err != nil {
				return err
			}
		}
		return tx.EndExecution(ctx, id, store.ExecutionError, -1, err.Error()+hint, f.Now())
	})
	if rerr == nil {
		if e, gerr := f.Store.Read().GetExecution(ctx, id); gerr == nil {
			rerr = f.endRow(ctx, e, -1, err.Error()+hint, f.Now())
		}
	}
	if rerr != nil {
		hint += fmt.Sprintf("; and its end could not be recorded: %v", rerr)
	}
	return fmt.Errorf("task %s (execution %d) did not start: %w%s", task, id, err, hint)
}

// resolvedTask is a task definition (not a composed one) resolved for a run: its app, the app's registration,
// and the app properties the run gets. Launches and schedules resolve a task the same way.
type resolvedTask struct {
	app          *dsl.TaskApp
	registration store.AppRecord
	props        map[string]string
}

func (f *Flow) resolveTask(ctx context.Context, name string, d store.Definition, launchProps map[string]string) (resolvedTask, error) {
	t, err := dsl.ParseTask(name, d.Definition, true)
	if err != nil {
		return resolvedTask{}, err
	}
	if t.IsComposed() {
		return resolvedTask{}, fmt.Errorf("task %s is a composed task: run it with RunComposedTask", name)
	}
	taskApp := t.Sequences[0].Elements[0].App
	app, err := f.FindApp(ctx, AppTypeTask, taskApp.Name, launchProps["version."+taskApp.EffectiveLabel()])
	if err != nil {
		return resolvedTask{}, err
	}
	opts, err := appOptions(ctx, f.Store.Read(), app.Type, app.Name, app.Version, false)
	if err != nil {
		return resolvedTask{}, err
	}
	// SCDF's TaskServiceUtils.mergeAndExpandAppProperties: the definition's and the launch's app properties,
	// short names qualified with the app's options.
	props, err := qualify(fmt.Sprintf("task '%s'", name), opts, taskAppProperties(taskApp, launchProps))
	if err != nil {
		return resolvedTask{}, err
	}
	return resolvedTask{app: taskApp, registration: app, props: props}, nil
}

// args are the app properties as --k=v (sorted), then the command-line arguments.
// argsCounted is the task's properties as --k=v arguments, then the command-line arguments, as SCDF's
// createCommandArgs makes them: a property with no value is left out, and so is one whose key a command-line
// argument also sets (the argument wins). n is how many of args are properties.
func (r resolvedTask) argsCounted(arguments []string) (args []string, n int) {
	given := map[string]bool{}
	for _, a := range arguments {
		k, _, _ := strings.Cut(strings.TrimSpace(a), "=")
		given[strings.TrimPrefix(k, "--")] = true
	}
	args = make([]string, 0, len(r.props)+len(arguments)+1)
	for _, k := range sortedKeys(r.props) {
		if r.props[k] == "" || given[k] {
			continue
		}
		args = append(args, "--"+k+"="+r.props[k])
	}
	return append(args, arguments...), len(args)
}

// taskAppProperties merges the definition's arguments with app.*.k and app.<label>.k launch properties (the
// label's win, as SCDF gives the specific key precedence).
func taskAppProperties(a *dsl.TaskApp, launch map[string]string) map[string]string {
	props := dsl.PropertyMap(a.Properties)
	for _, prefix := range []string{"app.*.", "app." + a.EffectiveLabel() + "."} {
		for k, v := range launch {
			if strings.HasPrefix(k, prefix) {
				props[strings.TrimPrefix(k, prefix)] = v
			}
		}
	}
	return props
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func propertyList(m map[string]string) string {
	parts := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ",")
}

func redactArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = RedactText(a)
		// "--token abc": the value is the word after a secret-looking option, as secretArgsToEnv reads it.
		if i > 0 && !strings.HasPrefix(a, "--") && isBareOption(args[i-1]) && (IsSecretKey(args[i-1]) || IsSecretValue(a)) {
			out[i] = Redacted
		}
	}
	return out
}

// TaskAccount finds a task account by name; with no name, the only account, or the one named "default".
func (a *Accounts) TaskAccount(name string) (platforms.Account, error) {
	return pickAccount(a.config.TaskAccounts(), name, "Task platform '%s' does not exist: the task platforms are %s")
}

// pickAccount finds an account by name; with no name, the only one, or the one named "default". notFound is
// the message (name, the names there are) when there is none.
func pickAccount(list []platforms.Account, name, notFound string) (platforms.Account, error) {
	if name == "" {
		if len(list) == 1 {
			return list[0], nil
		}
		name = "default"
	}
	var names []string
	for _, acc := range list {
		if acc.Name == name {
			return acc, nil
		}
		names = append(names, acc.Name)
	}
	return platforms.Account{}, fmt.Errorf(notFound, name, strings.Join(names, ", "))
}
