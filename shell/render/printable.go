package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// printable shows the characters that would drive the terminal instead of being shown as escapes: a stream's
// description holding "\x1b]0;...\x07" or "\x1b[2J" must not retitle the window or clear the screen when
// `stream list` prints it. C0 controls (the newline excepted: it splits a cell into lines before this is
// called), DEL and invalid UTF-8 bytes become \xNN, tab and carriage return \t and \r; C1 controls and the
// bidirectional overrides and isolates (which reorder what follows them on the line) become \uNNNN. JSON and
// YAML output need none of this: their encoders escape such characters themselves.
func printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case escapedRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsEscape is the fast path: table cells are nearly always printable ASCII or ordinary text.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return true
		} else if c >= 0x80 {
			return needsEscapeUnicode(s[i:])
		}
	}
	return false
}

func needsEscapeUnicode(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || r < 0x20 || r == 0x7f || escapedRune(r) {
			return true
		}
		i += size
	}
	return false
}

// escapedRune: the C1 controls (0x9b is a one-byte CSI to some terminals) and the bidirectional embeddings,
// overrides and isolates.
func escapedRune(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}
