package shell

import (
	"fmt"
	"strings"
)

// SplitWords splits one shell line into words the way the SCDF shell does: whitespace separates words, single or
// double quotes group (the quotes themselves are dropped, the other kind of quote is kept as written), and a
// backslash escapes a quote or a backslash. Any other backslash is kept, so regular expressions survive.
func SplitWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	quoteAt := 0
	runes := []rune(line)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case r == '\\' && i+1 < len(runes) && (runes[i+1] == '\\' || runes[i+1] == '"' || runes[i+1] == '\''):
			if quote == 0 || runes[i+1] == quote || runes[i+1] == '\\' {
				cur.WriteRune(runes[i+1])
				i++
				inWord = true
				continue
			}
			cur.WriteRune(r)
		case quote != 0:
			if r == quote {
				quote = 0
				continue
			}
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, quoteAt, inWord = r, i, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote opened at position %d", quote, quoteAt)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// isBlankOrComment: SCDF skips blank lines and lines starting with "//"; "#" lines are comments too, as in
// SCDF's 1.x shell and every other shell.
func isBlankOrComment(line string) bool {
	t := strings.TrimSpace(line)
	return t == "" || strings.HasPrefix(t, "//") || strings.HasPrefix(t, "#")
}
