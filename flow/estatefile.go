package flow

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/platforms/accounts"
)

// estateFile is a decoded estate file with its node tree, so that every check can say file:line:column.
type estateFile struct {
	path   string
	estate Estate
	root   *yaml.Node
}

// readEstateFile decodes an estate file, refusing bad YAML and unknown fields with their position, and checks
// its header and that no name is given twice.
func readEstateFile(path string, data []byte) (*estateFile, error) {
	var e Estate
	root, err := accounts.DecodeStrictYAML(path, data, &e)
	if err != nil {
		return nil, err
	}
	f := &estateFile{path: path, estate: e, root: root}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: the file is empty: an estate starts with apiVersion: %s and kind: %s", path, EstateAPIVersion, EstateKind)
	}
	if e.APIVersion != EstateAPIVersion {
		return nil, f.errorAt(fmt.Errorf("apiVersion is '%s': this dataflow reads %s", e.APIVersion, EstateAPIVersion), "apiVersion")
	}
	if e.Kind != EstateKind {
		return nil, f.errorAt(fmt.Errorf("kind is '%s': an estate file is kind %s", e.Kind, EstateKind), "kind")
	}
	if err := f.checkNames(); err != nil {
		return nil, err
	}
	return f, nil
}

// checkNames refuses a missing name and a name given twice in a list.
func (f *estateFile) checkNames() error {
	seen := map[string]bool{}
	check := func(list string, i int, name string) error {
		key := list + "\x00" + name
		switch {
		case strings.TrimSpace(name) == "":
			return f.errorAt(fmt.Errorf("%s entry %d has no name", strings.TrimSuffix(list, "s"), i+1), list, i)
		case seen[key]:
			return f.errorAt(fmt.Errorf("%s '%s' is given twice", strings.TrimSuffix(list, "s"), name), list, i, "name")
		}
		seen[key] = true
		return nil
	}
	for i, a := range f.estate.Apps {
		if err := check("apps", i, a.Type+":"+a.Name); err != nil {
			return err
		}
		if a.Name == "" {
			return f.errorAt(fmt.Errorf("app entry %d has no name", i+1), "apps", i)
		}
	}
	for i, s := range f.estate.Streams {
		if err := check("streams", i, s.Name); err != nil {
			return err
		}
	}
	for i, t := range f.estate.Tasks {
		if err := check("tasks", i, t.Name); err != nil {
			return err
		}
	}
	for i, s := range f.estate.Schedules {
		if err := check("schedules", i, s.Name); err != nil {
			return err
		}
	}
	return nil
}

// node finds the node at a path of mapping keys (string) and sequence indexes (int); for a key, its value.
// It returns the deepest node found and whether the whole path was.
func (f *estateFile) node(path ...any) (*yaml.Node, bool) {
	n := f.root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, p := range path {
		var next *yaml.Node
		switch p := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == p {
						next = n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && p < len(n.Content) {
				next = n.Content[p]
			}
		}
		if next == nil {
			return n, false
		}
		n = next
	}
	return n, true
}

// errorAt says err at the position of the node at path: "file:line:column: err".
func (f *estateFile) errorAt(err error, path ...any) error {
	n, _ := f.node(path...)
	return fmt.Errorf("%s:%d:%d: %w", f.path, n.Line, n.Column, err)
}

// dslErrorAt says a definition's DSL error at its own position: the column of the problem inside the
// definition when the definition is one line of the file (plain or quoted), the definition's start otherwise.
func (f *estateFile) dslErrorAt(what string, err error, path ...any) error {
	n, found := f.node(path...)
	line, col := n.Line, n.Column
	var de *dsl.Error
	if found && errors.As(err, &de) && !strings.Contains(n.Value, "\n") {
		switch n.Style {
		case 0: // plain
			col += de.Position()
		case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
			if !strings.ContainsAny(n.Value, `'"\`) {
				col += 1 + de.Position()
			}
		}
	}
	return fmt.Errorf("%s:%d:%d: %s: %w", f.path, line, col, what, err)
}
