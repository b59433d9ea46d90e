package accounts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// blockLocation finds where the text of a YAML scalar starts in the file. A literal or folded block (|-, >)
// starts on the line after its indicator and loses its indentation; a plain or quoted scalar starts at the
// node itself (positions past its first line are approximate, as YAML folds such scalars).
func blockLocation(file []byte, n *yaml.Node, name string) blockText {
	b := blockText{firstLine: n.Line, indent: n.Column - 1, name: name, text: n.Value}
	switch n.Style {
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		b.indent++ // the text starts after the opening quote
		return b
	case yaml.LiteralStyle, yaml.FoldedStyle:
	default:
		return b
	}
	b.firstLine = n.Line + 1
	lines := bytes.Split(file, []byte("\n"))
	// The block's indentation is that of its first non-blank line.
	for i := n.Line; i < len(lines); i++ {
		l := bytes.TrimRight(lines[i], "\r")
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		b.indent = len(l) - len(bytes.TrimLeft(l, " "))
		break
	}
	return b
}

// decodeJSON checks the text with the JSON decoder (exact error offsets), then reads it as YAML, of which JSON is
// a subset, to keep the document order that decides the order accounts are listed in.
func decodeJSON(text string) (*yaml.Node, error) {
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return nil, err
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(text), &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// jsonError points a JSON syntax error at the file's own line and column, and says what most likely went wrong.
func jsonError(path, text string, b blockText, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		l, _ := b.at(1, 0)
		return fmt.Errorf("%s:%d: %s", path, l, b.invalid(err.Error()))
	}
	line, col := lineColumn(text, se.Offset)
	l, c := b.at(line, col)
	msg := err.Error()
	switch {
	case strings.Contains(msg, "after object key:value pair"), strings.Contains(msg, "after array element"):
		msg += " (is a comma missing before it?)"
	case strings.Contains(msg, "looking for beginning of value") && startsBareWord(text, se.Offset):
		msg += " (are quotes missing around a text value?)"
	}
	return fmt.Errorf("%s:%d:%d: %s", path, l, c, b.invalid(msg))
}

// lineColumn is the 1-based line and column of the byte the JSON decoder stopped at (offset counts the bytes
// read, so the offending byte is the one before it). Columns count bytes, as editors with UTF-8 files mostly
// do for the ASCII that JSON syntax is made of.
func lineColumn(text string, offset int64) (int, int) {
	at := min(max(int(offset)-1, 0), len(text))
	before := text[:at]
	line := strings.Count(before, "\n") + 1
	col := at - strings.LastIndex(before, "\n")
	return line, col
}

// startsBareWord says whether the JSON decoder stopped at an unquoted word or <placeholder>, as the seed's
// manifests have (<org>, kafka-org).
func startsBareWord(text string, offset int64) bool {
	at := int(offset) - 1
	if at < 0 || at >= len(text) {
		return false
	}
	c := text[at]
	return c == '<' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// propertiesError points a .properties parse error at the file's line.
func (b blockText) propertiesError(path string, err error) error {
	var pe *propertiesLineError
	if errors.As(err, &pe) {
		l, _ := b.at(pe.line, 0)
		return fmt.Errorf("%s:%d: %s", path, l, b.invalid(pe.msg))
	}
	return fmt.Errorf("%s: %s", path, b.invalid(err.Error()))
}
