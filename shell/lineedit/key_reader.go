package lineedit

import (
	"bytes"
	"errors"
	"os"
	"sync"
	"syscall"
	"time"

	prompt "github.com/elk-language/go-prompt"
)

// readWait bounds how long go-prompt's reader goroutine sits in one read, and so how long ReadLine waits for that
// goroutine to stop after Enter.
const readWait = 30 * time.Millisecond

var ctrlC = []byte{0x03}

// interruptKey is what keyReader hands go-prompt for Ctrl-C. go-prompt's own Ctrl-C handling prints the line, then
// an empty prompt line on the way out: every Ctrl-C would look like Ctrl-C plus Enter. Its "Ignore" key does
// nothing in go-prompt, so a key binding on it can end the line with the text left as typed, like a shell does.
// The binding only acts when keyReader says the key stands for an interrupt, so a real "Ignore" key (xterm's
// keypad 5) stays harmless. If go-prompt ever drops that key, Ctrl-C is passed through and still works, only
// with the extra line.
var interruptKey = func() []byte {
	for _, seq := range prompt.ASCIISequences {
		if seq.Key == prompt.Ignore {
			return seq.ASCIICode
		}
	}
	return ctrlC
}()

// errNoKey tells go-prompt's reader loop that nothing was typed; it sleeps briefly and reads again.
var errNoKey = errors.New("no key pressed")

// keyReader is the prompt.Reader for one ReadLine call. Besides the keyboard it delivers interrupts that did not
// come from the keyboard: a signal or a hang-up becomes an interrupt key, because a key is the only thing that
// makes go-prompt's Input return. ReadLine then asks why the line ended.
type keyReader struct {
	term *terminal

	mu        sync.Mutex
	injected  int            // interrupt keys to deliver before the device is read again
	delivered int            // interrupt keys handed to go-prompt and not yet claimed by the key binding
	signal    syscall.Signal // a terminating signal arrived (0: none)
	hungUp    bool           // the terminal is gone (EOF, EIO) or the editor was closed
}

var _ prompt.Reader = (*keyReader)(nil)

func newKeyReader(t *terminal) *keyReader {
	return &keyReader{term: t}
}

// Open is called by go-prompt as Input starts: the terminal goes raw only now.
func (r *keyReader) Open() error { return r.term.makeRaw() }

// Close is called by go-prompt as Input returns (also when it panics). It restores the mode but keeps the device
// open for the next line.
func (r *keyReader) Close() error { return r.term.restore() }

func (r *keyReader) GetWinSize() *prompt.WinSize {
	cols, rows := r.term.size()
	if cols <= 0 || rows <= 0 {
		return &prompt.WinSize{Row: prompt.DefRowCount, Col: prompt.DefColCount}
	}
	return &prompt.WinSize{Row: uint16(rows), Col: uint16(cols)}
}

func (r *keyReader) Read(buf []byte) (int, error) {
	if r.takeInjected() {
		return r.deliverInterrupt(buf), nil
	}
	if n := r.term.ahead.take(buf); n > 0 {
		return n, nil
	}
	n, err := r.term.read(buf, readWait)
	switch {
	case n > 0 && bytes.Equal(buf[:n], ctrlC):
		r.term.ahead.drop()
		return r.deliverInterrupt(buf), nil
	case n > 1 && bytes.ContainsAny(buf[:n], "\r\n"):
		// Text and a line end in one read: go-prompt would take it all as a paste into the line and wait for
		// another Enter. Handed over a line at a time, each line is typed, shown and entered as if by hand.
		r.term.ahead.add(buf[:n])
		return r.term.ahead.take(buf), nil
	case n > 0:
		return n, nil
	case err == nil, errors.Is(err, os.ErrDeadlineExceeded):
		return 0, errNoKey
	default:
		r.hangUp()
		return 0, errNoKey
	}
}

func (r *keyReader) takeInjected() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.injected == 0 {
		return false
	}
	r.injected--
	return true
}

func (r *keyReader) deliverInterrupt(buf []byte) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.delivered++
	return copy(buf, interruptKey)
}

// claimInterrupt is called by the key binding: it reports whether the key it saw was an interrupt from keyReader.
func (r *keyReader) claimInterrupt() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.delivered == 0 {
		return false
	}
	r.delivered--
	return true
}

// interrupt behaves like Ctrl-C typed at the keyboard.
func (r *keyReader) interrupt() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.injected++
}

// terminate ends the line because of sig.
func (r *keyReader) terminate(sig syscall.Signal) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.signal == 0 {
		r.signal = sig
		r.injected++
	}
}

func (r *keyReader) hangUp() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.hungUp {
		r.hungUp = true
		r.injected++
	}
}

// ending reports why the line was ended from outside the keyboard, if it was.
func (r *keyReader) ending() (sig syscall.Signal, hungUp bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.signal, r.hungUp
}

// typeAhead holds keys read past the end of a line (a paste, `tmux send-keys 'x' Enter`): they are the start of
// the next lines, handed out before the device is read again. It lives with the terminal, which outlasts the
// key reader of one line.
type typeAhead struct {
	mu   sync.Mutex
	keys []byte
}

// add queues keys read in one go that hold a line end.
func (a *typeAhead) add(keys []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys = append(a.keys, keys...)
}

// take copies the next piece of the queued keys into buf: the text up to the next line end, or the line end
// alone, as Enter (a CR, a CR LF pair or a LF is each one Enter).
func (a *typeAhead) take(buf []byte) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	q := a.keys
	if len(q) == 0 || len(buf) == 0 {
		return 0
	}
	var n int
	if q[0] == '\r' || q[0] == '\n' {
		buf[0] = '\r'
		n = 1
		if q[0] == '\r' && len(q) > 1 && q[1] == '\n' {
			q = q[1:]
		}
	} else {
		end := bytes.IndexAny(q, "\r\n")
		if end < 0 {
			end = len(q)
		}
		n = copy(buf, q[:end])
	}
	if a.keys = q[n:]; len(a.keys) == 0 {
		a.keys = nil
	}
	return n
}

// drop forgets queued keys: Ctrl-C abandons the rest of a paste too.
func (a *typeAhead) drop() {
	a.mu.Lock()
	a.keys = nil
	a.mu.Unlock()
}
