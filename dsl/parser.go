package dsl

import (
	"unicode"
	"unicode/utf8"
)

// parser walks a token list; it holds what SCDF's Tokens and AppParser share between the stream and the task
// parser. Errors are raised as failures, like SCDF's exceptions.
type parser struct {
	def    string
	toks   []token
	pos    int
	noArgs bool // task graph mode (SCDF's inAppMode=false): arguments are an error
}

func (p *parser) fail(number, offset int, inserts ...string) { fail(p.def, number, offset, inserts...) }

func (p *parser) hasNext() bool { return p.pos < len(p.toks) }

func (p *parser) peek() *token {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

// peekAt looks ahead (or back, with a negative distance) of the current token.
func (p *parser) peekAt(distance int) *token {
	if i := p.pos + distance; i >= 0 && i < len(p.toks) {
		return &p.toks[i]
	}
	return nil
}

func (p *parser) peekIs(k tokenKind) bool { return p.pos < len(p.toks) && p.toks[p.pos].kind == k }

// next takes the current token; running out of tokens is OOD at the end of the definition.
func (p *parser) next() *token {
	if p.pos >= len(p.toks) {
		p.fail(112, len(p.def))
	}
	p.pos++
	return &p.toks[p.pos-1]
}

// eat takes a token of the given kind or fails with NOT_EXPECTED_TOKEN.
func (p *parser) eat(k tokenKind) *token {
	t := p.next()
	if t.kind != k {
		p.fail(111, t.start, kindNames[k], t.text())
	}
	return t
}

func (p *parser) maybeEat(k tokenKind) bool {
	if p.peekIs(k) {
		p.pos++
		return true
	}
	return false
}

// isNextAdjacent: the next token starts where the previous one ended.
func (p *parser) isNextAdjacent() bool {
	return p.pos > 0 && p.pos < len(p.toks) && p.toks[p.pos].start == p.toks[p.pos-1].end
}

// Property is one --name=value argument, with the value as SCDF's parser returns it.
type Property struct {
	Name  string
	Value string
	Pos   int // byte offset of the "--"
}

// parseArgs reads "--a.b=value" arguments, in definition order (AppParser.eatAppArgs).
func (p *parser) parseArgs() []Property {
	if p.peekIs(tDoubleMinus) && p.isNextAdjacent() {
		p.fail(119, p.peek().start)
	}
	var props []Property
	for p.peekIs(tDoubleMinus) {
		dash := p.next()
		if p.peekIs(tIdentifier) && !p.isNextAdjacent() {
			p.fail(101, p.peek().start)
		}
		name := p.dottedName()
		if p.peekIs(tEquals) && !p.isNextAdjacent() {
			p.fail(102, p.peek().start)
		}
		p.eat(tEquals)
		if p.peekIs(tIdentifier) && !p.isNextAdjacent() {
			p.fail(103, p.peek().start)
		}
		val := p.next()
		if val.kind != tIdentifier && val.kind != tLiteral {
			p.fail(105, val.start, val.value())
		}
		if props == nil {
			props = make([]Property, 0, 2)
		}
		props = append(props, Property{Name: name, Value: unquote(val), Pos: dash.start})
	}
	return props
}

// dottedName reads IDENT ('.' IDENT)* with no whitespace around the dots.
func (p *parser) dottedName() string {
	first := p.next()
	if first.kind != tIdentifier {
		// SCDF passes a single insert here, so users see the template's "{1}".
		p.fail(111, first.start, first.text())
	}
	end := first.end
	for p.peekIs(tDot) {
		if !p.isNextAdjacent() {
			p.fail(145, p.peek().start)
		}
		p.next()
		if p.peekIs(tIdentifier) && !p.isNextAdjacent() {
			p.fail(145, p.peek().start)
		}
		end = p.eat(tIdentifier).end
	}
	// the components are adjacent, so the name is exactly that stretch of the definition
	return p.def[first.start:end]
}

// validName is SCDF's rule for stream and task names (AppParser.isValidName): a Java identifier start, then Java
// identifier parts or '-'. Java looks at UTF-16 chars, so a character outside the BMP (a surrogate pair) fails.
// Unlike SCDF, control characters are refused: Java counts most of them (NUL and ESC among them) as ignorable
// identifier parts, and a name holding them could not be typed, and would reach terminals, logs and platform
// labels as it is.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		if r > 0xFFFF || r == utf8.RuneError || unicode.IsControl(r) {
			return false
		}
		if i == 0 && !javaIdentifierStart(r) || i > 0 && !javaIdentifierPart(r) && r != '-' {
			return false
		}
	}
	return true
}

func javaIdentifierStart(r rune) bool {
	return unicode.IsLetter(r) || unicode.In(r, unicode.Nl, unicode.Sc, unicode.Pc)
}

func javaIdentifierPart(r rune) bool {
	return javaIdentifierStart(r) || unicode.In(r, unicode.Nd, unicode.Mn, unicode.Mc) || javaIdentifierIgnorable(r)
}

// javaIdentifierIgnorable is Character.isIdentifierIgnorable: most C0/C1 controls and format characters.
func javaIdentifierIgnorable(r rune) bool {
	return r <= 0x08 || r >= 0x0E && r <= 0x1B || r >= 0x7F && r <= 0x9F || unicode.Is(unicode.Cf, r)
}

// CheckStreamName refuses a stream name SCDF refuses, the empty name included (ParseStream takes "" for a
// definition parsed without a name), with the error ParseStream gives for it.
func CheckStreamName(name, definition string) error {
	if !validName(name) {
		return newError(definition, 122, 0, visible(name))
	}
	return nil
}

// CheckTaskName is CheckStreamName for a task.
func CheckTaskName(name, definition string) error {
	if !validName(name) {
		return newError(definition, 123, 0, visible(name))
	}
	return nil
}
