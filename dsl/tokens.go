package dsl

import "sync"

type tokenKind uint8

const (
	tIdentifier tokenKind = iota
	tLiteral              // '...' or "...", quotes kept in data
	tDoubleMinus
	tEquals
	tPipe
	tDoublePipe
	tAnd
	tAndAnd
	tArrow
	tGT
	tLT
	tColon
	tDot
	tSemicolon
	tStar
	tSlash
	tHash
	tOpenParen
	tCloseParen
	tReference
	tNewline
)

// kindNames are SCDF's TokenKind names as its NOT_EXPECTED_TOKEN message prints them.
var kindNames = [...]string{"identifier", "literal_string", "double_minus(--)", "equals(=)", "pipe(|)", "doublepipe(||)",
	"and(&)", "andand(&&)", "arrow(->)", "gt(>)", "lt(<)", "colon(:)", "dot(.)", "semicolon(;)", "star(*)", "slash(/)",
	"hash(#)", "open_paren(()", "close_paren())", "reference(@)", "newline(\n)"}

var kindChars = [...]string{"", "", "--", "=", "|", "||", "&", "&&", "->", ">", "<", ":", ".", ";", "*", "/", "#", "(", ")", "@", "\n"}

type token struct {
	kind  tokenKind
	data  string // identifier and literal text
	start int
	end   int
	line  int // 0-based line the token starts on (task DSL: a new line starts a new sequence)
}

// text is what an error message shows for the token.
func (t token) text() string {
	if t.kind == tIdentifier || t.kind == tLiteral {
		return t.data
	}
	return kindChars[t.kind]
}

// tokenBuffers recycles token slices: parse results keep only substrings of the definition, never tokens.
var tokenBuffers = sync.Pool{New: func() any { b := make([]token, 0, 64); return &b }}

// tokenize lexes a stream (task=false) or task (task=true) definition into buf.
func tokenize(s string, task bool, buf []token) ([]token, *Error) {
	toks := buf[:0]
	line := 0
	pos := 0
	n := len(s)
	for pos < n {
		c := s[pos]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			pos++
			continue
		case c == '\n':
			if !task {
				toks = append(toks, token{kind: tNewline, start: pos, end: pos + 1, line: line})
			}
			line++
			pos++
			continue
		case isIdentStart(c, task):
			start := pos
			pos++
			for pos < n && isIdentPart(s[pos]) {
				if task && s[pos] == '-' && pos+1 < n && s[pos+1] == '>' {
					break // "0->x" is 0, ->, x
				}
				pos++
			}
			toks = append(toks, token{kind: tIdentifier, data: s[start:pos], start: start, end: pos, line: line})
			continue
		case c == '\'' || c == '"':
			end, err := lexQuoted(s, pos)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tLiteral, data: s[pos:end], start: pos, end: end, line: line})
			pos = end
			continue
		}
		single := func(k tokenKind) { toks = append(toks, token{kind: k, start: pos, end: pos + 1, line: line}); pos++ }
		double := func(k tokenKind) { toks = append(toks, token{kind: k, start: pos, end: pos + 2, line: line}); pos += 2 }
		next := byte(0)
		if pos+1 < n {
			next = s[pos+1]
		}
		switch c {
		case '-':
			switch {
			case next == '-':
				double(tDoubleMinus)
			case task && next == '>':
				double(tArrow)
			default:
				return nil, parseError(s, 108, pos, "-")
			}
		case '=':
			single(tEquals)
			tok, newPos, err := lexArgValue(s, pos-1, line)
			if err != nil {
				return nil, err
			}
			if newPos > pos {
				toks = append(toks, tok)
				pos = newPos
			}
		case '|':
			switch {
			case next == '|':
				double(tDoublePipe)
			case task:
				return nil, parseError(s, 151, pos)
			default:
				single(tPipe)
			}
		case '&':
			switch {
			case task && next == '&':
				double(tAndAnd)
			case task:
				return nil, parseError(s, 150, pos)
			default:
				single(tAnd)
			}
		case '>':
			single(tGT)
		case '<':
			single(tLT)
		case ':':
			single(tColon)
		case '.':
			single(tDot)
		case ';':
			single(tSemicolon)
		case '*':
			single(tStar)
		case '/', '#', '@':
			if task {
				return nil, parseError(s, 162, pos, string(c))
			}
			switch c {
			case '/':
				single(tSlash)
			case '#':
				single(tHash)
			default:
				single(tReference)
			}
		case '(', ')':
			if !task {
				return nil, parseError(s, 115, pos, string(c))
			}
			if c == '(' {
				single(tOpenParen)
			} else {
				single(tCloseParen)
			}
		case '\\':
			return nil, parseError(s, 114, pos)
		default:
			r := []rune(s[pos:])[0]
			if task {
				return nil, parseError(s, 162, pos, string(r))
			}
			return nil, parseError(s, 115, pos, string(r))
		}
	}
	return toks, nil
}

func isIdentStart(c byte, task bool) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || task && c == '$'
}

func isIdentPart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c == '-'
}

// lexQuoted reads a string literal starting at a quote: it ends at the matching quote, a doubled quote is a
// literal quote. The error points at the opening quote.
func lexQuoted(s string, start int) (int, *Error) {
	q := s[start]
	for i := start + 1; i < len(s); i++ {
		if s[i] == q {
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1, nil
		}
	}
	if q == '"' {
		return 0, parseError(s, 106, start)
	}
	return 0, parseError(s, 107, start)
}

func isValueTerminator(c byte) bool {
	return c == '|' || c == ';' || c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// lexArgValue handles the character after '=': whitespace leaves lexing as usual, a terminator is an error, and
// anything else starts a relaxed value that runs to the next unquoted terminator.
func lexArgValue(s string, eq, line int) (token, int, *Error) {
	pos := eq + 1
	if pos >= len(s) {
		return token{}, eq + 1, nil
	}
	c := s[pos]
	switch c {
	case ' ', '\t':
		return token{}, pos, nil
	case '|', ';', '>', '\r', '\n', 0:
		return token{}, 0, parseError(s, 105, pos, string(c))
	}
	start := pos
	var inUse byte
	if c == '\'' || c == '"' {
		inUse = c
	}
	open := false
	closed := 0
	for pos < len(s) {
		ch := s[pos]
		if inUse != 0 {
			if ch == inUse {
				if inUse == '\'' && open && pos+1 < len(s) && s[pos+1] == '\'' {
					pos += 2
					continue
				}
				open = !open
				if !open {
					closed++
				}
			}
		} else if ch == '\'' || ch == '"' {
			open = !open
			if !open {
				closed++
			}
		}
		if !open && isValueTerminator(ch) {
			break
		}
		pos++
	}
	if inUse != 0 && open {
		if inUse == '"' {
			return token{}, 0, parseError(s, 106, start)
		}
		return token{}, 0, parseError(s, 107, start)
	}
	value := s[start:pos]
	kind := tIdentifier
	if closed == 1 && inUse != 0 && len(value) >= 2 && value[len(value)-1] == inUse {
		kind = tLiteral
	}
	return token{kind: kind, data: value, start: start, end: pos, line: line}, pos, nil
}

// unquote is how SCDF's parser reads a value: an identifier verbatim; a literal without its outer quotes and with
// doubled quotes of the same kind collapsed.
func unquote(t token) string {
	if t.kind != tLiteral {
		return t.data
	}
	q := t.data[:1]
	inner := t.data[1 : len(t.data)-1]
	if !containsDoubled(inner, q[0]) {
		return inner
	}
	out := make([]byte, 0, len(inner))
	for i := 0; i < len(inner); i++ {
		out = append(out, inner[i])
		if inner[i] == q[0] && i+1 < len(inner) && inner[i+1] == q[0] {
			i++
		}
	}
	return string(out)
}

func containsDoubled(s string, q byte) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == q && s[i+1] == q {
			return true
		}
	}
	return false
}
