package platforms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Imported is what SCDF configuration yields: stream (Skipper) and task (server) accounts, feature switches, and
// warnings about properties SCDF itself would have ignored.
type Imported struct {
	Streams  []Account
	Tasks    []Account
	Features Features
	Warnings []string
}

// role says whose configuration a document is, which decides where bare `platform.*.accounts` trees go.
type role int

const (
	roleUnknown role = iota
	roleSkipper
	roleServer
)

// ImportFile reads SCDF's configuration unchanged: a Kubernetes ConfigMap holding application.yaml/.properties,
// a Spring Boot application.yaml or .properties file, or a Cloud Foundry manifest.yml whose env holds
// SPRING_APPLICATION_JSON (or relaxed-binding variables). Errors name the file, line and column.
func ImportFile(path string, data []byte) (*Imported, error) {
	if strings.EqualFold(filepath.Ext(path), ".properties") {
		props, err := parseProperties(string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return buildImport(props, guessRole(path, props))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s", path, yamlErrorText(err))
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: the file is empty", path)
	}
	top := doc.Content[0]
	switch {
	case mappingValue(top, "kind") != nil && mappingValue(top, "kind").Value == "ConfigMap":
		return importConfigMap(path, data, top)
	case mappingValue(top, "applications") != nil:
		return importManifest(path, data, top)
	default:
		var props []property
		flatten("", top, &props)
		return buildImport(props, guessRole(path, props))
	}
}

// mappingValue returns the value node of key in a YAML mapping node.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// importConfigMap reads data."application.yaml" (or .yml / .properties) of a ConfigMap.
func importConfigMap(path string, file []byte, top *yaml.Node) (*Imported, error) {
	data := mappingValue(top, "data")
	r := roleUnknown
	if name := mappingValue(mappingValue(top, "metadata"), "name"); name != nil {
		r = roleOf(name.Value)
	}
	for _, key := range []string{"application.yaml", "application.yml", "application.properties"} {
		block := mappingValue(data, key)
		if block == nil {
			continue
		}
		loc := blockLocation(file, block)
		var props []property
		if strings.HasSuffix(key, ".properties") {
			p, err := parseProperties(block.Value)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, key, err)
			}
			props = p
		} else {
			var tree yaml.Node
			if err := yaml.Unmarshal([]byte(block.Value), &tree); err != nil {
				return nil, loc.yamlError(path, key, err)
			}
			flatten("", &tree, &props)
		}
		if r == roleUnknown {
			r = guessRole(path, props)
		}
		return buildImport(props, r)
	}
	return nil, fmt.Errorf("%s: the ConfigMap has no data.\"application.yaml\" (or .yml, .properties)", path)
}

// importManifest reads every application of a CF manifest: SPRING_APPLICATION_JSON and relaxed-binding env vars.
func importManifest(path string, file []byte, top *yaml.Node) (*Imported, error) {
	apps := mappingValue(top, "applications")
	all := &Imported{}
	for _, app := range apps.Content {
		r := roleUnknown
		if name := mappingValue(app, "name"); name != nil {
			r = roleOf(name.Value)
		}
		env := mappingValue(app, "env")
		if env == nil {
			continue
		}
		if n := mappingValue(env, "SPRING_APPLICATION_NAME"); n != nil && r == roleUnknown {
			r = roleOf(n.Value)
		}
		var props []property
		for i := 0; i+1 < len(env.Content); i += 2 {
			key, val := env.Content[i].Value, env.Content[i+1]
			if key == "SPRING_APPLICATION_JSON" {
				tree, err := decodeJSON(val.Value)
				if err != nil {
					return nil, blockLocation(file, val).jsonError(path, key, val.Value, err)
				}
				flatten("", tree, &props)
				continue
			}
			props = append(props, envProperty(key, val.Value)...)
		}
		im, err := buildImport(props, r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		all.add(im)
	}
	return all, nil
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

// ImportEnv reads SPRING_APPLICATION_JSON and relaxed-binding variables such as
// SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_KUBERNETES_ACCOUNTS_HIGHMEMORY_NAMESPACE.
func ImportEnv(environ []string) (*Imported, error) {
	var props []property
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if k == "SPRING_APPLICATION_JSON" {
			tree, err := decodeJSON(v)
			if err != nil {
				return nil, fmt.Errorf("SPRING_APPLICATION_JSON: %s", jsonErrorText(v, err))
			}
			flatten("", tree, &props)
			continue
		}
		props = append(props, envProperty(k, v)...)
	}
	return buildImport(props, roleUnknown)
}

// envProperty maps an upper-case relaxed-binding variable to its property, if it is one of SCDF's.
func envProperty(k, v string) []property {
	if !strings.HasPrefix(k, "SPRING_CLOUD_") {
		return nil
	}
	return []property{{key: strings.ToLower(strings.ReplaceAll(k, "_", ".")), value: v}}
}

func roleOf(name string) role {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "skipper"):
		return roleSkipper
	case strings.Contains(n, "dataflow") || strings.Contains(n, "data-flow") || strings.Contains(n, "scdf"):
		return roleServer
	}
	return roleUnknown
}

func guessRole(path string, props []property) role {
	if r := roleOf(filepath.Base(path)); r != roleUnknown {
		return r
	}
	for _, p := range props {
		k := relaxed(p.key)
		if strings.HasPrefix(k, "spring.cloud.skipper") {
			return roleSkipper
		}
		if strings.HasPrefix(k, "spring.cloud.dataflow") {
			return roleServer
		}
	}
	return roleUnknown
}

// add appends another import's results.
func (im *Imported) add(o *Imported) {
	im.Streams = append(im.Streams, o.Streams...)
	im.Tasks = append(im.Tasks, o.Tasks...)
	im.Warnings = append(im.Warnings, o.Warnings...)
	if o.Features.Streams != nil {
		im.Features.Streams = o.Features.Streams
	}
	if o.Features.Tasks != nil {
		im.Features.Tasks = o.Features.Tasks
	}
	if o.Features.Schedules != nil {
		im.Features.Schedules = o.Features.Schedules
	}
}

// blockText is where an embedded block (application.yaml, SPRING_APPLICATION_JSON) starts in the file, so errors
// inside it point at the file's own line and column.
type blockText struct {
	firstLine int // 1-based line of the block's first content line
	indent    int // columns stripped from every content line
}

func blockLocation(file []byte, n *yaml.Node) blockText {
	first := n.Line
	if n.Style == yaml.LiteralStyle || n.Style == yaml.FoldedStyle {
		first = n.Line + 1
	}
	lines := bytes.Split(file, []byte("\n"))
	indent := n.Column - 1
	if first-1 < len(lines) && first != n.Line {
		l := lines[first-1]
		indent = len(l) - len(bytes.TrimLeft(l, " "))
	}
	return blockText{firstLine: first, indent: indent}
}

func (b blockText) jsonError(path, key, text string, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineColumn(text, se.Offset)
		return fmt.Errorf("%s:%d:%d: invalid %s: %s", path, b.firstLine+line-1, b.indent+col, key, err.Error())
	}
	return fmt.Errorf("%s:%d: invalid %s: %v", path, b.firstLine, key, err)
}

func (b blockText) yamlError(path, key string, err error) error {
	msg := yamlErrorText(err)
	var line int
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
		rest := msg[strings.Index(msg, ":")+2:]
		return fmt.Errorf("%s:%d: invalid %s: %s", path, b.firstLine+line-1, key, rest)
	}
	return fmt.Errorf("%s:%d: invalid %s: %s", path, b.firstLine, key, msg)
}

func jsonErrorText(text string, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineColumn(text, se.Offset)
		return fmt.Sprintf("line %d, column %d: %v", line, col, err)
	}
	return err.Error()
}

// lineColumn is the 1-based line and column of the byte the JSON decoder stopped at (offset counts the bytes read,
// so the offending byte is the one before it).
func lineColumn(text string, offset int64) (int, int) {
	at := int(offset) - 1
	if at < 0 {
		at = 0
	}
	if at > len(text) {
		at = len(text)
	}
	before := text[:at]
	line := strings.Count(before, "\n") + 1
	col := at - strings.LastIndex(before, "\n")
	return line, col
}
