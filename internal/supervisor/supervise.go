package supervisor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/internal/childproc"
	"github.com/dataflow-cli/dataflow/internal/procid"
)

// Run is one process to supervise: a local task, whose end is recorded in its execution, or a local stream
// app, whose end goes to a file its deployer reads.
type Run struct {
	// Command is the program and its arguments.
	Command []string
	// Execution is the task execution whose end is recorded.
	Execution int64
	// ExitFile, when set, receives "<code> <message>" instead, and the store is never opened (stream apps).
	ExitFile string
	// Signals are the stop signals caught since the process started (CatchStopSignals); nil catches them now.
	Signals <-chan os.Signal
	// Flow opens the store, for a task only: to record its end, or the supervisor itself as its handle.
	Flow func(context.Context) (*flow.Flow, error)
	// Stdout and Stderr are where the run writes: the log files its platform opened for the supervisor.
	Stdout, Stderr io.Writer
}

// Supervise runs r.Command, forwards stop signals to it, and records its exit code and end, whether or not
// the shell that launched it is still there. A stop that came before the run could start ends it unstarted.
func Supervise(ctx context.Context, r Run) error {
	child := exec.Command(r.Command[0], r.Command[1:]...)
	child.Stdout, child.Stderr = r.Stdout, r.Stderr
	child.Env = runEnv(os.Environ())
	signals := r.Signals
	if signals == nil {
		caught := make(chan os.Signal, 4)
		signal.Notify(caught, stopSignals...)
		signals = caught
	}
	code, message := 0, ""
	select {
	case s := <-signals: // stopped before the run could start
		sig, _ := s.(syscall.Signal)
		code, message = 128+int(sig), "stopped by "+s.String()+" before it started"
	default:
		code, message = wait(ctx, child, signals, r)
	}
	if r.ExitFile != "" { // a stream app: its deployer reads the file
		return os.WriteFile(r.ExitFile, []byte(strings.TrimSpace(fmt.Sprintf("%d %s", code, message))+"\n"), 0o600)
	}
	// However the task ended, its end is recorded: nothing may cancel this write.
	ctx = context.WithoutCancel(ctx)
	fl, err := r.Flow(ctx)
	if err != nil {
		return err
	}
	return fl.EndExecution(ctx, r.Execution, code, message)
}

// wait starts the child and waits for it, passing stop signals on; it returns the exit code and, when the
// code alone does not say it, why the run ended.
func wait(ctx context.Context, child *exec.Cmd, signals <-chan os.Signal, r Run) (int, string) {
	// If this supervisor is killed (SIGKILL cannot be caught), the task must not run on unseen.
	release := childproc.DieWithParent(child, syscall.SIGTERM)
	defer release()
	if err := child.Start(); err != nil {
		return -1, "could not start: " + err.Error()
	}
	go func() {
		for s := range signals {
			_ = child.Process.Signal(s)
		}
	}()
	if r.ExitFile == "" {
		// The store is opened while the task runs, so that its end is recorded as soon as it comes (a shared
		// store costs a connection). A failure here is met again, and reported, when the end is recorded.
		go func() { _, _ = r.Flow(ctx) }()
	}
	exited := make(chan struct{})
	adopted := make(chan struct{})
	go func() {
		defer close(adopted)
		if r.ExitFile == "" {
			adoptRunIfOrphaned(ctx, r, exited)
		}
	}()
	err := child.Wait()
	close(exited)
	<-adopted
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr) && exitErr.ExitCode() >= 0:
		return exitErr.ExitCode(), ""
	case errors.As(err, &exitErr):
		ws, _ := exitErr.Sys().(syscall.WaitStatus)
		return 128 + int(ws.Signal()), "killed by signal " + ws.Signal().String()
	case err != nil:
		return -1, err.Error()
	}
	return 0, ""
}

// adoptAfter is how long a supervisor gives its launcher to record the run before it looks for itself.
const adoptAfter = 250 * time.Millisecond

// adoptRunIfOrphaned records the supervisor as its run's handle when the launcher has not done so by
// adoptAfter (it was killed in between): the run can then be stopped, and noticed if it vanishes. A task that
// ends first needs nothing: its end is recorded anyway.
func adoptRunIfOrphaned(ctx context.Context, r Run, exited <-chan struct{}) {
	select {
	case <-exited:
		return
	case <-time.After(adoptAfter):
	}
	if fl, err := r.Flow(ctx); err == nil {
		_ = fl.AdoptLocalRun(context.WithoutCancel(ctx), r.Execution, os.Getpid(), procid.Self())
	}
}

// runEnv is the supervisor's environment without the variables it was given for itself alone (the store's
// credentials: flow.SupervisorOnlyVar).
func runEnv(environ []string) []string {
	only := map[string]bool{flow.SupervisorOnlyVar: true}
	for kv := range slices.Values(environ) {
		if names, ok := strings.CutPrefix(kv, flow.SupervisorOnlyVar+"="); ok {
			for _, n := range strings.Split(names, ",") {
				only[n] = true
			}
		}
	}
	out := make([]string, 0, len(environ))
	for _, kv := range environ {
		if name, _, _ := strings.Cut(kv, "="); !only[name] {
			out = append(out, kv)
		}
	}
	return out
}
