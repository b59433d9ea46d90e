package shell

import (
	"reflect"
	"testing"
)

func TestSplitWords(t *testing.T) {
	cases := []struct {
		line string
		want []string
	}{
		{"stream list", []string{"stream", "list"}},
		{"  stream   list  ", []string{"stream", "list"}},
		{`stream create foo --definition "time | log"`, []string{"stream", "create", "foo", "--definition", "time | log"}},
		{`stream create --definition "filter --expression='a b' | log"`, []string{"stream", "create", "--definition", "filter --expression='a b' | log"}},
		{`stream create --definition 'http | filter --expression="x" | log'`, []string{"stream", "create", "--definition", `http | filter --expression="x" | log`}},
		{`x --d "say \"hi\""`, []string{"x", "--d", `say "hi"`}},
		{`x --d 'a\d+b'`, []string{"x", "--d", `a\d+b`}},
		{`x --d ""`, []string{"x", "--d", ""}},
		{`x --d=""`, []string{"x", "--d="}},
		{`x a"b c"d`, []string{"x", "ab cd"}},
		{"", nil},
	}
	for _, c := range cases {
		got, err := SplitWords(c.line)
		if err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.line, got, c.want)
		}
	}
}

func TestSplitWordsUnclosedQuote(t *testing.T) {
	_, err := SplitWords(`stream create foo --definition "time | log`)
	if err == nil || err.Error() != `unclosed " quote opened at position 31` {
		t.Fatalf("err = %v", err)
	}
}
