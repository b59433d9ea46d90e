package cloudfoundry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/platforms"
)

// maxJobName is SCDF's limit on a CF schedule name (CloudFoundryAppScheduler): the job is named after it.
const maxJobName = 255

// Schedules keeps task schedules as jobs of the PCF Scheduler (the /jobs API at the account's
// deployment.schedulerUrl), as SCDF's CloudFoundryAppScheduler does: one job per schedule, named after it, on
// the task's staged app, running the start command and the arguments, with one cron schedule.
type Schedules struct {
	*Tasks
	sched *schedulerAPI
}

// NewSchedules keeps the account; it connects on the first call. An account without schedulerUrl cannot
// schedule: SCDF enables CF schedules by that setting alone.
func NewSchedules(acc platforms.Account, env platforms.Environment, opts Options) (*Schedules, error) {
	if acc.CloudFoundry == nil || strings.TrimSpace(acc.CloudFoundry.Deployment.SchedulerURL) == "" {
		return nil, fmt.Errorf("Task platform '%s' is a Cloud Foundry account without deployment.schedulerUrl: set it to the URL of the space's scheduler service (PCF Scheduler) to schedule tasks there", acc.Name)
	}
	t, err := NewTasks(acc, env, opts)
	if err != nil {
		return nil, err
	}
	return &Schedules{Tasks: t, sched: &schedulerAPI{base: strings.TrimRight(acc.CloudFoundry.Deployment.SchedulerURL, "/")}}, nil
}

// CreateSchedule checks the name and the expression, refuses a job of that name that is already in the space
// (one this store did not make: it is never replaced), stages the task's app as a launch does, then creates the
// job and its schedule. A schedule the scheduler refuses takes the job away again.
func (s *Schedules) CreateSchedule(ctx context.Context, spec platforms.ScheduleSpec) error {
	if err := validateJobName(spec.Name); err != nil {
		return err
	}
	expr, err := schedulerCron(spec.Expression)
	if err != nil {
		return err
	}
	api, space, err := s.connect(ctx)
	if err != nil {
		return err
	}
	existing, err := s.findJob(ctx, api, space, spec.Name)
	if err != nil {
		return err
	}
	if existing != nil {
		return fmt.Errorf("a scheduler job named %s already exists in space %s, made outside this dataflow store: choose another schedule name", spec.Name, s.Account.CloudFoundry.Connection.Space)
	}
	st, err := s.stageTask(ctx, spec.Task, false)
	if err != nil {
		return err
	}
	command := commandLine(st.command, st.args(withSecrets(spec.Task.Args, spec.Task.SecretEnv)))
	job, err := s.sched.createJob(ctx, api, st.appGUID, spec.Name, command)
	if err != nil {
		return fmt.Errorf("cannot create scheduler job %s: %s", spec.Name, err)
	}
	if err := s.sched.createSchedule(ctx, api, job.GUID, expr); err != nil {
		if derr := s.sched.deleteJob(context.WithoutCancel(ctx), api, job.GUID); derr != nil {
			return fmt.Errorf("cannot schedule job %s with '%s': %s; and the job could not be deleted again: %s", spec.Name, expr, err, derr)
		}
		return fmt.Errorf("cannot schedule job %s with '%s': %s", spec.Name, expr, err)
	}
	return nil
}

// withSecrets puts the secret values back into the arguments: flow takes them out as $(NAME) references for
// Kubernetes, which expands them from a Secret, but a scheduler job has nothing but its command (SCDF put them
// there too). The store and every output keep them masked.
func withSecrets(args []string, secrets map[string]string) []string {
	if len(secrets) == 0 {
		return args
	}
	out := make([]string, len(args))
	for i, a := range args {
		for name, v := range secrets {
			a = strings.ReplaceAll(a, "$("+name+")", v)
		}
		out[i] = a
	}
	return out
}

func validateJobName(name string) error {
	if len(name) > maxJobName {
		return fmt.Errorf("Schedule name '%.40s...' is %d characters: a Cloud Foundry scheduler job name has at most %d", name, len(name), maxJobName)
	}
	if strings.TrimSpace(name) == "" || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return fmt.Errorf("Schedule name '%s' cannot name a Cloud Foundry scheduler job: it is empty or holds control characters", name)
	}
	return nil
}

// ListSchedules lists the space's scheduler jobs, each with the name of its app (the task) and its first
// schedule's expression, as SCDF lists them.
func (s *Schedules) ListSchedules(ctx context.Context) ([]platforms.ScheduleInfo, error) {
	api, space, err := s.connect(ctx)
	if err != nil {
		return nil, err
	}
	jobs, err := s.sched.listJobs(ctx, api, space)
	if err != nil {
		return nil, fmt.Errorf("cannot list the scheduler jobs of space %s: %s", s.Account.CloudFoundry.Connection.Space, err)
	}
	if len(jobs) == 0 {
		return nil, nil
	}
	names, err := s.appNames(ctx, api, space)
	if err != nil {
		return nil, err
	}
	out := make([]platforms.ScheduleInfo, 0, len(jobs))
	for _, j := range jobs {
		info := platforms.ScheduleInfo{Name: j.Name, TaskName: names[j.AppGUID]}
		if len(j.Schedules) > 0 {
			info.Expression = j.Schedules[0].Expression
		}
		out = append(out, info)
	}
	return out, nil
}

// DeleteSchedule deletes the job named after the schedule (the scheduler deletes its schedules with it); a job
// already gone is not an error. The staged task app stays, as after a launch: launches reuse it.
func (s *Schedules) DeleteSchedule(ctx context.Context, name string) error {
	api, space, err := s.connect(ctx)
	if err != nil {
		return err
	}
	job, err := s.findJob(ctx, api, space, name)
	if err != nil || job == nil {
		return err
	}
	// A job names its task's app; whose the app is says whose the schedule is (the scheduler's jobs carry no
	// labels).
	owner, err := s.owner(ctx)
	if err != nil {
		return err
	}
	if app, err := api.Applications.Get(ctx, job.AppGUID); err == nil {
		if err := s.checkTaskApp(app, owner); err != nil {
			return fmt.Errorf("schedule %s: %w", name, err)
		}
	} else if !resource.IsResourceNotFoundError(err) {
		return fmt.Errorf("cannot read the app of schedule %s: %s", name, describe(err))
	}
	if err := s.sched.deleteJob(ctx, api, job.GUID); err != nil {
		return fmt.Errorf("cannot delete scheduler job %s: %s", name, err)
	}
	return nil
}

// appNames maps the space's app GUIDs to their names: a job names its app by GUID, and the task app is named
// after the task.
func (s *Schedules) appNames(ctx context.Context, api *client.Client, space string) (map[string]string, error) {
	o := client.NewAppListOptions()
	o.SpaceGUIDs.EqualTo(space)
	apps, err := api.Applications.ListAll(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("cannot list the apps of space %s: %s", s.Account.CloudFoundry.Connection.Space, describe(err))
	}
	names := map[string]string{}
	for _, a := range apps {
		names[a.GUID] = a.Name
	}
	return names, nil
}

// ScheduledRuns reads the history of each of the space's jobs: one run per CF task a schedule started, with
// the handle a launch would have given that task, so the TaskLauncher follows it like a launched run.
func (s *Schedules) ScheduledRuns(ctx context.Context) ([]platforms.ScheduledRun, error) {
	api, space, err := s.connect(ctx)
	if err != nil {
		return nil, err
	}
	jobs, err := s.sched.listJobs(ctx, api, space)
	if err != nil || len(jobs) == 0 {
		if err != nil {
			err = fmt.Errorf("cannot list the scheduler jobs of space %s: %s", s.Account.CloudFoundry.Connection.Space, err)
		}
		return nil, err
	}
	names, err := s.appNames(ctx, api, space)
	if err != nil {
		return nil, err
	}
	var out []platforms.ScheduledRun
	for _, j := range jobs {
		history, err := s.sched.jobHistory(ctx, api, j.GUID)
		if err != nil {
			return nil, fmt.Errorf("cannot read the history of scheduler job %s: %s", j.Name, err)
		}
		for _, r := range history {
			if r.TaskGUID == "" {
				continue // not started yet (or it could not start a task): nothing to follow; seen again later
			}
			out = append(out, scheduledRun(j.Name, names[j.AppGUID], r))
		}
	}
	return out, nil
}

// scheduledRun reads one history entry; its state says whether the task ended, as TaskEnded would from the
// task itself (FAILED with the scheduler's message, or TaskEnded's words when it has none).
func scheduledRun(schedule, app string, r jobRun) platforms.ScheduledRun {
	run := platforms.ScheduledRun{Schedule: schedule, TaskName: app, ExternalID: r.TaskGUID,
		Handle: mustJSON(taskHandle{App: app, GUID: r.TaskGUID}), StartTime: parseSchedulerTime(r.StartTime)}
	switch r.State {
	case "SUCCEEDED":
		run.End = platforms.TaskEnd{Ended: true}
	case "FAILED":
		msg := r.Message
		if msg == "" {
			msg = "the Cloud Foundry task failed"
		}
		run.End = platforms.TaskEnd{Ended: true, Failed: true, ExitCode: 1, Message: msg}
	default:
		return run
	}
	run.EndTime = parseSchedulerTime(r.EndTime)
	return run
}

// parseSchedulerTime reads an RFC 3339 time; anything else (null, empty, Go's zero time) is no time.
func parseSchedulerTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.IsZero() {
		return time.Time{}
	}
	return t
}

// findJob looks for the space's job of this name through every page, as SCDF does (the scheduler's name
// filter is not in every version of its API).
func (s *Schedules) findJob(ctx context.Context, api *client.Client, space, name string) (*schedJob, error) {
	jobs, err := s.sched.listJobs(ctx, api, space)
	if err != nil {
		return nil, fmt.Errorf("cannot list the scheduler jobs of space %s: %s", s.Account.CloudFoundry.Connection.Space, err)
	}
	for i := range jobs {
		if jobs[i].Name == name {
			return &jobs[i], nil
		}
	}
	return nil, nil
}

// FetchesURLs is true, as for tasks: a schedule stages its task app from the jar flow resolved.
func (s *Schedules) FetchesURLs() bool { return true }
