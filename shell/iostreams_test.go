package shell

import "testing"

// Tables wrap to the terminal's width as it is when they are drawn: a window resized between two commands gets
// tables of its new width. Without a terminal, Width stands.
func TestTableWidthFollowsTheTerminal(t *testing.T) {
	cols := 80
	io := &IOStreams{Width: 100, terminalWidth: func() int { return cols }}
	if got := io.TableWidth(); got != 80 {
		t.Fatalf("width %d, want the terminal's 80", got)
	}
	cols = 60
	if got := io.TableWidth(); got != 60 {
		t.Fatalf("after a resize: %d, want 60", got)
	}
	cols = 0 // the size cannot be read (the terminal went away)
	if got := io.TableWidth(); got != 100 {
		t.Fatalf("unreadable size: %d, want Width", got)
	}
	if got := (&IOStreams{Width: 0}).TableWidth(); got != 0 {
		t.Fatalf("no terminal: %d, want 0 (no wrapping)", got)
	}
}
