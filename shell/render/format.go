package render

import (
	"encoding/json"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// Format is how a listing is printed.
type Format string

const (
	FormatTable Format = "table"
	FormatJSON  Format = "json"
	FormatYAML  Format = "yaml"
)

// ParseFormat reads the -o value.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case FormatTable, FormatJSON, FormatYAML:
		return Format(s), nil
	}
	return "", fmt.Errorf("Unknown output format '%s': use table, json or yaml", s)
}

// JSON prints v indented, with a trailing newline; nil slices print as [] so scripts always get an array.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(emptyNotNull(v))
}

// YAML prints v as a YAML document.
func YAML(w io.Writer, v any) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(emptyNotNull(v)); err != nil {
		return err
	}
	return enc.Close()
}
