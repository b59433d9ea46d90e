package lineedit

import (
	"io"
	"os"
	"slices"
	"strings"
	"sync/atomic"

	prompt "github.com/elk-language/go-prompt"
)

// maxHistory bounds the in-memory history handed to go-prompt on every line.
const maxHistory = 1000

// promptEditor is the terminal editor: go-prompt's Input, once per ReadLine, on a terminal that is raw only while
// Input runs. Every way out of a line restores the terminal:
//   - Enter, Ctrl-C, Ctrl-D: go-prompt's deferred Close calls keyReader.Close, which restores the saved mode;
//   - a panic inside Input: the same deferred Close runs while the panic unwinds, and ReadLine restores again;
//   - SIGTERM/SIGHUP/SIGQUIT: watchSignals turns it into a key, Input returns as above, ReadLine returns *SignalError;
//   - Editor.Close from another goroutine: restores at once and closes the device, which ends the read.
//
// A window resize while the line is typed (SIGWINCH, also caught by watchSignals) redraws it for the new width.
//
// Between ReadLine calls the terminal is in the user's mode, so a command's panic or exit leaves it sane.
type promptEditor struct {
	term     *terminal
	out      *os.File
	complete Completer
	history  []string
	pending  []string // the remaining lines of a multi-line paste, returned before reading again
	closed   atomic.Bool
}

func newPromptEditor(opts Options) (*promptEditor, error) {
	t, err := openTerminal(opts.In)
	if err != nil {
		return nil, err
	}
	return &promptEditor{
		term:     t,
		out:      opts.Out,
		complete: opts.Complete,
		history:  slices.Clone(opts.History),
	}, nil
}

func (e *promptEditor) ReadLine(promptText string) (line string, err error) {
	if e.closed.Load() {
		return "", io.EOF
	}
	if len(e.pending) > 0 {
		line, e.pending = e.pending[0], e.pending[1:]
		return line, nil
	}
	keys := newKeyReader(e.term)
	defer func() {
		// Input restores on its own way out; this covers a panic that escapes before or after it.
		if restoreErr := e.term.restore(); err == nil && restoreErr != nil {
			err = restoreErr
		}
	}()

	interrupted := false
	resized := make(chan *prompt.WinSize, 1)
	p := prompt.New(prompt.NoopExecutor,
		prompt.WithReader(keys),
		prompt.WithWriter(&ansiWriter{out: e.out}),
		prompt.WithPrefix(promptText),
		prompt.WithPrefixTextColor(prompt.DefaultColor),
		prompt.WithCompleter(promptCompleter(e.complete)),
		prompt.WithHistory(slices.Clip(slices.Clone(e.history))),
		// Ctrl-C reaches go-prompt as interruptKey (see there); the exit checker then ends Input.
		prompt.WithKeyBind(prompt.KeyBind{Key: interruptKeyCode(), Fn: func(*prompt.Prompt) bool {
			interrupted = interrupted || keys.claimInterrupt()
			return false
		}}),
		prompt.WithExitChecker(func(string, bool) bool { return interrupted }),
		prompt.WithWinSizeChannel(resized),
	)

	stopSignals := watchSignals(keys, resized, e.term.restore)
	text := p.Input()
	stopSignals()

	sig, hungUp := keys.ending()
	switch {
	case sig != 0:
		return "", &SignalError{Signal: sig}
	case hungUp || e.closed.Load():
		return "", io.EOF
	case interrupted:
		return "", ErrInterrupted
	case text == "" && p.Buffer().Document().LastKeyStroke() == prompt.ControlD:
		// Enter replaces go-prompt's buffer; Ctrl-D on an empty line leaves it, with Ctrl-D as its last key.
		return "", io.EOF
	}
	return e.splitPaste(text), nil
}

// splitPaste returns the first line of text and keeps the rest for the next calls. go-prompt treats text that
// arrives with newlines in one read as a paste and returns it as one multi-line string; a pasted script should
// still run line by line.
func (e *promptEditor) splitPaste(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	e.pending = append(e.pending, lines[1:]...)
	return lines[0]
}

// interruptKeyCode is the go-prompt key that interruptKey decodes to.
func interruptKeyCode() prompt.Key { return prompt.GetKey(interruptKey) }

func (e *promptEditor) AddHistory(line string) {
	e.history = append(e.history, line)
	if len(e.history) > maxHistory {
		e.history = slices.Delete(e.history, 0, len(e.history)-maxHistory)
	}
}

func (e *promptEditor) Close() error {
	if e.closed.Swap(true) {
		return nil
	}
	return e.term.close()
}
