package flow

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// EndExecution records how an execution ended, as the supervisor saw it. Exit code 0 is COMPLETE, anything
// else ERROR with the code in the message.
func (f *Flow) EndExecution(ctx context.Context, id int64, exitCode int, message string) error {
	status := store.ExecutionComplete
	if exitCode != 0 {
		status = store.ExecutionError
		if message == "" {
			message = fmt.Sprintf("exited with code %d", exitCode)
		}
	}
	at := f.Now()
	if err := f.Store.Read().EndExecution(ctx, id, status, exitCode, message, at); err != nil {
		return err
	}
	e, err := f.Store.Read().GetExecution(ctx, id)
	if err != nil {
		return err
	}
	return f.endRow(ctx, e, exitCode, message, at)
}

// GoneProbe asks the platforms about runs nobody recorded the end of: how a running execution ended (the
// container's exit code and reason, a deleted pod, a killed supervisor), and where the run of an execution is
// when the process that launched it ended before recording it.
type GoneProbe interface {
	Ended(e store.Execution) platforms.TaskEnd
	// Find looks the run of an execution up by its id (platforms.RunFinder); found is false when the platform
	// has no such run or cannot look runs up that way, err when it could not be asked.
	Find(e store.Execution) (run platforms.Launched, found bool, err error)
	// Sweep removes what the launch of an execution that has no run may have made (platforms.RunSweeper).
	Sweep(e store.Execution)
}

// Probe asks each execution's platform, through its launcher.
func (f *Flow) Probe() GoneProbe { return launcherProbe{f} }

type launcherProbe struct{ f *Flow }

func (p launcherProbe) Ended(e store.Execution) platforms.TaskEnd {
	if e.Handle == "" {
		return platforms.TaskEnd{}
	}
	if e.Resource == composedResource {
		// A composed run's runner is a dataflow process on this machine, whatever account its steps use.
		if procid.Gone(e.Handle) {
			return platforms.TaskEnd{Ended: true, Failed: true, ExitCode: -1, Message: runnerVanished}
		}
		return platforms.TaskEnd{}
	}
	l, err := p.launcher(e)
	if err != nil {
		return platforms.TaskEnd{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	return l.TaskEnded(ctx, e.Handle)
}

func (p launcherProbe) Sweep(e store.Execution) {
	l, err := p.launcher(e)
	if err != nil {
		return
	}
	if s, ok := l.(platforms.RunSweeper); ok {
		ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
		defer cancel()
		_ = s.SweepRun(ctx, e.TaskName, e.ID) // what is left is swept again by the execution's cleanup
	}
}

func (p launcherProbe) Find(e store.Execution) (platforms.Launched, bool, error) {
	l, err := p.launcher(e)
	if err != nil {
		return platforms.Launched{}, false, err
	}
	finder, ok := l.(platforms.RunFinder)
	if !ok {
		return platforms.Launched{}, false, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	return finder.FindRun(ctx, e.ID)
}

func (p launcherProbe) launcher(e store.Execution) (platforms.TaskLauncher, error) {
	_, l, err := p.f.taskLauncher(e.Platform)
	return l, err
}

// runnerVanished is recorded for a background composed run whose runner died without recording its end.
const runnerVanished = "the background runner of this composed task vanished before it recorded the end (it was killed, or the machine restarted)"

// RecordComposedRunner stores the identity of the background process running a composed execution.
func (f *Flow) RecordComposedRunner(ctx context.Context, id int64, runner string) error {
	return f.Store.Read().MarkExecutionRunning(ctx, id, "", runner)
}

// AdoptLocalRun records a local run's supervisor (its identity, who) as the run's handle when the process that
// launched it died between starting the supervisor and recording it: without it the run would stay LAUNCHING,
// could not be stopped, and its vanishing could not be noticed. Only a read when the launcher did its job.
func (f *Flow) AdoptLocalRun(ctx context.Context, id int64, pid int, who string) error {
	e, err := f.Store.Read().GetExecution(ctx, id)
	if err != nil || e.Handle != "" || !e.EndTime.IsZero() {
		return err
	}
	_, err = f.Store.Read().AdoptExecution(ctx, id, platforms.LocalRunID(e.TaskName, pid), who)
	return err
}

// probeTimeout bounds one question to a platform about one execution.
const probeTimeout = 10 * time.Second

// Executions lists executions, newest first. A running execution whose run has vanished is recorded as failed
// instead of staying "running" for ever.
func (f *Flow) Executions(ctx context.Context, name string, limit int, gone GoneProbe) ([]store.Execution, error) {
	return f.ExecutionsPage(ctx, name, limit, 1, gone)
}

// ExecutionsPage is one page of Executions: pages are limit long, page 1 the newest.
func (f *Flow) ExecutionsPage(ctx context.Context, name string, limit, page int, gone GoneProbe) ([]store.Execution, error) {
	offset := 0
	if page > 1 && limit > 0 {
		offset = (page - 1) * limit
	}
	list, err := f.Store.Read().ListExecutionsPage(ctx, name, limit, offset)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i], err = f.settle(ctx, list[i], gone)
		if err != nil {
			return nil, err
		}
	}
	return list, nil
}

// Execution returns one execution, settled as Executions does.
func (f *Flow) Execution(ctx context.Context, id int64, gone GoneProbe) (store.Execution, error) {
	e, err := f.Store.Read().GetExecution(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Execution{}, newError(CodeExecutionNotFound, id)
	}
	if err != nil {
		return store.Execution{}, err
	}
	return f.settle(ctx, e, gone)
}

// ExecutionStatus is Execution with, for a run that has not ended, why it does not run when its platform can
// tell ("" otherwise): `task execution status` shows it, since a run whose pods cannot be created stays RUNNING.
func (f *Flow) ExecutionStatus(ctx context.Context, id int64, gone GoneProbe) (store.Execution, string, error) {
	e, err := f.Store.Read().GetExecution(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Execution{}, "", newError(CodeExecutionNotFound, id)
	}
	if err != nil {
		return store.Execution{}, "", err
	}
	return f.settleWhy(ctx, e, gone)
}

func (f *Flow) settle(ctx context.Context, e store.Execution, gone GoneProbe) (store.Execution, error) {
	e, _, err := f.settleWhy(ctx, e, gone)
	return e, err
}

// settleWhy records the end of a run the platform says has ended; for one that has not, it returns the
// platform's word on why it does not run.
func (f *Flow) settleWhy(ctx context.Context, e store.Execution, gone GoneProbe) (store.Execution, string, error) {
	if gone == nil || !e.EndTime.IsZero() {
		return e, "", nil
	}
	if IsSCDFExecution(e) {
		return e, scdfRunNote, nil // SCDF's run: never probed, never recorded as ended here
	}
	if e.Status == store.ExecutionLaunching {
		e, err := f.settleLaunch(ctx, e, gone)
		return e, "", err
	}
	if e.Status != store.ExecutionRunning {
		return e, "", nil
	}
	end := gone.Ended(e)
	if !end.Ended {
		return e, end.Problem, nil
	}
	status := endStatus(end)
	r := f.Store.Read()
	// EndExecution writes only where no end is recorded, so an end the supervisor wrote just before it went stays.
	at := f.Now()
	if err := r.EndExecution(ctx, e.ID, status, end.ExitCode, end.Message, at); err != nil {
		return e, "", err
	}
	if err := f.endRow(ctx, e, end.ExitCode, end.Message, at); err != nil {
		return e, "", err
	}
	e, err := r.GetExecution(ctx, e.ID)
	return e, "", err
}

// launchGrace is how long a launch may stay unrecorded after the process that made it ended: a local run's
// supervisor records itself within moments (it may take supervisorStartTimeout to start).
const launchGrace = 15 * time.Second

// launchInterrupted is recorded for a launch whose run was never recorded nor found.
const launchInterrupted = "the launch was interrupted: the dataflow process that launched it ended before the run was recorded, and the platform has no run for it"

// settleLaunch settles an execution still LAUNCHING with no platform id whose launching process has ended (a
// killed shell or composed runner): the platform is asked for its run by execution id, which is recorded when
// found (and then settled as any running execution); otherwise the launch is recorded as interrupted, instead
// of staying LAUNCHING for ever. A platform that cannot be asked leaves it as it is.
func (f *Flow) settleLaunch(ctx context.Context, e store.Execution, gone GoneProbe) (store.Execution, error) {
	if e.Handle != "" || e.Launcher == "" || f.Now().Sub(e.StartTime) < launchGrace || !procid.Gone(e.Launcher) {
		return e, nil
	}
	run, found, err := gone.Find(e)
	if err != nil {
		return e, nil
	}
	r := f.Store.Read()
	if found {
		if _, err := r.AdoptExecution(ctx, e.ID, run.ExternalID, run.Handle); err != nil {
			return e, err
		}
		adopted, err := r.GetExecution(ctx, e.ID)
		if err != nil || adopted.Status != store.ExecutionRunning {
			return adopted, err
		}
		return f.settle(ctx, adopted, gone)
	}
	// The launch may have made part of its run (a Secret before its pod): removed now, or by the execution's
	// cleanup when the platform cannot be reached.
	gone.Sweep(e)
	if err := r.EndExecution(ctx, e.ID, store.ExecutionError, -1, launchInterrupted, f.Now()); err != nil {
		return e, err
	}
	if err := f.endRow(ctx, e, -1, launchInterrupted, f.Now()); err != nil {
		return e, err
	}
	return r.GetExecution(ctx, e.ID)
}

// endStatus is SCDF's status of an ended run: COMPLETE for exit code 0, ERROR otherwise (and for ends that are
// failures whatever the code).
func endStatus(end platforms.TaskEnd) store.ExecutionStatus {
	if end.Failed || end.ExitCode != 0 {
		return store.ExecutionError
	}
	return store.ExecutionComplete
}

// StopExecutions asks the platform of each running execution to stop it; the supervisor records the end.
// Executions that have already ended are an error naming them, as nothing can be stopped there. A platform
// given (SCDF's --platformName) must be a task account and the one each execution runs on: SCDF's server
// needed it for runs it had not recorded; a run is never stopped through another account's launcher.
func (f *Flow) StopExecutions(ctx context.Context, ids []int64, platform string) error {
	if platform != "" {
		if _, err := f.taskAccount(platform); err != nil {
			return err
		}
	}
	var ended []string
	for _, id := range ids {
		e, err := f.Execution(ctx, id, f.Probe())
		if err != nil {
			return err
		}
		if platform != "" && e.Platform != platform {
			return fmt.Errorf("task execution %d runs on platform '%s', not on '%s'", id, e.Platform, platform)
		}
		if !e.EndTime.IsZero() {
			ended = append(ended, strconv.FormatInt(id, 10))
			continue
		}
		if IsSCDFExecution(e) {
			return errSCDFRun(id, "stop")
		}
		_, l, err := f.taskLauncher(e.Platform)
		if err != nil {
			return err
		}
		if err := l.StopTask(e.Handle); err != nil {
			return err
		}
	}
	if len(ended) > 0 {
		return newError(CodeExecutionEnded, strings.Join(ended, ", "))
	}
	return nil
}

// PlatformLoad is one line of `task execution current`.
type PlatformLoad struct {
	Name    string `json:"name" yaml:"name"`
	Type    string `json:"type" yaml:"type"`
	Running int    `json:"runningExecutionCount" yaml:"runningExecutionCount"`
	Maximum int    `json:"maximumTaskExecutions" yaml:"maximumTaskExecutions"`
}

// CurrentExecutions counts running executions per task platform, against the account's maximum (SCDF's default
// maximumConcurrentTasks is 20).
func (f *Flow) CurrentExecutions(ctx context.Context) ([]PlatformLoad, error) {
	accounts, err := f.accounts()
	if err != nil {
		return nil, err
	}
	running, err := f.Executions(ctx, "", 0, f.Probe())
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, e := range running {
		if e.EndTime.IsZero() && e.Resource != composedResource && !IsSCDFExecution(e) {
			counts[e.Platform]++
		}
	}
	var out []PlatformLoad
	for _, acc := range accounts.Config().TaskAccounts() {
		out = append(out, PlatformLoad{Name: acc.Name, Type: acc.Type.TaskTypeName(), Running: counts[acc.Name], Maximum: maxConcurrentTasks(acc)})
	}
	return out, nil
}

func maxConcurrentTasks(acc platforms.Account) int {
	n := 0
	switch {
	case acc.Kubernetes != nil:
		n = acc.Kubernetes.MaxConcurrentTasks
	case acc.Local != nil:
		n = acc.Local.MaxConcurrentTasks
	case acc.CloudFoundry != nil:
		n = acc.CloudFoundry.Deployment.MaxConcurrentTasks
	}
	if n <= 0 {
		n = 20
	}
	return n
}
