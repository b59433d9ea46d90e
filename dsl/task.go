package dsl

// Task is a parsed task definition: one or more sequences (lines or ';'-separated), each a flow.
type Task struct {
	Name      string
	Sequences []*Flow
}

// Flow is elements run one after the other ('&&'). Its label is its first element's.
type Flow struct {
	Label    string
	Elements []Element
	Pos      int // byte offset of the first element
}

// Element is either an app (with its transitions) or a split of parallel flows.
type Element struct {
	App   *TaskApp
	Split *Split
}

// Split runs flows in parallel: <a || b>.
type Split struct {
	Label    string
	LabelPos int
	Flows    []*Flow
	Pos      int // byte offset of the '<'
}

// TaskApp is an app in a task definition.
type TaskApp struct {
	App
	Transitions []Transition
	namePos     int
}

// Transition sends control elsewhere on an exit code or exit status.
type Transition struct {
	// Check is the check as written ('FAILED', "*", 0, *); Status is the check without quotes.
	Check    string
	Status   string
	ExitCode bool // an unquoted check: an integer exit code or '*'
	Pos      int
	// Target is an app, or a reference to a label when LabelRef is set.
	Target   *TaskApp
	LabelRef string
}

// IsComposed is SCDF's rule: anything but one sequence holding a single app without transitions.
func (t *Task) IsComposed() bool {
	if len(t.Sequences) != 1 || len(t.Sequences[0].Elements) != 1 {
		return true
	}
	e := t.Sequences[0].Elements[0]
	return e.App == nil || len(e.App.Transitions) > 0
}

// ParseTask parses a task definition as SCDF's server does (TaskParser in app mode, so arguments are allowed),
// running the composed-task validator when validate is set. name, when not empty, must be a legal task name;
// it also prefixes the child task names (ChildName, ExecutableDSL).
func ParseTask(name, text string, validate bool) (*Task, error) {
	t, err := parseTask(name, text, validate, false)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// ParseTaskGraph parses a graph as composed-task-runner does (TaskParser with inAppMode=false): the same
// grammar, but arguments are an error (168). It always validates.
func ParseTaskGraph(name, text string) (*Task, error) {
	t, err := parseTask(name, text, true, true)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func parseTask(name, text string, validate, graph bool) (t *Task, err *Error) {
	buf := tokenBuffers.Get().(*[]token)
	p := &parser{def: text, noArgs: graph}
	defer func() {
		*buf = p.toks[:0]
		tokenBuffers.Put(buf)
	}()
	defer recoverError(&err)
	p.toks = tokenize(text, true, *buf)
	t = &Task{Name: name, Sequences: p.sequences()}
	// SCDF checks the name after the sequences parsed but before complaining about left-over input.
	if name != "" && !validName(name) {
		return nil, newError(text, 123, 0, visible(name))
	}
	if tok := p.peek(); tok != nil {
		return nil, newError(text, 163, tok.start, tok.text())
	}
	if validate {
		if problems := validateTask(text, t); len(problems) > 0 {
			return nil, &Error{Phase: "validation", Definition: text, Problems: problems}
		}
	}
	return t, nil
}

// sequences := node ((a token on a later line | ';') node)*
func (p *parser) sequences() []*Flow {
	seqs := []*Flow{p.taskNode()}
	for p.hasNext() && (p.peek().line > p.peekAt(-1).line || p.maybeEat(tSemicolon)) {
		seqs = append(seqs, p.taskNode())
	}
	return seqs
}

// taskNode := '(' taskNode ')' | [label ':'] (split | app) ('&&' taskNode)*
// A parenthesised node is not followed by a flow here, so "(a && b) && c" leaves "&& c" over, as in SCDF.
func (p *parser) taskNode() *Flow {
	if p.maybeEat(tOpenParen) {
		f := p.taskNode()
		p.eat(tCloseParen)
		return f
	}
	first, label := p.element()
	f := &Flow{Label: label, Elements: []Element{first}, Pos: first.pos()}
	// SCDF parses what follows '&&' as a whole node and flattens it into this flow; reading the same nodes in a
	// loop gives the same flow and the same errors without re-copying the tail at every step.
	for p.maybeEat(tAndAnd) {
		if p.maybeEat(tOpenParen) {
			inner := p.taskNode()
			p.eat(tCloseParen)
			f.Elements = append(f.Elements, inner.Elements...)
			continue
		}
		el, _ := p.element()
		f.Elements = append(f.Elements, el)
	}
	return f
}

// element reads [label ':'] (split | app); the label is also the label of a flow the element starts.
func (p *parser) element() (Element, string) {
	label := p.maybeLabel()
	if label != nil {
		if p.peekIs(tOpenParen) {
			p.fail(155, p.peek().start)
		}
		if second := p.maybeLabel(); second != nil {
			p.fail(156, second.start)
		}
	}
	if p.peekIs(tLT) {
		s := p.split()
		if label != nil {
			s.Label, s.LabelPos = label.data, label.start
			return Element{Split: s}, label.data
		}
		return Element{Split: s}, ""
	}
	a := p.taskApp(true)
	if label != nil {
		a.Label, a.Pos = label.data, label.start
		return Element{App: a}, label.data
	}
	return Element{App: a}, ""
}

// pos is where SCDF's node starts: a split's '<', an app's name (not its label).
func (e Element) pos() int {
	if e.Split != nil {
		return e.Split.Pos
	}
	return e.App.namePos
}

// maybeLabel takes "IDENT ':'" if that is what comes next; task labels need no whitespace rules.
func (p *parser) maybeLabel() *token {
	if p.peekIs(tIdentifier) {
		if c := p.peekAt(1); c != nil && c.kind == tColon {
			label := p.next()
			p.pos++
			return label
		}
	}
	return nil
}

// split := '<' taskNode ('||' taskNode)* '>'
func (p *parser) split() *Split {
	lt := p.eat(tLT)
	s := &Split{Pos: lt.start, Flows: []*Flow{p.taskNode()}}
	for p.maybeEat(tDoublePipe) {
		s.Flows = append(s.Flows, p.taskNode())
	}
	p.eat(tGT)
	return s
}

// taskApp reads IDENT args and, unless it is itself a transition target, its transitions.
func (p *parser) taskApp(withTransitions bool) *TaskApp {
	name := p.next()
	if name.kind != tIdentifier {
		p.fail(118, name.start, name.text())
	}
	a := &TaskApp{App: App{Name: name.data, Pos: name.start}, namePos: name.start}
	if p.noArgs {
		if p.peekIs(tDoubleMinus) {
			p.fail(168, p.peek().start)
		}
	} else {
		a.Properties = p.parseArgs()
	}
	if withTransitions {
		a.Transitions = p.transitions()
	}
	return a
}

// transitions reads (check '->' target)*; a check is an exit code, '*' or a quoted exit status.
func (p *parser) transitions() []Transition {
	var out []Transition
	for {
		if p.peekIs(tArrow) {
			p.fail(157, p.peek().start)
		}
		arrow := p.peekAt(1)
		check := p.peek()
		if arrow == nil || arrow.kind != tArrow || check.kind != tIdentifier && check.kind != tLiteral && check.kind != tStar {
			return out
		}
		p.pos += 2
		tr := Transition{Check: check.text(), Pos: check.start, ExitCode: check.kind != tLiteral, Status: check.text()}
		if check.kind == tLiteral {
			tr.Status = unquote(check)
		}
		if p.maybeEat(tColon) {
			tr.LabelRef = p.eat(tIdentifier).data
		} else {
			label := p.maybeLabel() // a target takes one label; a second one is left over (163)
			tr.Target = p.taskApp(false)
			if label != nil {
				tr.Target.Label, tr.Target.Pos = label.data, label.start
			}
		}
		// SCDF checks the exit code only once the target parsed.
		if check.kind == tIdentifier && !isJavaInt(check.data) {
			p.fail(154, check.start, check.data)
		}
		out = append(out, tr)
	}
}

// isJavaInt is Integer.parseInt's acceptance for what an identifier can hold: ASCII digits within int range.
func isJavaInt(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
		n = n*10 + int(s[i]-'0')
		if n > 1<<31-1 {
			return false
		}
	}
	return len(s) > 0
}
