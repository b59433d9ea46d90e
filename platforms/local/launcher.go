// Package local runs apps as child processes of this machine: the embedded default platform.
package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
)

// supervisorStartTimeout bounds the wait for a supervisor to be ready.
const supervisorStartTimeout = 10 * time.Second

// Launcher starts tasks through a supervisor: a small process (the dataflow binary itself) that waits for the
// task and records how it ended, so the record is right even after the shell that launched it has exited.
type Launcher struct {
	Account platforms.Account
	// Supervisor is the command line of the supervisor; the launcher appends "--execution N -- <task command>".
	Supervisor []string
	// SupervisorEnv are variables for the supervisor alone (platforms.Environment.SupervisorEnv).
	SupervisorEnv []string
	// LookPath finds java and docker; exec.LookPath unless a test says otherwise.
	LookPath func(string) (string, error)
	// Owner, when set, is the identity of the store the command runs for, which a run's processes carry.
	Owner func(context.Context) (string, error)
}

// NewLauncher returns a launcher for a local account.
func NewLauncher(acc platforms.Account, supervisor []string) *Launcher {
	return &Launcher{Account: acc, Supervisor: supervisor, LookPath: exec.LookPath}
}

// Command is how a registered resource runs here: an executable file directly, a jar with java -jar, a docker
// image with docker run. What cannot run on this machine is a clear error, before anything starts.
func (l *Launcher) Command(resource string) ([]string, error) {
	scheme, rest, _ := strings.Cut(resource, ":")
	switch strings.ToLower(scheme) {
	case "file":
		path := strings.TrimPrefix(rest, "//")
		if !filepath.IsAbs(path) {
			abs, err := filepath.Abs(path)
			if err != nil {
				return nil, err
			}
			path = abs
		}
		info, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("the app resource %s does not exist on this machine", resource)
		}
		if strings.HasSuffix(path, ".jar") {
			java, err := l.java()
			if err != nil {
				return nil, err
			}
			cmd := []string{java}
			if l.Account.Local != nil && l.Account.Local.JavaOpts != "" {
				cmd = append(cmd, strings.Fields(l.Account.Local.JavaOpts)...)
			}
			return append(cmd, "-jar", path), nil
		}
		if info.Mode()&0o111 == 0 || info.IsDir() {
			return nil, fmt.Errorf("the app resource %s is not an executable file (nor a .jar)", resource)
		}
		return []string{path}, nil
	case "docker":
		docker, err := l.LookPath("docker")
		if err != nil {
			return nil, fmt.Errorf("cannot run %s on the local account: no docker command on the PATH", resource)
		}
		if out, err := exec.Command(docker, "info", "--format", "{{.ServerVersion}}").CombinedOutput(); err != nil {
			return nil, fmt.Errorf("cannot run %s on the local account: no Docker engine answers (%s)", resource, firstLine(string(out)))
		}
		return []string{docker, "run", "--rm", "--network", "host", strings.TrimLeft(rest, "/")}, nil
	case "http", "https", "maven":
		return nil, fmt.Errorf("cannot run %s on the local account: it was not resolved to a file on this machine", resource)
	}
	return nil, fmt.Errorf("cannot run %s on the local account: unsupported resource", resource)
}

func (l *Launcher) java() (string, error) {
	if l.Account.Local != nil && l.Account.Local.JavaCmd != "" {
		return l.Account.Local.JavaCmd, nil
	}
	java, err := l.LookPath("java")
	if err != nil {
		return "", errors.New("cannot run a .jar on the local account: no java on the PATH (install a JDK or set the account's javaCmd)")
	}
	return java, nil
}

// LaunchTask starts the supervisor, detached in its own session so the task outlives the shell, with its
// output and the task's in spec.LogPath.
func (l *Launcher) LaunchTask(ctx context.Context, spec platforms.TaskSpec) (platforms.Launched, error) {
	command, err := l.Command(spec.Resource)
	if err != nil {
		return platforms.Launched{}, err
	}
	if err := os.MkdirAll(filepath.Dir(spec.LogPath), 0o700); err != nil {
		return platforms.Launched{}, fmt.Errorf("cannot create the log directory: %w", err)
	}
	env := l.inheritedEnv(os.Environ())
	for k, v := range spec.Env {
		env = append(env, k+"="+v)
	}
	if l.Owner != nil {
		owner, err := l.Owner(ctx)
		if err != nil {
			return platforms.Launched{}, err
		}
		if owner != "" {
			env = append(env, storeVar+"="+owner)
		}
	}
	token := newRunToken()
	env = append(env, runVar+"="+token)
	env = withSupervisorEnv(env, l.SupervisorEnv)
	pid, err := l.startSupervised(supervised{
		supervisorArgs: []string{"--execution", strconv.FormatInt(spec.ExecutionID, 10)},
		argv:           append(command, spec.Args...),
		env:            env, dir: filepath.Dir(spec.LogPath), stdout: spec.LogPath, stderr: spec.LogPath,
	})
	if err != nil {
		return platforms.Launched{}, fmt.Errorf("cannot start the task: %w", err)
	}
	started, _ := processStartTime(pid)
	handle := withRunToken(fmt.Sprintf("pid=%d start=%s", pid, started), token)
	return platforms.Launched{ExternalID: platforms.LocalRunID(spec.TaskName, pid), Handle: handle}, nil
}

// vanishedMessage is recorded for a run that disappeared without its end.
const vanishedMessage = "the run vanished before its end was recorded (its supervisor was killed, or the machine restarted); the task's exit is unknown"

// TaskEnded reports a run whose supervisor no longer runs, or whose pid now belongs to another process (its
// start time differs: pids are reused), once nothing of the run is left either: the supervisor records every
// other end itself. A task that outlived its killed supervisor still runs, and can still be stopped.
func (l *Launcher) TaskEnded(ctx context.Context, handle string) platforms.TaskEnd {
	if runGone(handle, runToken(handle)) {
		return platforms.TaskEnd{Ended: true, Failed: true, ExitCode: -1, Message: vanishedMessage}
	}
	return platforms.TaskEnd{}
}

// CleanupTask has nothing to delete: a local run leaves only its log file, which flow owns.
func (l *Launcher) CleanupTask(ctx context.Context, handle string) error { return nil }

// TaskLog writes nothing: local runs write their output to the execution's log file, which flow reads.
func (l *Launcher) TaskLog(ctx context.Context, handle string, opts platforms.LogOptions, w io.Writer) error {
	return nil
}

// StopTask sends SIGTERM to the supervisor, which passes it to the task and records how the task ended. The
// pid is signalled only while it is still the supervisor's (same start time): a reused pid is never touched.
// When the supervisor was killed and the task lives on, the task is stopped here, SIGKILL after the account's
// shutdownTimeout, since no supervisor is left to do it; its end is then found vanished.
func (l *Launcher) StopTask(handle string) error {
	pid, _, err := procid.Parse(handle)
	if err != nil {
		return fmt.Errorf("cannot stop a run known as %q", handle)
	}
	if procid.Gone(handle) {
		if err := stopRun(handle, runToken(handle), shutdownGrace(l.Account)); err != nil {
			return fmt.Errorf("cannot stop the task whose supervisor %d was killed: %w", pid, err)
		}
		return nil
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("cannot stop process %d: %w", pid, err)
	}
	return nil
}

func processStartTime(pid int) (string, error) { return procid.StartTime(pid) }

// inheritedEnv keeps the variables the account lets apps inherit (SCDF's envVarsToInherit: whole-name regular
// expressions, TMP, LANG, LANGUAGE, LC_.*, PATH and SPRING_APPLICATION_JSON by default).
func (l *Launcher) inheritedEnv(environ []string) []string {
	patterns := platforms.LocalDefaults.EnvVarsToInherit
	if l.Account.Local != nil && l.Account.Local.EnvVarsToInherit != nil {
		patterns = l.Account.Local.EnvVarsToInherit
	}
	var res []*regexp.Regexp
	for _, p := range patterns {
		if re, err := regexp.Compile("^(?:" + p + ")$"); err == nil {
			res = append(res, re)
		}
	}
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		for _, re := range res {
			if re.MatchString(name) {
				out = append(out, kv)
				break
			}
		}
	}
	return out
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// withSupervisorEnv adds the variables the supervisor needs to record the end in the store, and names those the
// run does not inherit, so that the supervisor removes them before it starts the run.
func withSupervisorEnv(env, extra []string) []string {
	has := make(map[string]bool, len(env))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		has[name] = true
	}
	var only []string
	for _, kv := range extra {
		if name, _, _ := strings.Cut(kv, "="); !has[name] {
			env = append(env, kv)
			only = append(only, name)
			has[name] = true
		}
	}
	if len(only) == 0 {
		return env
	}
	return append(env, platforms.SupervisorOnlyVar+"="+strings.Join(only, ","))
}

// FetchesURLs is false: a local task runs from a file, so flow downloads maven:// and http(s):// apps first.
func (l *Launcher) FetchesURLs() bool { return false }
