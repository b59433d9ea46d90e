package shell

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// newStacktraceCommand is SCDF's `stacktrace`: the details of the last error, which messages give on one line.
// Go has no exception stack to show; what there is, is the chain of errors each wrapping the next, with their
// types, which is what a bug report needs.
func newStacktraceCommand(d *cmdDeps) *cobra.Command {
	return leaf("stacktrace", "Display the details of the last error", groupBuiltIn, func(cmd *cobra.Command, args []string) error {
		var last error
		if d.lastError != nil {
			last = d.lastError()
		}
		if last == nil {
			fmt.Fprintln(d.IO.Out, "No error has occurred in this shell session.")
			return nil
		}
		writeErrorChain(d.IO.Out, last, "")
		return nil
	})
}

// writeErrorChain writes an error and what it wraps, one level a line, joined errors as branches.
func writeErrorChain(w io.Writer, err error, indent string) {
	for err != nil {
		fmt.Fprintf(w, "%s%T: %s\n", indent, err, strings.ReplaceAll(err.Error(), "\n", "\n"+indent+"  "))
		// This level's own Unwrap, not errors.As: the chain is walked one level at a time.
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			for _, branch := range joined.Unwrap() {
				writeErrorChain(w, branch, indent+"  ")
			}
			return
		}
		if err = errors.Unwrap(err); err != nil {
			fmt.Fprintf(w, "%scaused by:\n", indent)
		}
	}
}
