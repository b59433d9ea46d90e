package dsl

import (
	"sync"
	"unicode/utf8"
)

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

// kindNames are SCDF's TokenKind names, lower-cased, as its NOT_EXPECTED_TOKEN message prints them.
var kindNames = [...]string{"identifier", "literal_string", "double_minus(--)", "equals(=)", "pipe(|)", "doublepipe(||)",
	"and(&)", "andand(&&)", "arrow(->)", "gt(>)", "lt(<)", "colon(:)", "dot(.)", "semicolon(;)", "star(*)", "slash(/)",
	"hash(#)", "open_paren(()", "close_paren())", "reference(@)", "newline(\n)"}

var kindChars = [...]string{"", "", "--", "=", "|", "||", "&", "&&", "->", ">", "<", ":", ".", ";", "*", "/", "#", "(", ")", "@", "\n"}

type token struct {
	kind  tokenKind
	data  string // identifier and literal text
	start int    // byte offsets; end is exclusive
	end   int
	line  int // task DSL: how many line breaks precede the token (a later line starts a new sequence)
}

// text is how SCDF names a token in messages: its data, or its characters for a symbol.
func (t *token) text() string {
	if t.kind == tIdentifier || t.kind == tLiteral {
		return t.data
	}
	return kindChars[t.kind]
}

// value is a token's data as an insert: Java prints a symbol's missing data as "null".
func (t *token) value() string {
	if t.kind == tIdentifier || t.kind == tLiteral {
		return t.data
	}
	return "null"
}

// tokenBuffers recycles token slices: parse results keep only substrings of the definition, never tokens.
var tokenBuffers = sync.Pool{New: func() any { b := make([]token, 0, 64); return &b }}

// lexer is SCDF's Tokenizer (stream) and TaskTokenizer (task) in one. SCDF appends a NUL sentinel to the input,
// so a NUL inside the definition behaves like the end of it wherever the sentinel is looked at; at() gives the
// same view.
type lexer struct {
	s    string
	task bool
	pos  int
	line int
	toks []token
}

func (l *lexer) at(i int) byte {
	if i < len(l.s) {
		return l.s[i]
	}
	return 0
}

func (l *lexer) fail(number, offset int, inserts ...string) { fail(l.s, number, offset, inserts...) }

func (l *lexer) push(k tokenKind, width int) {
	l.toks = append(l.toks, token{kind: k, start: l.pos, end: l.pos + width, line: l.line})
	l.pos += width
}

// tokenize lexes a stream (task=false) or task (task=true) definition into buf; errors are raised as failures.
func tokenize(s string, task bool, buf []token) []token {
	l := lexer{s: s, task: task, toks: buf[:0]}
	afterEquals := false
	for l.pos < len(s) {
		c := s[l.pos]
		if afterEquals {
			// After '=' a value runs to the next terminator, so SpEL and the like need no quotes.
			afterEquals = false
			if !isWhitespace(c) && c != 0 {
				if c == '|' || c == ';' || c == '>' {
					l.fail(105, l.pos, string(c))
				}
				l.lexArgValue()
			}
			continue
		}
		if isAlpha(c) || isDigit(c) || c == '_' || task && c == '$' {
			l.lexIdentifier()
			continue
		}
		afterEquals = l.lexSymbol(c)
	}
	return l.toks
}

// lexSymbol lexes everything but identifiers; it reports whether the symbol was '='.
func (l *lexer) lexSymbol(c byte) bool {
	switch c {
	case ' ', '\t', '\r', 0:
		l.pos++
	case '\n':
		if l.task {
			l.line++
			l.pos++
		} else {
			l.push(tNewline, 1)
		}
	case '-':
		switch {
		case l.at(l.pos+1) == '-':
			l.push(tDoubleMinus, 2)
		case l.task && l.at(l.pos+1) == '>':
			l.push(tArrow, 2)
		default:
			l.fail(108, l.pos, "-")
		}
	case '=':
		l.push(tEquals, 1)
		return true
	case '|':
		switch {
		case l.at(l.pos+1) == '|':
			l.push(tDoublePipe, 2)
		case l.task:
			l.fail(151, l.pos)
		default:
			l.push(tPipe, 1)
		}
	case '&':
		switch {
		case !l.task:
			l.push(tAnd, 1)
		case l.at(l.pos+1) == '&':
			l.push(tAndAnd, 2)
		default:
			l.fail(150, l.pos)
		}
	case '\'', '"':
		l.lexStringLiteral(c)
	case '\\':
		l.fail(114, l.pos)
	default:
		if k, ok := l.symbolKind(c); ok {
			l.push(k, 1)
			return false
		}
		r, _ := utf8.DecodeRuneInString(l.s[l.pos:])
		if l.task {
			l.fail(162, l.pos, string(r))
		}
		l.fail(115, l.pos, string(r))
	}
	return false
}

// symbolKind maps the one-character tokens each dialect knows.
func (l *lexer) symbolKind(c byte) (tokenKind, bool) {
	switch c {
	case '.':
		return tDot, true
	case '<':
		return tLT, true
	case '>':
		return tGT, true
	case ':':
		return tColon, true
	case '*':
		return tStar, true
	case ';':
		return tSemicolon, true
	}
	if l.task {
		switch c {
		case '(':
			return tOpenParen, true
		case ')':
			return tCloseParen, true
		}
		return 0, false
	}
	switch c {
	case '/':
		return tSlash, true
	case '#':
		return tHash, true
	case '@':
		return tReference, true
	}
	return 0, false
}

func (l *lexer) lexIdentifier() {
	start := l.pos
	for {
		l.pos++
		if l.task && l.at(l.pos) == '-' && l.at(l.pos+1) == '>' {
			break // "0->x" is 0, ->, x
		}
		if !isIdentPart(l.at(l.pos)) {
			break
		}
	}
	l.toks = append(l.toks, token{kind: tIdentifier, data: l.s[start:l.pos], start: start, end: l.pos, line: l.line})
}

// lexStringLiteral reads a quoted string: a doubled quote is a literal quote; the error points at the opening
// quote.
func (l *lexer) lexStringLiteral(q byte) {
	start := l.pos
	for {
		l.pos++
		ch := l.at(l.pos)
		if ch == q {
			if l.at(l.pos+1) != q {
				break
			}
			l.pos++
		}
		if ch == 0 {
			l.failUnterminated(q, start)
		}
	}
	l.pos++
	l.toks = append(l.toks, token{kind: tLiteral, data: l.s[start:l.pos], start: start, end: l.pos, line: l.line})
}

func (l *lexer) failUnterminated(q byte, start int) {
	if q == '"' {
		l.fail(106, start)
	}
	l.fail(107, start)
}

// lexArgValue reads a relaxed argument value. It ends at the first terminator outside quotes. A value that
// starts with a quote only toggles on that quote character (and, for ', skips doubled quotes); any other value
// toggles on both kinds. It is a literal only if exactly one quoted section closed and it ends with the quote it
// started with: so 'hi'+payload stays an identifier, quotes and all.
func (l *lexer) lexArgValue() {
	start := l.pos
	open, closed := false, 0
	var inUse byte
	if c := l.s[l.pos]; c == '\'' || c == '"' {
		open, inUse = true, c
		l.pos++
		if l.pos == len(l.s) {
			// SCDF reads past its sentinel here (ArrayIndexOutOfBoundsException); a lone quote is unterminated.
			l.failUnterminated(inUse, start)
		}
	}
	for {
		ch := l.s[l.pos]
		if inUse != 0 && ch == inUse || inUse == 0 && (ch == '\'' || ch == '"') {
			if inUse == '\'' && l.at(l.pos+1) == '\'' {
				l.pos++
			} else {
				open = !open
				if !open {
					closed++
				}
			}
		}
		l.pos++
		if isValueTerminator(l.at(l.pos), open) {
			break
		}
	}
	if inUse != 0 && closed == 0 {
		l.failUnterminated(inUse, start)
	}
	kind := tIdentifier
	if last := l.s[l.pos-1]; closed == 1 && inUse != 0 && last == inUse {
		kind = tLiteral
	}
	l.toks = append(l.toks, token{kind: kind, data: l.s[start:l.pos], start: start, end: l.pos, line: l.line})
}

func isValueTerminator(c byte, quoteOpen bool) bool {
	if c == 0 {
		return true
	}
	return !quoteOpen && (c == '|' || c == ';' || c == ' ' || c == '\t' || c == '>' || c == '\r' || c == '\n')
}

func isWhitespace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
func isAlpha(c byte) bool      { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }

func isIdentPart(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '_' || c == '$' || c == '-'
}

// unquote is how SCDF's parser reads a value: an identifier verbatim; a literal without its outer quotes and with
// doubled quotes of the same kind collapsed.
func unquote(t *token) string {
	if t.kind != tLiteral {
		return t.data
	}
	q := t.data[:1]
	inner := t.data[1 : len(t.data)-1]
	return replaceDoubled(inner, q)
}

func replaceDoubled(s, q string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == q[0] && s[i+1] == q[0] {
			out := make([]byte, 0, len(s))
			out = append(out, s[:i+1]...)
			for i += 2; i < len(s); i++ {
				out = append(out, s[i])
				if s[i] == q[0] && i+1 < len(s) && s[i+1] == q[0] {
					i++
				}
			}
			return string(out)
		}
	}
	return s
}
