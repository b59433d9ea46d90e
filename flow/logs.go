package flow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// LogOptions choose which part of a log to show and whether to follow it (platforms.LogOptions).
type LogOptions = platforms.LogOptions

// logUnavailable is SCDF's message when a task's log cannot be read.
const logUnavailable = "Log could not be retrieved.  Verify that deployments are still available."

// executionEndPoll is how often a followed local task's record is read for its end.
const executionEndPoll = 500 * time.Millisecond

// StreamLogs writes the logs of a deployed stream's apps (or of one app, by label or name) to w: app after app
// under a "==> id <==" header, or, when following, side by side (each line after its instance's id when the
// lines of several apps mix) until ctx ends.
func (f *Flow) StreamLogs(ctx context.Context, name, app string, opts LogOptions, w io.Writer) error {
	_, cur, err := f.deployedHistory(ctx, name, f.checkIdle)
	if err != nil {
		return err
	}
	deployer, err := f.deployerOf(cur)
	if err != nil {
		return err
	}
	var apps []store.ReleaseApp
	for _, a := range cur.Apps {
		if app == "" || a.Label == app || strings.HasPrefix(a.DeploymentID, name+"-"+app+"-v") {
			apps = append(apps, a)
		}
	}
	if len(apps) == 0 {
		return fmt.Errorf("app '%s' is not in stream '%s'", app, name)
	}
	if !opts.Follow {
		for _, a := range apps {
			var b bytes.Buffer
			if err := deployer.Logs(ctx, refOf(a), opts, &b); err != nil {
				return logsError(a.DeploymentID, err)
			}
			fmt.Fprintf(w, "==> %s <==\n", a.DeploymentID)
			if !platforms.EndsWithNewline(b.Bytes()) {
				b.WriteByte('\n')
			}
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
		}
		return nil
	}
	opts.Prefix = opts.Prefix || len(apps) > 1
	out := &lockedWriter{w: w}
	errs := make([]error, len(apps))
	var wg sync.WaitGroup
	for i, a := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := deployer.Logs(ctx, refOf(a), opts, out); err != nil && ctx.Err() == nil {
				errs[i] = logsError(a.DeploymentID, err)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return ctx.Err()
}

func logsError(id string, err error) error {
	if errors.Is(err, platforms.ErrNoSinceInLogs) || errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("cannot read the logs of %s: %w", id, err)
}

// lockedWriter lets the logs of several apps share one output, a whole write (a line) at a time.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// ExecutionLog writes the output of an execution: its local log file, or what the platform keeps (a pod's
// log, Log Cache). With follow it goes on until the run ends or ctx does.
func (f *Flow) ExecutionLog(ctx context.Context, id int64, opts LogOptions, w io.Writer) error {
	e, err := f.Execution(ctx, id, nil)
	if err != nil {
		return err
	}
	return f.executionLog(ctx, e, e.Platform, opts, w)
}

// ExecutionLogByExternalID is `task execution log --externalExecutionId`: the run the platform knows by that
// id (the pod's or the CF task's name, as `task execution status` shows it), on the platform given, else on
// the only platform that has one.
func (f *Flow) ExecutionLogByExternalID(ctx context.Context, externalID, platform string, opts LogOptions, w io.Writer) error {
	if platform != "" {
		if _, err := f.taskAccount(platform); err != nil {
			return err
		}
	}
	all, err := f.Executions(ctx, "", 0, nil)
	if err != nil {
		return err
	}
	var found []store.Execution
	for _, e := range all {
		if e.ExternalID == externalID && (platform == "" || e.Platform == platform) {
			found = append(found, e)
		}
	}
	switch {
	case len(found) == 0 && platform != "":
		return fmt.Errorf("No task execution with external execution id '%s' on platform '%s'", externalID, platform)
	case len(found) == 0:
		return fmt.Errorf("No task execution with external execution id '%s'", externalID)
	case len(found) > 1:
		var where []string
		for _, e := range found {
			where = append(where, fmt.Sprintf("%d on '%s'", e.ID, e.Platform))
		}
		return fmt.Errorf("External execution id '%s' names several task executions (%s): give --platform, or the execution id",
			externalID, strings.Join(where, ", "))
	}
	return f.executionLog(ctx, found[0], found[0].Platform, opts, w)
}

func (f *Flow) executionLog(ctx context.Context, e store.Execution, platform string, opts LogOptions, w io.Writer) error {
	if IsSCDFExecution(e) {
		return fmt.Errorf("Log could not be retrieved: task execution %d ran in SCDF (it was imported from it); its log is on SCDF's platform '%s' (external execution id '%s')", e.ID, e.Platform, e.ExternalID)
	}
	if e.LogPath == "" {
		if e.Handle == "" {
			return errors.New(logUnavailable)
		}
		_, l, err := f.taskLauncher(platform)
		if err != nil {
			return err
		}
		if err := l.TaskLog(ctx, e.Handle, opts, w); err != nil {
			if errors.Is(err, context.Canceled) {
				return err
			}
			return fmt.Errorf("%s: %w", logUnavailable, err)
		}
		return nil
	}
	if _, err := os.Stat(e.LogPath); err != nil {
		return errors.New(logUnavailable)
	}
	// A local run's output is a file dataflow keeps: a follow ends when the store records the run's end.
	var lastLook time.Time
	ended := func() bool {
		if !e.EndTime.IsZero() {
			return true
		}
		if time.Since(lastLook) < executionEndPoll {
			return false
		}
		lastLook = time.Now()
		now, err := f.Execution(ctx, e.ID, f.Probe())
		return err == nil && !now.EndTime.IsZero()
	}
	return platforms.ShowLogFiles(ctx, []platforms.LogFile{{Path: e.LogPath, Out: w}}, opts, ended)
}
