package dsl

import (
	"reflect"
	"testing"
)

func testCatalog() Catalog {
	return Catalog{
		Apps: map[string][]string{
			"source":    {"http", "time"},
			"processor": {"filter", "transform", "splitter"},
			"sink":      {"log", "splitter"},
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
	after := func(prefix string) []string {
		return []string{prefix + "filter", prefix + "log", prefix + "splitter", prefix + "transform"}
	}
	cases := map[string][]string{
		"":                                     {"http", "standalone", "time"},
		"ht":                                   {"http"},
		"s = t":                                {"s = time"},
		"http |":                               after("http | "),
		"http | ":                              after("http | "),
		"http | f":                             {"http | filter"},
		"http | filter | fi":                   {"http | filter | filter2: filter"},
		"http | filter | filter2: filter | fi": {"http | filter | filter2: filter | filter3: filter"},
		"http | f: filter | fi":                {"http | f: filter | filter"}, // the label, not the app name, is what is taken
		"http | filter":                        nil,                           // a finished name: nothing to complete
		"standalone ||":                        {"standalone || standalone"},
		":":                                    {":orders", ":ticktock"},
		":ti":                                  {":ticktock"},
		":ticktock.":                           {":ticktock.time"},
		"http > :":                             {"http > :orders", "http > :ticktock"},
		":orders > ":                           after(":orders > "),
		":orders > t":                          {":orders > transform"},
		"http ":                                after("http | "),
		"http | splitter ":                     {"http | splitter | filter", "http | splitter | log", "http | splitter | splitter2: splitter", "http | splitter | transform"}, // a sink that is also a processor can continue
		"http | log ":                          nil,                                                                                                                           // only a sink: the stream is complete
		"http > :out ":                         nil,
		"http --port=9000 | log":               nil,
		"http --":                              nil,
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
		"a || lbl: e":       {"a || lbl: extract"},
		"timestamp --form=": nil,
		"timestamp":         nil,
	}
	for in, want := range cases {
		if got := CompleteTask(in, c); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
