package dsl

import (
	"errors"
	"testing"
)

// Every error the tokenizer and the parsers produce: code number and position, as SCDF reports them.
func TestStreamErrors(t *testing.T) {
	cases := []struct {
		def    string
		number int
		pos    int
	}{
		{"http | log foo", 100, 11},
		{"foo --x", 112, 7},
		{"foo --x bar", 111, 8},
		{"foo -- x=1", 101, 7},
		{"foo --x =1", 102, 8},
		{"foo --x= 1", 103, 9},
		{"foo --x= |", 105, 9},
		{"foo --x=|", 105, 8},
		{"foo --x=;", 105, 8},
		{`foo --x="abc`, 106, 8},
		{"foo --x='abc", 107, 8},
		{`foo "abc`, 106, 4},
		{"foo 'abc", 107, 4},
		{"foo -x", 108, 4},
		{"foo --x=1 --", 112, 12},
		{"foo |", 112, 5},
		{":foo >", 112, 6},
		{":", 148, 0},
		{"foo \\ bar", 114, 4},
		{"foo ( bar", 115, 4},
		{"foo % bar", 115, 4},
		{"| log", 118, 0},
		{":foo > --2323", 118, 7},
		{":foo > *", 118, 7},
		{"1foo = http | log", 122, 0},
		{"( = http", 115, 0},
		{"http > bar", 133, 7},
		{":foo .bar > log", 139, 5},
		{":foo. bar > log", 139, 6},
		{"http | log | log", 143, 13},
		{"a: foo | a: bar", 143, 9},
		{"foo --a .b=1", 145, 8},
		{"foo --a. b=1", 145, 9},
		{"http | lbl:filter | log", 147, 11},
		{"a: b: c", 156, 3},
		{"foo | bar || baz", 169, 10},
		{"foo || bar | baz", 169, 11},
		{":in > foo || bar", 170, 10},
		{"foo || bar > :out", 170, 4},
		{":> foo", 171, 1},
		{"foo\nbar", 100, 3},
	}
	for _, c := range cases {
		_, err := ParseStream("", c.def)
		var de *Error
		if !errors.As(err, &de) {
			t.Errorf("%q: want %d at %d, got %v", c.def, c.number, c.pos, err)
			continue
		}
		if de.Number() != c.number || de.Position() != c.pos {
			t.Errorf("%q: want %d at %d, got %v", c.def, c.number, c.pos, de)
		}
		if de.Code() != messages[c.number].code {
			t.Errorf("%q: code %s", c.def, de.Code())
		}
	}
}

func TestStreamNameIsChecked(t *testing.T) {
	for _, name := range []string{"-bar", ".bar", "0foobar", "foo.bar", "foo%bar"} {
		_, err := ParseStream(name, "time | log")
		var de *Error
		if !errors.As(err, &de) || de.Number() != 122 || de.Position() != 0 || de.Error() != "122E:(pos 0): illegal name for a stream '"+name+"'" {
			t.Errorf("%q: %v", name, err)
		}
	}
	for _, name := range []string{"foo-bar", "foo_bar", "$x", "_y"} {
		if _, err := ParseStream(name, "time | log"); err != nil {
			t.Errorf("%q should be legal: %v", name, err)
		}
	}
}

func TestTaskErrors(t *testing.T) {
	cases := []struct {
		def    string
		number int
		pos    int
	}{
		{"foo & bar", 150, 4},
		{"foo | bar", 151, 4},
		{"foo 1x->bar", 154, 4},
		{"foo 99999999999->bar", 154, 4},
		{"lbl: (foo && bar)", 155, 5},
		{"a: b: foo", 156, 3},
		{"foo ->bar", 157, 4},
		{"foo ||->bar", 163, 4},
		{"(a && b) && c", 163, 9},
		{"foo bar", 163, 4},
		{"foo / bar", 162, 4},
		{"foo # bar", 162, 4},
		{"foo @ bar", 162, 4},
		{"foo % bar", 162, 4},
		{"<foo || bar", 112, 11},
		{"foo &&", 112, 6},
		{"&& foo", 118, 0},
		{"foo 'a->bar", 107, 4},
		{"foo --x=1 -y", 108, 10},
	}
	for _, c := range cases {
		_, err := ParseTask("", c.def, true)
		var de *Error
		if !errors.As(err, &de) || de.Number() != c.number || de.Position() != c.pos {
			t.Errorf("%q: want %d at %d, got %v", c.def, c.number, c.pos, err)
		}
	}
	if _, err := ParseTask("0bad", "foo", true); err == nil || err.Error() != "123E:(pos 0): illegal name for a task '0bad'" {
		t.Errorf("task name: %v", err)
	}
}

func TestTaskValidationReportsEveryProblem(t *testing.T) {
	cases := []struct {
		def  string
		want []Problem
	}{
		{"a && b\nc", []Problem{{Number: 158, Position: 7}}},
		{"x: a && x: b", []Problem{{Number: 159, Position: 8}}},
		{"a 'FAILED'->:nope", []Problem{{Number: 160, Position: 2}}},
		{"a && a: b", []Problem{{Number: 164, Position: 5}}},
		{"a: b && a", []Problem{{Number: 165, Position: 8}}},
		{"a && b && a", []Problem{{Number: 166, Position: 10}}},
		{"a && a\nb", []Problem{{Number: 166, Position: 5}, {Number: 158, Position: 7}}},
	}
	for _, c := range cases {
		_, err := ParseTask("t", c.def, true)
		var de *Error
		if !errors.As(err, &de) || de.Phase != "validation" || len(de.Problems) != len(c.want) {
			t.Errorf("%q: got %v", c.def, err)
			continue
		}
		for i, w := range c.want {
			if got := de.Problems[i]; got.Number != w.Number || got.Position != w.Position {
				t.Errorf("%q problem %d: got %d at %d, want %d at %d", c.def, i, got.Number, got.Position, w.Number, w.Position)
			}
		}
	}
	// Labels make duplicates legal, and validation can be turned off.
	if _, err := ParseTask("t", "appC && goo: appC", true); err != nil {
		t.Errorf("labelled duplicate: %v", err)
	}
	if _, err := ParseTask("t", "a && a", false); err != nil {
		t.Errorf("without validation: %v", err)
	}
}

func TestCaretPointsAtThePosition(t *testing.T) {
	_, err := ParseStream("", "foo --")
	var de *Error
	if !errors.As(err, &de) {
		t.Fatal(err)
	}
	if got := de.Caret(); got != "foo --\n      ^" {
		t.Fatalf("caret:\n%s", got)
	}
	_, err = ParseTask("", "a && b\nc && d &", false)
	if !errors.As(err, &de) || de.Caret() != "c && d &\n       ^" {
		t.Fatalf("caret on the second line: %v\n%s", err, de.Caret())
	}
}
