package lineedit

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// stuckExitDelay is how long ReadLine may take to return after SIGTERM/SIGHUP/SIGQUIT before the process is
// ended anyway.
const stuckExitDelay = 2 * time.Second

// watchSignals handles signals while a line is read, when the terminal is raw and the Go runtime's default action
// (exit at once) would leave the user's shell without echo. go-prompt's Input installs no handler of its own (only
// its Run does, and that one calls os.Exit). SIGINT becomes Ctrl-C; SIGTERM, SIGHUP and SIGQUIT end the line so
// ReadLine returns a *SignalError after go-prompt has restored the terminal. SIGQUIT's own default (a dump of
// every goroutine, exit code 2) would say nothing of use here, where the process only waits for a key; in a
// running command, where the terminal is the user's again, it applies as usual. If ReadLine is somehow stuck,
// the watcher restores the terminal itself and exits with 128+signal, so the signal is never ignored. The
// returned stop function must be called when the line is done; after it, the default actions apply again.
func watchSignals(keys *keyReader, restore func() error) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case s := <-sigs:
				sig, _ := s.(syscall.Signal)
				if sig == syscall.SIGINT {
					keys.interrupt()
					continue
				}
				keys.terminate(sig)
				select {
				case <-done:
				case <-time.After(stuckExitDelay):
					_ = restore()
					os.Exit(128 + int(sig))
				}
				return
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
		wg.Wait()
		// A signal that came in as the line ended must not be lost: ReadLine reports it instead of the line.
		select {
		case s := <-sigs:
			if sig, _ := s.(syscall.Signal); sig != syscall.SIGINT {
				keys.terminate(sig)
			}
		default:
		}
	}
}
