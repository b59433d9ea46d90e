package platforms

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// property is one flattened configuration entry: "spring.cloud.x.y" = "value".
type property struct {
	key   string
	value string
}

// flatten turns a YAML (or JSON, parsed as YAML) tree into dotted keys in document order, as Spring flattens
// property sources. Keys that already hold dots ("spring.cloud.skipper.server": {...}) simply join.
func flatten(prefix string, n *yaml.Node, out *[]property) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			flatten(prefix, c, out)
		}
	case yaml.AliasNode:
		flatten(prefix, n.Alias, out)
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			flatten(joinKey(prefix, n.Content[i].Value), n.Content[i+1], out)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			flatten(fmt.Sprintf("%s[%d]", prefix, i), c, out)
		}
	default:
		*out = append(*out, property{key: prefix, value: n.Value})
	}
}

func joinKey(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// relaxed is Spring's relaxed-binding comparison form of one key segment: case, dashes and underscores ignored.
func relaxed(s string) string {
	return strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(s))
}

// parseProperties reads a Java properties file ("key=value", "key: value", '#'/'!' comments, '\' continuation).
func parseProperties(data string) ([]property, error) {
	var out []property
	lines := strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		start := i + 1
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + strings.TrimSpace(lines[i])
		}
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		sep := strings.IndexAny(line, "=:")
		if sep <= 0 {
			return nil, fmt.Errorf("line %d: expected key=value, got '%s'", start, line)
		}
		out = append(out, property{key: strings.TrimSpace(line[:sep]), value: strings.TrimSpace(line[sep+1:])})
	}
	return out, nil
}
