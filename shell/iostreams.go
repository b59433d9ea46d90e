package shell

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams is every stream a command touches, passed in so tests capture output.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// InTTY / OutTTY say whether the user is at a terminal; prompts and colour depend on them.
	InTTY  bool
	OutTTY bool
	// ErrTTY says whether stderr is a terminal: progress bars go there only then.
	ErrTTY bool
	// Width is the terminal width for wrapping tables; 0 means do not wrap (pipes, files, tests).
	Width int
}

// SystemIO is the process's own streams.
func SystemIO() *IOStreams {
	io := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	io.InTTY = term.IsTerminal(int(os.Stdin.Fd()))
	io.OutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	io.ErrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	if io.OutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			io.Width = w
		}
	}
	return io
}

// TestIO returns streams backed by buffers; stdout and stderr share one buffer, as a terminal would show them.
func TestIO(in string) (*IOStreams, *bytes.Buffer) {
	out := &bytes.Buffer{}
	return &IOStreams{In: bytes.NewBufferString(in), Out: out, ErrOut: out}, out
}

// CanPrompt reports whether a question can be asked and answered.
func (s *IOStreams) CanPrompt() bool { return s.InTTY && s.OutTTY }
