// Package dsl parses Spring Cloud Data Flow's stream, task and composed-task definitions exactly as SCDF's
// tokenizers and parsers do: same apps, labels and property values for what SCDF accepts, same error code at the
// same position for what it rejects. It imports nothing of the project.
package dsl

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// message is one of SCDF's DSLMessage entries: its code name and its text as users see it, that is after
// java.text.MessageFormat has consumed the template's quoting (a quoted bar shows bare, a doubled quote single).
type message struct {
	code string
	text string // {0}, {1}... are inserts
}

var messages = map[int]message{
	100: {"UNEXPECTED_DATA_AFTER_STREAMDEF", "Found unexpected data after stream definition: '{0}'"},
	101: {"NO_WHITESPACE_BEFORE_ARG_NAME", "No whitespace allowed between -- and option name"},
	102: {"NO_WHITESPACE_BEFORE_ARG_EQUALS", "No whitespace allowed after argument name and before ="},
	103: {"NO_WHITESPACE_BEFORE_ARG_VALUE", "No whitespace allowed after = and before option value"},
	104: {"MORE_INPUT", "After parsing a valid stream, there is still more data: '{0}'"},
	105: {"EXPECTED_ARGUMENT_VALUE", "Expected an argument value but was '{0}'"},
	106: {"NON_TERMINATING_DOUBLE_QUOTED_STRING", "Cannot find terminating \" for string"},
	107: {"NON_TERMINATING_QUOTED_STRING", "Cannot find terminating ' for string"},
	108: {"MISSING_CHARACTER", "missing expected character '{0}'"},
	111: {"NOT_EXPECTED_TOKEN", "Unexpected token.  Expected '{0}' but was '{1}'"},
	112: {"OOD", "Unexpectedly ran out of input"},
	114: {"UNEXPECTED_ESCAPE_CHAR", "unexpected escape character."},
	115: {"UNEXPECTED_DATA", "unexpected data in stream definition '{0}'"},
	118: {"EXPECTED_APPNAME", "expected app name but found '{0}'"},
	119: {"EXPECTED_WHITESPACE_AFTER_APP_BEFORE_ARGUMENT", "expected whitespace after app name and before argument"},
	122: {"ILLEGAL_STREAM_NAME", "illegal name for a stream '{0}'"},
	123: {"ILLEGAL_TASK_NAME", "illegal name for a task '{0}'"},
	133: {"EXPECTED_DESTINATION_PREFIX", "Expected destination prefix but found '{0}'"},
	139: {"NO_WHITESPACE_IN_DESTINATION_DEFINITION", "no whitespace allowed between components in a destination name"},
	143: {"DUPLICATE_LABEL", "label '{0}' should be unique but app '{1}' (at position {2}) and app '{3}' (at position {4}) both use it"},
	145: {"NO_WHITESPACE_IN_DOTTED_NAME", "no whitespace is allowed between dot and components of a name"},
	147: {"EXPECTED_WHITESPACE_AFTER_LABEL_COLON", "whitespace is expected after an app label"},
	148: {"EXPECTED_STREAM_NAME_AFTER_LABEL_COLON", "stream name is expected after an app label"},
	150: {"TASK_DOUBLE_AND_REQUIRED", "task dsl flow requires a pair of &, not just one"},
	151: {"TASK_DOUBLE_OR_REQUIRED", "task dsl requires a pair of |"},
	154: {"TASK_UNQUOTED_TRANSITION_CHECK_MUST_BE_NUMBER", "transition conditions must be quoted literals, numerics or * but '{0}' is not"},
	155: {"TASK_NO_LABELS_ON_PARENS", "labels cannot be specified on parenthesized groups"},
	156: {"NO_DOUBLE_LABELS", "multiple labels are not supported"},
	157: {"TASK_ARROW_SHOULD_BE_PRECEDED_BY_CODE", "transition arrow must be preceeded by the exit code that should drive the transition"}, //nolint:misspell // SCDF's message, its typo included (testdata/scdf-oracle.tsv)
	158: {"TASK_VALIDATION_SECONDARY_SEQUENCES_MUST_BE_NAMED", "secondary sequences must have labels or are unreachable"},
	159: {"TASK_VALIDATION_DUPLICATE_LABEL", "this label has already been defined"},
	160: {"TASK_VALIDATION_TRANSITION_TARGET_LABEL_UNDEFINED", "transition specifies an undefined label"},
	162: {"TASK_UNEXPECTED_DATA", "unexpected data in task definition '{0}'"},
	163: {"TASK_MORE_INPUT", "after parsing a valid task, there is still more data: '{0}'"},
	164: {"TASK_VALIDATION_LABEL_CLASHES_WITH_TASKAPP_NAME", "the label clashes with an existing unlabeled task application name"},
	165: {"TASK_VALIDATION_APP_NAME_CLASHES_WITH_LABEL", "the app name clashes with an existing label"},
	166: {"TASK_VALIDATION_APP_NAME_ALREADY_IN_USE", "duplicate app name. Use a label to ensure uniqueness"},
	168: {"TASK_ARGUMENTS_NOT_ALLOWED_UNLESS_IN_APP_MODE", "arguments not allowed unless parser is in app mode"},
	169: {"DONT_MIX_PIPE_AND_DOUBLEPIPE", "do not mix | and || when specifying a list of applications"},
	170: {"DONT_USE_DOUBLEPIPE_WITH_CHANNELS", "do not use || between source/processor/sink apps in a stream, use |"},
	171: {"UNEXPECTED_DATA_IN_DESTINATION_NAME", "unexpected data in destination name '{0}'"},
}

// Problem is one DSL error: SCDF's code, number, position and inserts. Position is what SCDF reports: an offset
// in UTF-16 code units (Java chars), which equals the byte offset for ASCII definitions.
type Problem struct {
	Code     string
	Number   int
	Position int
	Inserts  []string
	offset   int // byte offset into the definition, for drawing the caret
}

// Message renders the problem as SCDF does: "118E:(pos 5): expected app name but found 'x'".
func (p Problem) Message() string {
	return strconv.Itoa(p.Number) + "E:(pos " + strconv.Itoa(p.Position) + "): " + formatMessage(messages[p.Number].text, p.Inserts)
}

// formatMessage fills {n} with the n-th insert in one pass. Like MessageFormat, a placeholder without an insert
// stays as written: SCDF raises some NOT_EXPECTED_TOKEN errors with one insert, and users see "{1}".
func formatMessage(text string, inserts []string) string {
	if !strings.Contains(text, "{") {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] == '{' && i+2 < len(text) && text[i+2] == '}' && text[i+1] >= '0' && text[i+1] <= '9' {
			if n := int(text[i+1] - '0'); n < len(inserts) {
				b.WriteString(inserts[n])
				i += 2
				continue
			}
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// visible shows the control characters of a rejected name as escapes (\x00, \x1b, \u0085), so that the
// error is one line that cannot drive the terminal it is printed on.
func visible(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Error is a definition SCDF would reject. A parse error has one problem; a task validation error has every
// problem the validator found, in visit order.
type Error struct {
	Phase      string // "parse" or "validation"
	Definition string
	Problems   []Problem
}

func (e *Error) first() Problem { return e.Problems[0] }

// Code, Number and Position describe the first problem.
func (e *Error) Code() string  { return e.first().Code }
func (e *Error) Number() int   { return e.first().Number }
func (e *Error) Position() int { return e.first().Position }

// Error is the first problem's message; a validation error lists them all, as SCDF's TaskValidationException
// does (with the definition trimmed, as TaskNode keeps it).
func (e *Error) Error() string {
	if e.Phase == "validation" {
		msgs := make([]string, len(e.Problems))
		for i, p := range e.Problems {
			msgs[i] = p.Message()
		}
		return fmt.Sprintf("Problems found when validating '%s': [%s]", javaTrim(e.Definition), strings.Join(msgs, ", "))
	}
	return e.first().Message()
}

// Caret renders the line of the definition that holds the first problem, with a ^ under its position, for the
// shell to print after the message.
func (e *Error) Caret() string {
	text := e.Definition
	pos := min(max(e.first().offset, 0), len(text))
	lineStart := strings.LastIndexByte(text[:pos], '\n') + 1
	lineEnd := strings.IndexByte(text[lineStart:], '\n')
	if lineEnd < 0 {
		lineEnd = len(text)
	} else {
		lineEnd += lineStart
	}
	return text[lineStart:lineEnd] + "\n" + strings.Repeat(" ", utf8.RuneCountInString(text[lineStart:pos])) + "^"
}

// newError builds a parse error at a byte offset of def.
func newError(def string, number, offset int, inserts ...string) *Error {
	offset = min(max(offset, 0), len(def))
	return &Error{Phase: "parse", Definition: def, Problems: []Problem{newProblem(def, number, offset, inserts...)}}
}

func newProblem(def string, number, offset int, inserts ...string) Problem {
	return Problem{Code: messages[number].code, Number: number, Position: javaOffset(def, offset), Inserts: inserts, offset: offset}
}

// javaOffset converts a byte offset into the UTF-16 offset SCDF's Java parser reports.
func javaOffset(s string, offset int) int {
	head := s[:offset]
	ascii := true
	for i := 0; i < len(head); i++ {
		if head[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return offset
	}
	n := 0
	for _, r := range head {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

// javaTrim is Java's String.trim(): it strips every character up to and including the space at both ends.
func javaTrim(s string) string {
	start, end := 0, len(s)
	for start < end && s[start] <= ' ' {
		start++
	}
	for end > start && s[end-1] <= ' ' {
		end--
	}
	return s[start:end]
}

// javaInt formats a number as MessageFormat does, with grouping separators ("1,234").
func javaInt(n int) string {
	s := strconv.Itoa(n)
	if n < 1000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// failure carries an *Error out of the recursive parsers; the entry points recover it. SCDF's parsers throw
// the same way, which keeps this port close to their control flow.
type failure struct{ err *Error }

func fail(def string, number, offset int, inserts ...string) {
	panic(failure{newError(def, number, offset, inserts...)})
}

// recoverError turns a failure raised during a parse into the returned error.
func recoverError(err **Error) {
	if r := recover(); r != nil {
		f, ok := r.(failure)
		if !ok {
			panic(r)
		}
		*err = f.err
	}
}
