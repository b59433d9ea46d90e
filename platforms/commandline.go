package platforms

import "fmt"

// CommandLineTokens splits a command line as SCDF's CommandLineTokenizer does (task --arguments, Kubernetes'
// containerCommand): words between spaces, a word in single or double quotes kept whole without its quotes, and
// a backslash escaping the closing quote or itself. An unclosed quote is an error.
func CommandLineTokens(s string) ([]string, error) {
	var out []string
	b := []byte(s)
	pos := 0
	for pos < len(b) {
		for pos < len(b) && b[pos] == ' ' {
			pos++
		}
		if pos >= len(b) {
			break
		}
		end := byte(' ')
		if b[pos] == '\'' || b[pos] == '"' {
			end = b[pos]
			pos++
		}
		var word []byte
		for pos < len(b) && b[pos] != end {
			if b[pos] == '\\' && pos+1 < len(b) && (b[pos+1] == '\\' || b[pos+1] == end) {
				word = append(word, b[pos+1])
				pos += 2
				continue
			}
			word = append(word, b[pos])
			pos++
		}
		if end != ' ' {
			if pos >= len(b) {
				return nil, fmt.Errorf("the quote %c opened in [%s] is never closed", end, s)
			}
			pos++ // the closing quote
		}
		out = append(out, string(word))
	}
	return out, nil
}
