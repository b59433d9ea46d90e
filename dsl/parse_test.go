package dsl

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Quoting rules of argument values (scdf-dsl section 1.1): the value SCDF's parser returns.
func TestArgumentValueQuoting(t *testing.T) {
	cases := map[string]string{
		`foo --x=abc`:                                   `abc`,
		`foo --x='a b'`:                                 `a b`,
		`foo --x="a b"`:                                 `a b`,
		`foo --x='payload+''hi'''`:                      `payload+'hi'`,
		`foo --x="''''hi''''"`:                          `''''hi''''`,
		`foo --x='''hi'''`:                              `'hi'`,
		`foo --x="payload == 'foo'"`:                    `payload == 'foo'`,
		`foo --x='hi'+payload`:                          `'hi'+payload`,
		`foo --x=payload.matches('hello world')`:        `payload.matches('hello world')`,
		`foo --x=''`:                                    ``,
		`foo --x=""`:                                    ``,
		`foo --x='a|b;c>d'`:                             `a|b;c>d`,
		"foo --x='line1\nline2'":                        "line1\nline2",
		`foo --x=a\b`:                                   `a\b`,
		`foo --x=payload+'hi'--param2='foobar'`:         `payload+'hi'--param2='foobar'`,
		`foo --spring.cloud.stream.bindings.x.y=z`:      `z`,
		`foo --expression=#jsonPath(payload,'$.price')`: `#jsonPath(payload,'$.price')`,
	}
	for def, want := range cases {
		s, err := ParseStream("", def)
		if err != nil {
			t.Errorf("%q: %v", def, err)
			continue
		}
		props := s.Apps[0].Properties
		if len(props) != 1 || props[0].Value != want {
			t.Errorf("%q: got %+v, want value %q", def, props, want)
		}
	}
}

func TestStreamShapes(t *testing.T) {
	s, err := ParseStream("", "mystream = :orders --group=g1 > lbl: filter --expression=true | transform > :out")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "mystream" || s.Source.Name != "orders" || PropertyMap(s.Source.Properties)["group"] != "g1" || s.Sink.Name != "out" || s.Unbound {
		t.Fatalf("%+v", s)
	}
	if s.Apps[0].Label != "lbl" || s.Apps[0].Name != "filter" || s.Apps[1].Name != "transform" {
		t.Fatalf("apps %+v", s.Apps)
	}
	for def, want := range map[string]string{
		":mystream.http > log":  "mystream.http",
		":a/*# > log":           "a/*#",
		":foo.* > log":          "foo.*",
		":*foo > log":           "*foo",
		"wibble: http > :bar":   "",
		"file | out: file":      "",
		"foo || bar || baz":     "",
		"time":                  "",
		"http | filter | log":   "",
		"foo--x=13 | log":       "",
		":test --group=t > log": "test",
	} {
		s, err := ParseStream("", def)
		if err != nil {
			t.Errorf("%q: %v", def, err)
			continue
		}
		got := ""
		if s.Source != nil {
			got = s.Source.Name
		}
		if got != want {
			t.Errorf("%q: source %q, want %q", def, got, want)
		}
	}
	// foo--x=13 lexes as the identifier foo--x, '=' and 13: a stream named foo--x whose first app is 13.
	if s, _ := ParseStream("", "foo--x=13 | log"); s.Name != "foo--x" || s.Apps[0].Name != "13" {
		t.Errorf("foo--x=13 | log: %+v", s)
	}
}

func TestTaskShapesAndRendering(t *testing.T) {
	cases := []struct {
		def, dsl, exec string
		composed       bool
	}{
		{"timestamp --format=yyyy", "timestamp --format=yyyy", "t-timestamp", false},
		{"foo: appA", "foo: appA", "t-foo", false},
		{"<A>", "<A>", "<t-A>", true},
		{"A&&B", "A && B", "t-A && t-B", true},
		{"A 0->B", "A 0->B", "t-A 0->t-B", true},
		{"a;lbl: b", "a\nlbl: b", "", true},
		{"a && (b && c)", "a && b && c", "t-a && t-b && t-c", true},
		{`AAA && FFF "FAILED"->EEE && <BBB || CCC> && DDD`, `AAA && FFF "FAILED"->EEE && <BBB || CCC> && DDD`, "t-AAA && t-FFF 'FAILED'->t-EEE && <t-BBB || t-CCC> && t-DDD", true},
		{"outer: <a || b>", "<a || b>", "<t-a || t-b>", true},
		{"App1 0->App2 'abc' ->   App3", "App1 0->App2 'abc'->App3", "t-App1 0->t-App2 'abc'->t-App3", true},
		{"a 'FAILED'->$FAIL '*'->$END * -> b", "a 'FAILED'->$FAIL '*'->$END *->b", "t-a 'FAILED'->t-$FAIL '*'->t-$END *->t-b", true},
		{"FooApp\n&& BarApp", "FooApp && BarApp", "t-FooApp && t-BarApp", true},
		{"goo:appA && appB", "goo: appA && appB", "t-goo && t-appB", true},
		{"a 007->b", "a 007->b", "t-a 007->t-b", true},
	}
	for _, c := range cases {
		task, err := ParseTask("t", c.def, true)
		if err != nil {
			t.Errorf("%q: %v", c.def, err)
			continue
		}
		if task.IsComposed() != c.composed {
			t.Errorf("%q: composed = %v", c.def, task.IsComposed())
		}
		if got := task.ToDSL(); got != c.dsl {
			t.Errorf("%q: toDSL %q, want %q", c.def, got, c.dsl)
		}
		exec, ok := task.ExecutableDSL()
		if c.exec == "" {
			if ok {
				t.Errorf("%q: several sequences have no executable graph, got %q", c.def, exec)
			}
		} else if !c.composed {
			if name := task.ChildName(task.Apps()[0]); name != c.exec {
				t.Errorf("%q: executable %q, want %q", c.def, name, c.exec)
			}
		} else if exec != c.exec {
			t.Errorf("%q: executable %q, want %q", c.def, exec, c.exec)
		}
	}
}

func TestStreamToDSLQuotesAndMasks(t *testing.T) {
	s, err := ParseStream("", `http --port=9000 | filter --expression="payload == 'x'" --password=s3cret | log --name='a b'`)
	if err != nil {
		t.Fatal(err)
	}
	mask := func(name, v string) string {
		if name == "password" {
			return "******"
		}
		return v
	}
	want := `http --port=9000 | filter --expression="payload == 'x'" --password='******' | log --name='a b'`
	if got := s.ToDSL(mask); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	for _, def := range []string{":a > :b", "foo || bar", ":in > x | y > :out", "s = time | log"} {
		s, _ := ParseStream("", def)
		if got := s.ToDSL(nil); got != def {
			t.Errorf("round trip %q -> %q", def, got)
		}
	}
}

func TestDescribeJSON(t *testing.T) {
	cases := map[[2]string]string{
		{"stream", "http --port=9000 | log"}: `{"kind":"stream","stream_name":null,"apps":[{"name":"http","label":null,"properties":{"port":"9000"}},{"name":"log","label":null,"properties":{}}],"source":null,"sink":null,"unbound":false}`,
		{"stream", ":a > :b"}:                `{"kind":"stream","stream_name":null,"apps":[{"name":"bridge","label":null,"properties":{}}],"source":{"destination":"a","properties":{}},"sink":{"destination":"b","properties":{}},"unbound":false}`,
		{"task", "ts: timestamp"}:            `{"kind":"task","composed":false,"app":{"name":"timestamp","label":"ts","properties":{}},"executable_dsl":"t-ts"}`,
		{"task", "a 'FAILED'->b 1->$END"}:    `{"kind":"task","composed":true,"apps":[{"name":"a","label":null,"properties":{},"executable_name":"t-a"},{"name":"b","label":null,"properties":{},"executable_name":"t-b"}],"has_transitions":true,"has_splits":false,"sequences":1,"transitions":[{"from":"a","on":"FAILED","exit_code":false,"to":"b"},{"from":"a","on":"1","exit_code":true,"to":"$END"}],"dsl":"a 'FAILED'->b 1->$END","executable_dsl":"t-a 'FAILED'->t-b 1->t-$END"}`,
		{"stream", "foo |"}:                  `{"error":{"phase":"parse","code":"OOD","number":112,"position":5,"message":"112E:(pos 5): Unexpectedly ran out of input","problems":[{"code":"OOD","position":5,"message":"112E:(pos 5): Unexpectedly ran out of input"}]}}`,
	}
	for in, want := range cases {
		v, _ := Describe(in[0], "t", in[1], true)
		var buf []byte
		buf, err := marshalNoEscape(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(buf) != want {
			t.Errorf("%v:\n got %s\nwant %s", in, buf, want)
		}
	}
	if _, err := Describe("job", "", "x", true); err == nil {
		t.Error("an unknown kind is an error")
	}
}

func marshalNoEscape(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+5 < len(b) && string(b[i:i+4]) == `\u00` {
			switch string(b[i+4 : i+6]) {
			case "26":
				out = append(out, '&')
			case "3c":
				out = append(out, '<')
			case "3e":
				out = append(out, '>')
			}
			i += 5
			continue
		}
		out = append(out, b[i])
	}
	return out, nil
}

func TestAppsVisitOrderIncludesTransitionTargets(t *testing.T) {
	task, err := ParseTask("ct", "a 'x'->b && <c || d 1->e> && f", true)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range task.Apps() {
		names = append(names, a.Name)
	}
	if want := []string{"a", "b", "c", "d", "e", "f"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("apps %v, want %v", names, want)
	}
	if got := AppDSL(App{Name: "x", Label: "l", Properties: []Property{{Name: "a", Value: "b c"}, {Name: "q", Value: "it's"}}}); got != `l: x --a='b c' --q="it's"` {
		t.Fatalf("AppDSL: %s", got)
	}
}
