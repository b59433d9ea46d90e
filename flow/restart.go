package flow

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// composedResource marks the parent execution of a composed run (SCDF's composed-task-runner app).
const composedResource = "composed-task-runner"

// completedSteps are the steps that completed (exit code 0) in a run and in the runs it restarted, newest
// first: a restart does not run them again.
func (f *Flow) completedSteps(ctx context.Context, runID int64) (map[string]int64, error) {
	done := map[string]int64{}
	for seen := map[int64]bool{}; runID != 0 && !seen[runID]; {
		seen[runID] = true
		steps, err := f.Store.Read().ChildExecutions(ctx, runID)
		if err != nil {
			return nil, err
		}
		for _, s := range steps {
			if _, ok := done[s.TaskName]; !ok && s.ExitCode != nil && *s.ExitCode == 0 && s.Status == store.ExecutionComplete {
				done[s.TaskName] = s.ID
			}
		}
		parent, err := f.Store.Read().GetExecution(ctx, runID)
		if err != nil {
			return nil, err
		}
		runID = parent.RestartOf
	}
	return done, nil
}

// RestartComposedTask resumes a failed composed run: a new run of the same graph on the same account, in which
// the steps that completed before are not run again (the failed step and what follows it are). It returns the
// new run's execution id.
func (f *Flow) RestartComposedTask(ctx context.Context, id int64, req LaunchRequest, progress ComposedProgress) (int64, error) {
	e, err := f.Execution(ctx, id, nil)
	if err != nil {
		return 0, err
	}
	switch {
	case IsSCDFExecution(e):
		return 0, errSCDFRun(id, "restart")
	case e.Resource != composedResource:
		return 0, fmt.Errorf("Cannot restart execution %d: only composed task executions can be restarted (launch '%s' again)", id, e.TaskName)
	case e.EndTime.IsZero():
		return 0, fmt.Errorf("Cannot restart execution %d: it is still running", id)
	case e.Status != store.ExecutionError:
		return 0, fmt.Errorf("Cannot restart execution %d: it did not fail (status %s)", id, e.Status)
	}
	req.Name, req.Platform, req.restartOf = e.TaskName, e.Platform, id
	newID, err := f.StartComposedTask(ctx, req)
	if err != nil {
		return 0, err
	}
	progress(fmt.Sprintf("Restarting composed task '%s' (execution %d) as execution %d", e.TaskName, id, newID))
	return newID, f.RunComposedGraph(ctx, newID, req, progress)
}

// ExecutionSteps returns the steps of a composed execution.
func (f *Flow) ExecutionSteps(ctx context.Context, id int64) ([]store.Execution, error) {
	return f.Store.Read().ChildExecutions(ctx, id)
}

// CleanupRequest is `task execution cleanup`: the executions to clean up, and whether their records go too.
type CleanupRequest struct {
	IDs      []int64
	All      bool
	TaskName string
	// RemoveData deletes the execution records as well (SCDF always did; here the records stay unless asked).
	RemoveData bool
	// IncludeNonCompleted takes running executions too: they are stopped first (SCDF deleted their records and
	// left them running).
	IncludeNonCompleted bool
	// OlderThan keeps to executions that ended (or, not ended, started) at least this long ago; 0: any.
	OlderThan time.Duration
}

// CleanupTargets are the executions a request names: ended ones, and running ones with IncludeNonCompleted.
// Without it a running one is refused when named by id and skipped when selected by --all or --taskName.
func (f *Flow) CleanupTargets(ctx context.Context, req CleanupRequest, gone GoneProbe) ([]store.Execution, error) {
	var out []store.Execution
	old := func(e store.Execution) bool {
		if req.OlderThan <= 0 {
			return true
		}
		at := e.EndTime
		if at.IsZero() {
			at = e.StartTime
		}
		return !at.After(f.Now().Add(-req.OlderThan))
	}
	if req.All || req.TaskName != "" {
		list, err := f.Executions(ctx, req.TaskName, 0, gone)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			if (!e.EndTime.IsZero() || req.IncludeNonCompleted) && e.ParentID == 0 && old(e) {
				out = append(out, e)
			}
		}
		return out, nil
	}
	for _, id := range req.IDs {
		e, err := f.Execution(ctx, id, gone)
		if err != nil {
			return nil, err
		}
		if e.EndTime.IsZero() && !req.IncludeNonCompleted && IsSCDFExecution(e) {
			return nil, fmt.Errorf("Cannot clean up task execution %d: it had not ended in SCDF when it was imported (add --includeNonCompleted to remove its record here; SCDF's run is not touched)", id)
		}
		if e.EndTime.IsZero() && !req.IncludeNonCompleted {
			return nil, fmt.Errorf("Cannot clean up task execution %d: it is still running (stop it first, or add --includeNonCompleted)", id)
		}
		if old(e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// CleanupExecutions deletes what the platforms keep of ended executions (and of their steps): pods, Jobs, local
// log files; with RemoveData, the records too.
func (f *Flow) CleanupExecutions(ctx context.Context, targets []store.Execution, removeData bool) error {
	for _, e := range targets {
		if IsSCDFExecution(e) {
			// SCDF's run and what its platform keeps are SCDF's: only the record imported here can go.
			if err := f.removeImportedRecord(ctx, e, removeData); err != nil {
				return err
			}
			continue
		}
		if e.EndTime.IsZero() {
			// A run still going is stopped before what it has is removed: with its record gone, nothing could
			// see or stop it any more.
			if err := f.StopExecutions(ctx, []int64{e.ID}, ""); err != nil && !errors.Is(err, ErrExecutionEnded) {
				return fmt.Errorf("could not stop execution %d before cleaning it up: %w", e.ID, err)
			}
		}
		steps, err := f.Store.Read().ChildExecutions(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, run := range append(steps, e) {
			if err := f.cleanupRun(ctx, run); err != nil {
				return err
			}
		}
		if removeData {
			if err := f.deleteRows(ctx, append(steps, e)); err != nil {
				return err
			}
			audit := store.AuditRecord{Operation: store.AuditTask, Action: store.AuditDelete, Correlation: e.TaskName, Platform: e.Platform, Data: fmt.Sprintf("execution %d", e.ID)}
			if err := f.change(ctx, audit, func(tx *store.Tx) error { return tx.DeleteExecution(ctx, e.ID) }); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f *Flow) cleanupRun(ctx context.Context, e store.Execution) error {
	if e.LogPath != "" {
		if err := os.Remove(e.LogPath); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("cannot delete the log of execution %d: %w", e.ID, err)
		}
	}
	if e.Handle == "" && e.Resource == composedResource {
		return nil
	}
	acc, err := f.taskAccount(e.Platform)
	if err != nil {
		if e.Handle == "" {
			return nil // nothing was recorded of its run, and its account cannot be asked
		}
		return fmt.Errorf("execution %d ran on '%s', which is no longer configured: %w", e.ID, e.Platform, err)
	}
	l, err := f.launcher(acc)
	if err != nil {
		return err
	}
	if e.Handle == "" {
		// No run was recorded (a launch interrupted between its writes): what it may have made is found by
		// its labels, where the platform can.
		if s, ok := l.(platforms.RunSweeper); ok {
			return s.SweepRun(ctx, e.TaskName, e.ID)
		}
		return nil
	}
	return l.CleanupTask(ctx, e.Handle)
}
