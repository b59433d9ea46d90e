package dsl

import "strconv"

// Stream is a parsed stream definition.
type Stream struct {
	// Name is the name embedded as "name = ..." ("" when absent).
	Name string
	Apps []App
	// Source and Sink are the named destinations before the first and after the last app (nil when absent).
	Source *Destination
	Sink   *Destination
	// Unbound is true when there is no destination and no '|': one app, or a '||' list of independent apps.
	Unbound bool
}

// App is one app of a stream or task.
type App struct {
	Name       string
	Label      string // "" when not labelled
	Properties []Property
	Pos        int
}

// EffectiveLabel is the label, or the app name when there is none.
func (a App) EffectiveLabel() string {
	if a.Label != "" {
		return a.Label
	}
	return a.Name
}

// Destination is a named destination (":orders") or a tap (":mystream.http").
type Destination struct {
	Name       string
	Properties []Property
	Pos        int
}

// ParseStream parses a stream definition; name, when given, must be a legal stream name.
func ParseStream(name, text string) (*Stream, error) {
	s, err := parseStream(name, text)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func parseStream(name, text string) (*Stream, *Error) {
	if name != "" && !validName(name) {
		return nil, parseError(text, 122, 0, name)
	}
	buf := tokenBuffers.Get().(*[]token)
	toks, err := tokenize(text, false, *buf)
	defer func() { *buf = toks[:0]; tokenBuffers.Put(buf) }()
	if err != nil {
		return nil, err
	}
	p := &parser{def: text, toks: toks}
	s := &Stream{}
	if len(toks) >= 2 && toks[1].kind == tEquals {
		if toks[0].kind != tIdentifier {
			return nil, parseError(text, 122, toks[0].start, toks[0].text())
		}
		if !validName(toks[0].data) {
			return nil, parseError(text, 122, 0, toks[0].data)
		}
		s.Name = toks[0].data
		p.pos = 2
	}
	if !p.more() {
		return nil, p.ood()
	}
	if p.gtBeforePipe() && p.peekIs(tColon) {
		d, err := p.destination()
		if err != nil {
			return nil, err
		}
		s.Source = d
		if _, err := p.eat(tGT); err != nil {
			return nil, err
		}
	}
	if s.Source != nil && p.peekIs(tColon) { // ":a > :b" is a bridge
		d, err := p.destination()
		if err != nil {
			return nil, err
		}
		s.Sink = d
		s.Apps = []App{{Name: "bridge", Pos: d.Pos}}
		return s, p.trailing()
	}
	pipes, doublePipe, err := p.appList(s)
	if err != nil {
		return nil, err
	}
	if p.peekIs(tGT) {
		gt := p.next()
		t := p.peek()
		switch {
		case t == nil:
			return nil, p.ood()
		case t.kind != tColon:
			return nil, parseError(text, 133, t.start, t.text())
		}
		_ = gt
		d, err := p.destination()
		if err != nil {
			return nil, err
		}
		s.Sink = d
	}
	if err := p.trailing(); err != nil {
		return nil, err
	}
	if doublePipe >= 0 && (s.Source != nil || s.Sink != nil) {
		return nil, parseError(text, 170, doublePipe)
	}
	s.Unbound = s.Source == nil && s.Sink == nil && pipes == 0
	return s, checkLabels(text, s.Apps)
}

// gtBeforePipe: a source destination is tried only when a '>' comes before the first '|' ('||' does not stop).
func (p *parser) gtBeforePipe() bool {
	for i := p.pos; i < len(p.toks); i++ {
		switch p.toks[i].kind {
		case tPipe:
			return false
		case tGT:
			return true
		}
	}
	return false
}

// appList reads app ('|' app)* or app ('||' app)*; it returns the number of '|' and the position of the first '||'.
func (p *parser) appList(s *Stream) (int, int, *Error) {
	pipes, doublePipe := 0, -1
	for {
		a, err := p.streamApp()
		if err != nil {
			return 0, 0, err
		}
		s.Apps = append(s.Apps, a)
		t := p.peek()
		if t == nil || t.kind != tPipe && t.kind != tDoublePipe {
			return pipes, doublePipe, nil
		}
		if t.kind == tPipe && doublePipe >= 0 || t.kind == tDoublePipe && pipes > 0 {
			return 0, 0, parseError(p.def, 169, t.start)
		}
		if t.kind == tPipe {
			pipes++
		} else if doublePipe < 0 {
			doublePipe = t.start
		}
		p.next()
	}
}

func (p *parser) streamApp() (App, *Error) {
	t := p.peek()
	if t == nil {
		return App{}, p.ood()
	}
	var a App
	if t.kind == tIdentifier {
		if c := p.peekAt(1); c != nil && c.kind == tColon && c.start == t.end {
			after := p.peekAt(2)
			if after == nil {
				return App{}, parseError(p.def, 148, c.end)
			}
			if after.start == c.end {
				return App{}, parseError(p.def, 147, after.start)
			}
			a.Label = t.data
			p.pos += 2
			if n, c2 := p.peek(), p.peekAt(1); n != nil && n.kind == tIdentifier && c2 != nil && c2.kind == tColon && c2.start == n.end {
				return App{}, parseError(p.def, 156, n.start)
			}
			t = p.peek()
		}
	} else if t.kind == tColon && a.Label == "" && p.peekAt(1) == nil {
		return App{}, parseError(p.def, 148, t.start)
	}
	if t.kind != tIdentifier {
		return App{}, parseError(p.def, 118, t.start, t.text())
	}
	p.next()
	a.Name, a.Pos = t.data, t.start
	if a.Label != "" {
		a.Pos = p.toks[p.pos-3].start
	}
	props, err := p.parseArgs()
	if err != nil {
		return App{}, err
	}
	a.Properties = props
	return a, nil
}

// destination reads ':' name-components [args]; components are adjacent identifiers, '*', '/', '#' and dots.
func (p *parser) destination() (*Destination, *Error) {
	colon := p.next()
	first := p.peek()
	if first == nil {
		return nil, parseError(p.def, 112, colon.start)
	}
	if !isDestinationPart(first.kind) || first.kind == tDot {
		return nil, parseError(p.def, 171, first.start, first.text())
	}
	if first.start != colon.end {
		return nil, parseError(p.def, 139, first.start)
	}
	name := ""
	end := colon.end
	for t := p.peek(); t != nil && isDestinationPart(t.kind); t = p.peek() {
		if t.start != end {
			if t.kind == tDot || p.toks[p.pos-1].kind == tDot {
				return nil, parseError(p.def, 139, t.start)
			}
			break
		}
		name += t.text()
		end = t.end
		p.next()
	}
	if p.toks[p.pos-1].kind == tDot {
		if t := p.peek(); t == nil {
			return nil, p.ood()
		}
	}
	props, err := p.parseArgs()
	if err != nil {
		return nil, err
	}
	return &Destination{Name: name, Properties: props, Pos: colon.start}, nil
}

func isDestinationPart(k tokenKind) bool {
	return k == tIdentifier || k == tStar || k == tSlash || k == tHash || k == tDot
}

// trailing rejects tokens left after a complete stream.
func (p *parser) trailing() *Error {
	t := p.peek()
	if t == nil {
		return nil
	}
	if p.pos > 0 && p.toks[p.pos-1].kind == tGT {
		return parseError(p.def, 133, t.start, t.text())
	}
	return parseError(p.def, 100, t.start, t.text())
}

// checkLabels enforces unique effective labels (explicit label, else app name).
func checkLabels(def string, apps []App) *Error {
	for i := 1; i < len(apps); i++ {
		for j := 0; j < i; j++ {
			if apps[i].EffectiveLabel() == apps[j].EffectiveLabel() {
				return parseError(def, 143, apps[i].Pos, apps[i].EffectiveLabel(), apps[j].Name, strconv.Itoa(j), apps[i].Name, strconv.Itoa(i))
			}
		}
	}
	return nil
}
