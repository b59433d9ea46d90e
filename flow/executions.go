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

// Executions lists executions, newest first.
func (f *Flow) Executions(ctx context.Context, name string, limit int) ([]store.Execution, error) {
	return f.Store.Read().ListExecutions(ctx, name, limit)
}

// Execution returns one execution.
func (f *Flow) Execution(ctx context.Context, id int64) (store.Execution, error) {
	e, err := f.Store.Read().GetExecution(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Execution{}, fmt.Errorf("Could not find TaskExecution with id %d", id)
	}
	return e, err
}

// ExecutionLog returns the output of a local execution.
func (f *Flow) ExecutionLog(ctx context.Context, id int64) (string, error) {
	e, err := f.Execution(ctx, id)
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
