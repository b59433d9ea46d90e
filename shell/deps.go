package shell

import (
	"context"
	"os"
)

// cmdDeps is what the commands of one line are built with: the process's providers (the Factory) and what the
// Session running the line lends them. The commands with options structs copy what they use into them, so
// their run functions can be called, and tested, without cobra or a session.
type cmdDeps struct {
	*Factory
	// Prompter answers confirmations; nil when nobody can (a one-shot command, a script, piped input).
	Prompter Prompter
	// Completions is the cache value completion reads through until the next command runs.
	Completions *completionCache
	// lines runs many lines: the root command and `script` hand a script or the REPL back to the session.
	lines lineRunner
	// stopSignals are the stop signals a supervisor process caught before its command tree was built.
	stopSignals <-chan os.Signal
	// completes is set on the one tree of a session that answers Tab (and `__complete`): only that tree gets
	// value completions. cobra keeps those in a process-wide map it never empties, keyed by option, so a tree
	// that registered them would stay in memory for good (spf13/cobra#2012).
	completes bool
	// lastError is the last error a line of this session ended with, for `stacktrace`.
	lastError func() error
	// successExit sets the exit code of a command that succeeded but has more to say to a CI job (estate
	// apply: changes made); nil outside a session.
	successExit func(code int)
}

// lineRunner runs a script file, or the REPL until exit; the Session is one.
type lineRunner interface {
	RunFile(ctx context.Context, path string, stopOnError bool) error
	RunREPL(ctx context.Context) error
}
