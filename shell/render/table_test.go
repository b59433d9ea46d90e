package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func render(t *testing.T, tables ...Table) string {
	t.Helper()
	var buf bytes.Buffer
	for i, tbl := range tables {
		if i > 0 {
			buf.WriteString("\n")
		}
		if err := RenderTable(&buf, tbl, 0); err != nil {
			t.Fatal(err)
		}
	}
	return buf.String()
}

// The seed's platform-list tables, character for character, with the Description header centred like the others
// (the seed's author padded that one header by hand).
func TestSeedPlatformListTables(t *testing.T) {
	stream := Table{Headers: []string{"Name", "Type", "Description"}, Rows: [][]string{
		{"default", "kubernetes", "master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]"},
		{"kafkazone", "kubernetes", "master url = [https://10.0.0.1:443/], namespace = [kafka-namespace], api version = [v1]"},
	}}
	if got, want := render(t, stream), golden(t, "stream-platform-list.golden"); got != want {
		t.Errorf("stream platform-list:\n%s\nwant:\n%s", got, want)
	}
	task := Table{Headers: []string{"Platform Name", "Platform Type", "Description"}, Rows: [][]string{
		{"default", "Kubernetes", "master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]"},
		{"highmemory", "Kubernetes", "master url = [https://10.0.0.1:443/], namespace = [highmemory-namespace], api version = [v1]"},
	}}
	if got, want := render(t, task), golden(t, "task-platform-list.golden"); got != want {
		t.Errorf("task platform-list:\n%s\nwant:\n%s", got, want)
	}
}

// SCDF's documented stream list, and an empty table: the header and the bottom border only.
func TestDocumentedTablesAndEmptyTable(t *testing.T) {
	got := render(t,
		Table{Headers: []string{"Stream Name", "Stream Definition", "Description", "Status"}, Rows: [][]string{{"ticktock", "time | log", "", "undeployed"}}},
		Table{Headers: []string{"Task Name", "Task Definition", "Task Status"}},
	)
	if want := golden(t, "stream-list-and-empty.golden"); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestMultiLineAndWideCellsStayAligned(t *testing.T) {
	got := render(t, Table{Headers: []string{"Key", "Value"}, Rows: [][]string{
		{"props", "a = 1\nbb = 22"},
		{"日本", "x"},
		{"short"},
	}})
	want := "" +
		"╔═════╤═══════╗\n" +
		"║ Key │ Value ║\n" +
		"╠═════╪═══════╣\n" +
		"║props│a = 1  ║\n" +
		"║     │bb = 22║\n" +
		"║日本 │x      ║\n" +
		"║short│       ║\n" +
		"╚═════╧═══════╝\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestWrapsToTheTerminalWidth(t *testing.T) {
	var buf bytes.Buffer
	long := strings.Repeat("word ", 30)
	if err := RenderTable(&buf, Table{Headers: []string{"Name", "Definition"}, Rows: [][]string{{"s", long}}}, 40); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if w := len([]rune(line)); w > 40 {
			t.Errorf("line wider than 40 (%d): %s", w, line)
		}
	}
	if strings.Count(buf.String(), "\n") < 5 {
		t.Errorf("a long cell should wrap onto several lines:\n%s", buf.String())
	}
}

// A word longer than the terminal (a long DSL token, a URI) is broken at the width: the table keeps within the
// terminal, and every character is still there, in order.
func TestAWordLongerThanTheTerminalIsBroken(t *testing.T) {
	var buf bytes.Buffer
	long := strings.Repeat("x", 100) + "y" + strings.Repeat("z", 99)
	if err := RenderTable(&buf, Table{Headers: []string{"Name", "Definition"}, Rows: [][]string{{"s", long + " | log"}}}, 40); err != nil {
		t.Fatal(err)
	}
	var joined strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if w := len([]rune(line)); w > 40 {
			t.Errorf("line wider than 40 (%d): %s", w, line)
		}
		if cells := strings.Split(line, "│"); len(cells) == 2 && !strings.HasPrefix(line, "║Name") {
			joined.WriteString(strings.TrimSpace(strings.TrimSuffix(cells[1], "║")))
		}
	}
	if strings.ReplaceAll(joined.String(), " ", "") != long+"|log" {
		t.Fatalf("the broken word lost or moved characters: %q\n%s", joined.String(), buf.String())
	}
	// A narrow table of wide characters breaks between characters, never inside one.
	buf.Reset()
	wide := strings.Repeat("界", 50)
	if err := RenderTable(&buf, Table{Headers: []string{"Name", "Definition"}, Rows: [][]string{{"s", wide}}}, 30); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if w := displayWidth(line); w > 30 {
			t.Errorf("line wider than 30 (%d): %s", w, line)
		}
	}
}

func TestFormats(t *testing.T) {
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "'xml'") {
		t.Fatalf("ParseFormat(xml) = %v", err)
	}
	type row struct {
		Name string `json:"name" yaml:"name"`
	}
	var buf bytes.Buffer
	if err := JSON(&buf, []row(nil)); err != nil || buf.String() != "[]\n" {
		t.Fatalf("empty JSON listing = %q, %v", buf.String(), err)
	}
	buf.Reset()
	if err := YAML(&buf, []row{{"a<b"}}); err != nil || buf.String() != "- name: a<b\n" {
		t.Fatalf("YAML = %q, %v", buf.String(), err)
	}
}

func BenchmarkRenderTable1000Rows(b *testing.B) {
	tbl := Table{Headers: []string{"Stream Name", "Stream Definition", "Description", "Status", "Platform"}}
	for i := range 1000 {
		tbl.Rows = append(tbl.Rows, []string{"stream-" + strings.Repeat("x", i%17), "time | transform --expression=payload | log", "", "deployed", "default"})
	}
	b.ReportAllocs()
	for range b.N {
		if err := RenderTable(&bytes.Buffer{}, tbl, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// A description is the user's text: escape sequences in it are shown, not obeyed, and the table stays aligned.
func TestControlCharactersAreShownNotObeyed(t *testing.T) {
	tbl := Table{Headers: []string{"Stream Name", "Description"}, Rows: [][]string{
		{"evil", "\x1b]0;pwned\x07\x1b[2Jcleared"},
		{"c1", "a\u009b31mred\u202eesrever"},
		{"bytes", "tab\there\rcr\x7fdel\xffend\x00"},
		{"ok", "café 数据\nsecond line"},
	}}
	got := render(t, tbl)
	for _, want := range []string{`║evil       │\x1b]0;pwned\x07\x1b[2Jcleared ║`, `║c1         │a\u009b31mred\u202eesrever     ║`,
		`║bytes      │tab\there\rcr\x7fdel\xffend\x00║`, `║ok         │café 数据                      ║`, `║           │second line                    ║`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "\x1b\x07\t\r\x7f\x00\u009b\u202e") || !utf8.ValidString(got) {
		t.Errorf("a control character reached the output:\n%q", got)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	for _, l := range lines {
		if displayWidth(l) != displayWidth(lines[0]) {
			t.Errorf("misaligned: %q (%d wide, the border %d)", l, displayWidth(l), displayWidth(lines[0]))
		}
	}
}

func TestFixedColumnWidthWrapsAndCuts(t *testing.T) {
	var b strings.Builder
	err := RenderTable(&b, Table{Headers: []string{"Name", "Description"}, ColumnWidth: 10,
		Rows: [][]string{{"spel.function.expression", "a short one and a longer one"}}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := "╔══════════╤══════════╗\n" +
		"║   Name   │Descriptio║\n" +
		"║          │    n     ║\n" +
		"╠══════════╪══════════╣\n" +
		"║spel.funct│a short   ║\n" +
		"║ion.expres│one and a ║\n" +
		"║sion      │longer one║\n" +
		"╚══════════╧══════════╝\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
