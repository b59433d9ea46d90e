package shell

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// scriptLine is one logical command of a script, with the line it started on.
type scriptLine struct {
	number int
	text   string
}

// readScript reads a command file: a trailing backslash continues a line on the next one (joined with a space).
func readScript(path string) ([]scriptLine, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the script: %w", err)
	}
	defer func() { _ = file.Close() }() // read only: nothing to lose
	var out []scriptLine
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			// Editors on Windows start UTF-8 files with a byte order mark; it is not part of the first command.
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if cur.Len() == 0 {
			start = n
		}
		trimmed := strings.TrimRight(line, " \t\r")
		if strings.HasSuffix(trimmed, "\\") {
			cur.WriteString(strings.TrimSuffix(trimmed, "\\"))
			cur.WriteString(" ")
			continue
		}
		cur.WriteString(line)
		out = append(out, scriptLine{number: start, text: cur.String()})
		cur.Reset()
	}
	if cur.Len() > 0 {
		out = append(out, scriptLine{number: start, text: cur.String()})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cannot read the script %s: %w", path, err)
	}
	return out, nil
}

// RunFile runs a script. With stopOnError (dataflow --file, SCDF's commandFile) the first failing command
// ends the run and its file:line is reported; otherwise (the `script` command, as SCDF 2.11) failures are
// printed and the next line runs.
func (s *Session) RunFile(ctx context.Context, path string, stopOnError bool) error {
	lines, err := readScript(path)
	if err != nil {
		return err
	}
	failed := 0
	for _, l := range lines {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		err := s.RunLine(ctx, l.text)
		if errors.Is(err, errExit) {
			return nil
		}
		if err == nil {
			continue
		}
		located := &located{path: path, line: l.number, err: err}
		if stopOnError {
			return located
		}
		s.PrintError(located)
		failed++
	}
	if failed > 0 {
		return &silentError{err: fmt.Errorf("%d of the commands in %s failed", failed, path)}
	}
	return nil
}
