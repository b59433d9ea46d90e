package accounts

import (
	"fmt"
	"strings"
	"unicode"
)

// oneLine keeps an error to the one line the house promises: values are quoted into messages as the user wrote
// them, and a value may hold a newline (a quoted "a\nb", a block scalar) or other control characters. Those are
// shown escaped (\n, \t, \x1b), which also keeps them from driving the terminal.
func oneLine(err error) error {
	if err == nil || !strings.ContainsFunc(err.Error(), unicode.IsControl) {
		return err
	}
	return &oneLineError{msg: escapeControls(err.Error()), err: err}
}

type oneLineError struct {
	msg string
	err error
}

func (e *oneLineError) Error() string { return e.msg }
func (e *oneLineError) Unwrap() error { return e.err }

func escapeControls(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
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

// oneLineWarnings does the same for an import's warnings, which quote property names.
func oneLineWarnings(warnings []string) []string {
	for i, w := range warnings {
		if strings.ContainsFunc(w, unicode.IsControl) {
			warnings[i] = escapeControls(w)
		}
	}
	return warnings
}
