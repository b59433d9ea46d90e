//go:build linux || darwin

package lineedit_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// These tests run internal/ptydemo (an editor loop that echoes "got: [line]") on a pseudo-terminal, type at it
// like a user, and compare the terminal mode of the pty before and after each way out.

const (
	keyGap        = 50 * time.Millisecond // go-prompt treats keys arriving in one read as a paste
	expectTimeout = 20 * time.Second
	demoPrompt    = "demo:>"
	keyUp         = "\x1b[A"
	keyTab        = "\t"
	keyEnter      = "\r"
	keyCtrlC      = "\x03"
	keyCtrlD      = "\x04"
)

var (
	demoOnce sync.Once
	demoPath string
	demoErr  error
	demoDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDir != "" {
		_ = os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// demoBinary builds internal/ptydemo once per test run.
func demoBinary(t *testing.T) string {
	t.Helper()
	demoOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			demoErr = err
			return
		}
		if demoDir, demoErr = os.MkdirTemp("", "lineedit-ptydemo-"); demoErr != nil {
			return
		}
		demoPath = filepath.Join(demoDir, "ptydemo")
		out, err := exec.Command(goTool, "build", "-o", demoPath, "./internal/ptydemo").CombinedOutput()
		if err != nil {
			demoErr = errors.New("go build ./internal/ptydemo: " + err.Error() + "\n" + string(out))
		}
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoPath
}

// session is one ptydemo process on its own pty. The test keeps the slave end open so it can read the terminal
// mode at any time, including after the child has exited.
type session struct {
	t      *testing.T
	master *os.File
	slave  *os.File
	before *term.State
	cmd    *exec.Cmd
	exited chan struct{}

	mu     sync.Mutex
	output []byte
	seen   int // expectations search output from here on
}

func startSession(t *testing.T) *session {
	t.Helper()
	bin := demoBinary(t)
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatalf("open pty: %v", err)
	}
	if err := pty.Setsize(master, &pty.Winsize{Rows: 24, Cols: 100}); err != nil {
		t.Fatalf("set pty size: %v", err)
	}
	before, err := term.GetState(int(slave.Fd()))
	if err != nil {
		t.Fatalf("read pty mode: %v", err)
	}
	cmd := exec.Command(bin)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.Env = append(os.Environ(), "TERM=xterm")
	// A session of its own with the pty as controlling terminal, as a login shell would give it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	s := &session{t: t, master: master, slave: slave, before: before, cmd: cmd, exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start ptydemo: %v", err)
	}
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	go s.pump()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			_ = cmd.Process.Kill()
			<-s.exited
		}
		_ = master.Close()
		_ = slave.Close()
	})
	return s
}

// pump collects the child's output and answers a cursor position query, as a terminal emulator would.
func (s *session) pump() {
	buf := make([]byte, 4096)
	for {
		n, err := s.master.Read(buf)
		if n > 0 {
			s.mu.Lock()
			queriesBefore := bytes.Count(s.output, []byte("\x1b[6n"))
			s.output = append(s.output, buf[:n]...)
			queries := bytes.Count(s.output, []byte("\x1b[6n")) - queriesBefore
			s.mu.Unlock()
			for range queries {
				_, _ = s.master.Write([]byte("\x1b[1;1R"))
			}
		}
		if err != nil {
			return
		}
	}
}

// typeKeys sends each key in its own write, spaced out, as a person types. It also waits (briefly) until the
// editor has drawn something in answer, so that on a busy machine two keys never arrive in one read, which
// go-prompt would take for a paste.
func (s *session) typeKeys(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		s.mu.Lock()
		before := len(s.output)
		s.mu.Unlock()
		if _, err := s.master.Write([]byte(k)); err != nil {
			s.t.Fatalf("type %q: %v", k, err)
		}
		for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			s.mu.Lock()
			grown := len(s.output) > before
			s.mu.Unlock()
			if grown {
				break
			}
		}
		time.Sleep(keyGap)
	}
}

func (s *session) typeText(text string) {
	s.t.Helper()
	for _, r := range text {
		s.typeKeys(string(r))
	}
}

// expect waits until want appears in the output after the previous match. It returns the output up to and
// including the match, without escape sequences.
func (s *session) expect(want string) (consumed string) {
	s.t.Helper()
	deadline := time.Now().Add(expectTimeout)
	for {
		s.mu.Lock()
		i := bytes.Index(s.output[s.seen:], []byte(want))
		if i >= 0 {
			consumed = ansiSequence.ReplaceAllString(string(s.output[s.seen:s.seen+i+len(want)]), "")
			s.seen += i + len(want)
		}
		s.mu.Unlock()
		if i >= 0 {
			return consumed
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no %q in the output within %s; output after the last match:\n%s", want, expectTimeout, s.rest())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// expectOnScreen waits until want appears in the output after the previous match once escape sequences are
// taken out, for text drawn with colours and cursor moves in between. Later expectations search what comes after
// all the output seen by then.
func (s *session) expectOnScreen(want string) {
	s.t.Helper()
	deadline := time.Now().Add(expectTimeout)
	for {
		s.mu.Lock()
		found := strings.Contains(ansiSequence.ReplaceAllString(string(s.output[s.seen:]), ""), want)
		if found {
			s.seen = len(s.output)
		}
		s.mu.Unlock()
		if found {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no %q on screen within %s; output after the last match:\n%q", want, expectTimeout, s.rest())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var ansiSequence = regexp.MustCompile(`\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])`)

// rest is the unmatched output without escape sequences, for failure messages.
func (s *session) rest() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansiSequence.ReplaceAllString(string(s.output[s.seen:]), "")
}

func (s *session) mode() *term.State {
	s.t.Helper()
	st, err := term.GetState(int(s.slave.Fd()))
	if err != nil {
		s.t.Fatalf("read pty mode: %v", err)
	}
	return st
}

// expectRaw checks the editor really changed the mode while reading, so expectRestored can tell a leak.
func (s *session) expectRaw() {
	s.t.Helper()
	if reflect.DeepEqual(s.mode(), s.before) {
		s.t.Fatal("terminal is not in raw mode while the prompt is shown")
	}
}

func (s *session) expectRestored() {
	s.t.Helper()
	if after := s.mode(); !reflect.DeepEqual(after, s.before) {
		s.t.Fatalf("terminal mode not restored:\nbefore %+v\nafter  %+v", *s.before, *after)
	}
}

func (s *session) expectExit(code int) {
	s.t.Helper()
	select {
	case <-s.exited:
	case <-time.After(expectTimeout):
		s.t.Fatalf("ptydemo still running %s after it should have exited; output:\n%s", expectTimeout, s.rest())
	}
	if got := s.cmd.ProcessState.ExitCode(); got != code {
		s.t.Fatalf("exit code %d, want %d; output:\n%s", got, code, s.rest())
	}
}

func TestTerminalTypedLineTabCompletionAndExit(t *testing.T) {
	s := startSession(t)
	s.expect(demoPrompt)
	s.expectRaw()

	s.typeText("hello world")
	s.typeKeys(keyEnter)
	s.expect("got: [hello world]")

	s.expect(demoPrompt)
	s.typeText("str")
	s.typeKeys(keyTab, keyEnter)
	s.expect("got: [stream]")

	s.expect(demoPrompt)
	s.typeText("stream d")
	s.typeKeys(keyTab)
	s.typeText(" --pl")
	s.typeKeys(keyTab)
	s.typeText(" l")
	s.typeKeys(keyTab, keyEnter)
	s.expect("got: [stream deploy --platform local]")

	s.expect(demoPrompt)
	s.typeText("exit")
	s.typeKeys(keyEnter)
	s.expect("<bye>")
	s.expectExit(0)
	s.expectRestored()
}

func TestTerminalUpArrowRecallsSeededHistoryAndCtrlDEnds(t *testing.T) {
	s := startSession(t)
	s.expect(demoPrompt)
	s.typeKeys(keyUp, keyUp, keyEnter)
	s.expect("got: [stream list]") // the seed is oldest first: two ups reach the first entry

	s.expect(demoPrompt)
	s.typeKeys(keyUp, keyEnter) // the line just entered is now the newest
	s.expect("got: [stream list]")

	s.expect(demoPrompt)
	s.expectRaw()
	s.typeKeys(keyCtrlD)
	s.expect("<eof>")
	s.expectExit(0)
	s.expectRestored()
}

func TestTerminalCtrlCAndSIGINTClearTheLineAndSIGTERMRestores(t *testing.T) {
	s := startSession(t)
	s.expect(demoPrompt)
	s.typeText("abc")
	s.typeKeys(keyCtrlC)
	// Like a shell: the line stays on screen as typed, and no empty prompt line is added before the next one.
	if screen := s.expect("<interrupted>"); !strings.HasSuffix(screen, "demo:>abc\r\n<interrupted>") {
		t.Fatalf("Ctrl-C left %q on screen", screen)
	}

	s.expect(demoPrompt)
	s.typeText("ok")
	s.typeKeys(keyEnter)
	s.expect("got: [ok]") // not "abcok": Ctrl-C discarded the line

	s.expect(demoPrompt)
	s.typeText("xyz")
	if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil { // kill -INT at the prompt acts as Ctrl-C
		t.Fatalf("send SIGINT: %v", err)
	}
	s.expect("<interrupted>")

	s.expect(demoPrompt)
	s.typeText("half typed")
	s.expectRaw()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("send SIGTERM: %v", err)
	}
	s.expect("<signal terminated>")
	s.expectExit(143)
	s.expectRestored()
}

// SIGQUIT's default action (dump the goroutines, exit 2) would leave a raw terminal; at the prompt it ends the
// line as SIGTERM does.
func TestTerminalSIGQUITRestores(t *testing.T) {
	s := startSession(t)
	s.expect(demoPrompt)
	s.typeText("half typed")
	s.expectRaw()
	if err := s.cmd.Process.Signal(syscall.SIGQUIT); err != nil {
		t.Fatalf("send SIGQUIT: %v", err)
	}
	s.expect("<signal quit>")
	s.expectExit(131)
	s.expectRestored()
}

func TestTerminalPanicAfterALineLeavesTheTerminalSane(t *testing.T) {
	s := startSession(t)
	s.expect(demoPrompt)
	s.expectRaw()
	s.typeText("panic")
	s.typeKeys(keyEnter)
	s.expect("got: [panic]")
	s.expect("demo command panicked")
	s.expectExit(2)
	s.expectRestored()
}

// A multi-line paste arrives in one read; every line must come back on its own.
func TestTerminalPasteRunsLineByLine(t *testing.T) {
	s := startSession(t)
	s.expect(demoPrompt)
	// A line and its Enter in one write (a paste ending in a newline, tmux send-keys 'x' Enter) runs at once.
	s.typeKeys("app list\r")
	s.expect("got: [app list]")
	// Several lines in one write run one by one, each shown at its prompt as if typed; CR LF is one Enter.
	s.expect(demoPrompt)
	s.typeKeys("task list\r\nstream list\nhalf")
	s.expect("task list")
	s.expect("got: [task list]")
	s.expect(demoPrompt)
	s.expect("stream list")
	s.expect("got: [stream list]")
	// What follows the last line end waits at the prompt, to be finished by hand.
	s.expect(demoPrompt)
	s.expect("half")
	s.typeText(" done")
	s.typeKeys(keyEnter)
	s.expect("got: [half done]")
	s.expect(demoPrompt)
	s.typeKeys(keyCtrlD)
	s.expectExit(0)
	s.expectRestored()
	if strings.Contains(s.rest(), "got: []") {
		t.Fatal("a pasted line break produced an empty line")
	}
}

// A terminal resize while a line is being typed redraws the line for the new width at once: go-prompt's Input
// (unlike its Run) used to keep the width it read when the line started, so a long line went on wrapping at the
// old column, over the text the terminal had reflowed, until Enter.
func TestTerminalResizeMidLineRedrawsAtTheNewWidth(t *testing.T) {
	const typed = "stream create ticktock --definition 'time | log'"
	const cols = 40
	s := startSession(t)
	s.expect(demoPrompt)
	s.typeText(typed)
	s.expect(typed[len(typed)-5:])

	// As a terminal emulator does: the new size on the pty, which makes the kernel send SIGWINCH to the
	// foreground process group (ptydemo leads its session on the pty).
	if err := pty.Setsize(s.master, &pty.Winsize{Rows: 24, Cols: cols}); err != nil {
		t.Fatalf("resize pty: %v", err)
	}
	// The renderer wraps text after the columns the prompt leaves (cols - len(prompt)) and starts each
	// continuation row with a dotted prompt of the same width. No key is typed: the resize alone redraws.
	width := cols - len(demoPrompt)
	wrapped := demoPrompt + typed[:width] + "\r\n\r" + strings.Repeat(".", len(demoPrompt)) + typed[width:]
	s.expectOnScreen(wrapped)

	// The line is intact and still editable at the new width.
	s.typeText(" --deploy")
	s.typeKeys(keyEnter)
	s.expect("got: [" + typed + " --deploy]")
	s.expect(demoPrompt)
	s.typeKeys(keyCtrlD)
	s.expectExit(0)
	s.expectRestored()
}
