package local

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// supervised is a process to start under the supervisor.
type supervised struct {
	// supervisorArgs say what the supervisor records when the process ends (--execution N, --exit-file F).
	supervisorArgs []string
	argv           []string
	env            []string
	dir            string
	// stdout and stderr are files the output is appended to (the same file for both is allowed).
	stdout, stderr string
}

// startSupervised starts the supervisor, detached in its own session (and so its own process group) so that it
// and the process outlive the shell, and returns the supervisor's pid once it catches signals.
func (l *Launcher) startSupervised(s supervised) (int, error) {
	stdout, err := os.OpenFile(s.stdout, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return 0, fmt.Errorf("cannot create the log file: %w", err)
	}
	defer func() { _ = stdout.Close() }() // the supervisor writes to its own copy
	stderr := stdout
	if s.stderr != s.stdout {
		if stderr, err = os.OpenFile(s.stderr, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err != nil {
			return 0, fmt.Errorf("cannot create the log file: %w", err)
		}
		defer func() { _ = stderr.Close() }()
	}
	argv := append(append(append([]string{}, l.Supervisor...), s.supervisorArgs...), "--")
	argv = append(argv, s.argv...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Dir = s.dir
	cmd.Env = s.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	// The supervisor writes a byte on its file descriptor 3 once it catches stop signals: until then a SIGTERM
	// would kill it before it could pass the stop on or record it, so the start returns only after that byte.
	ready, readyW, err := os.Pipe()
	if err != nil {
		return 0, err
	}
	defer func() { _ = ready.Close() }()
	cmd.ExtraFiles = []*os.File{readyW}
	err = cmd.Start()
	_ = readyW.Close() // the supervisor has its own copy: if it ends without writing, the read below ends too
	if err != nil {
		return 0, fmt.Errorf("cannot start the supervisor: %w", err)
	}
	_ = ready.SetReadDeadline(time.Now().Add(supervisorStartTimeout))
	if _, err := ready.Read(make([]byte, 1)); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return 0, fmt.Errorf("the supervisor did not start within %s: %v", supervisorStartTimeout, err)
	}
	// The supervisor records the end itself; waiting here only reaps it if this process lives longer (the REPL).
	go func() { _ = cmd.Wait() }()
	return cmd.Process.Pid, nil
}
