package platforms

import (
	"fmt"
	"strconv"
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
func relaxed(s string) string { return strings.ToLower(separators.Replace(s)) }

// RelaxedName is relaxed, for the platforms that match deployer properties the same way.
func RelaxedName(s string) string { return relaxed(s) }

// separators is built once: building a Replacer for each of the hundreds of lookups a launch makes cost more
// than a millisecond of every launch.
var separators = strings.NewReplacer("-", "", "_", "")

// propertiesLineError is a .properties problem on a given (1-based) line.
type propertiesLineError struct {
	line int
	msg  string
}

func (e *propertiesLineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// parseProperties reads a Java properties file as java.util.Properties does: '#'/'!' comments, a key ended by
// an unescaped '=', ':' or blank, '\' line continuation, and the escapes \t \n \r \f \uXXXX.
func parseProperties(data string) ([]property, error) {
	var out []property
	lines := strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		line := strings.TrimLeft(lines[i], " \t\f")
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		for endsWithContinuation(line) && i+1 < len(lines) {
			i++
			line = line[:len(line)-1] + strings.TrimLeft(lines[i], " \t\f")
		}
		key, value := splitPropertyLine(line)
		k, err := unescapeProperty(key)
		if err == nil {
			var v string
			if v, err = unescapeProperty(value); err == nil {
				out = append(out, property{key: k, value: v})
				continue
			}
		}
		return nil, &propertiesLineError{line: start, msg: err.Error()}
	}
	return out, nil
}

// endsWithContinuation: an odd number of trailing backslashes joins the next line.
func endsWithContinuation(line string) bool {
	n := 0
	for i := len(line) - 1; i >= 0 && line[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// splitPropertyLine cuts at the first unescaped '=', ':' or blank; blanks around the separator are dropped.
func splitPropertyLine(line string) (key, value string) {
	end := len(line)
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' {
			i++
			continue
		}
		if strings.IndexByte("=: \t\f", line[i]) >= 0 {
			end = i
			break
		}
	}
	rest := strings.TrimLeft(line[end:], " \t\f")
	if rest != "" && (rest[0] == '=' || rest[0] == ':') {
		rest = strings.TrimLeft(rest[1:], " \t\f")
	}
	return line[:end], rest
}

func unescapeProperty(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			hex := s[i+1 : min(i+5, len(s))]
			r, err := strconv.ParseUint(hex, 16, 16)
			if err != nil || len(hex) < 4 {
				return "", fmt.Errorf(`malformed \uXXXX escape '\u%s'`, hex)
			}
			b.WriteRune(rune(r))
			i += 4
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), nil
}
