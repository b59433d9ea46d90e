package dsl

import "strings"

// ToDSL is SCDF's canonical rendering: flows joined by " && ", splits as "<a || b>", transitions "check->target",
// arguments with unquoted values, labels on apps only, sequences on separate lines.
func (t *Task) ToDSL() string {
	parts := make([]string, len(t.Sequences))
	for i, seq := range t.Sequences {
		parts[i] = renderFlow(seq, nil)
	}
	return strings.Join(parts, "\n")
}

// ExecutableDSL is the graph composed-task-runner runs: every app replaced by its child task name
// "<task>-<label or app>", statuses single-quoted, no arguments. SCDF concatenates several sequences without a
// separator, which is not a usable graph, so ok is false then.
func (t *Task) ExecutableDSL() (graph string, ok bool) {
	if len(t.Sequences) != 1 {
		return "", false
	}
	return renderFlow(t.Sequences[0], func(a *TaskApp) string { return t.ChildName(a) }), true
}

// ChildName is the name of the task definition SCDF creates for an app of a composed task.
func (t *Task) ChildName(a *TaskApp) string { return t.Name + "-" + a.EffectiveLabel() }

// renderFlow renders canonically, or, with rename, as the executable graph.
func renderFlow(f *Flow, rename func(*TaskApp) string) string {
	parts := make([]string, len(f.Elements))
	for i, el := range f.Elements {
		if el.Split != nil {
			inner := make([]string, len(el.Split.Flows))
			for j, sf := range el.Split.Flows {
				inner[j] = renderFlow(sf, rename)
			}
			parts[i] = "<" + strings.Join(inner, " || ") + ">"
			continue
		}
		var b strings.Builder
		renderApp(&b, el.App, rename)
		for _, tr := range el.App.Transitions {
			b.WriteByte(' ')
			if rename != nil && !tr.ExitCode {
				b.WriteString("'" + strings.ReplaceAll(tr.Status, "'", "''") + "'")
			} else {
				b.WriteString(tr.Check)
			}
			b.WriteString("->")
			if tr.Target == nil {
				b.WriteString(":" + tr.LabelRef)
			} else {
				renderApp(&b, tr.Target, rename)
			}
		}
		parts[i] = b.String()
	}
	return strings.Join(parts, " && ")
}

func renderApp(b *strings.Builder, a *TaskApp, rename func(*TaskApp) string) {
	if rename != nil {
		b.WriteString(rename(a))
		return
	}
	if a.Label != "" {
		b.WriteString(a.Label + ": ")
	}
	b.WriteString(a.Name)
	for _, p := range a.Properties {
		b.WriteString(" --" + p.Name + "=" + p.Value)
	}
}

// AppDSL is the definition of one app as SCDF writes a child task definition: "[label: ]app --k=v" with values
// quoted where the DSL needs it.
func AppDSL(a App) string {
	var b strings.Builder
	if a.Label != "" {
		b.WriteString(a.Label + ": ")
	}
	b.WriteString(a.Name)
	for _, p := range a.Properties {
		b.WriteString(" --" + p.Name + "=" + AutoQuote(p.Value))
	}
	return b.String()
}

// AutoQuote quotes a value so that it reads back as the same value: like SCDF's DefinitionUtils.autoQuotes it
// uses '...' for values with spaces, ';', '*' or '|', and "..." for values holding a single quote; unlike it, a
// value holding both kinds of quote is written '...' with its single quotes doubled, and newlines stay newlines,
// so every rendering parses back to the value it came from.
func AutoQuote(v string) string {
	if v == "" {
		return `""`
	}
	if !strings.ContainsAny(v, " \t\r\n\x00;*|>'\"") {
		return v
	}
	if strings.Contains(v, "'") && !strings.Contains(v, `"`) {
		return `"` + v + `"`
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}
