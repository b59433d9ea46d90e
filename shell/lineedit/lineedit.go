// Package lineedit reads the REPL's lines. On a terminal it is a go-prompt editor (dropdown completion, history,
// emacs keys); otherwise it is a plain line reader, so `printf 'app list\n' | dataflow` works and prints nothing
// but command output. The REPL loop sees only the Editor interface and never touches the terminal itself.
package lineedit

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/term"
)

// Suggestion is one completion candidate shown in the dropdown.
type Suggestion struct{ Text, Description string }

// Completer is called by the editor on each keystroke and on Tab. It gets the text before the cursor and returns
// suggestions (already filtered: the editor shows them as they are) and the byte offset in that text where the word
// they replace starts.
type Completer func(textBeforeCursor string) (suggestions []Suggestion, replaceFrom int)

// ErrInterrupted is returned by ReadLine for Ctrl-C at the prompt (or SIGINT while reading); the line is discarded.
var ErrInterrupted = errors.New("interrupted")

// SignalError is returned by ReadLine when SIGTERM, SIGHUP or SIGQUIT arrives while a line is being read. The
// terminal has already been restored; the caller should clean up and exit with ExitCode (143 for SIGTERM, as a
// shell would).
type SignalError struct{ Signal syscall.Signal }

func (e *SignalError) Error() string { return fmt.Sprintf("stopped by signal: %s", e.Signal) }

// ExitCode is the conventional status of a process ended by the signal: 128 + its number.
func (e *SignalError) ExitCode() int { return 128 + int(e.Signal) }

// Editor reads one line per call.
type Editor interface {
	// ReadLine shows prompt and returns the line without its newline. It returns io.EOF for Ctrl-D on an empty line
	// or at the end of input, ErrInterrupted for Ctrl-C, and *SignalError for SIGTERM/SIGHUP/SIGQUIT while reading.
	ReadLine(prompt string) (string, error)
	// AddHistory makes line reachable with the up arrow. It is in memory only: persisting it is the caller's job.
	AddHistory(line string)
	// Close restores the terminal if a line is being read and releases it. It is idempotent; ReadLine after Close
	// returns io.EOF.
	Close() error
}

// Options configure New. Nil In and Out mean os.Stdin and os.Stdout.
type Options struct {
	In       *os.File
	Out      *os.File
	History  []string // oldest first; seeds the up arrow
	Complete Completer
}

// New returns the terminal editor when both In and Out are terminals, and the plain editor otherwise. The plain
// editor is also the fallback when the terminal cannot be driven (no device path to reopen, no read deadlines): a
// shell that reads lines without a dropdown beats one that does not start.
func New(opts Options) (Editor, error) {
	if opts.In == nil {
		opts.In = os.Stdin
	}
	if opts.Out == nil {
		opts.Out = os.Stdout
	}
	if !term.IsTerminal(int(opts.In.Fd())) || !term.IsTerminal(int(opts.Out.Fd())) {
		return NewPlain(opts.In), nil
	}
	ed, err := newPromptEditor(opts)
	if err != nil {
		return NewPlain(opts.In), nil
	}
	return ed, nil
}
