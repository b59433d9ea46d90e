package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C or SIGTERM cancels a one-shot command; a command that cannot notice (here: opening a named pipe that
// nobody writes, which blocks in the kernel) is ended by the second signal, as any program would be, instead of
// catching every signal for ever.
func TestSecondSIGTERMEndsAStuckCommand(t *testing.T) {
	dir := e2eDir(t)
	fifo := filepath.Join(dir, "never-written.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	cmd := exec.Command(binary, "platform", "import", "--file", fifo)
	cmd.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"), "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Give it time to reach the open; a signal before the catch is set up would end it at once (a pass, but not
	// the case under test).
	time.Sleep(500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		t.Fatalf("the first SIGTERM ended a command stuck in the kernel (%v): the test does not test the second", err)
	case <-time.After(500 * time.Millisecond):
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("exit: %v", err)
		}
		if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
			t.Fatalf("ended by %v, want SIGTERM (stderr %s)", err, strings.TrimSpace(stderr.String()))
		}
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the second SIGTERM did not end the stuck command either")
	}
}
