package supervisor

import (
	"os"
	"os/signal"
	"syscall"
)

// stopSignals are the signals a supervisor passes on to its run.
var stopSignals = []os.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP}

// CatchStopSignals starts catching the signals that stop a run and tells the launcher, waiting on file
// descriptor 3, that a stop can no longer be lost. A supervisor calls it before anything else: a stop request
// that arrives while the process starts is kept and handed to the run once it runs.
func CatchStopSignals() <-chan os.Signal {
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, stopSignals...)
	if ready := os.NewFile(3, "ready"); ready != nil {
		_, _ = ready.Write([]byte{1})
		_ = ready.Close()
	}
	return signals
}
