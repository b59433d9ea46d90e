package dsl

import "strings"

// ToDSL re-renders the stream as SCDF's constructDsl does, with values quoted where the DSL needs it. mask, when
// not nil, may replace a property value (SCDF shows secrets as ******).
func (s *Stream) ToDSL(mask func(name, value string) string) string {
	var b strings.Builder
	if s.Name != "" {
		b.WriteString(s.Name + " = ")
	}
	writeProps := func(props []Property) {
		for _, p := range props {
			v := p.Value
			if mask != nil {
				v = mask(p.Name, v)
			}
			b.WriteString(" --" + p.Name + "=" + AutoQuote(v))
		}
	}
	if s.Source != nil {
		b.WriteString(":" + s.Source.Name)
		writeProps(s.Source.Properties)
		b.WriteString(" > ")
	}
	bridge := s.Source != nil && s.Sink != nil && len(s.Apps) == 1 && s.Apps[0].Name == "bridge" && len(s.Apps[0].Properties) == 0
	if !bridge {
		sep := " | "
		if s.Unbound && len(s.Apps) > 1 {
			sep = " || "
		}
		for i, a := range s.Apps {
			if i > 0 {
				b.WriteString(sep)
			}
			if a.Label != "" {
				b.WriteString(a.Label + ": ")
			}
			b.WriteString(a.Name)
			writeProps(a.Properties)
		}
	}
	if s.Sink != nil {
		if !bridge {
			b.WriteString(" > ")
		}
		b.WriteString(":" + s.Sink.Name)
		writeProps(s.Sink.Properties)
	}
	return b.String()
}
