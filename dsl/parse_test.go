package dsl

import (
	"reflect"
	"testing"
)

// Quoting rules of argument values (scdf-dsl section 1.1): the value SCDF's parser returns. Most are SCDF's own
// vectors (AbstractStreamDslTests, TaskParserTests).
func TestArgumentValueQuoting(t *testing.T) {
	cases := []struct{ arg, want string }{
		{`--x=abc`, `abc`},
		{`--x=1a2b`, `1a2b`},
		{`--x=--payload`, `--payload`},
		{`--x=,`, `,`},
		{`--x='a b'`, `a b`},
		{`--x="a b"`, `a b`},
		{`--x= 'a b'`, `a b`}, // a literal may follow '=' after whitespace; an identifier may not (103)
		{`--x= "a""b"`, `a"b`},
		{`--x='payload+''hi'''`, `payload+'hi'`},
		{`--x='''hi''+payload'`, `'hi'+payload`},
		{`--x="''''hi''''"`, `''''hi''''`},
		{`--x='''hi'''`, `'hi'`},
		{`--x='''Hello, world!'''`, `'Hello, world!'`},
		{`--x="'Hello, world!'"`, `'Hello, world!'`},
		{`--x="payload == 'foo'"`, `payload == 'foo'`},
		{`--x="payload+'hi'"`, `payload+'hi'`},
		{`--x='hi'+payload`, `'hi'+payload`},
		{`--x=payload+'hi'`, `payload+'hi'`},
		{`--x='hi'+'world'`, `'hi'+'world'`},
		{`--x="'hi'+'world'"`, `'hi'+'world'`},
		{`--x=payload.matches('hello world')`, `payload.matches('hello world')`},
		{`--x=payload+'hi'--param2='foobar'`, `payload+'hi'--param2='foobar'`},
		{`--x='hi'+payload--param2='foobar'`, `'hi'+payload--param2='foobar'`},
		{`--x=#jsonPath(payload,'$.lang')=='en'`, `#jsonPath(payload,'$.lang')=='en'`},
		{`--x='payload.replace("abc", "")'`, `payload.replace("abc", "")`},
		{`--x='payload.replace("abc", '''')'`, `payload.replace("abc", '')`},
		{`--x='Select * from /Stocks where symbol=''VMW'''`, `Select * from /Stocks where symbol='VMW'`},
		{`--x=''`, ``},
		{`--x=""`, ``},
		{`--x='text/plain|charset=UTF-8'`, `text/plain|charset=UTF-8`},
		{`--x='text/plain;charset=UTF-8'`, `text/plain;charset=UTF-8`},
		{`--x='a>b'`, `a>b`},
		{"--x='aaa=bbb \n ccc=ddd'", "aaa=bbb \n ccc=ddd"},
		{"--x='aaa=bbb \r ccc=ddd'", "aaa=bbb \r ccc=ddd"},
		{`--x=a\b`, `a\b`},
		{`--x="a""b"`, `"a""b"`}, // two closed sections: an identifier, kept as written
		{`--x='a'b''`, `a'b'`},   // '' after the closing quote is skipped, so this is one section ending in '
		{`--x==b`, `=b`},
		{`--spring.cloud.stream.bindings.x.y=z`, `z`},
		{"--x=ab\x00", `ab`}, // a NUL ends the value like SCDF's sentinel
	}
	for _, c := range cases {
		for _, def := range []string{"foo " + c.arg, "time | foo " + c.arg + " | log"} {
			s, err := ParseStream("", def)
			if err != nil {
				t.Errorf("%q: %v", def, err)
				continue
			}
			app := s.Apps[0]
			if len(s.Apps) > 1 {
				app = s.Apps[1]
			}
			if len(app.Properties) != 1 || app.Properties[0].Value != c.want {
				t.Errorf("%q: got %+v, want value %q", def, app.Properties, c.want)
			}
		}
		task, err := ParseTask("t", "foo "+c.arg, true)
		if err != nil {
			t.Errorf("task %q: %v", c.arg, err)
			continue
		}
		if got := task.Apps()[0].Properties; len(got) != 1 || got[0].Value != c.want {
			t.Errorf("task %q: got %+v, want %q", c.arg, got, c.want)
		}
	}
	// A quote re-opened after the closing one runs to the end of the input: still one closed section, and not a
	// literal because it does not end with a quote.
	if s, err := ParseStream("", "time | foo --x='a'b'c | log"); err != nil || s.Apps[1].Properties[0].Value != "'a'b'c | log" {
		t.Errorf("re-opened quote: %+v %v", s, err)
	}
	// An argument value keeps its terminator out: "'payload.length() > 4'>" is a value then '>'.
	s, err := ParseStream("", ":producer > transform --expression='payload.toUpperCase()' | filter --expression='payload.length() > 4'> :consumer")
	if err != nil || s.Apps[1].Properties[0].Value != "payload.length() > 4" || s.Sink.Name != "consumer" {
		t.Fatalf("%+v %v", s, err)
	}
}

// stringifyStream renders a parse compactly for field-by-field comparison.
type streamShape struct {
	name    string
	source  string
	sink    string
	apps    []string // label:name --k=v --k=v
	unbound bool
}

func shapeOf(s *Stream) streamShape {
	sh := streamShape{name: s.Name, unbound: s.Unbound}
	if s.Source != nil {
		sh.source = s.Source.Name + propsText(s.Source.Properties)
	}
	if s.Sink != nil {
		sh.sink = s.Sink.Name + propsText(s.Sink.Properties)
	}
	for _, a := range s.Apps {
		prefix := ""
		if a.Label != "" {
			prefix = a.Label + ":"
		}
		sh.apps = append(sh.apps, prefix+a.Name+propsText(a.Properties))
	}
	return sh
}

func propsText(props []Property) string {
	out := ""
	for _, p := range props {
		out += " --" + p.Name + "=" + p.Value
	}
	return out
}

func TestStreamShapes(t *testing.T) {
	cases := []struct {
		def  string
		want streamShape
	}{
		{"foo", streamShape{apps: []string{"foo"}, unbound: true}},
		{"gemfire-cq", streamShape{apps: []string{"gemfire-cq"}, unbound: true}},
		{"foo | bar", streamShape{apps: []string{"foo", "bar"}}},
		{"mystream = foo", streamShape{name: "mystream", apps: []string{"foo"}, unbound: true}},
		{"bar = foo | bar", streamShape{name: "bar", apps: []string{"foo", "bar"}}},
		{"label: http", streamShape{apps: []string{"label:http"}, unbound: true}},
		{"food = http | label3: foo", streamShape{name: "food", apps: []string{"http", "label3:foo"}}},
		{"foo --name=value --x=y", streamShape{apps: []string{"foo --name=value --x=y"}, unbound: true}},
		{"foo --x=1 --y=two ", streamShape{apps: []string{"foo --x=1 --y=two"}, unbound: true}},
		{":mystream.group1 > file", streamShape{source: "mystream.group1", apps: []string{"file"}}},
		{":foobar > file", streamShape{source: "foobar", apps: []string{"file"}}},
		{":a/ > file", streamShape{source: "a/", apps: []string{"file"}}},
		{":a/*# > file", streamShape{source: "a/*#", apps: []string{"file"}}},
		{":foo.* > file", streamShape{source: "foo.*", apps: []string{"file"}}},
		{":*foo > file", streamShape{source: "*foo", apps: []string{"file"}}},
		{": foo > file", streamShape{source: "foo", apps: []string{"file"}}}, // SCDF does not check the first component's adjacency
		{":foo..bar > file", streamShape{source: "foo..bar", apps: []string{"file"}}},
		{"http > :foo", streamShape{sink: "foo", apps: []string{"http"}}},
		{"http > :foo/*#", streamShape{sink: "foo/*#", apps: []string{"http"}}},
		{"http > :foo.*", streamShape{sink: "foo.*", apps: []string{"http"}}},
		{"wibble: http > :bar", streamShape{sink: "bar", apps: []string{"wibble:http"}}},
		{":bar > :boo", streamShape{source: "bar", sink: "boo", apps: []string{"bridge"}}},
		{":test --group=test > file", streamShape{source: "test --group=test", apps: []string{"file"}}},
		{":in > a | b > :out --x=1", streamShape{source: "in", sink: "out --x=1", apps: []string{"a", "b"}}},
		{"foo|| bar|| baz", streamShape{apps: []string{"foo", "bar", "baz"}, unbound: true}},
		{"foo --aaa=bbb|| bar", streamShape{apps: []string{"foo --aaa=bbb", "bar"}, unbound: true}},
		{"foo --aaa=\"bbb\"|| bar", streamShape{apps: []string{"foo --aaa=bbb", "bar"}, unbound: true}},
		{"file | out: file", streamShape{apps: []string{"file", "out:file"}}},
		// '-' is an identifier character: foo--x=13 is a stream named foo--x whose app is 13.
		{"foo--x=13 | log", streamShape{name: "foo--x", apps: []string{"13", "log"}}},
		// after "name =" with no space the first app is lexed as a relaxed value
		{"a=0! | log", streamShape{name: "a", apps: []string{"0!", "log"}}},
		// Lenient where SCDF throws a NullPointerException: a destination followed by an adjacent token.
		{":foo> file", streamShape{source: "foo", apps: []string{"file"}}},
		{":a.b>c", streamShape{source: "a.b", apps: []string{"c"}}},
	}
	for _, c := range cases {
		s, err := ParseStream("", c.def)
		if err != nil {
			t.Errorf("%q: %v", c.def, err)
			continue
		}
		if got := shapeOf(s); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", c.def, got, c.want)
		}
	}
	// Positions: apps start at their label, destinations at their first component, the bridge at its '>'.
	s, _ := ParseStream("", "food = http | label3: foo --x=1")
	if s.Apps[0].Pos != 7 || s.Apps[1].Pos != 14 || s.Apps[1].Properties[0].Pos != 26 {
		t.Errorf("positions %+v", s.Apps)
	}
	s, _ = ParseStream("", ":bar > :boo")
	if s.Source.Pos != 1 || s.Apps[0].Pos != 5 || s.Sink.Pos != 8 {
		t.Errorf("bridge positions %+v %+v %+v", s.Source, s.Apps, s.Sink)
	}
}

func TestTaskShapesAndRendering(t *testing.T) {
	cases := []struct {
		def, dsl, exec string
		composed       bool
		lossy          bool // toDSL prints values unquoted, so a value with a space does not read back
	}{
		{"timestamp --format=yyyy", "timestamp --format=yyyy", "t-timestamp", false, false},
		{"foo: appA", "foo: appA", "t-foo", false, false},
		{"(appA)", "appA", "t-appA", false, false},
		{"<A>", "<A>", "<t-A>", true, false},
		{"A&&B", "A && B", "t-A && t-B", true, false},
		{"<A||B>", "<A || B>", "<t-A || t-B>", true, false},
		{"<A&&B||C>", "<A && B || C>", "<t-A && t-B || t-C>", true, false},
		{"A 0->B", "A 0->B", "t-A 0->t-B", true, false},
		{"a;lbl: b", "a\nlbl: b", "", true, false},
		{"a && (b && c)", "a && b && c", "t-a && t-b && t-c", true, false},
		{"<(jobA && jobB && jobC) || boo: jobC>", "<jobA && jobB && jobC || boo: jobC>", "<t-jobA && t-jobB && t-jobC || t-boo>", true, false},
		{`AAA && FFF "FAILED"->EEE && <BBB || CCC> && DDD`, `AAA && FFF "FAILED"->EEE && <BBB || CCC> && DDD`, "t-AAA && t-FFF 'FAILED'->t-EEE && <t-BBB || t-CCC> && t-DDD", true, false},
		{"outer:<aaa: appA || bbb: appB>", "<aaa: appA || bbb: appB>", "<t-aaa || t-bbb>", true, false},
		{"App1 0->App2 'abc' ->   App3", "App1 0->App2 'abc'->App3", "t-App1 0->t-App2 'abc'->t-App3", true, false},
		{"a 'FAILED'->$FAIL '*'->$END * -> b", "a 'FAILED'->$FAIL '*'->$END *->b", "t-a 'FAILED'->t-$FAIL '*'->t-$END *->t-b", true, false},
		{`foo "*"->wibble`, `foo "*"->wibble`, "t-foo '*'->t-wibble", true, false},
		{`a "it's"->b`, `a "it's"->b`, "t-a 'it's'->t-b", true, false}, // SCDF does not double the quote
		{"FooApp\n&& BarApp", "FooApp && BarApp", "t-FooApp && t-BarApp", true, false},
		{"<foo\n  'completed'->kill\n  '*'->custard\n  || bar>", "<foo 'completed'->kill '*'->custard || bar>", "<t-foo 'completed'->t-kill '*'->t-custard || t-bar>", true, false},
		{"goo:appA && appB", "goo: appA && appB", "t-goo && t-appB", true, false},
		{"a 007->b", "a 007->b", "t-a 007->t-b", true, false},
		{"aaa 'COMPLETED'->x: kill 'FOO'->bar && bbb 'COMPLETED'->y: kill && ccc", "aaa 'COMPLETED'->x: kill 'FOO'->bar && bbb 'COMPLETED'->y: kill && ccc", "t-aaa 'COMPLETED'->t-x 'FOO'->t-bar && t-bbb 'COMPLETED'->t-y && t-ccc", true, false},
		{"a --x='b c' 'F'->d --y=\"e \"", "a --x=b c 'F'->d --y=e", "t-a 'F'->t-d", true, true},
		{"<<AA || BB> && CC || <DD || EE> && FF && GG || HH>", "<<AA || BB> && CC || <DD || EE> && FF && GG || HH>", "<<t-AA || t-BB> && t-CC || <t-DD || t-EE> && t-FF && t-GG || t-HH>", true, false},
		{"appA 'fail'->:two && appB 'fail2'->:two && appC;two: appD && appE", "appA 'fail'->:two && appB 'fail2'->:two && appC\ntwo: appD && appE", "", true, false},
		{"appA\n  0->:foo\n  *->appB\n  && appE;foo: appC && appD", "appA 0->:foo *->appB && appE\nfoo: appC && appD", "", true, false},
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
		// toDSL round trip: the canonical form parses back to itself
		if again, err := ParseTask("t", task.ToDSL(), true); !c.lossy && (err != nil || again.ToDSL() != c.dsl) {
			t.Errorf("%q: round trip %q: %v", c.def, task.ToDSL(), err)
		}
		exec, ok := task.ExecutableDSL()
		switch {
		case c.exec == "":
			if ok {
				t.Errorf("%q: several sequences have no executable graph, got %q", c.def, exec)
			}
		case !c.composed:
			if name := task.ChildName(task.Apps()[0]); name != c.exec {
				t.Errorf("%q: executable %q, want %q", c.def, name, c.exec)
			}
		case exec != c.exec:
			t.Errorf("%q: executable %q, want %q", c.def, exec, c.exec)
		}
	}
}

func TestTaskStructure(t *testing.T) {
	task, err := ParseTask("ct", "outer: <a 'x'->lbl: b --k=v || c> && d 1->:outer *->$END\nseq: e", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(task.Sequences) != 2 || task.Sequences[0].Label != "outer" || task.Sequences[1].Label != "seq" {
		t.Fatalf("sequences %+v", task.Sequences)
	}
	first := task.Sequences[0]
	split := first.Elements[0].Split
	if split == nil || split.Label != "outer" || split.LabelPos != 0 || split.Pos != 7 || len(split.Flows) != 2 {
		t.Fatalf("split %+v", split)
	}
	a := split.Flows[0].Elements[0].App
	if a.Name != "a" || len(a.Transitions) != 1 {
		t.Fatalf("a %+v", a)
	}
	tr := a.Transitions[0]
	if tr.Check != "'x'" || tr.Status != "x" || tr.ExitCode || tr.Pos != 10 || tr.Target.Label != "lbl" || tr.Target.Name != "b" ||
		!reflect.DeepEqual(tr.Target.Properties, []Property{{Name: "k", Value: "v", Pos: 22}}) {
		t.Fatalf("transition %+v target %+v", tr, tr.Target)
	}
	d := first.Elements[1].App
	want := []Transition{{Check: "1", Status: "1", ExitCode: true, Pos: 39, LabelRef: "outer"}, {Check: "*", Status: "*", ExitCode: true, Pos: 49, Target: d.Transitions[1].Target}}
	if !reflect.DeepEqual(d.Transitions, want) || d.Transitions[1].Target.Name != "$END" {
		t.Fatalf("d transitions %+v", d.Transitions)
	}
	var names []string
	for _, app := range task.Apps() {
		names = append(names, app.EffectiveLabel())
	}
	if want := []string{"a", "lbl", "c", "d", "$END", "seq"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("apps %v, want %v", names, want)
	}
}

func TestAppDSLAndAutoQuote(t *testing.T) {
	if got := AppDSL(App{Name: "x", Label: "l", Properties: []Property{{Name: "a", Value: "b c"}, {Name: "q", Value: "it's"}}}); got != `l: x --a='b c' --q="it's"` {
		t.Fatalf("AppDSL: %s", got)
	}
	// Every value renders to DSL that reads back as the same value.
	for _, v := range []string{"", "plain", "a b", "it's", `say "hi"`, `both ' and "`, "a|b", "x;y", "p>q", "*", "line\nbreak", "'", `"`, "''", `""`, "--x", "\\"} {
		def := "foo --v=" + AutoQuote(v)
		s, err := ParseStream("", def)
		if err != nil || s.Apps[0].Properties[0].Value != v {
			t.Errorf("%q rendered %q: %+v %v", v, def, s, err)
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
	for _, def := range []string{":a > :b", "foo || bar", ":in > x | y > :out", "s = time | log", "lbl: time --a=b | log", ":s.time --group=g > log"} {
		s, err := ParseStream("", def)
		if err != nil {
			t.Fatalf("%q: %v", def, err)
		}
		if got := s.ToDSL(nil); got != def {
			t.Errorf("round trip %q -> %q", def, got)
		}
	}
}
