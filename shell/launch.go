package shell

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/internal/childproc"
	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/shell/render"
	"github.com/dataflow-cli/dataflow/store"
)

// supervisorCommand is the command line of the process that waits for a local task and records its end.
func (f *Factory) supervisorCommand() []string {
	exe := f.Executable
	if exe == "" {
		exe, _ = os.Executable()
	}
	return []string{exe, "--db", f.dbPath(), "__supervise"}
}

// launchers builds the task launchers of the wired platforms.
func (f *Factory) launchers() flow.LauncherFactory {
	return f.Platforms.Launchers(f.supervisorCommand(), f.platformEnvironment())
}

// platformEnvironment is what platform clients get: this process's variables and files, and the memo in the
// store (opened when a platform first asks it).
func (f *Factory) platformEnvironment() platforms.Environment {
	env := platforms.SystemEnvironment(f.Getenv, filepath.Dir(f.dbPath()))
	env.Memo = factoryMemo{f}
	return env
}

// factoryMemo is the store's memo, reached through the factory so that building a platform client opens
// nothing.
type factoryMemo struct{ f *Factory }

func (m factoryMemo) Recall(ctx context.Context, account, key string) (string, bool) {
	fl, err := m.f.Flow(ctx)
	if err != nil {
		return "", false
	}
	return fl.Memo().Recall(ctx, account, key)
}

func (m factoryMemo) Remember(ctx context.Context, account, key, value string) {
	if fl, err := m.f.Flow(ctx); err == nil {
		fl.Memo().Remember(ctx, account, key, value)
	}
}

// goneProbe asks the platforms whether running executions still run; without accounts it asks nothing.
func (f *Factory) goneProbe() flow.GoneProbe {
	accounts, err := f.Accounts()
	if err != nil {
		return nil
	}
	return accounts.Probe(f.launchers())
}

func newTaskLaunchCommand(f *Factory) *cobra.Command {
	var name, platform, properties, arguments string
	var detach bool
	cmd := leaf("launch", "Launch a previously created task", groupTasks, func(cmd *cobra.Command, args []string) error {
		props, err := parseLaunchProperties(properties)
		if err != nil {
			return err
		}
		accounts, err := f.Accounts()
		if err != nil {
			return err
		}
		launchers := f.launchers()
		if !detach { // a detached graph is launched by another process
			launchers = flow.WarmLauncher(cmd.Context(), accounts, platform, launchers)
		}
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		req := flow.LaunchRequest{Name: name, Platform: platform, Properties: props, Arguments: strings.Fields(arguments), DataDir: filepath.Dir(f.dbPath())}
		composed, err := fl.IsComposedTask(cmd.Context(), name)
		if err != nil {
			return err
		}
		if composed && detach {
			id, err := f.detachComposed(cmd.Context(), fl, req, accounts)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Launched composed task '%s' with execution id %d in the background ('task execution list' shows its steps)\n", name, id)
			return nil
		}
		if composed {
			// The graph runs here, in the foreground, with a line per step; its steps are tasks of their own.
			id, err := fl.RunComposedTask(cmd.Context(), req, accounts, launchers, func(line string) { fmt.Fprintln(f.IO.Out, line) })
			if id > 0 && err == nil {
				fmt.Fprintf(f.IO.Out, "Composed task '%s' (execution id %d) completed\n", name, id)
			}
			return err
		}
		id, err := fl.LaunchTask(cmd.Context(), req, accounts, launchers)
		if err != nil {
			return err
		}
		fmt.Fprintf(f.IO.Out, "Launched task '%s' with execution id %d\n", name, id)
		return nil
	})
	nameOption(cmd, f, &name, "the name of the task to launch", completeTaskNames)
	cmd.Flags().StringVar(&properties, "properties", "", "the properties for this launch (app.<app>.<key>=<value>, comma separated)")
	cmd.Flags().StringVar(&arguments, "arguments", "", "the command-line arguments for this launch (space separated)")
	cmd.Flags().StringVar(&platform, "platformName", "", "the task platform to launch on (default: the only one, or 'default')")
	cmd.Flags().BoolVar(&detach, "detach", false, "run a composed task's graph in a background dataflow process that outlives the shell")
	completeFlagWith(cmd, "platformName", f, completeTaskPlatformNames)
	return cmd
}

// parseLaunchProperties reads SCDF's comma list: a fragment that does not start a new allowed key joins the
// previous value, so values may hold commas.
func parseLaunchProperties(s string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	last := ""
	for _, part := range strings.Split(s, ",") {
		k, v, hasEq := strings.Cut(part, "=")
		k = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(k), "--"))
		allowed := hasEq && (strings.HasPrefix(k, "app.") || strings.HasPrefix(k, "deployer.") || strings.HasPrefix(k, "scheduler.") || strings.HasPrefix(k, "version."))
		switch {
		case allowed:
			out[k] = strings.TrimSpace(v)
			last = k
		case last != "":
			out[last] += "," + part
		case hasEq:
			return nil, fmt.Errorf("Only deployment property keys starting with 'app.', 'deployer.' or, 'scheduler.' allowed, got '%s'", k)
		default:
			return nil, fmt.Errorf("Only deployment property keys starting with 'app.' or 'scheduler' or 'deployer.'  or 'version.' allowed. Not %s", part)
		}
	}
	return out, nil
}

// newSuperviseCommand is the hidden supervisor of a local task: it runs the task, forwards signals to it, and
// records its exit code and end time, whether or not the shell that launched it is still there.
func newSuperviseCommand(f *Factory) *cobra.Command {
	var id int64
	var exitFile string
	cmd := &cobra.Command{Use: "__supervise", Hidden: true, Args: cobra.MinimumNArgs(1), RunE: func(cmd *cobra.Command, args []string) error {
		child := exec.Command(args[0], args[1:]...)
		child.Stdout, child.Stderr = os.Stdout, os.Stderr
		signals := f.supervisorSignals
		if signals == nil {
			signals = make(chan os.Signal, 4)
			signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
		}
		code, message := 0, ""
		select {
		case s := <-signals: // stopped before the task could start
			sig, _ := s.(syscall.Signal)
			code, message = 128+int(sig), "stopped by "+s.String()+" before it started"
		default:
			// If this supervisor is killed (SIGKILL cannot be caught), the task must not run on unseen.
			release := childproc.DieWithParent(child, syscall.SIGTERM)
			defer release()
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
					f.adoptRunIfOrphaned(cmd.Context(), id, exited)
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
		fl, err := f.Flow(ctx)
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
func (f *Factory) adoptRunIfOrphaned(ctx context.Context, id int64, exited <-chan struct{}) {
	select {
	case <-exited:
		return
	case <-time.After(adoptAfter):
	}
	if fl, err := f.Flow(ctx); err == nil {
		_ = fl.AdoptLocalRun(context.WithoutCancel(ctx), id, os.Getpid(), procid.Self())
	}
}

func newTaskExecutionCommand(f *Factory) *cobra.Command {
	return noun("execution", "Inspect task executions", newTaskExecutionListCommand(f), newTaskExecutionStatusCommand(f),
		newTaskExecutionLogCommand(f), newTaskExecutionStopCommand(f), newTaskExecutionCurrentCommand(f),
		newTaskExecutionRestartCommand(f), newTaskExecutionCleanupCommand(f))
}

// executionView is an execution as listings show it.
type executionView struct {
	ID          int64    `json:"executionId" yaml:"executionId"`
	TaskName    string   `json:"taskName" yaml:"taskName"`
	Platform    string   `json:"platformName" yaml:"platformName"`
	Status      string   `json:"status" yaml:"status"`
	StartTime   string   `json:"startTime" yaml:"startTime"`
	EndTime     string   `json:"endTime,omitempty" yaml:"endTime,omitempty"`
	ExitCode    *int     `json:"exitCode" yaml:"exitCode"`
	ExitMessage string   `json:"exitMessage,omitempty" yaml:"exitMessage,omitempty"`
	Arguments   []string `json:"arguments,omitempty" yaml:"arguments,omitempty"`
	Properties  string   `json:"deploymentProperties,omitempty" yaml:"deploymentProperties,omitempty"`
	Resource    string   `json:"resourceUrl" yaml:"resourceUrl"`
	ExternalID  string   `json:"externalExecutionId,omitempty" yaml:"externalExecutionId,omitempty"`
	ParentID    int64    `json:"parentExecutionId,omitempty" yaml:"parentExecutionId,omitempty"`
	RestartOf   int64    `json:"restartOf,omitempty" yaml:"restartOf,omitempty"`
	// Schedule is the schedule that started the run (a scheduled run, recorded when it was seen).
	Schedule string `json:"scheduleName,omitempty" yaml:"scheduleName,omitempty"`
	// Steps are the step executions of a composed run (status only).
	Steps []executionView `json:"steps,omitempty" yaml:"steps,omitempty"`
}

func (f *Factory) executionView(e store.Execution) executionView {
	return executionView{ID: e.ID, TaskName: e.TaskName, Platform: e.Platform, Status: e.Status, StartTime: f.formatTime(e.StartTime),
		EndTime: f.formatTime(e.EndTime), ExitCode: e.ExitCode, ExitMessage: e.ExitMessage, Arguments: e.Arguments,
		Properties: e.Properties, Resource: e.Resource, ExternalID: e.ExternalID, ParentID: e.ParentID, RestartOf: e.RestartOf, Schedule: e.ScheduleName}
}

// stepLines renders the steps of a composed run, one "id name status exit code" per line.
func stepLines(steps []executionView) string {
	lines := make([]string, len(steps))
	for i, s := range steps {
		lines[i] = strings.TrimSpace(fmt.Sprintf("%d %s %s %s", s.ID, s.TaskName, s.Status, exitCodeText(s.ExitCode)))
	}
	return strings.Join(lines, "\n")
}

func exitCodeText(c *int) string {
	if c == nil {
		return ""
	}
	return strconv.Itoa(*c)
}

func newTaskExecutionListCommand(f *Factory) *cobra.Command {
	var name string
	var limit, page int
	cmd := leaf("list", "List created task executions filtered by taskName", groupTasks, nil)
	cmd.Flags().StringVar(&name, "name", "", "the task name to be used as a filter")
	cmd.Flags().IntVar(&limit, "limit", 100, "show at most this many, newest first (0 for all)")
	cmd.Flags().IntVar(&page, "page", 1, "which page of --limit executions to show (1: the newest)")
	positional(cmd, "name")
	completeFlagWith(cmd, "name", f, completeTaskNames)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if page < 1 {
			return usageErrorf("Invalid value '%d' for option '--page': pages start at 1", page)
		}
		f.observeScheduledRuns(cmd.Context(), fl)
		list, err := fl.ExecutionsPage(cmd.Context(), name, limit, page, f.goneProbe())
		if err != nil {
			return err
		}
		views := make([]executionView, len(list))
		for i, e := range list {
			views[i] = f.executionView(e)
		}
		return f.printListing(*format, views, func() render.Table {
			t := render.Table{Headers: []string{"Task Name", "ID", "Start Time", "End Time", "Exit Code", "Status"}}
			for _, v := range views {
				t.Rows = append(t.Rows, []string{v.TaskName, strconv.FormatInt(v.ID, 10), v.StartTime, v.EndTime, exitCodeText(v.ExitCode), v.Status})
			}
			return t
		})
	}
	return cmd
}

func newTaskExecutionStatusCommand(f *Factory) *cobra.Command {
	var id int64
	cmd := leaf("status", "Display the status of a task execution", groupTasks, nil)
	cmd.Flags().Int64Var(&id, "id", 0, "the task execution id")
	require(cmd, "id")
	positional(cmd, "id")
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		f.observeScheduledRuns(cmd.Context(), fl)
		e, err := fl.Execution(cmd.Context(), id, f.goneProbe())
		if err != nil {
			return err
		}
		v := f.executionView(e)
		steps, err := fl.ExecutionSteps(cmd.Context(), id)
		if err != nil {
			return err
		}
		for _, s := range steps {
			v.Steps = append(v.Steps, f.executionView(s))
		}
		return f.printListing(*format, v, func() render.Table {
			t := render.Table{Headers: []string{"Key ", "Value "}, Rows: [][]string{
				{"Id ", strconv.FormatInt(v.ID, 10)}, {"Resource URL ", v.Resource}, {"Name ", v.TaskName},
				{"CLI Arguments ", strings.Join(v.Arguments, " ")}, {"Deployment Properties ", v.Properties},
				{"Start Time ", v.StartTime}, {"End Time ", v.EndTime}, {"Exit Code ", exitCodeText(v.ExitCode)},
				{"Exit Message ", v.ExitMessage}, {"Status ", v.Status}, {"Platform Name ", v.Platform},
				{"External Execution Id ", v.ExternalID},
			}}
			if v.ParentID != 0 {
				t.Rows = append(t.Rows, []string{"Composed Execution Id ", strconv.FormatInt(v.ParentID, 10)})
			}
			if v.RestartOf != 0 {
				t.Rows = append(t.Rows, []string{"Restart Of ", strconv.FormatInt(v.RestartOf, 10)})
			}
			if v.Schedule != "" {
				t.Rows = append(t.Rows, []string{"Schedule Name ", v.Schedule})
			}
			if len(v.Steps) > 0 {
				t.Rows = append(t.Rows, []string{"Steps ", stepLines(v.Steps)})
			}
			return t
		})
	}
	return cmd
}

func newTaskExecutionLogCommand(f *Factory) *cobra.Command {
	var id int64
	cmd := leaf("log", "Retrieve task execution log", groupTasks, func(cmd *cobra.Command, args []string) error {
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		accounts, err := f.Accounts()
		if err != nil {
			return err
		}
		text, err := fl.ExecutionLog(cmd.Context(), id, accounts, f.launchers())
		if err != nil {
			return err
		}
		fmt.Fprint(f.IO.Out, text)
		return nil
	})
	cmd.Flags().Int64Var(&id, "id", 0, "the task execution id")
	require(cmd, "id")
	positional(cmd, "id")
	return cmd
}

func newTaskExecutionStopCommand(f *Factory) *cobra.Command {
	var ids string
	cmd := leaf("stop", "Stop executing tasks", groupTasks, func(cmd *cobra.Command, args []string) error {
		var list []int64
		for _, part := range strings.Split(ids, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil {
				return usageErrorf("Invalid execution id '%s' in --ids: give numbers separated by commas", part)
			}
			list = append(list, id)
		}
		accounts, fl, err := f.accountsAndFlow(cmd.Context())
		if err != nil {
			return err
		}
		if err := fl.StopExecutions(cmd.Context(), list, accounts, f.launchers()); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.Out, "Request to stop the task execution with id(s): %s has been submitted\n", ids)
		return nil
	})
	cmd.Flags().StringVar(&ids, "ids", "", "the ids of the task executions to stop, comma separated")
	require(cmd, "ids")
	positional(cmd, "ids")
	return cmd
}

func newTaskExecutionCurrentCommand(f *Factory) *cobra.Command {
	cmd := leaf("current", "Display count of currently executing tasks and related information", groupTasks, nil)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		accounts, fl, err := f.accountsAndFlow(cmd.Context())
		if err != nil {
			return err
		}
		f.observeScheduledRuns(cmd.Context(), fl)
		loads, err := fl.CurrentExecutions(cmd.Context(), accounts, f.launchers())
		if err != nil {
			return err
		}
		return f.printListing(*format, loads, func() render.Table {
			t := render.Table{Headers: []string{"Platform Name", "Platform Type", "Execution Count", "Maximum Executions"}}
			for _, l := range loads {
				t.Rows = append(t.Rows, []string{l.Name, l.Type, strconv.Itoa(l.Running), strconv.Itoa(l.Maximum)})
			}
			return t
		})
	}
	return cmd
}

// detachComposed records the parent execution, then hands the graph to `dataflow __compose`, started in its own
// session with its output in the execution's log. The launch request (its properties may hold secrets) reaches
// it on stdin, never on a command line other users can read.
func (f *Factory) detachComposed(ctx context.Context, fl *flow.Flow, req flow.LaunchRequest, accounts *flow.Accounts) (int64, error) {
	id, err := fl.StartComposedTask(ctx, req, accounts)
	if err != nil {
		return 0, err
	}
	logPath, err := fl.ComposedLogPath(ctx, id, req, accounts)
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
	sup := f.supervisorCommand()
	argv := append(sup[:len(sup)-1:len(sup)-1], "--config", f.configPath(), "__compose", "--execution", strconv.FormatInt(id, 10))
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
func newComposeCommand(f *Factory) *cobra.Command {
	var id int64
	cmd := &cobra.Command{Use: "__compose", Hidden: true, Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, args []string) error {
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		var req flow.LaunchRequest
		if err := json.NewDecoder(f.IO.In).Decode(&req); err != nil {
			err = fmt.Errorf("cannot read the launch request: %w", err)
			_ = fl.EndExecution(context.WithoutCancel(cmd.Context()), id, -1, err.Error())
			return err
		}
		accounts, err := f.Accounts()
		if err != nil {
			_ = fl.EndExecution(context.WithoutCancel(cmd.Context()), id, -1, err.Error())
			return err
		}
		// SIGTERM cancels the graph; its end is still recorded.
		return fl.RunComposedGraph(cmd.Context(), id, req, accounts, f.launchers(),
			func(line string) { fmt.Fprintln(f.IO.Out, line) })
	}}
	cmd.Flags().Int64Var(&id, "execution", 0, "the parent execution to run")
	return cmd
}
