package shell

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

// stacktrace writes the chain of the last error, a level a line, a joined error's parts as branches.
func TestWriteErrorChain(t *testing.T) {
	root := errors.New("connection refused")
	wrapped := fmt.Errorf("could not deploy stream 'tick': %w", errors.Join(fmt.Errorf("app log: %w", root), errors.New("app time: quota")))
	var b bytes.Buffer
	writeErrorChain(&b, wrapped, "")
	want := `*fmt.wrapError: could not deploy stream 'tick': app log: connection refused
  app time: quota
caused by:
*errors.joinError: app log: connection refused
  app time: quota
  *fmt.wrapError: app log: connection refused
  caused by:
  *errors.errorString: connection refused
  *errors.errorString: app time: quota
`
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}
