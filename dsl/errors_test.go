package dsl

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// errorCase is a definition SCDF rejects: the code number, the position SCDF reports and, when given, the
// inserts of its message.
type errorCase struct {
	def     string
	number  int
	pos     int
	inserts []string
}

func checkErrorCase(t *testing.T, c errorCase, err error) {
	t.Helper()
	var de *Error
	if !errors.As(err, &de) {
		t.Errorf("%q: want %d at %d, got %v", c.def, c.number, c.pos, err)
		return
	}
	if de.Number() != c.number || de.Position() != c.pos || de.Code() != messages[c.number].code {
		t.Errorf("%q: want %d at %d, got %s %v", c.def, c.number, c.pos, de.Code(), de)
		return
	}
	if c.inserts != nil && !reflect.DeepEqual(de.first().Inserts, c.inserts) {
		t.Errorf("%q: inserts %q, want %q", c.def, de.first().Inserts, c.inserts)
	}
}

// Every error the stream tokenizer and parser produce. Most cases are SCDF's own test vectors
// (AbstractStreamDslTests); the rest follow its StreamParser/Tokenizer code path by path.
func TestStreamErrors(t *testing.T) {
	cases := []errorCase{
		// 100 left-over tokens, 133 after a '>' without ':'
		{"foo bar=yyy", 100, 4, []string{"bar"}},
		{"foo bar", 100, 4, []string{"bar"}},
		{"http > :test value", 100, 13, []string{"value"}},
		{"trigger > :myjob   too", 100, 19, []string{"too"}},
		{"http | foo :bar | file", 100, 11, []string{":"}},
		{"foo\nbar", 100, 3, []string{"\n"}},
		{":a > :b || c", 100, 8, []string{"||"}},
		{"foo > bar", 133, 6, []string{"bar"}},
		// 101-103 whitespace inside an argument
		{"foo -- name=value", 101, 7, nil},
		{"foo --name =value", 102, 11, nil},
		{"foo --name= value", 103, 12, nil},
		// 119 is unreachable after an app name ('-' continues an identifier) but not after a destination
		{":*--x=1 > log", 119, 2, nil},
		// 105 missing value: at the terminator (tokenizer) or at the token found instead (parser)
		{"aaa --bbb= --ccc=ddd", 105, 11, []string{"null"}},
		{"aaa --bbb=| --ccc=ddd", 105, 10, []string{"|"}},
		{"aaa --bbb=; --ccc=ddd", 105, 10, []string{";"}},
		{"aaa --bbb=> --ccc=ddd", 105, 10, []string{">"}},
		{"aaa --bbb=\t --ccc=ddd", 105, 12, nil},
		{"aaa --bbb=\n --ccc=ddd", 105, 10, []string{"null"}},
		{"aaa --bbb=\r|", 105, 11, []string{"null"}},
		// 106/107 unterminated quotes, at the opening quote
		{"foo | bar --expression='select foo", 107, 23, nil},
		{"foo | bar --expression=\"select foo", 106, 23, nil},
		{"foo 'abc", 107, 4, nil},
		{`foo "abc`, 106, 4, nil},
		{"foo --x='", 107, 8, nil},
		{"foo --x='a\x00b'", 107, 8, nil}, // NUL ends a quoted value, as SCDF's sentinel does
		{"foo --x= 'a\x00b'", 107, 9, nil},
		// 108 lone '-'
		{"foo -x", 108, 4, []string{"-"}},
		// 111 wrong token where a dotted name or '=' is expected
		{"foo --name.=value", 111, 11, []string{"identifier", "="}},
		{"foo --|", 111, 6, []string{"|"}},
		{"foo --x bar", 111, 8, []string{"equals(=)", "bar"}},
		// 112 out of input: at the end, or at the ':' of an empty destination
		{"", 112, 0, nil},
		{"foo --", 112, 6, nil},
		{"foo --bar", 112, 9, nil},
		{"foo --bar=", 112, 10, nil},
		{"foo |", 112, 5, nil},
		{"foo||", 112, 5, nil},
		{"aaa --bbb=ccc||", 112, 15, nil},
		{"aaa --bbb='ccc'||", 112, 17, nil},
		{"foo --aaa=\"bbb\" ||", 112, 18, nil},
		{":foo >", 112, 6, nil},
		{":foo > :", 112, 7, nil},
		{"lbl:", 112, 4, nil},
		{"x =", 112, 3, nil},
		{"x > :foo.", 112, 9, nil},
		// 114, 115 characters the stream tokenizer does not know
		{"foo \\ bar", 114, 4, nil},
		{"foo |  transform --expression=''Hello, world!'' | bar", 115, 44, []string{"!"}},
		{"foo | transform --expression=new StringBuilder(payload).reverse() | bar", 115, 46, []string{"("}},
		{":foo > (", 115, 7, []string{"("}},
		{"( = http | file", 115, 0, []string{"("}},
		{"foo é", 115, 4, []string{"é"}},
		// 118 no app where one must be
		{".", 118, 0, []string{"."}},
		{";", 118, 0, []string{";"}},
		{"|", 118, 0, []string{"|"}},
		{":foo > --2323", 118, 7, []string{"--"}},
		{":foo > *", 118, 7, []string{"*"}},
		{":foo | bar", 118, 0, []string{":"}},
		{"x = :", 118, 4, []string{":"}},
		{":a > :b | c", 118, 5, []string{":"}},
		// 122 illegal stream name in the definition
		{"* = http | file", 122, 0, []string{"*"}},
		{": = http | file", 122, 0, []string{":"}},
		{"1foo = http | log", 122, 0, []string{"1foo"}},
		{"1foo = a | a", 122, 0, []string{"1foo"}}, // the name is checked before the labels
		// 139 whitespace inside a destination name
		{":boo .xx > file", 139, 5, nil},
		{":boo . xx > file", 139, 5, nil},
		{":boo. xx > file", 139, 6, nil},
		{":boo.xx. yy > file", 139, 9, nil},
		{":boo.xx .yy > file", 139, 8, nil},
		{":boo.xx . yy > file", 139, 8, nil},
		// 143 duplicate label: label, first app, its index, second app, its index
		{"xxx: http | xxx: file", 143, 12, []string{"xxx", "http", "0", "file", "1"}},
		{"xxx: http | yyy: filter | transform | xxx: transform | file", 143, 38, []string{"xxx", "http", "0", "transform", "3"}},
		{"xxx: http | yyy: filter | transform | xxx: transform | xxx: file", 143, 38, nil},
		{"http | filter | transform | transform | file", 143, 28, []string{"transform", "transform", "2", "transform", "3"}},
		// 145 whitespace in a dotted argument name
		{"foo --name .sub=value", 145, 11, nil},
		{"foo --name. sub=value", 145, 12, nil},
		// 147, 148, 156 labels
		{"http | lbl:filter | log", 147, 11, nil},
		{":", 148, 0, nil},
		{"http | foo: goggle: bar | file", 156, 12, nil},
		{"a: b:c", 156, 3, nil},
		{"lbl: |", 111, 5, []string{"identifier", "|"}},
		// 169, 170 mixing '|' and '||', '||' with destinations
		{"aaa | bbb|| ccc", 169, 9, nil},
		{"aaa || bbb| ccc", 169, 10, nil},
		{":aaa > fff||bbb", 170, 10, nil},
		{"fff||bbb > :zzz", 170, 3, nil},
		{"a || b || c > :zzz", 170, 7, nil},  // at the last '||'
		{":in > foo || bar |", 170, 10, nil}, // raised before the parser reaches the end
		// 171 something else after ':'
		{"::foo > *", 171, 1, []string{":"}},
		{":> foo", 171, 1, []string{">"}},
		{"foo > :.x", 171, 7, []string{"."}},
		// SCDF throws a NullPointerException for a destination immediately followed by another token; dataflow
		// reads it as if a space separated them.
		{":foo.> file", 139, 5, nil},
		{"http > :foo|", 100, 11, []string{"|"}},
	}
	for _, c := range cases {
		_, err := ParseStream("", c.def)
		checkErrorCase(t, c, err)
	}
}

// A name given separately is checked like SCDF's StreamParser(name, dsl): after the definition parsed.
func TestStreamNameIsChecked(t *testing.T) {
	for _, name := range []string{"foo.bar", "-bar", ".bar", "foo-.-bar", "0foobar", "foo%bar", "a😀"} {
		_, err := ParseStream(name, "time | log")
		checkErrorCase(t, errorCase{name, 122, 0, []string{name}}, err)
		if err != nil && err.Error() != "122E:(pos 0): illegal name for a stream '"+name+"'" {
			t.Errorf("%q: message %q", name, err)
		}
	}
	for _, name := range []string{"foo-bar", "foo_bar", "$x", "_y", "café"} {
		if _, err := ParseStream(name, "time | log"); err != nil {
			t.Errorf("%q should be legal: %v", name, err)
		}
	}
	// A syntax error wins over an illegal name.
	_, err := ParseStream("0bad", "time |")
	checkErrorCase(t, errorCase{"time |", 112, 6, nil}, err)
}

// Every error the task tokenizer and parser produce; most are SCDF's TaskParserTests vectors.
func TestTaskErrors(t *testing.T) {
	cases := []errorCase{
		{"", 112, 0, nil},
		{"foo --", 112, 6, nil},
		{"foo --bar", 112, 9, nil},
		{"foo --bar=", 112, 10, nil},
		{"App1 xx->", 112, 9, nil},
		{"<foo || bar", 112, 11, nil},
		{"foo &&", 112, 6, nil},
		{"a;", 112, 2, nil},
		{"a 'x'->:", 112, 8, nil},
		{"foo -- name=value", 101, 7, nil},
		{"foo --name =value", 102, 11, nil},
		{"foo --name= value", 103, 12, nil},
		{"aaa --bbb= --ccc=ddd", 105, 11, []string{"null"}},
		{"aaa --bbb=| --ccc=ddd", 105, 10, []string{"|"}},
		{"aaa --bbb=; --ccc=ddd", 105, 10, []string{";"}},
		{"aaa --bbb=> --ccc=ddd", 105, 10, []string{">"}},
		{"aaa --bbb=\t --ccc=ddd", 105, 12, nil},
		{"aaa --bbb=\n --ccc=ddd", 105, 12, nil},
		{"timestamp --format='YYYY", 107, 19, nil},
		{"timestamp --format=\"YYYY", 106, 19, nil},
		{"foo 'a->bar", 107, 4, nil},
		{"foo --x=1 -y", 108, 10, []string{"-"}},
		{"foo --name.=value", 111, 11, nil},
		{"<a && b", 112, 7, nil},
		{"<a b>", 111, 3, []string{"gt(>)", "b"}},
		{"<(a) && b || c>", 111, 5, []string{"gt(>)", "&&"}},
		{"a 'x'->:'l'", 111, 8, []string{"identifier", "'l'"}},
		{"foo \\ bar", 114, 4, nil},
		{".", 118, 0, []string{"."}},
		{";", 118, 0, []string{";"}},
		{"&& foo", 118, 0, []string{"&&"}},
		{"aa  &&&& bb", 118, 6, []string{"&&"}},
		{"aaa: >", 118, 5, []string{">"}},
		{"aaa: &&", 118, 5, []string{"&&"}},
		{"aaa:: appA", 118, 4, []string{":"}},
		{"a\n;b", 118, 2, []string{";"}}, // a new line starts a sequence before ';' is looked at
		{"foo 1->&&", 118, 7, []string{"&&"}},
		{"foo & bar", 150, 4, nil},
		{"|", 151, 0, nil},
		{"foo | bar", 151, 4, nil},
		{"<aa | bb>", 151, 4, nil},
		{"<aa ||| bb>", 151, 6, nil},
		{"appA BROKEN->$FAIL", 154, 5, []string{"BROKEN"}},
		{"appA\n BROKEN->$FAIL", 154, 6, []string{"BROKEN"}},
		{"foo 1x->bar", 154, 4, []string{"1x"}},
		{"foo 2147483648->bar", 154, 4, nil},
		{"aaa: (appA)", 155, 5, nil},
		{"lbl: (foo && bar)", 155, 5, nil},
		{"aaa: bbb: appA", 156, 5, nil},
		{"App1 ->", 157, 5, nil},
		{"App1 0->x ->", 157, 10, nil},
		{"App1 ->xx", 157, 5, nil},
		{"foo / bar", 162, 4, []string{"/"}},
		{"foo # bar", 162, 4, []string{"#"}},
		{"foo @ bar", 162, 4, []string{"@"}},
		{"foo % bar", 162, 4, []string{"%"}},
		{"transform --expression=''Hello, world!''", 162, 37, []string{"!"}},
		{"foo bar=yyy", 163, 4, []string{"bar"}},
		{"foo bar", 163, 4, []string{"bar"}},
		{"<a || b> rubbish", 163, 9, []string{"rubbish"}},
		{"foo ||->bar", 163, 4, []string{"||"}},
		{"(a && b) && c", 163, 9, []string{"&&"}},
		{"transform --expression=new StringBuilder(payload).reverse()", 163, 27, []string{"StringBuilder"}},
		{"a 0->x: y: z", 163, 9, []string{":"}}, // a transition target takes one label; the second is left over
	}
	for _, c := range cases {
		_, err := ParseTask("test", c.def, true)
		checkErrorCase(t, c, err)
	}
}

// SCDF takes most control characters for ignorable parts of a Java identifier; dataflow refuses them, and
// shows them escaped in the one line it prints.
func TestNamesWithControlCharactersAreRefused(t *testing.T) {
	for name, shown := range map[string]string{"a\x00b": `a\x00b`, "a\x01b": `a\x01b`, "ab\x1b[31m": `ab\x1b[31m`, "a\x7f": `a\x7f`, "a\u0085b": `a\u0085b`, "a\tb": `a\x09b`} {
		_, err := ParseStream(name, "time | log")
		checkErrorCase(t, errorCase{"time | log", 122, 0, []string{shown}}, err)
		if err != nil && err.Error() != "122E:(pos 0): illegal name for a stream '"+shown+"'" {
			t.Errorf("%q: message %q", name, err)
		}
		_, err = ParseTask(name, "timestamp", true)
		checkErrorCase(t, errorCase{"timestamp", 123, 0, []string{shown}}, err)
		if err != nil && err.Error() != "123E:(pos 0): illegal name for a task '"+shown+"'" {
			t.Errorf("%q: message %q", name, err)
		}
	}
}

func TestTaskNameAndGraphMode(t *testing.T) {
	for _, name := range []string{"foo.bar", "-bar", ".bar", "foo-.-bar", "0foobar", "foo%bar"} {
		_, err := ParseTask(name, "task", true)
		checkErrorCase(t, errorCase{name, 123, 0, []string{name}}, err)
	}
	// The name is checked after the sequences parse but before left-over input is reported.
	_, err := ParseTask("0bad", "foo bar", true)
	checkErrorCase(t, errorCase{"foo bar", 123, 0, nil}, err)
	_, err = ParseTask("0bad", "foo &&", true)
	checkErrorCase(t, errorCase{"foo &&", 112, 6, nil}, err)

	// composed-task-runner's mode: no arguments.
	_, err = ParseTaskGraph("foo", "appA --p1=v1")
	checkErrorCase(t, errorCase{"appA --p1=v1", 168, 5, nil}, err)
	if _, err := ParseTaskGraph("foo", "foo-appA 'FAILED'->foo-appB && <foo-c || foo-d>"); err != nil {
		t.Errorf("graph: %v", err)
	}
}

func TestTaskValidationReportsEveryProblem(t *testing.T) {
	type p struct{ number, pos int }
	cases := []struct {
		def  string
		want []p
	}{
		{"appA;appB", []p{{158, 5}}},
		{"appA;foo: appB\nappC", []p{{158, 15}}},
		{"appA && appA", []p{{166, 8}}},
		{"appA 'foo' -> appA", []p{{166, 14}}},
		{"appA 'foo' -> appA: appB", []p{{164, 14}}},
		{"label1: appA 'foo' -> label1: appB", []p{{159, 22}}},
		{"label1: appA 'foo' -> label1", []p{{165, 22}}},
		{"aa 'foo'->:split && bb && cc", []p{{160, 3}}},
		{"<aa 'foo'->:split && bb && cc || dd>", []p{{160, 4}}},
		{"<<jdbchdfs-local && spark-client || spark-cluster && spark-cluster> && timestamp || spark-yarn>", []p{{166, 53}}},
		{"<1: jdbchdfs-local && spark-client && timestamp || spark-cluster && spark-cluster && timestamp || spark-yarn>", []p{{166, 68}, {166, 85}}},
		{"a && a\nb", []p{{166, 5}, {158, 7}}},
		// one app can raise two problems: its label is defined twice and clashes with an app name
		{"a && x: b && x: a && a: c", []p{{159, 13}, {164, 21}}},
		{"x: a && x: <b || c>", []p{{159, 8}}},
		// an unlabelled name that is both a label and a used name
		{"a && a: b && a", []p{{164, 5}, {165, 13}, {166, 13}}},
		// $END and $FAIL are names like any other for the validator
		{"a 'x'->$END && b 'y'->$END", []p{{166, 22}}},
		{"a 'x'->:nope 'y'->:gone", []p{{160, 2}, {160, 13}}},
	}
	for _, c := range cases {
		_, err := ParseTask("test", c.def, true)
		var de *Error
		if !errors.As(err, &de) || de.Phase != "validation" {
			t.Errorf("%q: got %v", c.def, err)
			continue
		}
		var got []p
		for _, pr := range de.Problems {
			got = append(got, p{pr.Number, pr.Position})
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: problems %v, want %v", c.def, got, c.want)
		}
	}
	// Labels make duplicates legal, and validation can be turned off.
	for _, def := range []string{"appC && goo: appC", "appA;foo: appB", "appA 0->:label1 && appB\nlabel1: appC", "a 'x'->$END && b"} {
		if _, err := ParseTask("test", def, true); err != nil {
			t.Errorf("%q: %v", def, err)
		}
	}
	if _, err := ParseTask("test", "a && a", false); err != nil {
		t.Errorf("without validation: %v", err)
	}
}

func TestMessages(t *testing.T) {
	cases := []struct {
		def, task string
		want      string
	}{
		{def: "foo --", want: "112E:(pos 6): Unexpectedly ran out of input"},
		{def: "foo --|", want: "111E:(pos 6): Unexpected token.  Expected '|' but was '{1}'"},
		{def: "foo --x bar", want: "111E:(pos 8): Unexpected token.  Expected 'equals(=)' but was 'bar'"},
		{def: "aaa --bbb= --ccc=ddd", want: "105E:(pos 11): Expected an argument value but was 'null'"},
		{def: "foo -- x=1", want: "101E:(pos 7): No whitespace allowed between -- and option name"},
		{def: "foo 'abc", want: "107E:(pos 4): Cannot find terminating ' for string"},
		{def: "xxx: http | xxx: file", want: "143E:(pos 12): label 'xxx' should be unique but app 'http' (at position 0) and app 'file' (at position 1) both use it"},
		{def: "a | b || c", want: "169E:(pos 6): do not mix | and || when specifying a list of applications"},
		{task: "foo | bar", want: "151E:(pos 4): task dsl requires a pair of |"},
		{task: "a BROKEN->b", want: "154E:(pos 2): transition conditions must be quoted literals, numerics or * but 'BROKEN' is not"},
		{task: "  a && a  ", want: "Problems found when validating 'a && a': [166E:(pos 7): duplicate app name. Use a label to ensure uniqueness]"},
		{task: "a;b;c", want: "Problems found when validating 'a;b;c': [158E:(pos 2): secondary sequences must have labels or are unreachable, 158E:(pos 4): secondary sequences must have labels or are unreachable]"},
	}
	for _, c := range cases {
		var err error
		if c.task != "" {
			_, err = ParseTask("test", c.task, true)
		} else {
			_, err = ParseStream("", c.def)
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%q%q:\n got %v\nwant %s", c.def, c.task, err, c.want)
		}
	}
	if got := formatMessage("{0}{1}", []string{"{1}"}); got != "{1}{1}" {
		t.Errorf("an insert is not formatted again: %q", got)
	}
	if got := javaInt(1234567); got != "1,234,567" {
		t.Errorf("javaInt: %s", got)
	}
}

// Positions are SCDF's: UTF-16 offsets, so text before the error that is not ASCII counts per Java char.
func TestPositionsCountJavaChars(t *testing.T) {
	cases := []errorCase{
		{"foo --x='é' |", 112, 13, nil}, // é is 2 bytes, 1 char
		{"foo --x='😀' |", 112, 14, nil}, // 😀 is 4 bytes, 2 chars
		{"foo --x='日本' bar", 100, 13, []string{"bar"}},
	}
	for _, c := range cases {
		_, err := ParseStream("", c.def)
		checkErrorCase(t, c, err)
	}
	var de *Error
	_, err := ParseStream("", "foo --x='日本' bar")
	if !errors.As(err, &de) || de.Caret() != "foo --x='日本' bar\n"+strings.Repeat(" ", 13)+"^" {
		t.Fatalf("caret: %q", de.Caret())
	}
}

func TestCaretPointsAtThePosition(t *testing.T) {
	cases := []struct {
		def, task, want string
	}{
		{def: "foo --", want: "foo --\n      ^"},
		{def: "cardata | lbl:predict | log", want: "cardata | lbl:predict | log\n              ^"},
		{task: "a && b\nc && d &", want: "c && d &\n       ^"},
		{task: "a && a\n", want: "a && a\n     ^"},
	}
	for _, c := range cases {
		var err error
		if c.task != "" {
			_, err = ParseTask("t", c.task, true)
		} else {
			_, err = ParseStream("", c.def)
		}
		var de *Error
		if !errors.As(err, &de) {
			t.Fatalf("%q: %v", c.def+c.task, err)
		}
		if got := de.Caret(); got != c.want {
			t.Errorf("%q: caret\n%s\nwant\n%s", c.def+c.task, got, c.want)
		}
		if strings.Count(de.Caret(), "^") != 1 {
			t.Errorf("one caret: %q", de.Caret())
		}
	}
}
