package accounts

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dataflow-cli/dataflow/platforms"
)

// property is one flattened configuration entry: "spring.cloud.x.y" = "value".
type property struct {
	key   string
	value string
}

// flatten turns a YAML (or JSON, parsed as YAML) tree into dotted keys in document order, as Spring flattens
// property sources. Keys that already hold dots ("spring.cloud.skipper.server": {...}) simply join.
//
// Aliases are expanded, within limits: an alias inside the value it names (`a: &a [*a]`) would expand for
// ever, and a few lines of aliases of aliases (a "billion laughs") to billions of values; either took all the
// memory of the machine before it was refused. Both are refused with an *aliasError.
func flatten(prefix string, n *yaml.Node, out *[]property) error {
	f := flattener{out: out, open: map[*yaml.Node]bool{}}
	return f.walk(prefix, n, nil)
}

// maxAliasValues bounds the values that aliases may add to a document. A configuration that shares a block
// between accounts adds tens or hundreds; SnakeYAML, which Spring reads these files with, refuses more than 50
// aliases to collections for the same reason.
const maxAliasValues = 10_000

type flattener struct {
	out      *[]property
	expanded int                 // values reached through an alias so far
	open     map[*yaml.Node]bool // the anchored nodes being walked: an alias to one of them is a cycle
}

// walk flattens n; via is the outermost alias being expanded, nil outside any.
func (f *flattener) walk(prefix string, n *yaml.Node, via *yaml.Node) error {
	if via != nil {
		if f.expanded++; f.expanded > maxAliasValues {
			return &aliasError{line: via.Line, column: via.Column,
				msg: fmt.Sprintf("YAML aliases expand to more than %d values here (a 'billion laughs' document?): refused", maxAliasValues)}
		}
	}
	if n.Anchor != "" {
		f.open[n] = true
		defer delete(f.open, n)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if err := f.walk(prefix, c, via); err != nil {
				return err
			}
		}
	case yaml.AliasNode:
		if f.open[n.Alias] {
			return &aliasError{line: n.Line, column: n.Column,
				msg: fmt.Sprintf("alias *%s is inside the value &%s it names, so it never ends: refused", n.Value, n.Value)}
		}
		if via == nil {
			via = n
		}
		return f.walk(prefix, n.Alias, via)
	case yaml.MappingNode:
		if len(n.Content) == 0 && prefix != "" {
			// An empty map is still there: `default: {}` is an account with every default, as Spring binds it.
			*f.out = append(*f.out, property{key: prefix})
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if err := f.walk(joinKey(prefix, n.Content[i].Value), n.Content[i+1], via); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := f.walk(fmt.Sprintf("%s[%d]", prefix, i), c, via); err != nil {
				return err
			}
		}
	default:
		*f.out = append(*f.out, property{key: prefix, value: n.Value})
	}
	return nil
}

// aliasError is a document whose aliases are refused, at the alias (line and column of the text parsed).
type aliasError struct {
	line, column int
	msg          string
}

func (e *aliasError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.line, e.column, e.msg)
}

// flattenError says where in the file a flatten error is: "path:line:column: what".
func (b blockText) flattenError(path string, err error) error {
	var ae *aliasError
	if !errors.As(err, &ae) {
		return fmt.Errorf("%s: %w", path, err)
	}
	l, c := b.at(ae.line, ae.column)
	return fmt.Errorf("%s:%d:%d: %s", path, l, c, b.invalid(ae.msg))
}

func joinKey(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// relaxed is Spring's relaxed-binding comparison form of one key segment (RelaxedName).
func relaxed(s string) string { return platforms.RelaxedName(s) }

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
