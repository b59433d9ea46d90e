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

// SplitArguments splits task --arguments as SCDF's server does (parseArgumentList and removeQuoting): words
// between blanks, where a quoted part keeps its blanks (--name='John Doe', "--greeting=hello world") and loses
// its quotes. An unclosed quote is an error.
func SplitArguments(s string) ([]string, error) {
	var out []string
	var word []byte
	inWord := false
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				word = append(word, c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				out = append(out, string(word))
				word, inWord = word[:0], false
			}
		default:
			word, inWord = append(word, c), true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("the quote %c opened in --arguments [%s] is never closed", quote, s)
	}
	if inWord {
		out = append(out, string(word))
	}
	return out, nil
}
