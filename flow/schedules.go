package flow

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
	"github.com/dataflow-cli/dataflow/taskdb"
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

var dns1123Label = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`) })

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
func (f *Flow) CreateSchedule(ctx context.Context, req ScheduleRequest) (string, error) {
	r := f.Store.Read()
	d, err := r.GetDefinition(ctx, store.TaskDefinitions, req.DefinitionName)
	if errors.Is(err, store.ErrNotFound) {
		return "", newError(CodeTaskNotFound, req.DefinitionName)
	}
	if err != nil {
		return "", err
	}
	acc, err := f.scheduleAccount(req.Platform)
	if err != nil {
		return "", err
	}
	name, err := f.scheduleNameFor(acc, req.Name)
	if err != nil {
		return "", err
	}
	if err := validateCron(f.traits(acc).Cron, req.Expression); err != nil {
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
	scheduler, err := f.scheduler(acc)
	if err != nil {
		return "", err
	}
	resource, err := f.runnableURI(ctx, scheduler, task.registration.URI)
	if err != nil {
		return "", err
	}
	args, propertyArgs := task.argsCounted(req.Arguments)
	args, secrets := secretArgsToEnv(args)
	env := map[string]string{"SPRING_CLOUD_TASK_NAME": req.DefinitionName}
	tdb, err := f.taskDB(ctx)
	if err != nil {
		return "", err
	}
	if tdb != nil {
		args = append(args, tdb.datasourceArgs(acc, taskdb.TargetForBootVersion(task.registration.BootVersion), task.props)...)
		if tdb.password != "" {
			// A CronJob reads it from the schedule's Secret; a Cloud Foundry task from its app's environment.
			if acc.Kubernetes != nil {
				if secrets == nil {
					secrets = map[string]string{}
				}
				secrets[secretPasswordVariable] = tdb.password
			} else {
				env[secretPasswordVariable] = tdb.password
			}
		}
	}
	deployer := scheduleDeployerProperties(req.Properties, task.app.EffectiveLabel())
	spec := platforms.ScheduleSpec{Name: name, Expression: strings.TrimSpace(req.Expression), Task: platforms.TaskSpec{
		TaskName: req.DefinitionName, Resource: resource, Args: args, PropertyArgs: propertyArgs, SecretEnv: secrets,
		Env:                env,
		DeployerProperties: deployer, SecretEnvNames: secretEnvNames(deployer),
	}}
	f.noteIgnoredDeployerKeys(acc, deployer)
	if err := scheduler.CreateSchedule(ctx, spec); err != nil {
		return "", fmt.Errorf("schedule '%s' of task '%s': %w", name, req.DefinitionName, err)
	}
	rec := store.Schedule{Name: name, TaskName: req.DefinitionName, Platform: acc.Name, Expression: spec.Expression,
		Resource: DisplayURI(task.registration.URI), Arguments: redactArgList(req.Arguments), Properties: propertyLines(req.Properties), CreatedAt: f.Now()}
	audit := store.AuditRecord{Operation: store.AuditSchedule, Action: store.AuditCreate, Correlation: name, Platform: acc.Name,
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

// maxCFScheduleNameLength is SCDF's limit for Cloud Foundry (CloudFoundryAppScheduler): the scheduler job is
// named after the schedule.
const maxCFScheduleNameLength = 255

// scheduleNameFor checks a schedule name for the account's platform before anything is created. Kubernetes
// names the CronJob after it, lower-cased as SCDF does; Cloud Foundry names the scheduler job after it as
// given (SCDF neither lower-cases it nor limits its characters there).
func (f *Flow) scheduleNameFor(acc platforms.Account, name string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", errors.New("The schedule name is empty: give --name")
	}
	if f.traits(acc).ScheduleNames == platforms.ScheduleNamesAsGiven {
		if len(name) > maxCFScheduleNameLength {
			return "", fmt.Errorf("Schedule name '%.40s...' is %d characters: the name specified exceeds the maximum schedule name length of %d", name, len(name), maxCFScheduleNameLength)
		}
		if strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return "", fmt.Errorf("Schedule name %q holds control characters", name)
		}
		return name, nil
	}
	lower := strings.ToLower(name)
	if len(lower) > maxScheduleNameLength {
		return "", fmt.Errorf("Schedule name '%s' is %d characters: the name specified exceeds the maximum schedule name length of %d (Kubernetes appends 11 characters to name each run's Job)", name, len(lower), maxScheduleNameLength)
	}
	if !dns1123Label().MatchString(lower) {
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

// secretArgsToEnv takes secret argument values (--password=x, --token x, a URL with a password in any argument)
// out of the arguments into environment variables the platform keeps in a secret, leaving $(NAME) references
// that Kubernetes expands: a CronJob's spec is kept, and shown by kubectl, for as long as the schedule exists.
func secretArgsToEnv(args []string) ([]string, map[string]string) {
	out := make([]string, len(args))
	env := map[string]string{}
	for i, a := range args {
		out[i] = a
		k, v, isOption := strings.Cut(a, "=")
		isOption = isOption && strings.HasPrefix(k, "--")
		switch {
		case isOption && v != "" && isSecretProperty(k, v):
			name := secretEnvName(k, env)
			env[name] = v
			out[i] = k + "=$(" + name + ")"
		case strings.HasPrefix(a, "--"):
		case i > 0 && isBareOption(args[i-1]) && (IsSecretKey(args[i-1]) || IsSecretValue(a)):
			name := secretEnvName(args[i-1], env)
			env[name] = a
			out[i] = "$(" + name + ")"
		case IsSecretValue(a): // a positional argument
			name := secretEnvName("arg"+strconv.Itoa(i+1), env)
			env[name] = a
			out[i] = "$(" + name + ")"
		}
	}
	return out, env
}

func isBareOption(a string) bool { return strings.HasPrefix(a, "--") && !strings.Contains(a, "=") }

var notEnvChar = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^A-Za-z0-9]+`) })

// secretEnvName names the variable of a secret option: DATAFLOW_SECRET_DB_PASSWORD for --db.password.
func secretEnvName(option string, taken map[string]string) string {
	base := "DATAFLOW_SECRET_" + strings.ToUpper(strings.Trim(notEnvChar().ReplaceAllString(strings.TrimLeft(option, "-"), "_"), "_"))
	name := base
	for n := 2; ; n++ {
		if _, used := taken[name]; !used {
			return name
		}
		name = fmt.Sprintf("%s_%d", base, n)
	}
}
