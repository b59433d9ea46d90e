package shell

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/dataflow-cli/dataflow/flow"
)

// RunWords executes one command given as words, on a fresh command tree.
func (f *Factory) RunWords(ctx context.Context, words []string) (err error) {
	defer func() {
		// A bug in one command must not take the shell (and the user's terminal) down with it.
		if r := recover(); r != nil {
			if f.Getenv("DATAFLOW_DEBUG") == "1" {
				fmt.Fprintf(f.IO.ErrOut, "%s\n", debug.Stack())
			}
			err = fmt.Errorf("internal error: %v (please report it; DATAFLOW_DEBUG=1 shows where)", r)
		}
	}()
	f.forgetCommandState()
	root := newRootFor(f, words)
	if cmd, _, findErr := root.Find(words); findErr == nil {
		words = joinBoolValues(cmd, words)
	}
	root.SetArgs(words)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	if err := root.ExecuteContext(ctx); err != nil {
		return translateCobraError(err, words)
	}
	return nil
}

// RunLine splits one REPL or script line and executes it. Blank lines and comments do nothing.
func (f *Factory) RunLine(ctx context.Context, line string) error {
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
	return f.RunWords(ctx, words)
}

// PrintError writes an error the way the shell shows it: one line, red on a colour terminal. A DSL error is
// followed, as in SCDF, by the definition with a caret under the position.
func (f *Factory) PrintError(err error) {
	msg := err.Error()
	if caret, ok := flow.DSLErrorCaret(err); ok {
		msg += "\n" + caret
	}
	if f.colorEnabled() {
		msg = "\x1b[31m" + msg + "\x1b[0m"
	}
	fmt.Fprintln(f.IO.ErrOut, msg)
}

func (f *Factory) colorEnabled() bool {
	if !f.IO.OutTTY || f.Getenv("NO_COLOR") != "" || f.Getenv("TERM") == "dumb" || f.Getenv("CLICOLOR") == "0" {
		return f.Getenv("CLICOLOR_FORCE") != "" && f.Getenv("CLICOLOR_FORCE") != "0" && f.Getenv("NO_COLOR") == ""
	}
	return true
}
