package dsl

import (
	"sort"
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
}

func (c Catalog) names(types ...string) []string {
	var out []string
	for _, t := range types {
		out = append(out, c.Apps[t]...)
	}
	sort.Strings(out)
	return out
}

// CompleteStream proposes full definitions extending prefix, as SCDF's stream completion provider did: sources
// and unbound apps at the start, processors and sinks after '|' or a source destination (a name already used
// gets a label, "filter2: filter"), unbound apps after '||', stream names after ':' and app labels after
// ':stream.'.
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
		return expand(before, c.names("source", "app"), word)
	case strings.HasSuffix(trimmed, "||"):
		return expand(spaced(before), c.names("app"), word)
	case strings.HasSuffix(trimmed, "|") || strings.HasSuffix(trimmed, ">"):
		used := usedNames(before)
		var out []string
		for _, name := range c.names("processor", "sink") {
			if !strings.HasPrefix(name, word) || name == word {
				continue
			}
			if used[name] > 0 {
				out = append(out, spaced(before)+name+strconv.Itoa(used[name]+1)+": "+name)
			} else {
				out = append(out, spaced(before)+name)
			}
		}
		return out
	}
	if word == "" && !strings.HasSuffix(trimmed, "--") {
		// A complete app followed by a space: offer the next step of the pipe.
		if _, err := ParseStream("", prefix); err == nil {
			return CompleteStream(prefix+"| ", c)
		}
	}
	return nil
}

// CompleteTask proposes task apps for the app being typed.
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

// usedNames counts the app names already in a partial stream, for auto-labelling.
func usedNames(partial string) map[string]int {
	used := map[string]int{}
	for _, part := range strings.FieldsFunc(partial, func(r rune) bool { return r == '|' || r == '>' }) {
		fields := strings.Fields(part)
		for i, f := range fields {
			if strings.HasPrefix(f, "-") || strings.HasPrefix(f, ":") {
				continue
			}
			if strings.HasSuffix(f, ":") && i+1 < len(fields) {
				continue // a label
			}
			used[f]++
			break
		}
	}
	return used
}
