//go:build linux || darwin

package lineedit

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// Every line starts go-prompt's reader goroutine and our signal watcher (with its signal registrations); each
// must be gone when ReadLine returns, or a long session piles them up, each polling the terminal or holding a
// registration.
func TestReadLineLeavesNoGoroutinesBehind(t *testing.T) {
	const lines = 200
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatalf("open pty: %v", err)
	}
	defer func() { _ = master.Close() }()
	defer func() { _ = slave.Close() }()
	if err := pty.Setsize(master, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Fatalf("set pty size: %v", err)
	}
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		_, _ = io.Copy(io.Discard, master)
	}()

	ed, err := newPromptEditor(Options{In: slave, Out: slave})
	if err != nil {
		t.Fatalf("new editor: %v", err)
	}
	defer func() { _ = ed.Close() }()

	readOne := func(i int) {
		t.Helper()
		want := "line " + strings.Repeat("x", i%7)
		if _, err := master.Write([]byte(want + "\r")); err != nil {
			t.Fatalf("type line %d: %v", i, err)
		}
		got, err := ed.ReadLine("leak:>")
		if err != nil || got != want {
			t.Fatalf("line %d: got %q, %v; want %q", i, got, err, want)
		}
	}
	// The first line starts what lives as long as the process (os/signal's dispatcher).
	readOne(0)
	baseline := settledGoroutines(runtime.NumGoroutine())
	for i := 1; i <= lines; i++ {
		readOne(i)
	}
	if after := settledGoroutines(baseline); after > baseline {
		t.Fatalf("%d goroutines after %d more lines, %d after the first; still running:\n%s",
			after, lines, baseline, lineeditGoroutines())
	}
	if left := lineeditGoroutines(); left != "" {
		t.Fatalf("goroutines of the line editor still running between lines:\n%s", left)
	}
}

// settledGoroutines waits briefly for goroutines that are on their way out to finish, then counts them.
func settledGoroutines(want int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(2 * time.Second); n > want && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

// lineeditGoroutines returns the stacks of goroutines running go-prompt or this package's code (other than the
// test and what it started).
func lineeditGoroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var left []string
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		s := string(g)
		if strings.Contains(s, "go-prompt") || (strings.Contains(s, "shell/lineedit.") && !strings.Contains(s, "shell/lineedit.Test")) {
			left = append(left, s)
		}
	}
	return strings.Join(left, "\n\n")
}
