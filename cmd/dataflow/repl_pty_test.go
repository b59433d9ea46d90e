package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptySession drives dataflow on a pseudo-terminal, as a user at a terminal would.
type ptySession struct {
	t *testing.T
	// before is the terminal as the user's shell left it, read before dataflow starts.
	before string
	// lineEndedAt is where the output stood when Enter or Ctrl-C was sent (-1: no line pending). The next key
	// waits for a prompt drawn after it: a key sent while the editor is between two lines can be lost, as
	// go-prompt starts a new reader for each line.
	lineEndedAt int
	cmd         *exec.Cmd
	master      *os.File
	tty         *os.File
	mu          sync.Mutex
	out         bytes.Buffer
	done        chan struct{}
}

func startPTY(t *testing.T, dir string, extraEnv ...string) *ptySession {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	if err := pty.Setsize(master, &pty.Winsize{Rows: 40, Cols: 120}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"),
		"HOME="+dir, "TERM=xterm", "NO_COLOR=1")
	cmd.Env = append(cmd.Env, extraEnv...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	s := &ptySession{t: t, cmd: cmd, master: master, tty: tty, done: make(chan struct{})}
	s.before = sttySettings(t, tty)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			if n > 0 {
				s.mu.Lock()
				s.out.Write(buf[:n])
				// go-prompt asks where the cursor is; answer as a terminal would.
				if bytes.Contains(buf[:n], []byte("\x1b[6n")) {
					_, _ = master.Write([]byte("\x1b[1;1R"))
				}
				s.mu.Unlock()
			}
			if err != nil {
				close(s.done)
				return
			}
		}
	}()
	s.waitFor("dataflow:>")
	s.lineEndedAt = -1
	return s
}

// close closes both ends of the terminal, once the session is over.
func (s *ptySession) close() {
	s.t.Helper()
	for _, f := range []*os.File{s.master, s.tty} {
		if err := f.Close(); err != nil {
			s.t.Error(err)
		}
	}
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\r`)

func (s *ptySession) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansi.ReplaceAllString(s.out.String(), "")
}

// waitFor polls the output until it contains text, failing after a generous deadline.
func (s *ptySession) waitFor(text string) {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(s.screen(), text) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("timed out waiting for %q; screen:\n%s", text, s.screen())
}

// typeKeys sends keys one at a time and waits until the editor has drawn each one: go-prompt treats text and
// Enter arriving in one read as a paste, so on a busy machine a key must not be sent before the previous one
// was handled.
func (s *ptySession) typeKeys(keys ...string) {
	for _, k := range keys {
		s.waitForPrompts()
		before := s.outputLen()
		if _, err := s.master.Write([]byte(k)); err != nil {
			s.t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for s.outputLen() == before && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
		if k == "\r" || k == "\x03" {
			s.lineEndedAt = before
		}
	}
}

// waitForPrompts waits, after a line ended, for the prompt of the next line.
func (s *ptySession) waitForPrompts() {
	s.t.Helper()
	if s.lineEndedAt < 0 {
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		drawn := strings.Contains(s.out.String()[s.lineEndedAt:], "dataflow:>")
		s.mu.Unlock()
		if drawn {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.lineEndedAt = -1
	time.Sleep(30 * time.Millisecond) // the prompt is drawn as its line starts; give its reader a moment
}

func (s *ptySession) outputLen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Len()
}

func (s *ptySession) typeLine(line string) {
	for _, r := range line {
		s.typeKeys(string(r))
	}
	s.typeKeys("\r")
}

// wait returns the exit code once the process has ended.
func (s *ptySession) wait() int {
	s.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- s.cmd.Wait() }()
	select {
	case err := <-errc:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		return 0
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		s.t.Fatalf("dataflow did not exit; screen:\n%s", s.screen())
		return -1
	}
}

// sttySettings reads the terminal modes of the pty the way a user's shell would see them.
func sttySettings(t *testing.T, tty *os.File) string {
	t.Helper()
	cmd := exec.Command("stty", "-g")
	cmd.Stdin = tty
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("stty -g: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func TestREPLRestoresTheTerminalOnEveryWayOut(t *testing.T) {
	ways := map[string]func(s *ptySession){
		"exit":   func(s *ptySession) { s.typeLine("exit") },
		"quit":   func(s *ptySession) { s.typeLine("quit") },
		"ctrl-d": func(s *ptySession) { s.typeKeys("\x04") },
		"panic in a command": func(s *ptySession) {
			s.typeLine("__panic")
			s.waitFor("internal error")
			s.typeLine("exit")
		},
		"sigterm": func(s *ptySession) { _ = s.cmd.Process.Signal(syscall.SIGTERM) },
		"sigquit": func(s *ptySession) { _ = s.cmd.Process.Signal(syscall.SIGQUIT) },
	}
	for name, leave := range ways {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s := startPTY(t, dir, "DATAFLOW_DEBUG_COMMANDS=1")
			defer s.close()
			// Whatever the editor did while reading, after dataflow the terminal must be as the user left it.
			leave(s)
			s.wait()
			if after := sttySettings(t, s.tty); s.before != after {
				t.Fatalf("terminal modes changed: before %s after %s", s.before, after)
			}
		})
	}
}

func TestREPLCtrlCClearsTheLineAndHistoryPersists(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir)
	s.typeLine("app register --name time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1")
	s.waitFor("Successfully registered application 'source:time")
	s.typeKeys("a", "p", "p", "\x03") // Ctrl-C at the prompt clears the line, the shell goes on
	s.typeLine("version")
	s.waitFor("Build Version:")
	s.typeKeys("\x04") // Ctrl-D leaves without adding to the history
	if code := s.wait(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	s.close()

	// Tomorrow: up-arrow recalls yesterday's commands from the store.
	s = startPTY(t, dir)
	defer s.close()
	s.typeKeys("\x1b[A", "\x1b[A", "\r")
	s.waitFor("already registered as docker:springcloudstream/time-source-rabbit:3.2.1")
	s.typeLine("exit")
	s.wait()
}

// A resize while a line is typed redraws it for the new width, as the terminal emulator's TIOCSWINSZ and the
// kernel's SIGWINCH tell it, before another key is pressed.
func TestREPLRedrawsTheLineBeingTypedWhenTheTerminalIsResized(t *testing.T) {
	const prompt = "dataflow:>"
	const typed = "stream create ticktock --definition 'time | log' --deploy"
	const cols = 50
	s := startPTY(t, t.TempDir())
	defer s.close()
	for _, r := range typed {
		s.typeKeys(string(r))
	}
	s.waitFor(prompt + typed)

	if err := pty.Setsize(s.master, &pty.Winsize{Rows: 40, Cols: cols}); err != nil {
		t.Fatal(err)
	}
	// Wrapped after the columns the prompt leaves, the next row led by a dotted prompt as wide.
	width := cols - len(prompt)
	s.waitFor(prompt + typed[:width] + "\n" + strings.Repeat(".", len(prompt)) + typed[width:])

	s.typeKeys("\x03")
	s.typeLine("exit")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
}
