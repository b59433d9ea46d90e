package lineedit

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	prompt "github.com/elk-language/go-prompt"
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
// the watcher restores the terminal itself and exits with 128+signal, so the signal is never ignored.
//
// A window change (SIGWINCH) sends the terminal's new size to resized, on which Input redraws the line for the
// new width; without it the line being typed would go on wrapping at the old width until Enter. It comes on a
// channel of its own: the stream of them while a window is dragged must not crowd out a SIGTERM.
//
// The returned stop function must be called when the line is done; it releases both registrations, and after
// it the default actions apply again.
func watchSignals(keys *keyReader, resized chan *prompt.WinSize, restore func() error) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	var winch chan os.Signal // nil where there is no window-change signal: never ready
	if len(windowChangeSignals) > 0 {
		winch = make(chan os.Signal, 1) // one pending is enough: the size is read when it is handled
		signal.Notify(winch, windowChangeSignals...)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-winch:
				sendLatest(resized, keys.GetWinSize())
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
		if winch != nil {
			signal.Stop(winch)
		}
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

// sendLatest hands size to the editor without waiting for it: a size it has not taken yet is replaced, as only
// the newest one matters. The watcher is the only sender, so this ends after at most one replacement.
func sendLatest(ch chan *prompt.WinSize, size *prompt.WinSize) {
	for {
		select {
		case ch <- size:
			return
		default:
		}
		select {
		case <-ch:
		default:
		}
	}
}
