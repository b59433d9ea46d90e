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
	// Width is the width tables wrap to when the terminal's own cannot be read; 0 means do not wrap (pipes,
	// files, tests).
	Width int
	// terminalWidth reads the terminal's width as it is now, so that a window resized between commands
	// gets tables of its new width; nil when the output is not a terminal.
	terminalWidth func() int
}

// TableWidth is the width a table is wrapped to: the terminal's width now, else Width.
func (s *IOStreams) TableWidth() int {
	if s.terminalWidth != nil {
		if w := s.terminalWidth(); w > 0 {
			return w
		}
	}
	return s.Width
}

// SystemIO is the process's own streams.
func SystemIO() *IOStreams {
	io := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	io.InTTY = term.IsTerminal(int(os.Stdin.Fd()))
	io.OutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	io.ErrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	if io.OutTTY {
		io.terminalWidth = func() int {
			w, _, err := term.GetSize(int(os.Stdout.Fd()))
			if err != nil {
				return 0
			}
			return w
		}
		io.Width = io.terminalWidth()
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
