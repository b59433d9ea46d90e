package dsl

import (
	"slices"
	"strconv"
	"strings"
)

// Catalog is what definition completion may propose, read by the caller from its registry and store.
type Catalog struct {
	// Apps maps an app type (app, source, processor, sink, task) to registered names.
	Apps map[string][]string
	// Streams are the names of existing streams, for destinations and taps.
	Streams []string
	// StreamLabels returns the labels of a stream's apps that write to a destination (all but the sink).
	StreamLabels func(stream string) []string
	// Options returns the options of the registered app of a type and name (none when it has no metadata): the
	// visible ones, or every one with all (an app's whole metadata may hold thousands).
	Options func(typ, name string, all bool) []OptionInfo
}

// names lists the registered names of the given types, sorted, each once.
func (c Catalog) names(types ...string) []string {
	var out []string
	for _, t := range types {
		out = append(out, c.Apps[t]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (c Catalog) has(typ, name string) bool { return slices.Contains(c.Apps[typ], name) }

// CompleteStream proposes full definitions extending prefix, as SCDF 2.0-2.9's StreamCompletionProvider did:
// sources and unbound apps at the start; processors and sinks after '|' or a source destination (an app whose
// label is taken gets the next free one, "filter2: filter"); unbound apps after '||'; stream names after ':'
// and, for taps, the labels of a stream's apps after ':stream.'; an unfinished app name completes with the types
// its position allows; a finished one followed by a space continues with "| processor-or-sink".
func CompleteStream(prefix string, c Catalog) []string {
	word, before := lastWord(prefix)
	trimmed := strings.TrimRight(before, " ")
	switch {
	case strings.HasPrefix(word, ":") && strings.Contains(word, "."):
		stream, partial, _ := strings.Cut(word[1:], ".")
		var labels []string
		if c.StreamLabels != nil {
			labels = c.StreamLabels(stream)
		}
		return expand(before+":"+stream+".", labels, partial)
	case strings.HasPrefix(word, ":"):
		return expand(before+":", c.Streams, word[1:])
	case trimmed == "" || strings.HasSuffix(trimmed, "="):
		// the first app, possibly after "name =": a source, or an unbound app
		return expand(before, c.names("source", "app"), word)
	case strings.HasSuffix(trimmed, "||"):
		return expand(spaced(before), c.names("app"), word)
	case strings.HasSuffix(trimmed, "|") || strings.HasSuffix(trimmed, ">"):
		return expandLabelled(spaced(before), c.names("processor", "sink"), word, usedLabels(trimmed))
	}
	if word != "" || strings.HasSuffix(trimmed, "--") {
		return nil
	}
	// A complete stream followed by a space: continue it with '|', unless its last app can only be a sink or a
	// sink destination already ends it.
	s, err := ParseStream("", prefix)
	if err != nil || s.Sink != nil {
		return nil
	}
	last := s.Apps[len(s.Apps)-1].Name
	if c.has("sink", last) && !c.has("processor", last) {
		return nil
	}
	return CompleteStream(prefix+"| ", c)
}

// CompleteTask proposes task apps for the app being typed: at the start, after '&&', '||', '<', a label, or a
// transition arrow.
func CompleteTask(prefix string, c Catalog) []string {
	word, before := lastWord(prefix)
	trimmed := strings.TrimRight(before, " ")
	if trimmed == "" || strings.HasSuffix(trimmed, "&&") || strings.HasSuffix(trimmed, "||") ||
		strings.HasSuffix(trimmed, "<") || strings.HasSuffix(trimmed, "->") || strings.HasSuffix(trimmed, ":") {
		if strings.HasSuffix(before, "<") || strings.HasSuffix(before, "->") {
			return expand(before, c.names("task"), word)
		}
		return expand(spaced(before), c.names("task"), word)
	}
	return nil
}

// lastWord splits off the word being typed: after the last space, and after an operator written against it
// ("<t", "'FAILED'->t"); an operator alone is not a word.
func lastWord(s string) (word, before string) {
	i := strings.LastIndexAny(s, " \t")
	word, before = s[i+1:], s[:i+1]
	switch {
	case word == "|" || word == "||" || word == ">" || word == "&&":
		return "", spaced(s)
	case strings.Contains(word, "->"):
		j := strings.LastIndex(word, "->") + 2
		return word[j:], before + word[:j]
	case strings.HasPrefix(word, "<"):
		return word[1:], before + "<"
	}
	return word, before
}

func spaced(s string) string {
	if s == "" || strings.HasSuffix(s, " ") {
		return s
	}
	return s + " "
}

func expand(before string, names []string, partial string) []string {
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, partial) && n != partial {
			out = append(out, before+n)
		}
	}
	return out
}

// expandLabelled proposes names like expand, labelling one whose label is already used as SCDF's
// CompletionUtils.maybeQualifyWithLabel does: "filter2: filter", or filter3 when filter2 is taken too.
func expandLabelled(before string, names []string, partial string, used map[string]bool) []string {
	var out []string
	for _, n := range names {
		if !strings.HasPrefix(n, partial) || n == partial {
			continue
		}
		label := n
		for i := 2; used[label]; i++ {
			label = n + strconv.Itoa(i)
		}
		proposal := n
		if label != n {
			proposal = label + ": " + n
		}
		out = append(out, before+proposal)
	}
	return out
}

// usedLabels are the labels of the apps before the one being typed: parsed when the text so far is a stream,
// else guessed from its words.
func usedLabels(partial string) map[string]bool {
	used := map[string]bool{}
	text := strings.TrimSuffix(strings.TrimSuffix(partial, "|"), ">")
	if s, err := ParseStream("", text); err == nil {
		for _, a := range s.Apps {
			used[a.EffectiveLabel()] = true
		}
		return used
	}
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == '|' || r == '>' }) {
		fields := strings.Fields(part)
		for i, f := range fields {
			if strings.HasPrefix(f, "-") || strings.HasPrefix(f, ":") {
				continue
			}
			if strings.HasSuffix(f, ":") && i+1 < len(fields) {
				used[strings.TrimSuffix(f, ":")] = true // a label
				break
			}
			used[f] = true
			break
		}
	}
	return used
}
