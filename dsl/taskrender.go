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

// renderFlow renders canonically (TaskNode.stringify) or, with rename, as the executable graph
// (ExecutableDSLVisitor).
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
		if rename != nil {
			parts[i] = renderExecutableApp(el.App, rename)
		} else {
			parts[i] = stringifyApp(el.App)
		}
	}
	return strings.Join(parts, " && ")
}

// stringifyApp is TaskAppNode.stringify: "[label: ]name --k=v... check->target..." with unquoted values and
// checks as written, trimmed as Java trims (so a value's trailing spaces vanish when nothing follows it).
func stringifyApp(a *TaskApp) string {
	var b strings.Builder
	if a.Label != "" {
		b.WriteString(a.Label + ": ")
	}
	b.WriteString(a.Name)
	for _, p := range a.Properties {
		b.WriteString(" --" + p.Name + "=" + p.Value)
	}
	b.WriteByte(' ')
	for i, tr := range a.Transitions {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tr.Check + "->")
		if tr.Target == nil {
			b.WriteString(":" + tr.LabelRef)
		} else {
			b.WriteString(stringifyApp(tr.Target))
		}
	}
	return javaTrim(b.String())
}

// renderExecutableApp renders an app of the executable graph: child names for apps and targets, statuses in
// single quotes (SCDF does not double a quote inside them), exit codes as written, no arguments.
func renderExecutableApp(a *TaskApp, rename func(*TaskApp) string) string {
	var b strings.Builder
	b.WriteString(rename(a))
	for _, tr := range a.Transitions {
		b.WriteByte(' ')
		if tr.ExitCode {
			b.WriteString(tr.Status)
		} else {
			b.WriteString("'" + tr.Status + "'")
		}
		b.WriteString("->")
		if tr.Target == nil {
			b.WriteString(":" + tr.LabelRef)
		} else {
			b.WriteString(rename(tr.Target))
		}
	}
	return b.String()
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
