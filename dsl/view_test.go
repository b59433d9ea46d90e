package dsl

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/view")

func marshalView(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // '<', '>' and '&' are DSL, not HTML
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The JSON view of a parse, against golden files: streams, simple and composed tasks, parse and validation
// errors.
func TestDescribeGolden(t *testing.T) {
	cases := []struct {
		golden, kind, name, text string
		fails                    bool
	}{
		{"stream-pipeline", "stream", "", "mystream = :orders --group=g1 > lbl: filter --expression=\"payload == 'x'\" | transform --outputType=text/plain > :out", false},
		{"stream-unbound", "stream", "", "foo --a=1 || bar", false},
		{"stream-bridge", "stream", "", ":a > :b", false},
		{"stream-tap", "stream", "", ":ticktock.time > log --level=WARN --level=INFO", false},
		{"task-simple", "task", "ts", "t1: timestamp --format='yyyy MM'", false},
		{"task-composed", "task", "ct", "a 'FAILED'->b 1->$END && <c --x=1 || lbl: d> && e *->:a2\na2: f", false},
		{"task-composed-one-sequence", "task", "ct", "AAA && FFF \"FAILED\"->EEE && <BBB || CCC> && DDD", false},
		{"error-parse", "stream", "", "http | lbl:filter | log", true},
		{"error-validation", "task", "ct", "a && a: b && a", true},
	}
	for _, c := range cases {
		v, err := Describe(c.kind, c.name, c.text, true)
		if (err != nil) != c.fails {
			t.Errorf("%s: error %v", c.golden, err)
		}
		got := marshalView(t, v)
		path := filepath.Join("testdata", "view", c.golden+".json")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run go test ./dsl -run TestDescribeGolden -update)", c.golden, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", c.golden, got, want)
		}
	}
}

// The compact forms the plumbing command prints, field order included.
func TestDescribeJSON(t *testing.T) {
	cases := []struct{ kind, text, want string }{
		{"stream", "http --port=9000 | log", `{"kind":"stream","stream_name":null,"apps":[{"name":"http","label":null,"properties":{"port":"9000"}},{"name":"log","label":null,"properties":{}}],"source":null,"sink":null,"unbound":false}`},
		{"stream", ":a > :b", `{"kind":"stream","stream_name":null,"apps":[{"name":"bridge","label":null,"properties":{}}],"source":{"destination":"a","properties":{}},"sink":{"destination":"b","properties":{}},"unbound":false}`},
		{"task", "ts: timestamp", `{"kind":"task","composed":false,"app":{"name":"timestamp","label":"ts","properties":{}},"executable_dsl":"t-ts"}`},
		{"task", "a 'FAILED'->b 1->$END", `{"kind":"task","composed":true,"apps":[{"name":"a","label":null,"properties":{},"executable_name":"t-a"},{"name":"b","label":null,"properties":{},"executable_name":"t-b"}],"has_transitions":true,"has_splits":false,"sequences":1,"transitions":[{"from":"a","on":"FAILED","exit_code":false,"to":"b"},{"from":"a","on":"1","exit_code":true,"to":"$END"}],"dsl":"a 'FAILED'->b 1->$END","executable_dsl":"t-a 'FAILED'->t-b 1->t-$END"}`},
		{"task", "a;l: b", `{"kind":"task","composed":true,"apps":[{"name":"a","label":null,"properties":{},"executable_name":"t-a"},{"name":"b","label":"l","properties":{},"executable_name":"t-l"}],"has_transitions":false,"has_splits":false,"sequences":2,"transitions":[],"dsl":"a\nl: b","executable_dsl":null}`},
		{"stream", "foo |", `{"error":{"phase":"parse","code":"OOD","number":112,"position":5,"message":"112E:(pos 5): Unexpectedly ran out of input","problems":[{"code":"OOD","position":5,"message":"112E:(pos 5): Unexpectedly ran out of input"}]}}`},
	}
	for _, c := range cases {
		v, _ := Describe(c.kind, "t", c.text, true)
		got := bytes.TrimSpace(marshalCompact(t, v))
		if string(got) != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.text, got, c.want)
		}
	}
	if v, err := Describe("job", "", "x", true); err == nil || v != nil {
		t.Error("an unknown kind is an error without a view")
	}
}

func marshalCompact(t *testing.T, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
