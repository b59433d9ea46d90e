package shell

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// manifestDocuments reads a Skipper manifest (YAML documents, one per app) as a list, for `stream manifest -o
// json|yaml`.
func manifestDocuments(manifest string) ([]map[string]any, error) {
	docs := []map[string]any{}
	dec := yaml.NewDecoder(strings.NewReader(manifest))
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("the stored manifest cannot be read: %w", err)
		}
		if doc != nil {
			docs = append(docs, doc)
		}
	}
}
