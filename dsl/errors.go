// Package dsl parses Spring Cloud Data Flow's stream, task and composed-task definitions exactly as SCDF's
// tokenizers and parsers do: same apps, labels and property values for what SCDF accepts, same error code at the
// same position for what it rejects. It imports nothing of the project.
package dsl

import (
	"fmt"
	"strconv"
	"strings"
)

// message is one of SCDF's DSLMessage entries: its code name and its text as users see it.
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
	157: {"TASK_ARROW_SHOULD_BE_PRECEDED_BY_CODE", "transition arrow must be preceeded by the exit code that should drive the transition"},
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

// Problem is one DSL error: SCDF's code, number, position (0-based offset into the definition) and inserts.
type Problem struct {
	Code     string
	Number   int
	Position int
	Inserts  []string
}

// Message renders the problem as SCDF does: "118E:(pos 5): expected app name but found 'x'".
func (p Problem) Message() string {
	text := messages[p.Number].text
	for i, in := range p.Inserts {
		text = strings.ReplaceAll(text, "{"+strconv.Itoa(i)+"}", in)
	}
	return fmt.Sprintf("%dE:(pos %d): %s", p.Number, p.Position, text)
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

// Error is the first problem's message; a validation error lists them all, as SCDF's TaskValidationException.
func (e *Error) Error() string {
	if e.Phase == "validation" {
		msgs := make([]string, len(e.Problems))
		for i, p := range e.Problems {
			msgs[i] = p.Message()
		}
		return fmt.Sprintf("Problems found when validating '%s': [%s]", e.Definition, strings.Join(msgs, ", "))
	}
	return e.first().Message()
}

// Caret renders the definition with a ^ under the first problem's position, for the shell to print after the
// message. Only the line holding the position is shown.
func (e *Error) Caret() string {
	pos := e.Position()
	text := e.Definition
	lineStart := strings.LastIndex(text[:min(pos, len(text))], "\n") + 1
	lineEnd := strings.IndexByte(text[lineStart:], '\n')
	if lineEnd < 0 {
		lineEnd = len(text)
	} else {
		lineEnd += lineStart
	}
	return text[lineStart:lineEnd] + "\n" + strings.Repeat(" ", pos-lineStart) + "^"
}

func parseError(def string, number, pos int, inserts ...string) *Error {
	if pos > len(def) {
		pos = len(def)
	}
	if pos < 0 {
		pos = 0
	}
	return &Error{Phase: "parse", Definition: def, Problems: []Problem{{Code: messages[number].code, Number: number, Position: pos, Inserts: inserts}}}
}
