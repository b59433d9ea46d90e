package accounts

import (
	"bytes"
	"errors"
	"io"

	"go.yaml.in/yaml/v3"
)

// DecodeStrictYAML decodes a YAML document of dataflow's own (an estate file) into v, refusing unknown fields,
// with the accounts file's errors: one line, "path:line:column: what", in the user's words. It returns the
// document's node tree, so that the caller can point its own checks at a line and column.
func DecodeStrictYAML(path string, data []byte, v any) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, oneLine(yamlError(path, nil, blockText{firstLine: 1, text: string(data)}, err))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return nil, oneLine(yamlError(path, &root, wholeFile, err))
	}
	return &root, nil
}
