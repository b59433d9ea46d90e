package lineedit

import (
	"bytes"
	"testing"

	prompt "github.com/elk-language/go-prompt"
)

func TestANSIWriterFlushAddsCarriageReturnsForRawMode(t *testing.T) {
	var out bytes.Buffer
	w := &ansiWriter{out: &out}
	w.WriteRawString("dataflow:>app list\n")
	w.CursorUp(0) // no movement: CSI 0 A would move one row
	w.CursorBackward(-2)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "dataflow:>app list\r\n\x1b[2C"; got != want {
		t.Fatalf("flushed %q, want %q", got, want)
	}
	if err := w.Flush(); err != nil || out.Len() != len("dataflow:>app list\r\n\x1b[2C") {
		t.Fatalf("second flush wrote again: %q", out.String())
	}
}

func TestANSIWriterNeutralisesEscapesInTypedText(t *testing.T) {
	var out bytes.Buffer
	w := &ansiWriter{out: &out}
	if _, err := w.WriteString("a\x1b[2Jb"); err != nil {
		t.Fatal(err)
	}
	_ = w.Flush()
	if out.String() != "a?[2Jb" {
		t.Fatalf("typed text reached the terminal as %q", out.String())
	}
}

func TestANSIWriterColours(t *testing.T) {
	cases := []struct {
		fg, bg prompt.Color
		bold   bool
		want   string
	}{
		{prompt.DefaultColor, prompt.DefaultColor, false, "\x1b[0;39;49m"},
		{prompt.White, prompt.Cyan, true, "\x1b[1;97;46m"},
		{prompt.Black, prompt.Turquoise, false, "\x1b[0;30;106m"},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		w := &ansiWriter{out: &out}
		w.SetColor(tc.fg, tc.bg, tc.bold)
		_ = w.Flush()
		if out.String() != tc.want {
			t.Errorf("SetColor(%d, %d, %v) = %q, want %q", tc.fg, tc.bg, tc.bold, out.String(), tc.want)
		}
	}
}

func TestANSIWriterLeavesTheWindowTitleAlone(t *testing.T) {
	var out bytes.Buffer
	w := &ansiWriter{out: &out}
	w.SetTitle("dataflow")
	w.ClearTitle()
	_ = w.Flush()
	if out.Len() != 0 {
		t.Fatalf("title sequences written: %q", out.String())
	}
}
