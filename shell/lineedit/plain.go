package lineedit

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// plainEditor reads lines from a pipe, a file or a terminal it does not drive. It writes nothing, not even the
// prompt: SCDF's shell prints no prompt for piped input either, and piped output stays just the command output.
type plainEditor struct {
	in     *bufio.Reader
	closed bool
}

// NewPlain returns an editor that reads lines from r with no prompt, no completion and no history.
func NewPlain(r io.Reader) Editor { return &plainEditor{in: bufio.NewReader(r)} }

func (e *plainEditor) ReadLine(string) (string, error) {
	if e.closed {
		return "", io.EOF
	}
	// bufio.Reader, not Scanner: a script line (a long stream definition) has no length limit.
	line, err := e.in.ReadString('\n')
	if errors.Is(err, io.EOF) && line != "" {
		err = nil // the last line of a file without a final newline still counts
	}
	if err != nil {
		return "", err
	}
	line = strings.TrimSuffix(line, "\n")
	return strings.TrimSuffix(line, "\r"), nil
}

func (e *plainEditor) AddHistory(string) {}

func (e *plainEditor) Close() error {
	e.closed = true
	return nil
}
