package platforms

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
)

// countingWriter records each Write, to check that a line and its prefix arrive together.
type countingWriter struct{ writes []string }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes = append(c.writes, string(p))
	return len(p), nil
}

func TestLineWriterWritesWholePrefixedLines(t *testing.T) {
	out := &countingWriter{}
	var mu sync.Mutex
	w := NewLineWriter(out, &mu, "[a-0] ")
	for _, part := range []string{"one\ntw", "o\n", "thr", "ee"} {
		if _, err := w.Write([]byte(part)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := []string{"[a-0] one\n", "[a-0] two\n", "[a-0] three\n"}
	if strings.Join(out.writes, "|") != strings.Join(want, "|") {
		t.Errorf("writes %q, want %q", out.writes, want)
	}
}

func TestActuatorPath(t *testing.T) {
	for endpoint, want := range map[string]string{"info": "/actuator/info", "/info": "/actuator/info", "//loggers/x": "/actuator/loggers/x"} {
		if got := ActuatorPath(endpoint); got != want {
			t.Errorf("%q: %q, want %q", endpoint, got, want)
		}
	}
}

func TestLogFileStartFindsTheLastLines(t *testing.T) {
	path := t.TempDir() + "/log"
	var b bytes.Buffer
	for i := range 10000 { // more than one chunk read backwards
		b.WriteString(strings.Repeat("x", i%7) + "\n")
	}
	b.WriteString("last without newline")
	if err := writeFile(path, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tail int
		want string
	}{{1, "last without newline"}, {2, "xxx\nlast without newline"}, {20000, b.String()}} {
		start, err := LogFileStart(path, c.tail)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.String()[start:]; got != c.want {
			t.Errorf("tail %d: %q...", c.tail, got[:min(len(got), 40)])
		}
	}
	if start, err := LogFileStart(path+".missing", 3); err != nil || start != 0 {
		t.Errorf("a missing file: %d %v", start, err)
	}
}

func writeFile(path string, b []byte) error { return os.WriteFile(path, b, 0o600) }
