//go:build unix

package lineedit

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"
)

// terminal is the user's terminal while the editor owns it. Raw mode is set on the caller's input descriptor only
// while a line is being read, so a command that runs (or panics) between two ReadLine calls finds the terminal as
// the user left it.
//
// Keys are read from a second handle on the same device, opened by the Go runtime in non-blocking mode. That gives
// reads a deadline, which go-prompt needs: its reader goroutine checks for "stop" only between reads, and a read
// blocked on the caller's own (blocking) stdin would keep the previous prompt's goroutine alive to steal the next
// keystrokes. Opening our own handle also leaves the shell's stdin flags untouched (no O_NONBLOCK leaks out).
type terminal struct {
	fd  int      // the caller's input: termios is per device, this is where raw mode goes on and off
	tty *os.File // our non-blocking handle on the same device, for reads with deadlines

	mu     sync.Mutex
	saved  *term.State // the mode to restore; non-nil exactly while raw
	closed bool

	// ahead holds keys read past the end of a line (a paste, `tmux send-keys 'x' Enter`).
	ahead typeAhead
}

func openTerminal(in *os.File) (*terminal, error) {
	fd := int(in.Fd())
	path := devicePath(fd)
	tty, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, fmt.Errorf("open terminal %s: %w", path, err)
	}
	// Fails with os.ErrNoDeadline when the runtime cannot poll the device (macOS kqueue on /dev/tty).
	if err := tty.SetReadDeadline(time.Time{}); err != nil {
		_ = tty.Close()
		return nil, fmt.Errorf("terminal %s: %w", path, err)
	}
	return &terminal{fd: fd, tty: tty}, nil
}

// devicePath names the terminal behind fd: its /dev/pts/N on Linux, else the controlling terminal.
func devicePath(fd int) string {
	if p, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd)); err == nil && strings.HasPrefix(p, "/dev/") {
		return p
	}
	return "/dev/tty"
}

func (t *terminal) makeRaw() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return os.ErrClosed
	}
	if t.saved != nil {
		return nil
	}
	saved, err := term.MakeRaw(t.fd)
	if err != nil {
		return err
	}
	t.saved = saved
	return nil
}

// restore puts back the mode saved by makeRaw. Safe to call from any goroutine, any number of times.
func (t *terminal) restore() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.saved == nil {
		return nil
	}
	err := term.Restore(t.fd, t.saved)
	t.saved = nil
	return err
}

func (t *terminal) close() error {
	restoreErr := t.restore()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return restoreErr
	}
	t.closed = true
	return errors.Join(restoreErr, t.tty.Close())
}

// windowChangeSignals are the signals that say the terminal window changed size.
var windowChangeSignals = []os.Signal{syscall.SIGWINCH}

// size is the window size in columns and rows, or 0, 0 when unknown.
func (t *terminal) size() (cols, rows int) {
	cols, rows, err := term.GetSize(t.fd)
	if err != nil {
		return 0, 0
	}
	return cols, rows
}

// read reads what is available within wait; it returns os.ErrDeadlineExceeded when nothing was typed.
func (t *terminal) read(buf []byte, wait time.Duration) (int, error) {
	if err := t.tty.SetReadDeadline(time.Now().Add(wait)); err != nil {
		return 0, err
	}
	return t.tty.Read(buf)
}
