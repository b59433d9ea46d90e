package accounts

import "testing"

// YAML syntax errors point at the line and column to fix, not at the block yaml.v3 names.
func TestStrictYAMLSyntaxErrorsHaveTheirPosition(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"streams:\n  - name: a\n   definition: b\n", "f.yaml:3:4: did not find expected '-' indicator (check the indentation)"},
		{"streams:\n  - name: a\n    definition: b\n  - name: c\n     definition: d\n", "f.yaml:5:16: mapping values are not allowed in this context (check the indentation, or quote a value that holds ': ')"},
		{"streams:\n  - name: a\n    definition: x: y\n", "f.yaml:3:18: mapping values are not allowed in this context (check the indentation, or quote a value that holds ': ')"},
	} {
		var v map[string]any
		_, err := DecodeStrictYAML("f.yaml", []byte(c.text), &v)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.text, err, c.want)
		}
	}
}
