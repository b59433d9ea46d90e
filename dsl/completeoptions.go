package dsl

import (
	"slices"
	"strings"
)

// OptionInfo is one option of a registered app, for completion.
type OptionInfo struct {
	// ID is the full name; Name the short one a definition may use when the option is Visible.
	ID, Name    string
	Description string
	Visible     bool
	// Values are the values to propose after "--name=" (an enum's, a boolean's, the metadata's hints).
	Values []string
}

// Proposal is a completed definition and what the option it adds is about.
type Proposal struct {
	Text        string
	Description string
}

// CompleteStreamOptions proposes the options of the stream app being typed, as SCDF's completion did after
// "app --" (and "app -"): the app's visible options by their short names, "--name=" each, those already given
// left out; an unfinished "--na" narrows them, and a name with a dot (or one no visible option starts with)
// is matched against every option's full name. After "--name=" it proposes the option's values. A short
// name several visible options share is proposed by its full names, which are not ambiguous.
func CompleteStreamOptions(prefix string, c Catalog) []Proposal {
	segment, types := currentStreamApp(prefix)
	return completeOptions(prefix, segment, types, c)
}

// CompleteTaskOptions is CompleteStreamOptions for the task app being typed.
func CompleteTaskOptions(prefix string, c Catalog) []Proposal {
	cut := 0
	for _, sep := range []string{"&&", "||", "<", "->", "|", ">"} {
		if i := strings.LastIndex(prefix, sep); i >= 0 && i+len(sep) > cut {
			cut = i + len(sep)
		}
	}
	return completeOptions(prefix, prefix[cut:], []string{"task"}, c)
}

// currentStreamApp returns the text of the app being typed (after the last '|' or '>') and the types its
// position allows.
func currentStreamApp(prefix string) (string, []string) {
	cut := max(strings.LastIndex(prefix, "|"), strings.LastIndex(prefix, ">"))
	if cut < 0 {
		return prefix, []string{"source", "app"}
	}
	if strings.HasSuffix(prefix[:cut+1], "||") {
		return prefix[cut+1:], []string{"app"}
	}
	return prefix[cut+1:], []string{"processor", "sink"}
}

func completeOptions(prefix, segment string, types []string, c Catalog) []Proposal {
	if c.Options == nil || strings.Count(segment, "'")%2 == 1 || strings.Count(segment, `"`)%2 == 1 {
		return nil // inside a quoted value
	}
	fields := strings.Fields(segment)
	word := ""
	if !strings.HasSuffix(segment, " ") && len(fields) > 0 {
		word = fields[len(fields)-1]
		fields = fields[:len(fields)-1]
	}
	if !strings.HasPrefix(word, "-") {
		return nil
	}
	app := ""
	given := map[string]bool{}
	for _, f := range fields {
		switch {
		case strings.HasPrefix(f, "--"):
			k, _, _ := strings.Cut(f[2:], "=")
			given[k] = true
		case app == "" && strings.HasSuffix(f, ":"):
			// a label
		case app == "" && !strings.HasPrefix(f, ":"):
			app = f
		}
	}
	if app == "" {
		return nil
	}
	var opts []OptionInfo
	appType := ""
	for _, t := range types {
		if opts = c.Options(t, app, false); len(opts) > 0 {
			appType = t
			break
		}
	}
	before := prefix[:len(prefix)-len(word)]
	typed := strings.TrimLeft(word, "-")
	if name, partial, ok := strings.Cut(typed, "="); ok {
		if strings.Contains(name, ".") && appType != "" {
			opts = c.Options(appType, app, true)
		}
		return completeValues(before+"--"+name+"=", name, partial, opts)
	}
	shortCount := map[string]int{}
	for _, o := range opts {
		if o.Visible {
			shortCount[o.Name]++
		}
	}
	var out []Proposal
	add := func(name, desc string) {
		if !strings.HasPrefix(name, typed) || given[name] {
			return
		}
		if !slices.ContainsFunc(out, func(p Proposal) bool { return p.Text == before+"--"+name+"=" }) {
			out = append(out, Proposal{Text: before + "--" + name + "=", Description: desc})
		}
	}
	for _, o := range opts {
		if !o.Visible || given[o.ID] {
			continue
		}
		if shortCount[o.Name] > 1 {
			add(o.ID, o.Description)
		} else if !given[o.Name] {
			add(o.Name, o.Description)
		}
	}
	if len(out) == 0 || strings.Contains(typed, ".") {
		var all []OptionInfo
		for _, t := range types {
			if all = c.Options(t, app, true); len(all) > 0 {
				break
			}
		}
		for _, o := range all {
			if !(o.Visible && given[o.Name]) {
				add(o.ID, o.Description)
			}
		}
	}
	return out
}

func completeValues(before, name, partial string, opts []OptionInfo) []Proposal {
	var out []Proposal
	for _, o := range opts {
		if o.ID != name && !(o.Visible && o.Name == name) {
			continue
		}
		for _, v := range o.Values {
			if strings.HasPrefix(v, partial) && v != partial {
				out = append(out, Proposal{Text: before + v, Description: o.Description})
			}
		}
		break
	}
	return out
}
