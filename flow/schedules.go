package flow

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// SchedulerFactory builds the scheduler of an account; cmd/dataflow wires the platform implementations in.
type SchedulerFactory func(acc platforms.Account) (platforms.Scheduler, error)

// ScheduleRequest is `task schedule create`.
type ScheduleRequest struct {
	Name           string
	DefinitionName string
	Expression     string
	Platform       string
	Properties     map[string]string // app.<app>.k, deployer.<app>.k, scheduler.k, version.<app>
	Arguments      []string
}

// cronExpressionKey is where SCDF keeps a schedule's expression; `task schedule list` shows it under this key.
const cronExpressionKey = "spring.cloud.scheduler.cron.expression"

// maxScheduleNameLength is SCDF's limit for Kubernetes: the CronJob controller appends 11 characters to name
// the Jobs, and a Job name has at most 63.
const maxScheduleNameLength = 52

var dns1123Label = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// ScheduleView is one line of `task schedule list`.
type ScheduleView struct {
	Name           string            `json:"scheduleName" yaml:"scheduleName"`
	DefinitionName string            `json:"taskDefinitionName" yaml:"taskDefinitionName"`
	Platform       string            `json:"platformName" yaml:"platformName"`
	Properties     map[string]string `json:"scheduleProperties" yaml:"scheduleProperties"`
	Arguments      []string          `json:"arguments,omitempty" yaml:"arguments,omitempty"`
}

// CreateSchedule checks everything it can before asking the platform (the definition, the account, the name,
// the cron expression, the properties), creates the schedule there, then records it; a record that cannot be
// written takes the platform's schedule away again, so the two never disagree.
func (f *Flow) CreateSchedule(ctx context.Context, req ScheduleRequest, accounts *Accounts, schedulers SchedulerFactory) (string, error) {
	r := f.Store.Read()
	d, err := r.GetDefinition(ctx, store.TaskDefinitions, req.DefinitionName)
	if errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("Could not find task definition named %s", req.DefinitionName)
	}
	if err != nil {
		return "", err
	}
	acc, err := accounts.ScheduleAccount(req.Platform)
	if err != nil {
		return "", err
	}
	name, err := scheduleNameFor(acc, req.Name)
	if err != nil {
		return "", err
	}
	if err := ValidateKubernetesCron(req.Expression); err != nil {
		return "", err
	}
	if composed, err := f.IsComposedTask(ctx, req.DefinitionName); err != nil || composed {
		if err == nil {
			err = fmt.Errorf("Task %s is a composed task: its graph runs in dataflow, not on the platform, so it cannot be scheduled there (schedule each step's definition, or run 'task launch %s' from cron)", req.DefinitionName, req.DefinitionName)
		}
		return "", err
	}
	task, err := f.resolveTask(ctx, req.DefinitionName, d, req.Properties)
	if err != nil {
		return "", err
	}
	if _, err := r.GetSchedule(ctx, name); err == nil {
		return "", fmt.Errorf("Schedule '%s' already exists (task %s): choose another name, or destroy it first", name, req.DefinitionName)
	} else if !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	scheduler, err := schedulers(acc)
	if err != nil {
		return "", err
	}
	spec := platforms.ScheduleSpec{Name: name, Expression: strings.TrimSpace(req.Expression), Task: platforms.TaskSpec{
		TaskName: req.DefinitionName, Resource: task.registration.URI, Args: task.args(req.Arguments),
		Env:                map[string]string{"SPRING_CLOUD_TASK_NAME": req.DefinitionName},
		DeployerProperties: scheduleDeployerProperties(req.Properties, task.app.EffectiveLabel()),
	}}
	if err := scheduler.CreateSchedule(ctx, spec); err != nil {
		return "", err
	}
	rec := store.Schedule{Name: name, TaskName: req.DefinitionName, Platform: acc.Name, Expression: spec.Expression,
		Resource: task.registration.URI, Arguments: redactArgList(req.Arguments), Properties: propertyLines(req.Properties), CreatedAt: f.Now()}
	audit := store.AuditRecord{Operation: "SCHEDULE", Action: "CREATE", Correlation: name, Platform: acc.Name,
		Data: "task=" + req.DefinitionName + "," + cronExpressionKey + "=" + spec.Expression + joinNonEmpty(",", strings.ReplaceAll(rec.Properties, "\n", ","))}
	err = f.change(ctx, audit, func(tx *store.Tx) error {
		if _, err := tx.GetSchedule(ctx, name); err == nil {
			return fmt.Errorf("Schedule '%s' was created by another dataflow process at the same time", name)
		}
		return tx.InsertSchedule(ctx, rec)
	})
	if err != nil {
		// The platform's schedule would run with no record of it: take it away again.
		if derr := scheduler.DeleteSchedule(context.WithoutCancel(ctx), name); derr != nil {
			return "", fmt.Errorf("%w; and the schedule %s created on %s could not be deleted again: %v", err, name, acc.Name, derr)
		}
		return "", err
	}
	return name, nil
}

func joinNonEmpty(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}

// scheduleNameFor checks a schedule name for the account's platform before anything is created. Kubernetes
// names the CronJob after it, lower-cased as SCDF does.
func scheduleNameFor(acc platforms.Account, name string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", errors.New("The schedule name is empty: give --name")
	}
	lower := strings.ToLower(name)
	if len(lower) > maxScheduleNameLength {
		return "", fmt.Errorf("Schedule name '%s' is %d characters: the name specified exceeds the maximum schedule name length of %d (Kubernetes appends 11 characters to name each run's Job)", name, len(lower), maxScheduleNameLength)
	}
	if !dns1123Label.MatchString(lower) {
		return "", fmt.Errorf("Schedule name '%s' cannot name a Kubernetes CronJob: use lower-case letters, digits and '-', starting and ending with a letter or digit", name)
	}
	return lower, nil
}

// scheduleDeployerProperties are what a launch's deployer.<app>.k would give, with SCDF's scheduler.kubernetes.k
// mapped onto spring.cloud.deployer.kubernetes.k (the scheduler's key wins: it is the one meant for schedules).
func scheduleDeployerProperties(props map[string]string, label string) map[string]string {
	out := deployProperties(props).deployerProperties(label)
	for _, k := range sortedKeys(props) {
		if rest, ok := strings.CutPrefix(k, "scheduler."); ok && rest != "cron.expression" {
			out[deployerPrefix+rest] = props[k]
		}
	}
	return out
}

// ScheduleAccount is the account a schedule goes to: the one named, else the only account that can schedule,
// else the one named "default". Local accounts cannot schedule, as SCDF's local deployer has no scheduler.
func (a *Accounts) ScheduleAccount(name string) (platforms.Account, error) {
	all := a.config.TaskAccounts()
	if name == "" {
		var capable []platforms.Account
		for _, acc := range all {
			if canSchedule(acc) {
				capable = append(capable, acc)
			}
		}
		switch {
		case len(capable) == 1:
			return capable[0], nil
		case len(capable) > 1:
			for _, acc := range capable {
				if acc.Name == "default" {
					return acc, nil
				}
			}
			var names []string
			for _, acc := range capable {
				names = append(names, acc.Name)
			}
			return platforms.Account{}, fmt.Errorf("Must select a platform: more than one platform can schedule (%s); give --platform", strings.Join(names, ", "))
		}
	}
	acc, err := pickAccount(all, name, "Task platform '%s' does not exist: the task platforms are %s")
	if err != nil {
		return acc, err
	}
	if !canSchedule(acc) {
		return acc, noSchedulerError(acc)
	}
	return acc, nil
}

// canSchedule says whether dataflow can keep schedules on an account's platform.
func canSchedule(acc platforms.Account) bool { return acc.Type == platforms.Kubernetes }

func noSchedulerError(acc platforms.Account) error {
	if acc.Type == platforms.Local {
		return fmt.Errorf("Task platform '%s' is a local account, which cannot schedule tasks (SCDF's local deployer has no scheduler): give --platform with a Kubernetes account (see 'task platform-list'), or run 'dataflow task launch' from cron", acc.Name)
	}
	return fmt.Errorf("Task platform '%s' is a %s account: scheduling tasks there is not available in this version", acc.Name, acc.Type.TaskTypeName())
}

// Schedules lists the recorded schedules, narrowed to an account and a task definition when given.
func (f *Flow) Schedules(ctx context.Context, platform, definitionName string, accounts *Accounts) ([]ScheduleView, error) {
	if platform != "" {
		if _, err := accounts.TaskAccount(platform); err != nil {
			return nil, err
		}
	}
	list, err := f.Store.Read().ListSchedules(ctx, platform, definitionName)
	if err != nil {
		return nil, err
	}
	out := make([]ScheduleView, 0, len(list))
	for _, s := range list {
		props := map[string]string{cronExpressionKey: s.Expression}
		for _, line := range strings.Split(s.Properties, "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				props[k] = v
			}
		}
		out = append(out, ScheduleView{Name: s.Name, DefinitionName: s.TaskName, Platform: s.Platform, Properties: props, Arguments: s.Arguments})
	}
	return out, nil
}

// propertyLines is a property map as stored with a schedule: secret-looking values masked, one key=value a
// line, since values may hold commas.
func propertyLines(props map[string]string) string {
	masked := RedactProperties(props)
	lines := make([]string, 0, len(masked))
	for _, k := range sortedKeys(masked) {
		lines = append(lines, k+"="+RedactText(masked[k]))
	}
	return strings.Join(lines, "\n")
}

// redactArgList masks secret-looking arguments, including a value given as the word after its option
// ("--password s3cret"), which a word-by-word redaction would keep.
func redactArgList(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if i > 0 && strings.HasPrefix(args[i-1], "--") && !strings.Contains(args[i-1], "=") && IsSecretKey(args[i-1]) && !strings.HasPrefix(a, "--") {
			out[i] = Redacted
			continue
		}
		out[i] = RedactText(a)
	}
	return out
}

// ScheduleNames lists the recorded schedule names, for completion.
func (f *Flow) ScheduleNames(ctx context.Context) ([]string, error) {
	list, err := f.Store.Read().ListSchedules(ctx, "", "")
	if err != nil {
		return nil, err
	}
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.Name
	}
	return names, nil
}

// DestroySchedule deletes a schedule from its platform, then its record. The runs it started that were not
// seen yet are recorded first, since deleting the schedule deletes them on the platform too.
func (f *Flow) DestroySchedule(ctx context.Context, name, platform string, accounts *Accounts, schedulers SchedulerFactory) error {
	s, err := f.Store.Read().GetSchedule(ctx, strings.ToLower(name))
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("Schedule '%s' does not exist (see 'task schedule list')", name)
	}
	if err != nil {
		return err
	}
	if platform != "" && platform != s.Platform {
		return fmt.Errorf("Schedule '%s' is on platform '%s', not '%s'", name, s.Platform, platform)
	}
	return f.unschedule(ctx, s, accounts, schedulers)
}

func (f *Flow) unschedule(ctx context.Context, s store.Schedule, accounts *Accounts, schedulers SchedulerFactory) error {
	acc, err := accounts.TaskAccount(s.Platform)
	if err != nil {
		return fmt.Errorf("schedule '%s' is on platform '%s', which is no longer configured: %w", s.Name, s.Platform, err)
	}
	scheduler, err := schedulers(acc)
	if err != nil {
		return err
	}
	f.observeAccount(ctx, acc.Name, scheduler)
	if err := scheduler.DeleteSchedule(ctx, s.Name); err != nil {
		return err
	}
	audit := store.AuditRecord{Operation: "SCHEDULE", Action: "DELETE", Correlation: s.Name, Platform: s.Platform, Data: "task=" + s.TaskName}
	return f.change(ctx, audit, func(tx *store.Tx) error { return tx.DeleteSchedule(ctx, s.Name) })
}

// destroyTaskSchedules deletes the schedules of task definitions, as SCDF's task destroy does.
func (f *Flow) destroyTaskSchedules(ctx context.Context, names []string, accounts *Accounts, schedulers SchedulerFactory) error {
	for _, name := range names {
		list, err := f.Store.Read().ListSchedules(ctx, "", name)
		if err != nil {
			return err
		}
		if len(list) > 0 && (accounts == nil || schedulers == nil) {
			return fmt.Errorf("Task %s has schedules (%s): they cannot be deleted without the platform accounts", name, list[0].Name)
		}
		for _, s := range list {
			if err := f.unschedule(ctx, s, accounts, schedulers); err != nil {
				return fmt.Errorf("cannot delete schedule '%s' of task %s: %w", s.Name, name, err)
			}
		}
	}
	return nil
}
