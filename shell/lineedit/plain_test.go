package lineedit_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/shell/lineedit"
)

func readAll(t *testing.T, ed lineedit.Editor) []string {
	t.Helper()
	var lines []string
	for {
		line, err := ed.ReadLine("dataflow:>")
		if errors.Is(err, io.EOF) {
			return lines
		}
		if err != nil {
			t.Fatalf("ReadLine: %v", err)
		}
		lines = append(lines, line)
	}
}

func TestPlainEditorReadsLinesAsWritten(t *testing.T) {
	in := "app list\r\n\nstream create --name t --definition \"time | log\"\nlast line without newline"
	got := readAll(t, lineedit.NewPlain(strings.NewReader(in)))
	want := []string{"app list", "", `stream create --name t --definition "time | log"`, "last line without newline"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines %q, want %q", got, want)
	}
}

func TestPlainEditorHasNoLineLengthLimit(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	got := readAll(t, lineedit.NewPlain(strings.NewReader(long+"\nnext\n")))
	if len(got) != 2 || got[0] != long || got[1] != "next" {
		t.Fatalf("got %d lines, first %d bytes", len(got), len(got[0]))
	}
}

func TestPlainEditorEmptyInputIsEOF(t *testing.T) {
	_, err := lineedit.NewPlain(strings.NewReader("")).ReadLine("dataflow:>")
	if !errors.Is(err, io.EOF) {
		t.Fatalf("err %v, want io.EOF", err)
	}
}

func TestPlainEditorCloseIsIdempotentAndEndsInput(t *testing.T) {
	ed := lineedit.NewPlain(strings.NewReader("app list\n"))
	ed.AddHistory("ignored")
	for range 2 {
		if err := ed.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	if _, err := ed.ReadLine("dataflow:>"); !errors.Is(err, io.EOF) {
		t.Fatalf("ReadLine after Close: %v, want io.EOF", err)
	}
}

// New on pipes (printf 'app list\n' | dataflow > out) must read plainly and write nothing: no prompt, no escapes.
func TestNewOnPipesReadsPlainlyAndWritesNothing(t *testing.T) {
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = inR.Close(); _ = outR.Close() }()
	if _, err := inW.WriteString("app list\nstream list\n"); err != nil {
		t.Fatal(err)
	}
	if err := inW.Close(); err != nil {
		t.Fatal(err)
	}

	ed, err := lineedit.New(lineedit.Options{In: inR, Out: outW, History: []string{"old"}, Complete: func(string) ([]lineedit.Suggestion, int) {
		t.Error("completer called for piped input")
		return nil, 0
	}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	got := readAll(t, ed)
	if err := ed.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := outW.Close(); err != nil {
		t.Fatal(err)
	}
	written, err := io.ReadAll(outR)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != "app list|stream list" {
		t.Fatalf("lines %q", got)
	}
	if len(written) != 0 {
		t.Fatalf("editor wrote %q to a non-terminal output", written)
	}
}

func TestSignalErrorExitCodeIsShellStyle(t *testing.T) {
	err := &lineedit.SignalError{Signal: 15}
	if err.ExitCode() != 143 {
		t.Fatalf("exit code %d, want 143", err.ExitCode())
	}
	if !strings.Contains(err.Error(), "terminated") {
		t.Fatalf("message %q does not name the signal", err.Error())
	}
}
