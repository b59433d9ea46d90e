//go:build unix

package lineedit

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"

	prompt "github.com/elk-language/go-prompt"
)

// pipeKeys gives a keyReader a pipe for a terminal: pipes support read deadlines like the reopened tty does.
func pipeKeys(t *testing.T) (*keyReader, *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close(); _ = w.Close() }) // a test may have closed w already
	return newKeyReader(&terminal{fd: -1, tty: r}), w
}

func readKey(t *testing.T, keys *keyReader) ([]byte, error) {
	t.Helper()
	buf := make([]byte, 64)
	n, err := keys.Read(buf)
	return buf[:n], err
}

func TestInterruptKeyIsAKeyGoPromptIgnores(t *testing.T) {
	if prompt.GetKey(interruptKey) != prompt.Ignore {
		t.Fatalf("interruptKey %q decodes to %v, want go-prompt's Ignore key", interruptKey, prompt.GetKey(interruptKey))
	}
}

func TestKeyReaderPassesKeysAndTranslatesCtrlC(t *testing.T) {
	keys, typed := pipeKeys(t)
	if got, err := readKey(t, keys); !errors.Is(err, errNoKey) || len(got) != 0 {
		t.Fatalf("idle read = %q, %v; want errNoKey", got, err)
	}
	_, _ = typed.Write([]byte("st"))
	if got, err := readKey(t, keys); err != nil || string(got) != "st" {
		t.Fatalf("read %q, %v; want the typed keys", got, err)
	}
	if keys.claimInterrupt() {
		t.Fatal("a key binding claimed an interrupt nobody sent")
	}
	_, _ = typed.Write(ctrlC)
	if got, _ := readKey(t, keys); string(got) != string(interruptKey) {
		t.Fatalf("Ctrl-C read as %q, want the interrupt key", got)
	}
	if !keys.claimInterrupt() || keys.claimInterrupt() {
		t.Fatal("one Ctrl-C must be claimed exactly once")
	}
}

func TestKeyReaderTurnsSignalsAndHangUpIntoOneInterrupt(t *testing.T) {
	keys, typed := pipeKeys(t)
	keys.interrupt()
	if got, _ := readKey(t, keys); string(got) != string(interruptKey) || !keys.claimInterrupt() {
		t.Fatalf("SIGINT delivered %q", got)
	}
	if sig, hungUp := keys.ending(); sig != 0 || hungUp {
		t.Fatal("SIGINT must only interrupt the line")
	}

	keys.terminate(syscall.SIGTERM)
	keys.terminate(syscall.SIGHUP) // the first signal wins and only one key is sent
	if got, _ := readKey(t, keys); string(got) != string(interruptKey) {
		t.Fatalf("SIGTERM delivered %q", got)
	}
	if sig, _ := keys.ending(); sig != syscall.SIGTERM {
		t.Fatalf("ending signal %v, want SIGTERM", sig)
	}

	if err := typed.Close(); err != nil { // the terminal goes away
		t.Fatal(err)
	}
	if _, err := readKey(t, keys); !errors.Is(err, errNoKey) {
		t.Fatalf("read after hang-up: %v", err)
	}
	if got, _ := readKey(t, keys); string(got) != string(interruptKey) {
		t.Fatalf("hang-up delivered %q, want the interrupt key", got)
	}
	if _, hungUp := keys.ending(); !hungUp {
		t.Fatal("hang-up not reported")
	}
}

// Keys queued past a line end come back a line's text, then its Enter, at a time; CR LF is one Enter, LF alone
// is Enter too, and a buffer smaller than the text gets the text in pieces.
func TestTypeAheadHandsOutALineAtATime(t *testing.T) {
	var a typeAhead
	a.add([]byte("app list\r\ntask list\nstream"))
	buf := make([]byte, 64)
	var got []string
	for n := a.take(buf); n > 0; n = a.take(buf) {
		got = append(got, string(buf[:n]))
	}
	if want := []string{"app list", "\r", "task list", "\r", "stream"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
	a.add([]byte("abcdef\r"))
	small := make([]byte, 4)
	got = nil
	for n := a.take(small); n > 0; n = a.take(small) {
		got = append(got, string(small[:n]))
	}
	if strings.Join(got, "|") != "abcd|ef|\r" {
		t.Fatalf("small buffer: %q", got)
	}
	a.add([]byte("rest\r"))
	a.drop()
	if n := a.take(buf); n != 0 {
		t.Fatalf("dropped keys came back: %q", buf[:n])
	}
}
