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
	"AAA && FFF 'FAILED'->EEE && <BBB || CCC> && DDD",
	"a 0->b '*'->$END\nlbl: c && d",
	"x: (a && b) && <c 1->:x || d>",
	"foo --x=\"a b\" --y='c''d' --z=payload.matches('h w')",
}

// checkError: a parse may fail, but only with a DSL error whose position lies inside the input.
func checkError(t *testing.T, def string, err error) {
	if err == nil {
		return
	}
	var de *Error
	if !errors.As(err, &de) {
		t.Fatalf("%q: not a DSL error: %v", def, err)
	}
	for _, p := range de.Problems {
		if p.Position < 0 || p.Position > len(def) {
			t.Fatalf("%q: position %d outside the input", def, p.Position)
		}
		if strings.Contains(p.Message(), "{0}") {
			t.Fatalf("%q: message lacks its insert: %s", def, p.Message())
		}
	}
	_ = de.Caret()
}

func FuzzParseStream(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, def string) {
		s, err := ParseStream("", def)
		checkError(t, def, err)
		if err == nil && plainNames(s) {
			// What parses renders back to something that parses to the same apps. (After "name=" SCDF lexes the
			// first app as a relaxed value, so "A=0!" names an app "0!" that cannot be written any other way.)
			again, err := ParseStream("", s.ToDSL(nil))
			if err != nil || len(again.Apps) != len(s.Apps) {
				t.Fatalf("%q re-rendered as %q: %v", def, s.ToDSL(nil), err)
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
			_ = task.ToDSL()
			_, _ = task.ExecutableDSL()
		}
		_, err = ParseTask("t", def, false)
		checkError(t, def, err)
	})
}

func BenchmarkParseStream3Apps(b *testing.B) {
	def := "http --server.port=9000 --path-pattern=/orders | filter --expression=\"payload.amount > 100\" | log --level=INFO --name=orders"
	b.ReportAllocs()
	for range b.N {
		if _, err := ParseStream("orders", def); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseComposed50(b *testing.B) {
	var parts []string
	for i := range 50 {
		switch i % 5 {
		case 0:
			parts = append(parts, "<split"+itoa(i)+"a || split"+itoa(i)+"b>")
		case 1:
			parts = append(parts, "step"+itoa(i)+" 'FAILED'->cleanup"+itoa(i))
		default:
			parts = append(parts, "step"+itoa(i)+" --arg=v"+itoa(i))
		}
	}
	def := strings.Join(parts, " && ")
	b.ReportAllocs()
	for range b.N {
		if _, err := ParseTask("big", def, true); err != nil {
			b.Fatal(err)
		}
	}
}

func itoa(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

func plainNames(s *Stream) bool {
	for _, a := range s.Apps {
		if !isIdentStart(a.Name[0], false) {
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
