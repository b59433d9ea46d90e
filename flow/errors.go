package flow

import (
	"errors"
	"fmt"
	"strings"
)

// Code names a failure that users meet and that callers may need to tell apart. Its text is SCDF's where SCDF
// has one, kept in one table as the DSL's messages are (dsl/errors.go).
type Code int

const (
	CodeStreamNotFound Code = iota + 1
	CodeTaskNotFound
	CodeExecutionNotFound
	CodeReleaseNotFound
	CodeReleaseVersionNotFound
	CodeScheduleNotFound
	CodeStreamNotDeployed
	CodeStreamAlreadyDeployed
	CodeStreamBusy
	CodeNothingToUpgrade
	CodeExecutionEnded
	CodeLeftoversRemain
	CodeNameClash
	CodeNotOurs
	CodeExecutionsRunning
)

// messages are the texts of the codes; %v inserts are the Error's Args in order.
var messages = map[Code]struct{ name, text string }{
	CodeStreamNotFound:         {"STREAM_NOT_FOUND", "Could not find stream definition named %v"},
	CodeTaskNotFound:           {"TASK_NOT_FOUND", "Could not find task definition named %v"},
	CodeExecutionNotFound:      {"EXECUTION_NOT_FOUND", "Could not find TaskExecution with id %v"},
	CodeReleaseNotFound:        {"RELEASE_NOT_FOUND", "Release with name '%v' does not exist"},
	CodeReleaseVersionNotFound: {"RELEASE_VERSION_NOT_FOUND", "Release with name '%v' and version '%v' does not exist"},
	CodeScheduleNotFound:       {"SCHEDULE_NOT_FOUND", "Schedule '%v' does not exist (see 'task schedule list')"},
	CodeStreamNotDeployed:      {"STREAM_NOT_DEPLOYED", "Stream '%v' is not deployed"},
	CodeStreamAlreadyDeployed:  {"STREAM_ALREADY_DEPLOYED", "Stream '%v' is already deployed"},
	CodeStreamBusy:             {"STREAM_BUSY", "Stream '%v' is busy: release %v (%v) is being run by another dataflow process; try again when it ends"},
	CodeNothingToUpgrade:       {"NOTHING_TO_UPGRADE", "Package to upgrade has no difference than existing deployed/deleted package. Not upgrading."},
	CodeExecutionEnded:         {"EXECUTION_ENDED", "Invalid TaskExecution, ID %v has already ended"},
	CodeExecutionsRunning:      {"EXECUTIONS_RUNNING", "Task '%v' has executions still running (%v): stop them first ('task execution stop %v') or wait for them to end; nothing was destroyed"},
	CodeLeftoversRemain:        {"LEFTOVERS_REMAIN", "Stream '%v' has apps left by an earlier failure that could not be removed: %v (they stay recorded, and the next command on the stream removes them; check the account)"},
	CodeNotOurs:                {"NOT_OURS", "stream %v: %v; nothing changed"},
	CodeNameClash:              {"NAME_CLASH", "Stream '%v' cannot be deployed: its app '%v' would take the objects named '%v' on platform '%v' of app '%v' of stream '%v' (platform names are not case sensitive and '.' becomes '-'): rename the stream or the app's label"},
}

// Error is a failure with a code; errors.Is matches it against the Err* values of the same code, whatever its
// inserts.
type Error struct {
	Code Code
	Args []any
}

func (e *Error) Error() string {
	m, ok := messages[e.Code]
	if !ok {
		return fmt.Sprintf("error %d", e.Code)
	}
	if strings.Count(m.text, "%v") != len(e.Args) {
		return m.name // a value to match with errors.Is, not one to show
	}
	return fmt.Sprintf(m.text, e.Args...)
}

// Unwrap is the error the message carries, when it carries one (a platform's NotOursError).
func (e *Error) Unwrap() error {
	for _, a := range e.Args {
		if err, ok := a.(error); ok {
			return err
		}
	}
	return nil
}

// Is matches errors of the same code.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code
}

func newError(c Code, args ...any) error { return &Error{Code: c, Args: args} }

// The values to match with errors.Is.
var (
	ErrStreamNotFound         error = &Error{Code: CodeStreamNotFound}
	ErrTaskNotFound           error = &Error{Code: CodeTaskNotFound}
	ErrExecutionNotFound      error = &Error{Code: CodeExecutionNotFound}
	ErrReleaseNotFound        error = &Error{Code: CodeReleaseNotFound}
	ErrScheduleNotFound       error = &Error{Code: CodeScheduleNotFound}
	ErrStreamNotDeployed      error = &Error{Code: CodeStreamNotDeployed}
	ErrStreamAlreadyDeployed  error = &Error{Code: CodeStreamAlreadyDeployed}
	ErrStreamBusy             error = &Error{Code: CodeStreamBusy}
	ErrNothingToUpgrade       error = &Error{Code: CodeNothingToUpgrade}
	ErrExecutionEnded         error = &Error{Code: CodeExecutionEnded}
	ErrReleaseVersionNotFound error = &Error{Code: CodeReleaseVersionNotFound}
	ErrLeftoversRemain        error = &Error{Code: CodeLeftoversRemain}
	ErrNameClash              error = &Error{Code: CodeNameClash}
	ErrNotOurs                error = &Error{Code: CodeNotOurs}
	ErrExecutionsRunning      error = &Error{Code: CodeExecutionsRunning}
)
