package dsl

// parser walks a token list; both the stream and the task parser use it.
type parser struct {
	def  string
	toks []token
	pos  int
	task bool
}

func (p *parser) more() bool { return p.pos < len(p.toks) }

func (p *parser) peek() *token {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

func (p *parser) peekAt(offset int) *token {
	if p.pos+offset < len(p.toks) {
		return &p.toks[p.pos+offset]
	}
	return nil
}

func (p *parser) peekIs(k tokenKind) bool {
	t := p.peek()
	return t != nil && t.kind == k
}

func (p *parser) next() token {
	t := p.toks[p.pos]
	p.pos++
	return t
}

func (p *parser) ood() *Error { return parseError(p.def, 112, len(p.def)) }

// eat takes a token of the given kind or fails with NOT_EXPECTED_TOKEN (or OOD at the end).
func (p *parser) eat(k tokenKind) (token, *Error) {
	t := p.peek()
	if t == nil {
		return token{}, p.ood()
	}
	if t.kind != k {
		return token{}, parseError(p.def, 111, t.start, kindNames[k], t.text())
	}
	return p.next(), nil
}

// Property is one --name=value argument, with the value as SCDF's parser returns it.
type Property struct {
	Name  string
	Value string
	Pos   int
}

// parseArgs reads "--a.b=value" arguments; inserts preserve definition order.
func (p *parser) parseArgs() ([]Property, *Error) {
	var props []Property
	for p.peekIs(tDoubleMinus) {
		dash := p.next()
		nameTok := p.peek()
		if nameTok == nil {
			return nil, p.ood()
		}
		if nameTok.kind != tIdentifier {
			return nil, parseError(p.def, 111, nameTok.start, kindNames[tIdentifier], nameTok.text())
		}
		if nameTok.start != dash.end {
			return nil, parseError(p.def, 101, nameTok.start)
		}
		name, end, err := p.dottedName()
		if err != nil {
			return nil, err
		}
		eq, err := p.eat(tEquals)
		if err != nil {
			return nil, err
		}
		if eq.start != end {
			return nil, parseError(p.def, 102, eq.start)
		}
		val := p.peek()
		if val == nil {
			return nil, p.ood()
		}
		if val.kind != tIdentifier && val.kind != tLiteral {
			return nil, parseError(p.def, 105, val.start, valueInsert(val))
		}
		if val.start != eq.end {
			if val.kind == tIdentifier {
				return nil, parseError(p.def, 103, val.start)
			}
			return nil, parseError(p.def, 105, val.start, valueInsert(val))
		}
		p.next()
		props = append(props, Property{Name: name, Value: unquote(*val), Pos: dash.start})
	}
	return props, nil
}

// valueInsert is what SCDF shows for a token that is not a value: its data, which is null for symbols.
func valueInsert(t *token) string {
	if t.kind == tIdentifier || t.kind == tLiteral {
		return t.data
	}
	return "null"
}

// dottedName reads IDENT ('.' IDENT)* with no whitespace around the dots.
func (p *parser) dottedName() (string, int, *Error) {
	first := p.next()
	end := first.end
	for p.peekIs(tDot) {
		dot := p.peek()
		if dot.start != end {
			return "", 0, parseError(p.def, 145, dot.start)
		}
		p.next()
		part := p.peek()
		if part == nil {
			return "", 0, p.ood()
		}
		if part.kind != tIdentifier {
			return "", 0, parseError(p.def, 111, part.start, kindNames[tIdentifier], part.text())
		}
		if part.start != dot.end {
			return "", 0, parseError(p.def, 145, part.start)
		}
		p.next()
		end = part.end
	}
	// the components are adjacent, so the name is exactly that stretch of the definition
	return p.def[first.start:end], end, nil
}

// validName is SCDF's rule for stream and task names: a Java identifier start, then identifier parts or '-'.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
		if i == 0 && !letter || i > 0 && !letter && !(c >= '0' && c <= '9') && c != '-' {
			return false
		}
	}
	return true
}
