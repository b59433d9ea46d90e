package dsl

import "sort"

// Apps returns every app of the task in SCDF's getTaskApps() order: visit order, each app followed by its
// transition targets.
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

// IsSpecial reports the pseudo apps $END and $FAIL.
func (a *TaskApp) IsSpecial() bool { return a.Name == "$END" || a.Name == "$FAIL" }

// validateTask is SCDF's TaskValidatorVisitor: every problem, in visit order.
func validateTask(t *Task) []Problem {
	var problems []Problem
	add := func(number, pos int) {
		problems = append(problems, Problem{Code: messages[number].code, Number: number, Position: pos})
	}
	labels := map[string]bool{}
	unlabelled := map[string]bool{}
	checkLabel := func(label string, pos int) {
		if label == "" {
			return
		}
		if labels[label] {
			add(159, pos)
		} else if unlabelled[label] {
			add(164, pos)
		}
		labels[label] = true
	}
	var transitionsToCheck []Transition
	for i, seq := range t.Sequences {
		if i > 0 && seq.Label == "" {
			add(158, seq.Pos)
		}
		var visit func(f *Flow)
		visit = func(f *Flow) {
			for _, el := range f.Elements {
				if el.Split != nil {
					checkLabel(el.Split.Label, el.Split.Pos)
					for _, sf := range el.Split.Flows {
						visit(sf)
					}
					continue
				}
				apps := []*TaskApp{el.App}
				for _, tr := range el.App.Transitions {
					if tr.Target != nil {
						apps = append(apps, tr.Target)
					} else {
						transitionsToCheck = append(transitionsToCheck, tr)
					}
				}
				for _, a := range apps {
					if a.Label != "" {
						checkLabel(a.Label, a.Pos)
						continue
					}
					if a.IsSpecial() {
						continue
					}
					switch {
					case labels[a.Name]:
						add(165, a.Pos)
					case unlabelled[a.Name]:
						add(166, a.Pos)
					}
					unlabelled[a.Name] = true
				}
			}
		}
		visit(seq)
	}
	// Transitions to labels are checked once every label is known; SCDF's order among them is unspecified, ours
	// is by position.
	sort.SliceStable(transitionsToCheck, func(i, j int) bool { return transitionsToCheck[i].Pos < transitionsToCheck[j].Pos })
	for _, tr := range transitionsToCheck {
		if !labels[tr.LabelRef] {
			add(160, tr.Pos)
		}
	}
	return problems
}
