package shell

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Exit codes, as the README documents them.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// UsageError is a mistake in how a command was typed (unknown command or option, missing option): exit 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usageErrorf(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// errExit is returned by `exit` and `quit` to end the REPL or a script.
var errExit = errors.New("exit")

// silentError has already been shown to the user; it only carries the exit code.
type silentError struct{ err error }

func (s *silentError) Error() string { return s.err.Error() }

func (s *silentError) Unwrap() error { return s.err }

// located is an error with the script position it came from; it keeps the cause's exit code.
type located struct {
	path string
	line int
	err  error
}

func (l *located) Error() string { return fmt.Sprintf("%s:%d: %v", l.path, l.line, l.err) }

func (l *located) Unwrap() error { return l.err }

// ExitCode maps an error to the process exit code.
func ExitCode(err error) int {
	var ue *UsageError
	var coded interface{ ExitCode() int }
	switch {
	case errors.As(err, &coded):
		return coded.ExitCode()
	case err == nil:
		return ExitOK
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &ue):
		return ExitUsage
	default:
		return ExitFailure
	}
}

// translateCobraError turns cobra's and pflag's messages into the SCDF shell's.
func translateCobraError(err error, words []string) error {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "unknown flag: "):
		return usageErrorf("Unrecognised option '%s'", strings.TrimPrefix(msg, "unknown flag: "))
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		name := strings.TrimPrefix(msg, "unknown shorthand flag: ")
		if i := strings.Index(name, " in "); i >= 0 {
			name = name[i+4:]
		}
		return usageErrorf("Unrecognised option '%s'", name)
	case strings.HasPrefix(msg, "unknown command "):
		return usageErrorf("No command found for '%s'", strings.Join(commandWords(words), " "))
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return usageErrorf("Option '%s' needs a value", strings.TrimPrefix(strings.TrimPrefix(msg, "flag needs an argument: "), "'"))
	case strings.HasPrefix(msg, "invalid argument "):
		return &UsageError{Msg: msg}
	}
	return err
}

// commandWords is the leading words of a line, before the first option.
func commandWords(words []string) []string {
	for i, w := range words {
		if strings.HasPrefix(w, "-") {
			return words[:i]
		}
	}
	return words
}
