package shell

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes, as the README documents them.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
	// ExitChanges is estate apply's success with changes made (with --dryRun: changes to make); 0 is nothing
	// to do. Not terraform's 2, which is a usage error here.
	ExitChanges     = 3
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

// translateCobraError turns cobra's and pflag's messages into the SCDF shell's. An unknown option after words
// that name no command is about the words: `task execution lst --name x` has no command, whatever its options.
func translateCobraError(err error, root *cobra.Command, words []string) error {
	msg := err.Error()
	unknownOption := strings.HasPrefix(msg, "unknown flag: ") || strings.HasPrefix(msg, "unknown shorthand flag: ")
	if unknownOption || strings.HasPrefix(msg, "unknown command ") {
		if notFound := noCommandFor(root, commandWords(words)); notFound != nil {
			return notFound
		}
	}
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
		name := strings.TrimPrefix(msg, "flag needs an argument: ")
		if _, short, ok := strings.Cut(name, "' in "); ok { // pflag's "'o' in -o" for a short option
			name = short
		}
		return usageErrorf("Option '%s' needs a value", strings.Trim(name, "'"))
	case strings.HasPrefix(msg, "invalid argument "):
		if value, option, problem, ok := parseInvalidFlagValue(msg); ok {
			return usageErrorf("Invalid value '%s' for option '%s': %s", value, option, valueProblem(problem))
		}
		return &UsageError{Msg: msg}
	}
	var most, given int
	if n, _ := fmt.Sscanf(msg, "accepts at most %d arg(s), received %d", &most, &given); n == 2 {
		return usageErrorf("Too many values: the command takes at most %s besides its options (quote a value that has spaces)", plural(strconv.Itoa(most), "value"))
	}
	return err
}

// parseInvalidFlagValue reads pflag's `invalid argument "V" for "-s, --name" flag: problem`. (Plain string
// work, not a regular expression: compiling one at start-up cost every command.)
func parseInvalidFlagValue(msg string) (value, option, problem string, ok bool) {
	rest, found := strings.CutPrefix(msg, `invalid argument "`)
	if !found {
		return "", "", "", false
	}
	head, problem, found := strings.Cut(rest, `" flag: `)
	if !found {
		return "", "", "", false
	}
	i := strings.LastIndex(head, `" for "`)
	if i < 0 {
		return "", "", "", false
	}
	value, option = head[:i], head[i+len(`" for "`):]
	if j := strings.LastIndex(option, ", "); j >= 0 { // "-o, --output"
		option = option[j+2:]
	}
	return value, option, problem, true
}

// valueProblem says what is wrong with an option's value in words, for the parse errors of Go's strconv and
// time packages that pflag passes on ("strconv.ParseInt: parsing \"abc\": invalid syntax").
func valueProblem(parseErr string) string {
	if _, cause, ok := strings.Cut(parseErr, " flag: "); ok {
		parseErr = cause
	}
	switch {
	case strings.Contains(parseErr, "value out of range"):
		return "the number is too large"
	case strings.HasPrefix(parseErr, "strconv.ParseInt"), strings.HasPrefix(parseErr, "strconv.ParseUint"):
		return "give a whole number"
	case strings.HasPrefix(parseErr, "strconv.ParseFloat"):
		return "give a number"
	case strings.HasPrefix(parseErr, "strconv.ParseBool"):
		return "give true or false"
	case strings.HasPrefix(parseErr, "time: "):
		return "give a duration such as 30s, 5m or 1h"
	}
	return parseErr
}

func plural(n, word string) string {
	if n == "1" {
		return "one " + word
	}
	return n + " " + word + "s"
}

// noCommandFor says that the words name no command, as the SCDF shell says it, with the nearest command when
// one is close (cobra's suggestions: a typo or a prefix). It is nil when the words do name a command.
func noCommandFor(root *cobra.Command, words []string) error {
	if len(words) == 0 {
		return nil
	}
	cmd, rest, err := root.Find(words)
	if err != nil { // cobra refuses unknown words right under the root
		cmd, rest = root, words
	}
	if len(rest) == 0 || !cmd.HasSubCommands() {
		return nil
	}
	return noCommandFound(cmd, words, rest[0])
}

// noCommandFound is the error for typed words under parent, where unknown is the first word that names nothing.
func noCommandFound(parent *cobra.Command, typed []string, unknown string) error {
	msg := fmt.Sprintf("No command found for '%s'", strings.Join(typed, " "))
	if parent.SuggestionsMinimumDistance <= 0 {
		parent.SuggestionsMinimumDistance = 2 // cobra's own default, which it sets only on its own path
	}
	if suggestions := parent.SuggestionsFor(unknown); len(suggestions) > 0 {
		nearest := slices.MinFunc(suggestions, func(a, b string) int {
			return editDistance(unknown, a) - editDistance(unknown, b)
		})
		path := slices.Concat(strings.Fields(parent.CommandPath())[1:], []string{nearest})
		msg += fmt.Sprintf("; did you mean '%s'?", strings.Join(path, " "))
	}
	return &UsageError{Msg: msg}
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

// editDistance is the Levenshtein distance between two words, to pick the nearest of cobra's suggestions (it
// lists them in command order: "tsk" is as near to "dsl" as to "task" by its measure).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
