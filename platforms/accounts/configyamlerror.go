package accounts

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// blockText is where a text lies inside a file: the whole file, or a block embedded in it (a ConfigMap's
// application.yaml, a manifest's SPRING_APPLICATION_JSON), so errors inside it point at the file's own line
// and column.
type blockText struct {
	firstLine int    // 1-based file line of the text's first line
	indent    int    // columns stripped from every line of the text
	name      string // what the embedded text is (application.yaml), said in errors
	text      string // the text itself, when known, to find a misindented line
}

var wholeFile = blockText{firstLine: 1}

func (b blockText) at(line, col int) (int, int) { return b.firstLine + line - 1, b.indent + col }

// invalid prefixes a message with what the embedded text is.
func (b blockText) invalid(msg string) string {
	if b.name == "" {
		return msg
	}
	return "invalid " + b.name + ": " + msg
}

var (
	yamlLineRe      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)^line (\d+): (.*)$`) })
	yamlUnknownRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^field (\S+) not found in type \S+$`) })
	yamlUnmarshalRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile("(?s)^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")
	})
)

// yamlError turns a yaml.v3 error into one line, "path:line:column: what", in the user's words rather than Go's
// (no type names). root, when known, lets the column be found; yaml.v3 itself reports lines only.
func yamlError(path string, root *yaml.Node, b blockText, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0] // the first problem is the one to fix first
	}
	m := yamlLineRe().FindStringSubmatch(msg)
	if m == nil {
		l, _ := b.at(1, 0)
		if b.name == "" {
			return fmt.Errorf("%s: %s", path, msg)
		}
		return fmt.Errorf("%s:%d: %s", path, l, b.invalid(msg))
	}
	line, _ := strconv.Atoi(m[1])
	what, hint := friendlyYAMLMessage(m[2])
	if what == "did not find expected key" || what == "did not find expected '-' indicator" {
		// yaml.v3 names the line where the enclosing block starts (counted from 0); the culprit is the
		// misindented line below it.
		if l, col := misindentedLine(b.text, line); l > 0 {
			fl, fc := b.at(l, col)
			return fmt.Errorf("%s:%d:%d: %s", path, fl, fc, b.invalid(what+" (check the indentation)"))
		}
	}
	if what == "mapping values are not allowed in this context" {
		// A second "key: value" on one line (an unquoted value holding ": "), or a key indented under a plain
		// value it then continues: point at the colon yaml.v3 stopped at.
		if col := mappingColon(b.text, line); col > 0 {
			l, c := b.at(line, col)
			return fmt.Errorf("%s:%d:%d: %s", path, l, c, b.invalid(what+" (check the indentation, or quote a value that holds ': ')"))
		}
	}
	what = b.invalid(what)
	if col := columnOnLine(root, line, hint); col > 0 {
		l, c := b.at(line, col)
		return fmt.Errorf("%s:%d:%d: %s", path, l, c, what)
	}
	l, _ := b.at(line, 0)
	return fmt.Errorf("%s:%d: %s", path, l, what)
}

// friendlyYAMLMessage rewrites decoder messages and returns the text of the node they are about, if any.
func friendlyYAMLMessage(msg string) (what, hint string) {
	if m := yamlUnknownRe().FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown field '%s'", m[1]), m[1]
	}
	if m := yamlUnmarshalRe().FindStringSubmatch(msg); m != nil {
		got := map[string]string{"seq": "a list", "map": "a mapping", "null": "nothing"}[m[1]]
		if got == "" {
			got = "'" + shorten(m[2], 40) + "'"
		}
		return fmt.Sprintf("expected %s, got %s", describeGoType(m[3]), got), m[2]
	}
	return msg, ""
}

func describeGoType(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.Contains(t, "."):
		return "a mapping"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "a single value"
	}
	return t
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// columnOnLine finds the column of the node on the given line whose text is hint, else of the last node that
// starts on that line (the value, in `key: value`).
func columnOnLine(root *yaml.Node, line int, hint string) int {
	if root == nil {
		return 0
	}
	best := 0
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		if n.Line == line && n.Kind != yaml.DocumentNode {
			if hint != "" && n.Value == hint {
				best = n.Column
				return true
			}
			if n.Column > best {
				best = n.Column
			}
		}
		for _, c := range n.Content {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	return best
}

// misindentedLine finds, from the mapping that starts near line `from`, the first line whose indentation
// matches no open mapping level: deeper than a sibling, shallower than a child. Zero when none is found.
func misindentedLine(text string, from int) (line, col int) {
	if text == "" || from < 1 {
		return 0, 0
	}
	lines := strings.Split(text, "\n")
	var open []int
	for i := from - 1; i < len(lines); i++ {
		trimmed := strings.TrimLeft(lines[i], " ")
		if strings.TrimSpace(trimmed) == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		d := len(lines[i]) - len(trimmed)
		if len(open) == 0 || d > open[len(open)-1] {
			open = append(open, d)
		} else {
			for len(open) > 0 && open[len(open)-1] > d {
				open = open[:len(open)-1]
			}
			if len(open) == 0 {
				return 0, 0 // left the mapping without finding a culprit
			}
			if open[len(open)-1] != d {
				return i + 1, d + 1
			}
		}
		// A list entry's mapping starts after its dash ("  - name: x"): the entry's next keys line up there.
		if rest, ok := strings.CutPrefix(trimmed, "-"); ok && strings.HasPrefix(rest, " ") && strings.TrimSpace(rest) != "" {
			open = append(open, d+1+len(rest)-len(strings.TrimLeft(rest, " ")))
		}
	}
	return 0, 0
}

// mappingColon is the column (from 1) of the mapping colon yaml.v3 refused on a line (counted from 1) of text: a
// ':' before a space or the line's end, the second on the line when there are two (the first is the key's own),
// else the only one (the line's key continues the value above it); 0 when there is none.
func mappingColon(text string, line int) int {
	lines := strings.Split(text, "\n")
	if line < 1 || line > len(lines) {
		return 0
	}
	l := lines[line-1]
	var cols []int
	for i := 0; i < len(l) && len(cols) < 2; i++ {
		if l[i] == ':' && (i+1 == len(l) || l[i+1] == ' ') {
			cols = append(cols, i+1)
		}
	}
	if len(cols) == 0 {
		return 0
	}
	return cols[len(cols)-1]
}

// splitDots splits a dotted property path; an empty path has no segments.
func splitDots(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ".")
}
