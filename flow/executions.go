package flow

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// PlatformWiring is how cmd/dataflow hands the platform implementations to flow, keeping flow free of them.
type PlatformWiring struct {
	// Local builds the launcher of a local account; supervisor is the command line of the process that waits
	// for a task and records its end.
	Local func(acc platforms.Account, supervisor []string) platforms.TaskLauncher
}

// Launchers returns the launcher factory for the wired platforms.
func (w PlatformWiring) Launchers(supervisor []string) LauncherFactory {
	return func(acc platforms.Account) (platforms.TaskLauncher, error) {
		switch {
		case acc.Type == platforms.Local && w.Local != nil:
			return w.Local(acc, supervisor), nil
		}
		return nil, fmt.Errorf("launching tasks on %s accounts ('%s') is not available in this version; use a local account", acc.Type, acc.Name)
	}
}

// EndExecution records how an execution ended, as the supervisor saw it. Exit code 0 is COMPLETE, anything
// else ERROR with the code in the message.
func (f *Flow) EndExecution(ctx context.Context, id int64, exitCode int, message string) error {
	status := "COMPLETE"
	if exitCode != 0 {
		status = "ERROR"
		if message == "" {
			message = fmt.Sprintf("exited with code %d", exitCode)
		}
	}
	return f.Store.Read().EndExecution(ctx, id, status, exitCode, message, f.Now())
}

// GoneProbe says whether the run of a running execution has vanished without its end being recorded.
type GoneProbe func(store.Execution) bool

// Probe asks each execution's platform, through its launcher, whether the run is gone.
func (a *Accounts) Probe(launchers LauncherFactory) GoneProbe {
	return func(e store.Execution) bool {
		if e.Handle == "" {
			return false
		}
		acc, err := a.TaskAccount(e.Platform)
		if err != nil {
			return false
		}
		l, err := launchers(acc)
		return err == nil && l.TaskGone(e.Handle)
	}
}

// vanishedMessage is recorded for a run that disappeared without its end.
const vanishedMessage = "the run vanished before its end was recorded (its supervisor was killed, or the machine restarted); the task's exit is unknown"

// Executions lists executions, newest first. A running execution whose run has vanished is recorded as failed
// instead of staying "running" for ever.
func (f *Flow) Executions(ctx context.Context, name string, limit int, gone GoneProbe) ([]store.Execution, error) {
	list, err := f.Store.Read().ListExecutions(ctx, name, limit)
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
		return store.Execution{}, fmt.Errorf("Could not find TaskExecution with id %d", id)
	}
	if err != nil {
		return store.Execution{}, err
	}
	return f.settle(ctx, e, gone)
}

func (f *Flow) settle(ctx context.Context, e store.Execution, gone GoneProbe) (store.Execution, error) {
	if gone == nil || !e.EndTime.IsZero() || e.Status != "RUNNING" || !gone(e) {
		return e, nil
	}
	r := f.Store.Read()
	// EndExecution writes only where no end is recorded, so an end the supervisor wrote just before it went stays.
	if err := r.EndExecution(ctx, e.ID, "ERROR", -1, vanishedMessage, f.Now()); err != nil {
		return e, err
	}
	return r.GetExecution(ctx, e.ID)
}

// ExecutionLog returns the output of a local execution.
func (f *Flow) ExecutionLog(ctx context.Context, id int64) (string, error) {
	e, err := f.Execution(ctx, id, nil)
	if err != nil {
		return "", err
	}
	if e.LogPath == "" {
		return "", errors.New("Log could not be retrieved.  Verify that deployments are still available.")
	}
	b, err := os.ReadFile(e.LogPath)
	if err != nil {
		return "", errors.New("Log could not be retrieved.  Verify that deployments are still available.")
	}
	return string(b), nil
}
