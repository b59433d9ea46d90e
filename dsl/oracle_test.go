package dsl

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// testdata/scdf-oracle.tsv holds what SCDF's own parser (spring-cloud-dataflow-core-dsl, run unmodified on a
// JVM) returned for 1,600 definitions: a stratified sample, by outcome, of about 1.6 million generated and
// mutated definitions on which this package and SCDF were compared, and agreed on everything but the deliberate
// differences (SCDF's crashes, the order of several 160 problems). Each line is "kind, name, definition,
// result", with \n, \t, \r, \0, \\ and \uXXXX escapes; kind is stream, task (validated), task-novalidate or
// graph (composed-task-runner's mode); the task name is "t" when the column is empty.
func TestSCDFOracle(t *testing.T) {
	f, err := os.Open("testdata/scdf-oracle.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 4 {
			t.Fatalf("bad oracle line %q", line)
		}
		kind, name, def, want := fields[0], oracleUnescape(fields[1]), oracleUnescape(fields[2]), fields[3]
		if got := oracleResult(kind, name, def); normalizeUndefinedLabels(got) != normalizeUndefinedLabels(want) {
			t.Errorf("%s %q:\n got %s\nwant %s", kind, def, got, want)
		}
		n++
	}
	if n < 1000 {
		t.Fatalf("only %d oracle cases", n)
	}
}

// oracleResult renders a parse the way the oracle recorded SCDF's: the apps with their effective labels and
// arguments, the destinations, or the error code, position and message.
func oracleResult(kind, name, def string) string {
	var err error
	var b strings.Builder
	if kind == "stream" {
		s, perr := ParseStream(name, def)
		if err = perr; err == nil {
			b.WriteString("OK name=" + javaEscape(s.Name))
			if s.Name == "" {
				b.Reset()
				b.WriteString("OK name=<null>")
			}
			if s.Source != nil {
				b.WriteString(" src=" + javaEscape(s.Source.Name) + oracleArgs(s.Source.Properties))
			}
			for _, a := range s.Apps {
				b.WriteString(" | " + javaEscape(a.EffectiveLabel()) + ": " + javaEscape(a.Name) + oracleArgs(a.Properties))
				if s.Unbound {
					b.WriteString(" (unbound)")
				}
			}
			if s.Sink != nil {
				b.WriteString(" sink=" + javaEscape(s.Sink.Name) + oracleArgs(s.Sink.Properties))
			}
			return b.String()
		}
	} else {
		if name == "" {
			name = "t"
		}
		var task *Task
		switch kind {
		case "task":
			task, err = ParseTask(name, def, true)
		case "task-novalidate":
			task, err = ParseTask(name, def, false)
		default:
			task, err = ParseTaskGraph(name, def)
		}
		if err == nil {
			fmt.Fprintf(&b, "OK composed=%v dsl=%s", task.IsComposed(), javaEscape(task.ToDSL()))
			for _, a := range task.Apps() {
				label := "<null>"
				if a.Label != "" {
					label = javaEscape(a.Label)
				}
				b.WriteString(" app=" + label + ":" + javaEscape(a.Name) + javaEscape(javaMapString(a.Properties)))
			}
			if g, ok := task.ExecutableDSL(); ok {
				b.WriteString(" exec=" + javaEscape(g))
			}
			return b.String()
		}
	}
	var de *Error
	if !errors.As(err, &de) {
		return "NOT A DSL ERROR " + err.Error()
	}
	if de.Phase == "validation" {
		b.WriteString("VALIDATION")
		for _, p := range de.Problems {
			fmt.Fprintf(&b, " %s@%d", p.Code, p.Position)
		}
		return b.String()
	}
	return fmt.Sprintf("ERR %s@%d msg=%s", de.Code(), de.Position(), javaEscape(de.first().Message()))
}

func oracleArgs(props []Property) string {
	var b strings.Builder
	for _, p := range props {
		b.WriteString(" --" + javaEscape(p.Name) + "=[" + javaEscape(p.Value) + "]")
	}
	return b.String()
}

// javaMapString is a LinkedHashMap's toString: a repeated key keeps its first place and takes the last value.
func javaMapString(props []Property) string {
	var keys []string
	values := map[string]string{}
	for _, p := range props {
		if _, ok := values[p.Name]; !ok {
			keys = append(keys, p.Name)
		}
		values[p.Name] = p.Value
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + values[k]
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// javaEscape escapes per UTF-16 unit, as the recording did: controls and everything outside printable ASCII
// as \uXXXX.
func javaEscape(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		switch {
		case u == '\\':
			b.WriteString(`\\`)
		case u == '\n':
			b.WriteString(`\n`)
		case u == '\t':
			b.WriteString(`\t`)
		case u == '\r':
			b.WriteString(`\r`)
		case u < 32 || u > 126:
			fmt.Fprintf(&b, `\u%04x`, u)
		default:
			b.WriteByte(byte(u))
		}
	}
	return b.String()
}

func oracleUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case 'u':
			u, _ := strconv.ParseUint(s[i+1:i+5], 16, 16)
			b.WriteRune(rune(u))
			i += 4
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// normalizeUndefinedLabels sorts the 160 problems, whose order SCDF leaves to a HashSet.
func normalizeUndefinedLabels(result string) string {
	if !strings.HasPrefix(result, "VALIDATION") {
		return result
	}
	var other, undefined []string
	for _, p := range strings.Fields(result)[1:] {
		if strings.HasPrefix(p, messages[160].code) {
			undefined = append(undefined, p)
		} else {
			other = append(other, p)
		}
	}
	slices.Sort(undefined)
	return strings.Join(append(append([]string{"VALIDATION"}, other...), undefined...), " ")
}
