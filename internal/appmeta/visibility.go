package appmeta

import (
	"bufio"
	"bytes"
	"strings"
)

// The files that list an app's visible options. The first is SCDF 2.x's; the two others are the older names it
// still reads (whitelist files), all merged.
const (
	VisiblePropertiesFile       = "META-INF/dataflow-configuration-metadata.properties"
	legacyDataflowWhitelistFile = "META-INF/dataflow-configuration-metadata-whitelist.properties"
	legacySpringWhitelistFile   = "META-INF/spring-configuration-metadata-whitelist.properties"
	// BootMetadataFile is Spring Boot's configuration metadata.
	BootMetadataFile = "META-INF/spring-configuration-metadata.json"
)

var visibilityFiles = []string{VisiblePropertiesFile, legacyDataflowWhitelistFile, legacySpringWhitelistFile}

// visibility is the union of the visible-properties files: whole @ConfigurationProperties classes, and single
// property names.
type visibility struct {
	classes map[string]bool
	names   map[string]bool
}

func newVisibility() visibility {
	return visibility{classes: map[string]bool{}, names: map[string]bool{}}
}

// add reads one visible-properties file (a Java properties file): configuration-properties.classes and
// configuration-properties.names, comma lists whose spaces do not count.
func (v visibility) add(data []byte) {
	props := javaProperties(data)
	for _, c := range commaList(props["configuration-properties.classes"]) {
		v.classes[c] = true
	}
	for _, n := range commaList(props["configuration-properties.names"]) {
		v.names[n] = true
	}
}

func commaList(s string) []string {
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(s, " ", ""), ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// javaProperties reads the subset of the Java properties format these files use: key=value, key: value or
// key value lines, # and ! comments, and values continued over lines with a trailing backslash.
func javaProperties(data []byte) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	var logical strings.Builder
	for sc.Scan() {
		line := strings.TrimLeft(sc.Text(), " \t\f")
		if logical.Len() == 0 && (line == "" || line[0] == '#' || line[0] == '!') {
			continue
		}
		if strings.HasSuffix(line, `\`) && !strings.HasSuffix(line, `\\`) {
			logical.WriteString(line[:len(line)-1])
			continue
		}
		logical.WriteString(line)
		key, value := splitProperty(logical.String())
		out[key] = value
		logical.Reset()
	}
	if logical.Len() > 0 {
		key, value := splitProperty(logical.String())
		out[key] = value
	}
	return out
}

func splitProperty(line string) (string, string) {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '=', ':', ' ', '\t':
			key := line[:i]
			rest := strings.TrimLeft(line[i:], " \t")
			if rest != "" && (rest[0] == '=' || rest[0] == ':') {
				rest = strings.TrimLeft(rest[1:], " \t")
			}
			return unescape(key), unescape(rest)
		}
	}
	return unescape(line), ""
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
