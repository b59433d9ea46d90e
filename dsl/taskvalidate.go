package dsl

import "sort"

// Apps returns every app of the task in SCDF's getTaskApps() order: visit order, each app followed by its
// transition targets ($END and $FAIL included).
func (t *Task) Apps() []*TaskApp {
	var out []*TaskApp
	for _, seq := range t.Sequences {
		out = appendFlowApps(out, seq)
	}
	return out
}

func appendFlowApps(out []*TaskApp, f *Flow) []*TaskApp {
	for _, el := range f.Elements {
		if el.Split != nil {
			for _, sf := range el.Split.Flows {
				out = appendFlowApps(out, sf)
			}
			continue
		}
		out = append(out, el.App)
		for _, tr := range el.App.Transitions {
			if tr.Target != nil {
				out = append(out, tr.Target)
			}
		}
	}
	return out
}

func countApps(f *Flow) int {
	n := 0
	for _, el := range f.Elements {
		if el.Split != nil {
			for _, sf := range el.Split.Flows {
				n += countApps(sf)
			}
			continue
		}
		n += 1 + len(el.App.Transitions)
	}
	return n
}

// IsSpecial reports the pseudo apps $END and $FAIL.
func (a *TaskApp) IsSpecial() bool { return a.Name == "$END" || a.Name == "$FAIL" }

// taskValidator is SCDF's TaskValidatorVisitor: it collects every problem, in visit order.
type taskValidator struct {
	def        string
	problems   []Problem
	labels     map[string]bool
	unlabelled map[string]bool
	labelRefs  []Transition
}

func validateTask(def string, t *Task) []Problem {
	n := 0
	for _, seq := range t.Sequences {
		n += countApps(seq)
	}
	v := &taskValidator{def: def, labels: make(map[string]bool, n), unlabelled: make(map[string]bool, n)}
	for i, seq := range t.Sequences {
		if i > 0 && seq.Label == "" {
			v.add(158, seq.Pos)
		}
		v.flow(seq)
	}
	// SCDF keeps these transitions in a HashSet, so its order among several is unspecified; ours is by position.
	sort.SliceStable(v.labelRefs, func(i, j int) bool { return v.labelRefs[i].Pos < v.labelRefs[j].Pos })
	for _, tr := range v.labelRefs {
		if !v.labels[tr.LabelRef] {
			v.add(160, tr.Pos)
		}
	}
	return v.problems
}

func (v *taskValidator) add(number, offset int) {
	v.problems = append(v.problems, newProblem(v.def, number, offset))
}

func (v *taskValidator) flow(f *Flow) {
	for _, el := range f.Elements {
		if s := el.Split; s != nil {
			// a split's label is only checked against other labels
			if s.Label != "" {
				if v.labels[s.Label] {
					v.add(159, s.LabelPos)
				}
				v.labels[s.Label] = true
			}
			for _, sf := range s.Flows {
				v.flow(sf)
			}
			continue
		}
		v.app(el.App)
		for _, tr := range el.App.Transitions {
			if tr.Target == nil {
				v.labelRefs = append(v.labelRefs, tr)
			} else {
				v.app(tr.Target)
			}
		}
	}
}

// app checks one app. The checks are independent (one app can raise two problems), and SCDF exempts no name:
// a second unlabelled $END is a duplicate app name too.
func (v *taskValidator) app(a *TaskApp) {
	if a.Label != "" {
		if v.labels[a.Label] {
			v.add(159, a.Pos)
		}
		v.labels[a.Label] = true
		if v.unlabelled[a.Label] {
			v.add(164, a.Pos)
		}
		return
	}
	if v.labels[a.Name] {
		v.add(165, a.Pos)
	}
	if v.unlabelled[a.Name] {
		v.add(166, a.Pos)
	}
	v.unlabelled[a.Name] = true
}
