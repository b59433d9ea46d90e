package shell

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/dataflow-cli/dataflow/flow"
)

// Session runs command lines one at a time, for whichever front door the user came in by: a one-shot command,
// a script or the REPL. Each line runs on a fresh command tree, because cobra keeps flag values in its commands.
// The Session keeps what lives from one line to the next (the completion cache, who answers confirmations);
// the Factory keeps the providers the commands are built from.
type Session struct {
	factory *Factory
	// completions holds what Tab proposed since the last command ran.
	completions completionCache
	// prompter answers confirmations; the REPL sets it when a person is at the terminal.
	prompter Prompter
	// stopSignals are the stop signals a supervisor process catches from its first instant.
	stopSignals <-chan os.Signal
	// completionTree answers Tab; unlike the trees of the lines it lives as long as the session.
	completionTree completionTree
	// lastErr is the error the last failed line ended with (`stacktrace` shows it).
	lastErr error
	// commands counts the command lines run; successExit is the exit code the last one asked for when it
	// succeeded (estate apply's "changes made"). It is the process's exit code only when the process ran that
	// one command: a script or the REPL ends 0 when every line did.
	commands    int
	successExit int
}

// NewSession is a session over the factory's providers; it builds nothing until a line runs.
func NewSession(f *Factory) *Session { return &Session{factory: f} }

// deps is what the commands of the next line are built with.
func (s *Session) deps() *cmdDeps {
	return &cmdDeps{Factory: s.factory, Prompter: s.prompter, Completions: &s.completions, lines: s, stopSignals: s.stopSignals,
		lastError: func() error { return s.lastErr }, successExit: func(code int) { s.successExit = code }}
}

// RunWords executes one command given as words, on a fresh command tree (`__complete`, on the session's
// completion tree).
func (s *Session) RunWords(ctx context.Context, words []string) (err error) {
	io := s.factory.IO
	defer func() {
		// A bug in one command must not take the shell (and the user's terminal) down with it.
		if r := recover(); r != nil {
			if s.factory.Getenv("DATAFLOW_DEBUG") == "1" {
				fmt.Fprintf(io.ErrOut, "%s\n", debug.Stack())
			}
			err = fmt.Errorf("internal error: %v (please report it; DATAFLOW_DEBUG=1 shows where)", r)
		}
		if err != nil && !errors.Is(err, errExit) {
			s.lastErr = err
		}
	}()
	s.forgetLineState()
	s.commands++
	s.successExit = ExitOK
	if isCompleteRequest(words) {
		if err := s.runComplete(ctx, words, io.Out, io.ErrOut); err != nil {
			return translateCobraError(err, newRoot(s.deps(), ""), words)
		}
		return nil
	}
	root := newRootFor(s.deps(), words)
	if cmd, _, findErr := root.Find(words); findErr == nil {
		words = joinBoolValues(cmd, words)
	}
	root.SetArgs(words)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	if err := root.ExecuteContext(ctx); err != nil {
		return translateCobraError(err, root, words)
	}
	return nil
}

// RunLine splits one REPL or script line and executes it. Blank lines and comments do nothing.
func (s *Session) RunLine(ctx context.Context, line string) error {
	if isBlankOrComment(line) {
		return nil
	}
	words, err := SplitWords(line)
	if err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if len(words) == 0 {
		return nil
	}
	return s.RunWords(ctx, words)
}

// forgetLineState drops what the last line left: cached proposals (the command may have changed what they
// list) and its platform clients. Every executed line starts with it.
func (s *Session) forgetLineState() {
	s.completions.forget()
	s.factory.forgetPlatforms()
}

// PrintError writes an error the way the shell shows it: one line, red on a colour terminal. A DSL error is
// followed, as in SCDF, by the definition with a caret under the position.
func (s *Session) PrintError(err error) {
	msg := err.Error()
	if caret, ok := flow.DSLErrorCaret(err); ok {
		msg += "\n" + caret
	}
	if s.colorEnabled() {
		msg = "\x1b[31m" + msg + "\x1b[0m"
	}
	fmt.Fprintln(s.factory.IO.ErrOut, msg)
}

func (s *Session) colorEnabled() bool { return colorOutput(s.factory.IO, s.factory.Getenv) }
