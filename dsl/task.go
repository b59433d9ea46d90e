package dsl

import (
	"math"
	"strconv"
)

// Task is a parsed task definition: one or more sequences (lines or ';'-separated), each a flow.
type Task struct {
	Name      string
	Sequences []*Flow
}

// Flow is elements run one after the other ('&&').
type Flow struct {
	Label    string
	Elements []Element
	Pos      int
}

// Element is either an app (with its transitions) or a split of parallel flows.
type Element struct {
	App   *TaskApp
	Split *Split
}

// Split runs flows in parallel: <a || b>.
type Split struct {
	Label string
	Flows []*Flow
	Pos   int
}

// TaskApp is an app in a task definition.
type TaskApp struct {
	App
	Transitions []Transition
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

// ParseTask parses a task definition in app mode (arguments allowed), validating it as SCDF's server does when
// validate is set.
func ParseTask(name, text string, validate bool) (*Task, error) {
	t, err := parseTask(name, text, validate)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func parseTask(name, text string, validate bool) (*Task, *Error) {
	if name != "" && !validName(name) {
		return nil, parseError(text, 123, 0, name)
	}
	buf := tokenBuffers.Get().(*[]token)
	toks, err := tokenize(text, true, *buf)
	defer func() { *buf = toks[:0]; tokenBuffers.Put(buf) }()
	if err != nil {
		return nil, err
	}
	p := &parser{def: text, toks: toks, task: true}
	t := &Task{Name: name}
	if !p.more() {
		return nil, p.ood()
	}
	for {
		f, err := p.node()
		if err != nil {
			return nil, err
		}
		t.Sequences = append(t.Sequences, f)
		next := p.peek()
		if next == nil {
			break
		}
		switch {
		case next.kind == tSemicolon:
			p.next()
			if !p.more() {
				return nil, p.ood()
			}
		case next.line > p.toks[p.pos-1].line:
			// a token on a later line starts a new sequence
		default:
			return nil, parseError(text, 163, next.start, next.text())
		}
	}
	if validate {
		if problems := validateTask(t); len(problems) > 0 {
			return nil, &Error{Phase: "validation", Definition: text, Problems: problems}
		}
	}
	return t, nil
}

// node := '(' node ')' | [label ':'] (split | app) ('&&' node)*
func (p *parser) node() (*Flow, *Error) {
	t := p.peek()
	if t == nil {
		return nil, p.ood()
	}
	if t.kind == tOpenParen {
		p.next()
		inner, err := p.node()
		if err != nil {
			return nil, err
		}
		if _, err := p.eat(tCloseParen); err != nil {
			return nil, err
		}
		return inner, nil
	}
	f := &Flow{Pos: t.start}
	for {
		el, label, err := p.element()
		if err != nil {
			return nil, err
		}
		if len(f.Elements) == 0 && label != "" {
			f.Label = label
		}
		f.Elements = append(f.Elements, el...)
		if !p.peekIs(tAndAnd) {
			return f, nil
		}
		p.next()
		if !p.more() {
			return nil, p.ood()
		}
	}
}

// element reads an optionally labelled split or app, or a parenthesised flow (whose elements are flattened in).
func (p *parser) element() ([]Element, string, *Error) {
	label, err := p.taskLabel()
	if err != nil {
		return nil, "", err
	}
	t := p.peek()
	if t == nil {
		return nil, "", p.ood()
	}
	switch t.kind {
	case tOpenParen:
		if label != "" {
			return nil, "", parseError(p.def, 155, t.start)
		}
		inner, err := p.node()
		if err != nil {
			return nil, "", err
		}
		return inner.Elements, inner.Label, nil
	case tLT:
		s, err := p.split(label)
		if err != nil {
			return nil, "", err
		}
		return []Element{{Split: s}}, label, nil
	}
	a, err := p.taskApp(label, true)
	if err != nil {
		return nil, "", err
	}
	return []Element{{App: a}}, label, nil
}

// taskLabel reads "label:" if present; a second label is an error.
func (p *parser) taskLabel() (string, *Error) {
	t, c := p.peek(), p.peekAt(1)
	if t == nil || c == nil || t.kind != tIdentifier || c.kind != tColon {
		return "", nil
	}
	p.pos += 2
	if t2, c2 := p.peek(), p.peekAt(1); t2 != nil && c2 != nil && t2.kind == tIdentifier && c2.kind == tColon {
		return "", parseError(p.def, 156, t2.start)
	}
	return t.data, nil
}

func (p *parser) split(label string) (*Split, *Error) {
	lt := p.next()
	s := &Split{Label: label, Pos: lt.start}
	for {
		f, err := p.node()
		if err != nil {
			return nil, err
		}
		s.Flows = append(s.Flows, f)
		if p.peekIs(tDoublePipe) {
			p.next()
			continue
		}
		if _, err := p.eat(tGT); err != nil {
			return nil, err
		}
		return s, nil
	}
}

// taskApp reads IDENT args and, unless it is itself a transition target, its transitions.
func (p *parser) taskApp(label string, withTransitions bool) (*TaskApp, *Error) {
	t := p.peek()
	if t == nil {
		return nil, p.ood()
	}
	if t.kind != tIdentifier {
		return nil, parseError(p.def, 118, t.start, t.text())
	}
	p.next()
	a := &TaskApp{App: App{Name: t.data, Label: label, Pos: t.start}}
	if label != "" {
		a.Pos = p.toks[p.pos-3].start
	}
	props, err := p.parseArgs()
	if err != nil {
		return nil, err
	}
	a.Properties = props
	if !withTransitions {
		return a, nil
	}
	for {
		c, arrow := p.peek(), p.peekAt(1)
		if c != nil && c.kind == tArrow {
			return nil, parseError(p.def, 157, c.start)
		}
		if c == nil || arrow == nil || arrow.kind != tArrow || c.kind != tIdentifier && c.kind != tLiteral && c.kind != tStar {
			return a, nil
		}
		tr := Transition{Check: c.text(), Pos: c.start}
		switch c.kind {
		case tIdentifier:
			if n, err := strconv.ParseInt(c.data, 10, 64); err != nil || n > math.MaxInt32 || n < math.MinInt32 {
				return nil, parseError(p.def, 154, c.start, c.data)
			}
			tr.Status, tr.ExitCode = c.data, true
		case tStar:
			tr.Status, tr.ExitCode = "*", true
		default:
			tr.Status = unquote(*c)
		}
		p.pos += 2
		target := p.peek()
		if target == nil {
			return nil, p.ood()
		}
		if target.kind == tColon {
			p.next()
			ref, err := p.eat(tIdentifier)
			if err != nil {
				return nil, err
			}
			tr.LabelRef = ref.data
		} else {
			tl, err := p.taskLabel()
			if err != nil {
				return nil, err
			}
			ta, err := p.taskApp(tl, false)
			if err != nil {
				return nil, err
			}
			tr.Target = ta
		}
		a.Transitions = append(a.Transitions, tr)
	}
}
