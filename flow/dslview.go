package flow

import (
	"errors"

	"github.com/dataflow-cli/dataflow/dsl"
)

// DescribeDefinition is the plumbing view of a definition (dataflow dsl parse): the parse as data, or the
// error as data with the error itself.
func DescribeDefinition(kind, name, text string, validate bool) (any, error) {
	return dsl.Describe(kind, name, text, validate)
}

// DSLErrorCaret returns the definition with a caret under the problem, when err is a DSL error.
func DSLErrorCaret(err error) (string, bool) {
	var de *dsl.Error
	if errors.As(err, &de) {
		return de.Caret(), true
	}
	return "", false
}

// IsDSLError reports whether err is a definition SCDF would reject (as opposed to a bad kind or an I/O error).
func IsDSLError(err error) bool {
	var de *dsl.Error
	return errors.As(err, &de)
}
