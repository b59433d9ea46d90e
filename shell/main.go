package shell

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/dataflow-cli/dataflow/internal/supervisor"
	"github.com/dataflow-cli/dataflow/platforms"
)

// Main runs dataflow with the process's arguments and returns its exit code.
func Main(args []string, version string, drivers map[platforms.AccountType]platforms.Driver) int {
	f := NewFactory(SystemIO(), version)
	f.Drivers = drivers
	s := NewSession(f)
	// The store is deliberately not closed on the way out: closing the last connection checkpoints and deletes
	// SQLite's -wal and -shm files, which the next dataflow process would only create again (a third of the
	// time of a quick command). SQLite is built to be left open at any moment; nothing is lost.
	ctx := context.Background()
	if slices.Contains(args, supervisor.SuperviseCommand) {
		// A supervisor must never lose a stop request, even one that arrives while it starts: catch the signals
		// before anything else and hand them to the run once it runs.
		s.stopSignals = supervisor.CatchStopSignals()
	} else if len(args) > 0 { // one-shot commands and scripts: Ctrl-C or SIGTERM cancel the command
		// The catch is not undone on the way out: the process ends right after, and undoing it waits for the
		// signal goroutine to be idle, a noticeable part of a task launch (docs/design.md).
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		// After the first signal the catch is undone: a command that does not stop (stuck in a call without a
		// deadline) is ended by the second, as any program is.
		context.AfterFunc(ctx, stop)
	}
	err := s.RunWords(ctx, args)
	f.foldWAL(context.WithoutCancel(ctx))
	if errors.Is(err, errExit) {
		return ExitOK
	}
	if err == nil && s.commands == 1 {
		return s.successExit
	}
	var silent *silentError
	if err != nil && !errors.As(err, &silent) {
		if errors.Is(err, context.Canceled) {
			s.PrintError(errors.New("Interrupted"))
		} else {
			s.PrintError(err)
		}
	}
	return ExitCode(err)
}
