package dsl

import "errors"

// The JSON view of a parse, for `dataflow dsl parse --output json` and for tools.

// AppView is one app of a stream or task.
type AppView struct {
	Name           string            `json:"name"`
	Label          *string           `json:"label"`
	Properties     map[string]string `json:"properties"`
	ExecutableName *string           `json:"executable_name,omitempty"`
}

// DestinationView is a named destination without its colon.
type DestinationView struct {
	Destination string            `json:"destination"`
	Properties  map[string]string `json:"properties"`
}

// StreamView describes a parsed stream.
type StreamView struct {
	Kind       string           `json:"kind"`
	StreamName *string          `json:"stream_name"`
	Apps       []AppView        `json:"apps"`
	Source     *DestinationView `json:"source"`
	Sink       *DestinationView `json:"sink"`
	Unbound    bool             `json:"unbound"`
}

// SimpleTaskView describes a task of one app.
type SimpleTaskView struct {
	Kind          string  `json:"kind"`
	Composed      bool    `json:"composed"`
	App           AppView `json:"app"`
	ExecutableDSL string  `json:"executable_dsl"`
}

// TransitionView is one transition of a composed task.
type TransitionView struct {
	From     string `json:"from"`
	On       string `json:"on"`
	ExitCode bool   `json:"exit_code"`
	// To is the target app's label or name, `:label` for a labelled sequence, `$END` or `$FAIL`.
	To string `json:"to"`
}

// ComposedTaskView describes a composed task.
type ComposedTaskView struct {
	Kind           string           `json:"kind"`
	Composed       bool             `json:"composed"`
	Apps           []AppView        `json:"apps"`
	HasTransitions bool             `json:"has_transitions"`
	HasSplits      bool             `json:"has_splits"`
	Sequences      int              `json:"sequences"`
	Transitions    []TransitionView `json:"transitions"`
	DSL            string           `json:"dsl"`
	ExecutableDSL  *string          `json:"executable_dsl"`
}

// ProblemView is one problem of an error.
type ProblemView struct {
	Code     string `json:"code"`
	Position int    `json:"position"`
	Message  string `json:"message"`
}

// ErrorView is a rejected definition.
type ErrorView struct {
	Error struct {
		Phase    string        `json:"phase"`
		Code     string        `json:"code"`
		Number   int           `json:"number"`
		Position int           `json:"position"`
		Message  string        `json:"message"`
		Problems []ProblemView `json:"problems"`
	} `json:"error"`
}

// Describe parses text as a stream or a task and returns its view, or, with a DSL error, the error's view and
// the error. Any other error (a bad kind) has no view. SCDF always has a task's name when it names the child
// tasks; without one, executable names here start with the bare "-" ("-timestamp").
func Describe(kind, name, text string, validate bool) (any, error) {
	switch kind {
	case "stream":
		s, err := parseStream(name, text)
		if err != nil {
			return viewError(err), err
		}
		return streamView(s), nil
	case "task":
		t, err := parseTask(name, text, validate, false)
		if err != nil {
			return viewError(err), err
		}
		return taskView(t), nil
	}
	return nil, errors.New("unknown definition kind '" + kind + "': use stream or task")
}

func viewError(e *Error) ErrorView {
	var v ErrorView
	v.Error.Phase = e.Phase
	v.Error.Code = e.Code()
	v.Error.Number = e.Number()
	v.Error.Position = e.Position()
	v.Error.Message = e.Problems[0].Message()
	for _, p := range e.Problems {
		v.Error.Problems = append(v.Error.Problems, ProblemView{Code: p.Code, Position: p.Position, Message: p.Message()})
	}
	return v
}

// PropertyMap turns arguments into a map; a later duplicate wins, as in SCDF.
func PropertyMap(props []Property) map[string]string {
	m := make(map[string]string, len(props))
	for _, p := range props {
		m[p.Name] = p.Value
	}
	return m
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func streamView(s *Stream) StreamView {
	v := StreamView{Kind: "stream", StreamName: optional(s.Name), Unbound: s.Unbound, Apps: []AppView{}}
	for _, a := range s.Apps {
		v.Apps = append(v.Apps, AppView{Name: a.Name, Label: optional(a.Label), Properties: PropertyMap(a.Properties)})
	}
	if s.Source != nil {
		v.Source = &DestinationView{Destination: s.Source.Name, Properties: PropertyMap(s.Source.Properties)}
	}
	if s.Sink != nil {
		v.Sink = &DestinationView{Destination: s.Sink.Name, Properties: PropertyMap(s.Sink.Properties)}
	}
	return v
}

func taskView(t *Task) any {
	if !t.IsComposed() {
		a := t.Sequences[0].Elements[0].App
		return SimpleTaskView{Kind: "task", App: AppView{Name: a.Name, Label: optional(a.Label), Properties: PropertyMap(a.Properties)},
			ExecutableDSL: t.ChildName(a)}
	}
	v := ComposedTaskView{Kind: "task", Composed: true, Sequences: len(t.Sequences), DSL: t.ToDSL(), Apps: []AppView{}, Transitions: []TransitionView{}}
	for _, a := range t.Apps() {
		if a.IsSpecial() {
			continue
		}
		name := t.ChildName(a)
		v.Apps = append(v.Apps, AppView{Name: a.Name, Label: optional(a.Label), Properties: PropertyMap(a.Properties), ExecutableName: &name})
	}
	var walk func(f *Flow)
	walk = func(f *Flow) {
		for _, el := range f.Elements {
			if el.Split != nil {
				v.HasSplits = true
				for _, sf := range el.Split.Flows {
					walk(sf)
				}
				continue
			}
			for _, tr := range el.App.Transitions {
				v.HasTransitions = true
				to := ":" + tr.LabelRef // as the DSL writes it: an app of the same name is another target
				if tr.Target != nil {
					to = tr.Target.EffectiveLabel()
				}
				v.Transitions = append(v.Transitions, TransitionView{From: el.App.EffectiveLabel(), On: tr.Status, ExitCode: tr.ExitCode, To: to})
			}
		}
	}
	for _, seq := range t.Sequences {
		walk(seq)
	}
	if g, ok := t.ExecutableDSL(); ok {
		v.ExecutableDSL = &g
	}
	return v
}
