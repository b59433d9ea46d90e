//go:build !unix

package lineedit

import (
	"errors"
	"os"
	"time"
)

// windowChangeSignals is empty: there is no SIGWINCH, and no terminal editor to redraw.
var windowChangeSignals []os.Signal

// terminal is not implemented off unix: New falls back to the plain editor there.
type terminal struct{ ahead typeAhead }

func openTerminal(*os.File) (*terminal, error) {
	return nil, errors.New("terminal editing is only supported on unix")
}

func (t *terminal) makeRaw() error                          { return errors.ErrUnsupported }
func (t *terminal) restore() error                          { return nil }
func (t *terminal) close() error                            { return nil }
func (t *terminal) size() (cols, rows int)                  { return 0, 0 }
func (t *terminal) read([]byte, time.Duration) (int, error) { return 0, errors.ErrUnsupported }
