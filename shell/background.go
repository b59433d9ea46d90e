package shell

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/internal/procid"
)

// supervisorCommand is the command line of the process that waits for a local task and records its end.
func (f *Factory) supervisorCommand() []string {
	exe := f.Executable
	if exe == "" {
		exe, _ = os.Executable()
	}
	return []string{exe, "--db", f.dbPath(), "__supervise"}
}

// newSuperviseCommand is the hidden supervisor of a local task: it runs the task, forwards signals to it, and
// records its exit code and end time, whether or not the shell that launched it is still there.
func newSuperviseCommand(d *cmdDeps) *cobra.Command {
	var id int64
	var exitFile string
	cmd := &cobra.Command{Use: "__supervise", Hidden: true, Args: cobra.MinimumNArgs(1), RunE: func(cmd *cobra.Command, args []string) error {
		child := exec.Command(args[0], args[1:]...)
		child.Stdout, child.Stderr = os.Stdout, os.Stderr
		signals := d.stopSignals
		if signals == nil {
			caught := make(chan os.Signal, 4)
			signal.Notify(caught, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
			signals = caught
		}
		code, message := 0, ""
		select {
		case s := <-signals: // stopped before the task could start
			sig, _ := s.(syscall.Signal)
			code, message = 128+int(sig), "stopped by "+s.String()+" before it started"
		default:
			if err := child.Start(); err != nil {
				code, message = -1, "could not start: "+err.Error()
				break
			}
			go func() {
				for s := range signals {
					_ = child.Process.Signal(s)
				}
			}()
			exited := make(chan struct{})
			adopted := make(chan struct{})
			go func() {
				defer close(adopted)
				if exitFile == "" {
					d.adoptRunIfOrphaned(cmd.Context(), id, exited)
				}
			}()
			err := child.Wait()
			close(exited)
			<-adopted
			var exitErr *exec.ExitError
			switch {
			case errors.As(err, &exitErr) && exitErr.ExitCode() >= 0:
				code = exitErr.ExitCode()
			case errors.As(err, &exitErr):
				ws, _ := exitErr.Sys().(syscall.WaitStatus)
				code, message = 128+int(ws.Signal()), "killed by signal "+ws.Signal().String()
			case err != nil:
				code, message = -1, err.Error()
			}
		}
		if exitFile != "" { // a stream app: its deployer reads the file
			return os.WriteFile(exitFile, []byte(strings.TrimSpace(fmt.Sprintf("%d %s", code, message))+"\n"), 0o600)
		}
		// However the task ended, its end is recorded: nothing may cancel this write.
		ctx := context.WithoutCancel(cmd.Context())
		fl, err := d.Flow(ctx)
		if err != nil {
			return err
		}
		return fl.EndExecution(ctx, id, code, message)
	}}
	cmd.Flags().Int64Var(&id, "execution", 0, "the execution to record")
	cmd.Flags().StringVar(&exitFile, "exit-file", "", "the file to write the exit code to (stream apps)")
	return cmd
}

// adoptAfter is how long a supervisor gives its launcher to record the run before it looks for itself.
const adoptAfter = 250 * time.Millisecond

// adoptRunIfOrphaned records the supervisor as its run's handle when the launcher has not done so by
// adoptAfter (it was killed in between): the run can then be stopped, and noticed if it vanishes. A task that
// ends first needs nothing: its end is recorded anyway.
func (d *cmdDeps) adoptRunIfOrphaned(ctx context.Context, id int64, exited <-chan struct{}) {
	select {
	case <-exited:
		return
	case <-time.After(adoptAfter):
	}
	if fl, err := d.Flow(ctx); err == nil {
		_ = fl.AdoptLocalRun(context.WithoutCancel(ctx), id, os.Getpid(), procid.Self())
	}
}

// detachComposed records the parent execution, then hands the graph to `dataflow __compose`, started in its own
// session with its output in the execution's log. The launch request (its properties may hold secrets) reaches
// it on stdin, never on a command line other users can read.
func (d *cmdDeps) detachComposed(ctx context.Context, fl *flow.Flow, req flow.LaunchRequest) (int64, error) {
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
	defer logFile.Close()
	sup := d.supervisorCommand()
	argv := append(sup[:len(sup)-1:len(sup)-1], "--config", d.configPath(), "__compose", "--execution", strconv.FormatInt(id, 10))
	// A real pipe, filled before this process may exit: exec's own copying goroutine would die with us.
	stdin, stdinW, err := os.Pipe()
	if err != nil {
		return id, err
	}
	defer stdin.Close()
	if _, err := stdinW.Write(payload); err != nil {
		stdinW.Close()
		return id, err
	}
	stdinW.Close()
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

// newComposeCommand is the hidden background runner of `task launch --detach`.
func newComposeCommand(d *cmdDeps) *cobra.Command {
	var id int64
	cmd := &cobra.Command{Use: "__compose", Hidden: true, Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		var req flow.LaunchRequest
		if err := json.NewDecoder(d.IO.In).Decode(&req); err != nil {
			err = fmt.Errorf("cannot read the launch request: %w", err)
			_ = fl.EndExecution(context.WithoutCancel(cmd.Context()), id, -1, err.Error())
			return err
		}
		if _, err := d.Accounts(); err != nil {
			_ = fl.EndExecution(context.WithoutCancel(cmd.Context()), id, -1, err.Error())
			return err
		}
		// SIGTERM cancels the graph; its end is still recorded.
		return fl.RunComposedGraph(cmd.Context(), id, req,
			func(line string) { fmt.Fprintln(d.IO.Out, line) })
	}}
	cmd.Flags().Int64Var(&id, "execution", 0, "the parent execution to run")
	return cmd
}
