package supervisor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/internal/procid"
)

// StartComposed records a composed task's parent execution, then hands the graph to `dataflow __compose`,
// started in its own session with its output in the execution's log, and returns the execution's id. The
// launch request (its properties may hold secrets) reaches the runner on stdin, never on a command line other
// users can read.
func (b Binary) StartComposed(ctx context.Context, fl *flow.Flow, req flow.LaunchRequest) (int64, error) {
	id, err := fl.StartComposedTask(ctx, req)
	if err != nil {
		return 0, err
	}
	logPath, err := fl.ComposedLogPath(ctx, id, req)
	if err != nil {
		return id, err
	}
	payload, err := json.Marshal(req)
	if err != nil {
		return id, err
	}
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return id, fmt.Errorf("cannot create the log of the composed task: %w", err)
	}
	defer func() { _ = logFile.Close() }() // the runner has its own copy; this one was only for handing over
	argv := b.composeArgv(id)
	// A real pipe, filled before this process may exit: exec's own copying goroutine would die with us.
	stdin, stdinW, err := os.Pipe()
	if err != nil {
		return id, err
	}
	defer func() { _ = stdin.Close() }() // the runner reads its own copy
	if _, err := stdinW.Write(payload); err != nil {
		_ = stdinW.Close()
		return id, err
	}
	if err := stdinW.Close(); err != nil {
		return id, err
	}
	runner := exec.Command(argv[0], argv[1:]...)
	runner.Stdin = stdin
	runner.Stdout, runner.Stderr = logFile, logFile
	runner.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := runner.Start(); err != nil {
		_ = fl.EndExecution(ctx, id, -1, "could not start the background runner: "+err.Error())
		return id, err
	}
	go func() { _ = runner.Wait() }()
	// The runner's identity lets a later look at the execution notice a runner that was killed.
	if who, err := procid.Of(runner.Process.Pid); err == nil {
		_ = fl.RecordComposedRunner(ctx, id, who)
	}
	return id, nil
}

// ComposedRun is the graph `dataflow __compose` walks for a detached launch.
type ComposedRun struct {
	// Execution is the parent execution StartComposed recorded.
	Execution int64
	// Request is where the launch request comes from: the runner's stdin, as StartComposed wrote it.
	Request io.Reader
	// Log receives a line per step: the execution's log file.
	Log io.Writer
	// Accounts loads the account configuration before any step runs, so that a configuration that cannot be
	// read ends the execution with its message instead of failing each step.
	Accounts func() (*flow.Accounts, error)
}

// RunComposed walks the graph of a detached composed launch. Whatever stops it before the graph runs is
// recorded as the execution's end; a cancelled ctx (SIGTERM) cancels the graph, whose end is recorded too.
func RunComposed(ctx context.Context, fl *flow.Flow, r ComposedRun) error {
	var req flow.LaunchRequest
	if err := json.NewDecoder(r.Request).Decode(&req); err != nil {
		err = fmt.Errorf("cannot read the launch request: %w", err)
		_ = fl.EndExecution(context.WithoutCancel(ctx), r.Execution, -1, err.Error())
		return err
	}
	if _, err := r.Accounts(); err != nil {
		_ = fl.EndExecution(context.WithoutCancel(ctx), r.Execution, -1, err.Error())
		return err
	}
	return fl.RunComposedGraph(ctx, r.Execution, req, func(line string) { fmt.Fprintln(r.Log, line) })
}
