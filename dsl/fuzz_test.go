package dsl

import (
	"errors"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"http --port=9000 | filter --expression='payload == ''x''' | log",
	":orders --group=g > lbl: transform | log > :out",
	"s = foo || bar || baz",
	":a > :b",
	":mystream.http > file",
	"AAA && FFF 'FAILED'->EEE && <BBB || CCC> && DDD",
	"a 0->b '*'->$END\nlbl: c && d",
	"x: (a && b) && <c 1->:x || d>",
	"foo --x=\"a b\" --y='c''d' --z=payload.matches('h w')",
	"foo --x='hi'+payload--param2='foobar' | bar",
	"appA\n  0->:foo\n  *->appB\n  && appE;foo: appC && appD",
}

// checkError: a parse may fail, but only with a DSL error whose positions lie inside the input and whose
// message has every insert it needs.
func checkError(t *testing.T, def string, err error) {
	if err == nil {
		return
	}
	var de *Error
	if !errors.As(err, &de) {
		t.Fatalf("%q: not a DSL error: %v", def, err)
	}
	if len(de.Problems) == 0 {
		t.Fatalf("%q: an error without problems", def)
	}
	for _, p := range de.Problems {
		if p.Position < 0 || p.Position > len(def) || p.offset < 0 || p.offset > len(def) || p.Position > p.offset {
			t.Fatalf("%q: position %d (byte %d) outside the input", def, p.Position, p.offset)
		}
		if strings.Contains(p.Message(), "{0}") {
			t.Fatalf("%q: message lacks its insert: %s", def, p.Message())
		}
	}
	if !strings.HasSuffix(de.Caret(), "^") {
		t.Fatalf("%q: caret %q", def, de.Caret())
	}
}

func FuzzParseStream(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, def string) {
		s, err := ParseStream("", def)
		checkError(t, def, err)
		if err == nil {
			if len(s.Apps) == 0 {
				t.Fatalf("%q: a stream without apps", def)
			}
			if plainNames(s) && !hasNUL(s) {
				// What parses renders back to the same apps and values. (After "name=" SCDF lexes the first app
				// as a relaxed value, so "A=0!" names an app "0!" that cannot be written any other way; and a NUL
				// ends every value except right after an opening quote, so a value holding one cannot be written
				// back either.)
				again, err := ParseStream("", s.ToDSL(nil))
				if err != nil || !sameStream(s, again) {
					t.Fatalf("%q re-rendered as %q: %v", def, s.ToDSL(nil), err)
				}
			}
		}
		_, _ = Describe("stream", "", def, true)
	})
}

func FuzzParseTask(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, def string) {
		task, err := ParseTask("t", def, true)
		checkError(t, def, err)
		if err == nil {
			_, _ = task.ExecutableDSL()
		}
		task, err = ParseTask("t", def, false)
		checkError(t, def, err)
		if err == nil && plainValues(task) {
			// The canonical form reads back as itself.
			again, err := ParseTask("t", task.ToDSL(), false)
			if err != nil || again.ToDSL() != task.ToDSL() {
				t.Fatalf("%q: toDSL %q does not read back: %v", def, task.ToDSL(), err)
			}
		}
		_, err = ParseTaskGraph("t", def)
		checkError(t, def, err)
		_, _ = Describe("task", "t", def, true)
	})
}

func plainNames(s *Stream) bool {
	for _, a := range s.Apps {
		if c := a.Name[0]; !isAlpha(c) && !isDigit(c) && c != '_' {
			return false
		}
		for i := 0; i < len(a.Name); i++ {
			if !isIdentPart(a.Name[i]) {
				return false
			}
		}
	}
	return true
}

func hasNUL(s *Stream) bool {
	all := append([]App(nil), s.Apps...)
	for _, d := range []*Destination{s.Source, s.Sink} {
		if d != nil {
			all = append(all, App{Properties: d.Properties})
		}
	}
	for _, a := range all {
		for _, p := range a.Properties {
			if strings.IndexByte(p.Value, 0) >= 0 {
				return true
			}
		}
	}
	return false
}

func sameStream(a, b *Stream) bool {
	if a.Name != b.Name || a.Unbound != b.Unbound || len(a.Apps) != len(b.Apps) || (a.Source == nil) != (b.Source == nil) || (a.Sink == nil) != (b.Sink == nil) {
		return false
	}
	for i := range a.Apps {
		if a.Apps[i].Name != b.Apps[i].Name || a.Apps[i].Label != b.Apps[i].Label || propsText(a.Apps[i].Properties) != propsText(b.Apps[i].Properties) {
			return false
		}
	}
	if a.Source != nil && (a.Source.Name != b.Source.Name || propsText(a.Source.Properties) != propsText(b.Source.Properties)) {
		return false
	}
	return a.Sink == nil || a.Sink.Name == b.Sink.Name && propsText(a.Sink.Properties) == propsText(b.Sink.Properties)
}

// plainValues: toDSL writes values unquoted and trims its text as Java does (every character up to ' '), so
// only values without quotes, terminators or such characters lex back as themselves.
func plainValues(t *Task) bool {
	for _, a := range t.Apps() {
		for _, p := range a.Properties {
			if p.Value == "" || strings.ContainsAny(p.Value, "|;>'\"") || strings.IndexFunc(p.Value, func(r rune) bool { return r <= ' ' }) >= 0 {
				return false
			}
		}
	}
	return true
}

func BenchmarkParseStream3Apps(b *testing.B) {
	def := "http --server.port=9000 --path-pattern=/orders | filter --expression=\"payload.amount > 100\" | log --level=INFO --name=orders"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseStream("orders", def); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseComposed50(b *testing.B) {
	var parts []string
	for i := range 50 {
		n := string(rune('0'+i/10)) + string(rune('0'+i%10))
		switch i % 5 {
		case 0:
			parts = append(parts, "<split"+n+"a || split"+n+"b>")
		case 1:
			parts = append(parts, "step"+n+" 'FAILED'->cleanup"+n)
		default:
			parts = append(parts, "step"+n+" --arg=v"+n)
		}
	}
	def := strings.Join(parts, " && ")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseTask("big", def, true); err != nil {
			b.Fatal(err)
		}
	}
}
