package dsl

import (
	"reflect"
	"testing"
)

func testCatalog() Catalog {
	return Catalog{
		Apps: map[string][]string{
			"source":    {"http", "time"},
			"processor": {"filter", "transform"},
			"sink":      {"log"},
			"app":       {"standalone"},
			"task":      {"timestamp", "extract"},
		},
		Streams: []string{"orders", "ticktock"},
		StreamLabels: func(s string) []string {
			if s == "ticktock" {
				return []string{"time"}
			}
			return nil
		},
	}
}

func TestCompleteStream(t *testing.T) {
	c := testCatalog()
	cases := map[string][]string{
		"":                       {"http", "standalone", "time"},
		"ht":                     {"http"},
		"http |":                 {"http | filter", "http | log", "http | transform"},
		"http | f":               {"http | filter"},
		"http | filter | fi":     {"http | filter | filter2: filter"},
		"standalone ||":          {"standalone || standalone"},
		":":                      {":orders", ":ticktock"},
		":ti":                    {":ticktock"},
		":ticktock.":             {":ticktock.time"},
		":orders > ":             {":orders > filter", ":orders > log", ":orders > transform"},
		"http ":                  {"http | filter", "http | log", "http | transform"},
		"http --port=9000 | log": nil,
		"http --":                nil,
	}
	for in, want := range cases {
		if got := CompleteStream(in, c); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestCompleteTask(t *testing.T) {
	c := testCatalog()
	cases := map[string][]string{
		"":                  {"extract", "timestamp"},
		"ti":                {"timestamp"},
		"extract && ":       {"extract && extract", "extract && timestamp"},
		"extract && <t":     {"extract && <timestamp"},
		"a 'FAILED'->":      {"a 'FAILED'->extract", "a 'FAILED'->timestamp"},
		"timestamp --form=": nil,
	}
	for in, want := range cases {
		if got := CompleteTask(in, c); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
