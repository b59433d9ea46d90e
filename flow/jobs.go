package flow

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dataflow-cli/dataflow/store"
	"github.com/dataflow-cli/dataflow/taskdb"
)

// errNoTaskDatabase is the answer of the job commands when the apps have nowhere to record their jobs.
var errNoTaskDatabase = errors.New("No task database is configured: Spring Batch jobs are recorded there (add a taskDatabase section to the configuration, or import SCDF's with 'platform import'; see docs/tasks.md)")

// JobExecution is a job execution as the job commands show it: what Spring Batch recorded, and whether the task
// that ran it is still defined (SCDF's Definition Status).
type JobExecution struct {
	taskdb.JobExecution
	Defined bool
}

// requireTaskDB opens the task database, or says there is none.
func (f *Flow) requireTaskDB(ctx context.Context) (*taskDatabase, error) {
	t, err := f.taskDB(ctx)
	if err == nil && t == nil {
		err = errNoTaskDatabase
	}
	return t, err
}

// jobMemo is where the ids the job commands last showed are remembered, for Tab (which never asks the
// network).
const jobMemo = "taskdb"

// JobExecutions lists the job executions of both schema targets, newest first, of one job when name is set.
func (f *Flow) JobExecutions(ctx context.Context, name string, limit int) ([]JobExecution, error) {
	t, err := f.requireTaskDB(ctx)
	if err != nil {
		return nil, err
	}
	list, err := t.db.JobExecutions(ctx, name, limit)
	if err != nil {
		return nil, err
	}
	defined, err := f.definedTasks(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]JobExecution, len(list))
	ids := make([]string, 0, min(len(list), completionMemoSize))
	for i, j := range list {
		out[i] = JobExecution{JobExecution: j, Defined: defined[j.TaskName]}
		if i < completionMemoSize {
			ids = append(ids, strconv.FormatInt(j.ID, 10))
		}
	}
	f.rememberIDs(ctx, "job-executions", ids)
	return out, nil
}

// completionMemoSize bounds the ids remembered for Tab.
const completionMemoSize = 200

func (f *Flow) definedTasks(ctx context.Context) (map[string]bool, error) {
	names, err := f.Store.Read().DefinitionNames(ctx, store.TaskDefinitions)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out, nil
}

// rememberIDs keeps ids for completion; a failure only costs Tab its proposals.
func (f *Flow) rememberIDs(ctx context.Context, key string, ids []string) {
	_ = f.Store.Read().SetMemo(ctx, jobMemo, key, strings.Join(ids, " "), f.Now())
}

// RememberedIDs are the ids a job command last showed under key ("job-executions", "steps").
func (f *Flow) RememberedIDs(ctx context.Context, key string) []string {
	v, ok, err := f.Store.Read().Memo(ctx, jobMemo, key)
	if err != nil || !ok {
		return nil
	}
	return strings.Fields(v)
}

// findJob finds a job execution in the given schema target, or in either when none is given; an id both targets
// hold needs --schemaTarget.
func (f *Flow) findJob(ctx context.Context, t *taskDatabase, id int64, schemaTarget string) (taskdb.JobExecution, error) {
	targets := taskdb.Targets
	if schemaTarget != "" {
		target, err := taskdb.TargetNamed(schemaTarget)
		if err != nil {
			return taskdb.JobExecution{}, err
		}
		targets = []taskdb.Target{target}
	}
	var found []taskdb.JobExecution
	for _, target := range targets {
		j, err := t.db.JobExecution(ctx, target, id)
		if errors.Is(err, taskdb.ErrNotFound) {
			continue
		}
		if err != nil {
			return taskdb.JobExecution{}, err
		}
		found = append(found, j)
	}
	switch len(found) {
	case 0:
		if schemaTarget != "" {
			return taskdb.JobExecution{}, fmt.Errorf("No Job Execution with id of %d exits for schema target %s", id, targets[0].Name)
		}
		return taskdb.JobExecution{}, fmt.Errorf("No JobExecution with id=%d", id)
	case 1:
		return found[0], nil
	}
	return taskdb.JobExecution{}, fmt.Errorf("Job execution %d exists in schema targets boot2 and boot3: give --schemaTarget", id)
}

// JobExecution reads one job execution with its parameters.
func (f *Flow) JobExecution(ctx context.Context, id int64, schemaTarget string) (JobExecution, error) {
	t, err := f.requireTaskDB(ctx)
	if err != nil {
		return JobExecution{}, err
	}
	j, err := f.findJob(ctx, t, id, schemaTarget)
	if err != nil {
		return JobExecution{}, err
	}
	defined, err := f.definedTasks(ctx)
	if err != nil {
		return JobExecution{}, err
	}
	return JobExecution{JobExecution: j, Defined: defined[j.TaskName]}, nil
}

// JobStepExecutions lists the steps of a job execution.
func (f *Flow) JobStepExecutions(ctx context.Context, jobExecutionID int64, schemaTarget string) ([]taskdb.StepExecution, error) {
	t, err := f.requireTaskDB(ctx)
	if err != nil {
		return nil, err
	}
	j, err := f.findJob(ctx, t, jobExecutionID, schemaTarget)
	if err != nil {
		return nil, err
	}
	steps, err := t.db.StepExecutions(ctx, j.Target, j.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(steps))
	for i, s := range steps {
		ids[i] = strconv.FormatInt(s.ID, 10)
	}
	f.rememberIDs(ctx, "steps", ids)
	return steps, nil
}

// StepProgress is a step with SCDF's estimate of how far it is (StepExecutionProgressInfo): 1 once ended; while
// running, its read count against the mean of the step's finished runs, else its duration against theirs, else
// one half.
type StepProgress struct {
	Step     taskdb.StepExecution
	Complete float64
	Duration time.Duration
}

// JobStepProgress reads one step of a job execution and estimates its progress.
func (f *Flow) JobStepProgress(ctx context.Context, jobExecutionID, stepID int64, schemaTarget string) (StepProgress, error) {
	t, err := f.requireTaskDB(ctx)
	if err != nil {
		return StepProgress{}, err
	}
	j, err := f.findJob(ctx, t, jobExecutionID, schemaTarget)
	if err != nil {
		return StepProgress{}, err
	}
	s, err := t.db.StepExecution(ctx, j.Target, j.ID, stepID)
	if errors.Is(err, taskdb.ErrNotFound) {
		return StepProgress{}, fmt.Errorf("There is no StepExecution with jobExecutionId=%d and id=%d", j.ID, stepID)
	}
	if err != nil {
		return StepProgress{}, err
	}
	p := StepProgress{Step: s}
	start, end := s.StartTime, s.EndTime
	if end.IsZero() {
		end = f.Now()
	}
	if start.IsZero() {
		start = f.Now()
	}
	p.Duration = end.Sub(start)
	if !s.EndTime.IsZero() {
		p.Complete = 1
		return p, nil
	}
	h, err := t.db.FinishedStepHistory(ctx, j.Target, j.JobName, s.Name)
	if err != nil {
		return StepProgress{}, err
	}
	switch {
	case h.Count == 0:
		p.Complete = 0.5
	case h.MeanRead > 0:
		p.Complete = float64(s.ReadCount) / h.MeanRead
	case h.MeanDuration > 0:
		p.Complete = float64(p.Duration.Milliseconds()) / h.MeanDuration
	default:
		p.Complete = 0.5
	}
	return p, nil
}

// JobInstance reads a job instance's executions.
func (f *Flow) JobInstance(ctx context.Context, id int64, schemaTarget string) (string, taskdb.Target, []taskdb.JobExecution, error) {
	t, err := f.requireTaskDB(ctx)
	if err != nil {
		return "", taskdb.Target{}, nil, err
	}
	targets := taskdb.Targets
	if schemaTarget != "" {
		target, err := taskdb.TargetNamed(schemaTarget)
		if err != nil {
			return "", taskdb.Target{}, nil, err
		}
		targets = []taskdb.Target{target}
	}
	var hits []taskdb.Target
	var name string
	var runs []taskdb.JobExecution
	for _, target := range targets {
		n, list, err := t.db.JobInstanceExecutions(ctx, target, id)
		if errors.Is(err, taskdb.ErrNotFound) {
			continue
		}
		if err != nil {
			return "", taskdb.Target{}, nil, err
		}
		hits, name, runs = append(hits, target), n, list
	}
	switch len(hits) {
	case 0:
		if schemaTarget == "" {
			return "", taskdb.Target{}, nil, fmt.Errorf("No job instance for id '%d' in schema targets boot2 and boot3", id)
		}
		return "", taskdb.Target{}, nil, fmt.Errorf("No job instance for id '%d' and schema target '%s'", id, targets[0].Name)
	case 1:
		return name, hits[0], runs, nil
	}
	return "", taskdb.Target{}, nil, fmt.Errorf("Job instance %d exists in schema targets boot2 and boot3: give --schemaTarget", id)
}

// RestartJobExecution relaunches the task that ran a failed or stopped job execution, as SCDF does: the task
// definition must still exist; the new run gets the old run's command-line arguments and the job's parameters,
// so Spring Batch restarts the same job instance. It returns the new execution id and the job's schema target.
func (f *Flow) RestartJobExecution(ctx context.Context, id int64, schemaTarget string) (int64, string, error) {
	t, err := f.requireTaskDB(ctx)
	if err != nil {
		return 0, "", err
	}
	j, err := f.findJob(ctx, t, id, schemaTarget)
	if err != nil {
		return 0, "", err
	}
	if !j.Restartable() {
		return 0, "", fmt.Errorf("JobExecution with Id '%d' and state '%s' is not restartable.", j.ID, j.Status)
	}
	if j.TaskExecutionID == 0 {
		return 0, "", fmt.Errorf("Job execution %d was not run by a task (no %sTASK_BATCH row): there is no task to relaunch", j.ID, j.Target.TaskPrefix)
	}
	run, err := t.db.Execution(ctx, j.Target, j.TaskExecutionID)
	if err != nil {
		return 0, "", fmt.Errorf("the task execution %d of job execution %d: %w", j.TaskExecutionID, j.ID, err)
	}
	d, err := f.Store.Read().GetDefinition(ctx, store.TaskDefinitions, run.TaskName)
	if errors.Is(err, store.ErrNotFound) {
		return 0, "", newError(CodeTaskNotFound, run.TaskName)
	}
	if err != nil {
		return 0, "", err
	}
	resolved, err := f.resolveTask(ctx, run.TaskName, d, nil)
	if err != nil {
		return 0, "", err
	}
	platform := ""
	if e, err := f.Store.Read().GetExecution(ctx, run.ID); err == nil && e.TaskName == run.TaskName {
		platform = e.Platform // the run dataflow launched; otherwise the only (or default) account
	}
	args := restartArguments(run.Arguments, resolved.props, j)
	newID, err := f.LaunchTask(ctx, LaunchRequest{Name: run.TaskName, Platform: platform, Arguments: args})
	return newID, j.Target.Name, err
}

// restartArguments are the command-line arguments of the run that ran the job, without what a launch adds
// again (the definition's properties, the datasource, the execution id and prefixes), plus the job's parameters
// that are not among them, written as the target's Spring Boot reads them (SCDF's restartExecutionArgs). SCDF
// writes every parameter as identifying; here a non-identifying one stays non-identifying, so the restart
// finds the same job instance.
func restartArguments(appArgs []string, props map[string]string, j taskdb.JobExecution) []string {
	var out []string
	for _, a := range appArgs {
		k, _, isProp := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		if strings.HasPrefix(a, "--") && isProp {
			if _, fromDefinition := props[k]; fromDefinition {
				continue
			}
			if strings.HasPrefix(k, "spring.datasource.") || strings.HasPrefix(k, "spring.cloud.task.") || strings.HasPrefix(k, "spring.batch.jdbc.") {
				continue
			}
		}
		out = append(out, a)
	}
	for _, p := range j.Parameters {
		present := false
		for _, a := range out {
			present = present || strings.HasPrefix(strings.TrimPrefix(a, "-"), p.Key)
		}
		if present {
			continue
		}
		switch {
		case j.Target == taskdb.Boot3 && p.Identifying:
			out = append(out, fmt.Sprintf("%s=%s,%s", p.Key, p.Value, p.Type))
		case j.Target == taskdb.Boot3:
			out = append(out, fmt.Sprintf("%s=%s,%s,false", p.Key, p.Value, p.Type))
		default:
			value := p.Value
			if p.Type == "DATE" { // Spring Batch 4's parameter converter reads dates as yyyy/MM/dd
				if d, err := time.Parse(time.RFC3339Nano, p.Value); err == nil {
					value = d.Format("2006/01/02")
				}
			}
			param := fmt.Sprintf("%s(%s)=%s", p.Key, strings.ToLower(p.Type), value)
			if !p.Identifying {
				param = "-" + param
			}
			out = append(out, param)
		}
	}
	return out
}

// The task database's records, as the shell shows them.
type (
	JobParameter  = taskdb.JobParameter
	StepExecution = taskdb.StepExecution
	SchemaTarget  = taskdb.Target
)

// ParseSchemaTarget checks a --schemaTarget value: boot2 or boot3.
func ParseSchemaTarget(name string) (SchemaTarget, error) { return taskdb.TargetNamed(name) }
