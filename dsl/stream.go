package dsl

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
	Pos        int // byte offset of the label, or of the name when there is no label
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
	Name       string // without the colon
	Properties []Property
	Pos        int // byte offset of the name's first component
}

// ParseStream parses a stream definition as SCDF's StreamParser does. name, when not empty, must be a legal
// stream name; like SCDF, it is checked after the definition parsed.
func ParseStream(name, text string) (*Stream, error) {
	s, err := parseStream(name, text)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func parseStream(name, text string) (s *Stream, err *Error) {
	buf := tokenBuffers.Get().(*[]token)
	p := &parser{def: text}
	defer func() {
		*buf = p.toks[:0]
		tokenBuffers.Put(buf)
	}()
	defer recoverError(&err)
	p.toks = tokenize(text, false, *buf)
	s = p.stream()
	if s.Name != "" && !validName(s.Name) {
		return nil, newError(text, 122, 0, visible(s.Name))
	}
	if name != "" && !validName(name) {
		return nil, newError(text, 122, 0, visible(name))
	}
	if err := checkLabels(text, s.Apps); err != nil {
		return nil, err
	}
	return s, nil
}

// stream := [name '='] [sourceDest '>'] (appList | bridge) ['>' sinkDest]
func (p *parser) stream() *Stream {
	s := &Stream{Name: p.streamName()}
	s.Source = p.sourceDestination()
	// ":a > :b" has no app: SCDF hangs both destinations off an implicit "bridge" app.
	if s.Source != nil && p.peekIs(tColon) && p.noMorePipes() {
		p.pos-- // back onto the '>', which the sink destination takes
		s.Apps = []App{{Name: "bridge", Pos: p.peek().start}}
	} else {
		s.Apps, s.Unbound = p.appList(s.Source != nil)
	}
	s.Sink = p.sinkDestination()
	if t := p.peek(); t != nil {
		number := 100
		if prev := p.peekAt(-1); s.Sink == nil && prev != nil && prev.kind == tGT {
			number = 133 // a sink destination without its ':'
		}
		p.fail(number, t.start, t.text())
	}
	return s
}

// streamName reads "name =" when the second token is '='.
func (p *parser) streamName() string {
	if t := p.peekAt(1); t == nil || t.kind != tEquals {
		return ""
	}
	first := p.peek()
	if first.kind != tIdentifier {
		p.fail(122, first.start, first.text())
	}
	p.pos += 2
	return first.data
}

func (p *parser) noMorePipes() bool {
	for i := p.pos; i < len(p.toks); i++ {
		if p.toks[i].kind == tPipe {
			return false
		}
	}
	return true
}

// sourceDestination is tried only when a '>' comes before the first '|' ('||' does not stop the search).
func (p *parser) sourceDestination() *Destination {
	found := false
	for i := p.pos; i < len(p.toks) && p.toks[i].kind != tPipe; i++ {
		if p.toks[i].kind == tGT {
			found = true
			break
		}
	}
	if !found {
		return nil
	}
	d := p.destination()
	if d != nil {
		p.eat(tGT)
	}
	return d
}

func (p *parser) sinkDestination() *Destination {
	if !p.maybeEat(tGT) {
		return nil
	}
	return p.destination()
}

// destination reads ':' followed by adjacent components (identifiers, '*', '/', '#') and dots, then arguments.
// It returns nil, consuming nothing, when the next token is not ':'.
func (p *parser) destination() *Destination {
	colon := p.next()
	if colon.kind != tColon {
		p.pos--
		return nil
	}
	first := p.peek()
	if first == nil {
		p.fail(112, colon.start)
	}
	if !isDestinationComponent(first.kind) {
		p.fail(171, first.start, first.text())
	}
	p.pos++
	name := make([]byte, 0, 32)
	name = append(name, first.text()...)
	// SCDF dereferences a null token when a component is immediately followed by another token (":foo> log");
	// here the name simply ends, as if a space separated them.
	name = p.appendComponents(name)
	for p.peekIs(tDot) {
		if !p.isNextAdjacent() {
			p.fail(139, p.peek().start)
		}
		p.pos++
		name = append(name, '.')
		if !p.isNextAdjacent() {
			if !p.hasNext() {
				p.fail(112, len(p.def)) // SCDF: NullPointerException
			}
			p.fail(139, p.peek().start)
		}
		name = p.appendComponents(name)
	}
	if name[len(name)-1] == '.' {
		// A dot directly followed by something else (":foo.> log"): SCDF throws a NullPointerException; with a
		// space it would be 139, so that is what this reports.
		p.fail(139, p.peek().start)
	}
	return &Destination{Name: string(name), Pos: first.start, Properties: p.parseArgs()}
}

func (p *parser) appendComponents(name []byte) []byte {
	for p.isNextAdjacent() && isDestinationComponent(p.toks[p.pos].kind) {
		name = append(name, p.toks[p.pos].text()...)
		p.pos++
	}
	return name
}

func isDestinationComponent(k tokenKind) bool {
	return k == tIdentifier || k == tStar || k == tSlash || k == tHash
}

// appList reads app ('|' app)* or app ('||' app)*. The apps are unbound when nothing binds them: no source
// destination, no sink destination following and no '|'.
func (p *parser) appList(afterSource bool) ([]App, bool) {
	apps := make([]App, 0, 4)
	apps = append(apps, p.streamApp())
	usedPipe, lastDoublePipe := false, -1
	for p.hasNext() {
		t := p.peek()
		if t.kind != tPipe && t.kind != tDoublePipe {
			break
		}
		if t.kind == tPipe {
			if lastDoublePipe >= 0 {
				p.fail(169, t.start)
			}
			usedPipe = true
		} else {
			if afterSource {
				p.fail(170, t.start)
			}
			if usedPipe {
				p.fail(169, t.start)
			}
			lastDoublePipe = t.start // a sink destination after the list is reported at the last one
		}
		p.pos++
		apps = append(apps, p.streamApp())
	}
	sinkFollows := p.peekIs(tGT)
	if sinkFollows && lastDoublePipe >= 0 {
		p.fail(170, lastDoublePipe)
	}
	return apps, !afterSource && !sinkFollows && !usedPipe
}

// streamApp reads [label ':'] name args; the colon of a label is adjacent to it and followed by whitespace.
func (p *parser) streamApp() App {
	if p.peekIs(tColon) && len(p.toks) == 1 {
		p.fail(148, p.peek().start)
	}
	name := p.next()
	if name.kind != tIdentifier {
		p.fail(118, name.start, name.text())
	}
	a := App{Name: name.data, Pos: name.start}
	if p.peekIs(tColon) && p.isNextAdjacent() {
		p.pos++
		if p.isNextAdjacent() {
			p.fail(147, p.peek().start)
		}
		label := name
		name = p.eat(tIdentifier)
		if p.peekIs(tColon) && p.isNextAdjacent() {
			p.fail(156, name.start)
		}
		a = App{Name: name.data, Label: label.data, Pos: label.start}
	}
	a.Properties = p.parseArgs()
	return a
}

// checkLabels enforces unique effective labels (explicit label, else app name).
func checkLabels(def string, apps []App) *Error {
	for i := 1; i < len(apps); i++ {
		for j := 0; j < i; j++ {
			if apps[i].EffectiveLabel() == apps[j].EffectiveLabel() {
				return newError(def, 143, apps[i].Pos, apps[i].EffectiveLabel(), apps[j].Name, javaInt(j), apps[i].Name, javaInt(i))
			}
		}
	}
	return nil
}
