package dsl

import (
	"fmt"
	"testing"
)

func optionsCatalog() Catalog {
	c := testCatalog()
	c.Options = func(typ, name string, all bool) []OptionInfo {
		var out []OptionInfo
		for _, o := range options(typ, name) {
			if all || o.Visible {
				out = append(out, o)
			}
		}
		return out
	}
	return c
}

// options are the test apps' options, visible or not.
func options(typ, name string) []OptionInfo {
	switch {
	case typ == "source" && name == "time":
		return []OptionInfo{
			{ID: "time.format", Name: "format", Description: "How to render the time.", Visible: true, Values: []string{"HH:mm:ss", "yyyy"}},
			{ID: "time.enabled", Name: "enabled", Visible: true, Values: []string{"true", "false"}},
			{ID: "date.format", Name: "format", Description: "Date format.", Visible: false},
			{ID: "server.port", Name: "port", Description: "Server HTTP port."},
		}
	case typ == "processor" && name == "transform":
		return []OptionInfo{
			{ID: "spel.function.expression", Name: "expression", Description: "A SpEL expression.", Visible: true},
			{ID: "script.expression", Name: "expression", Description: "A script.", Visible: true},
		}
	case typ == "task" && name == "timestamp":
		return []OptionInfo{{ID: "timestamp.format", Name: "format", Description: "Format.", Visible: true}}
	}
	return nil
}

func TestOptionCompletion(t *testing.T) {
	c := optionsCatalog()
	cases := []struct {
		prefix string
		want   []Proposal
	}{
		{"time --", []Proposal{{"time --format=", "How to render the time."}, {"time --enabled=", ""}}},
		{"time -", []Proposal{{"time --format=", "How to render the time."}, {"time --enabled=", ""}}},
		{"time --fo", []Proposal{{"time --format=", "How to render the time."}}},
		{"time --format=x --", []Proposal{{"time --format=x --enabled=", ""}}},
		{"time --ser", []Proposal{{"time --server.port=", "Server HTTP port."}}},
		{"time --date.", []Proposal{{"time --date.format=", "Date format."}}},
		{"time --format=", []Proposal{{"time --format=HH:mm:ss", "How to render the time."}, {"time --format=yyyy", "How to render the time."}}},
		{"time --enabled=t", []Proposal{{"time --enabled=true", ""}}},
		{"time | transform --", []Proposal{{"time | transform --spel.function.expression=", "A SpEL expression."}, {"time | transform --script.expression=", "A script."}}},
		{"t: time --format='a b' --e", []Proposal{{"t: time --format='a b' --enabled=", ""}}},
		{"time --format='a ", nil},
		{"nosuch --", nil},
		{"time ", nil},
	}
	for _, tc := range cases {
		got := CompleteStreamOptions(tc.prefix, c)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%q:\n got %v\nwant %v", tc.prefix, got, tc.want)
		}
	}
	if got := CompleteTaskOptions("a: timestamp && timestamp --", c); fmt.Sprint(got) != fmt.Sprint([]Proposal{{"a: timestamp && timestamp --format=", "Format."}}) {
		t.Errorf("task: %v", got)
	}
}
