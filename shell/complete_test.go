package shell

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func suggestionTexts(t *testing.T, s *Session, line string) ([]string, int) {
	t.Helper()
	suggestions, from := s.Complete(context.Background(), line)
	var out []string
	for _, x := range suggestions {
		out = append(out, x.Text)
	}
	return out, from
}

func TestCompleteCommandsOptionsAndValues(t *testing.T) {
	s, _ := newTestSession(t)
	mustRun(t, s,
		"app register time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1",
		"app register log --type sink --uri docker:springcloudstream/log-sink-rabbit:3.2.1",
		"app register timestamp --type task --uri docker:springcloudtask/timestamp-task:2.0.2",
		`stream create ticktock --definition "time | log"`,
		"task create nightly --definition timestamp",
	)
	cases := []struct {
		line     string
		want     []string
		wantFrom int
	}{
		{"ap", []string{"app"}, 0},
		{"app re", []string{"register"}, 4},
		{"app register --t", []string{"--type"}, 13},
		{"app register --type s", []string{"sink", "source"}, 20},
		{"app unregister ", []string{"log", "time", "timestamp"}, 15},
		{"app info --name ti", []string{"time", "timestamp"}, 16},
		{"stream d", []string{"deploy", "destroy"}, 7},
		{"stream info ", []string{"ticktock"}, 12},
		{"task destroy --name n", []string{"nightly"}, 20},
	}
	for _, c := range cases {
		got, from := suggestionTexts(t, s, c.line)
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(c.want, ",") || from != c.wantFrom {
			t.Errorf("%q: got %v from %d, want %v from %d", c.line, got, from, c.want, c.wantFrom)
		}
	}
	opts, _ := suggestionTexts(t, s, "app register --")
	for _, want := range []string{"--name", "--type", "--uri", "--metadataUri", "--force", "--bootVersion"} {
		if !contains(opts, want) {
			t.Errorf("app register -- + Tab misses %s: %v", want, opts)
		}
	}
	if got, _ := suggestionTexts(t, s, `app register --name "x`); len(got) != 0 {
		t.Errorf("inside an open quote nothing is proposed, got %v", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// BenchmarkCompletePartialLine measures the first Tab after a command (nothing cached) on a store with 1,000
// apps and 1,000 streams; the p99 is what a user notices.
func BenchmarkCompletePartialLine(b *testing.B) {
	s, _ := newTestSession(b)
	var script strings.Builder
	fmt.Fprintf(&script, "app register --name time --type source --uri docker:example/time:1.0.0\n")
	fmt.Fprintf(&script, "app register --name log --type sink --uri docker:example/log:1.0.0\n")
	for i := range 1000 {
		fmt.Fprintf(&script, "app register --name app-%04d --type processor --uri docker:example/app-%d:1.0.0\n", i, i)
		fmt.Fprintf(&script, "stream create s-%04d --definition \"time | app-%04d | log\"\n", i, i)
	}
	for _, l := range strings.Split(strings.TrimSpace(script.String()), "\n") {
		if err := s.RunLine(context.Background(), l); err != nil {
			b.Fatal(err)
		}
	}
	lines := []struct {
		text string
		want int
	}{
		{"app unregister app-09", 100},
		{"stream info s-01", 100},
		{`stream create x --definition "time | app-00`, 100},
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		l := lines[i%len(lines)]
		s.forgetLineState() // the first Tab after a command: nothing cached
		start := time.Now()
		suggestions, _ := s.Complete(context.Background(), l.text)
		times = append(times, time.Since(start))
		if len(suggestions) != l.want {
			b.Fatalf("%q: %d suggestions, want %d", l.text, len(suggestions), l.want)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

func TestCompleteInsideDefinition(t *testing.T) {
	s, _ := newTestSession(t)
	mustRun(t, s,
		"app register time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1",
		"app register log --type sink --uri docker:springcloudstream/log-sink-rabbit:3.2.1",
		"app register filter --type processor --uri docker:springcloudstream/filter-processor-rabbit:3.2.1",
		"app register timestamp --type task --uri docker:springcloudtask/timestamp-task:2.0.2",
		`stream create ticktock --definition "time | log"`,
	)
	cases := []struct {
		line     string
		want     []string
		wantFrom int
	}{
		{`stream create s --definition "`, []string{"time"}, 30},
		{`stream create s --definition "time | `, []string{"time | filter", "time | log"}, 30},
		{`stream create s --definition 'time | filter | fil`, []string{"time | filter | filter2: filter"}, 30},
		{`stream create s --definition ":tick`, []string{":ticktock"}, 30},
		{`stream create s --definition ":ticktock.`, []string{":ticktock.time"}, 30},
		{`task create t --definition "ti`, []string{"timestamp"}, 28},
		{`app register --name "ti`, nil, 23},
	}
	for _, c := range cases {
		got, from := suggestionTexts(t, s, c.line)
		if strings.Join(got, ",") != strings.Join(c.want, ",") || from != c.wantFrom {
			t.Errorf("%q: got %v from %d, want %v from %d", c.line, got, from, c.want, c.wantFrom)
		}
	}
}

// The session's completion tree, used Tab after Tab, answers every line as a tree built for that line alone:
// nothing a Tab parsed (options given, list values, --help) is left for the next one.
func TestCompletionTreeAnswersAsAFreshTree(t *testing.T) {
	s, _ := newTestSession(t)
	mustRun(t, s,
		"app register time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1",
		"app register log --type sink --uri docker:springcloudstream/log-sink-rabbit:3.2.1",
		"app register timestamp --type task --uri docker:springcloudtask/timestamp-task:2.0.2",
		`stream create ticktock --definition "time | log"`,
		"task create nightly --definition timestamp",
	)
	ctx := context.Background()
	fresh := func(args []string) string {
		d := s.deps()
		d.completes = true
		root := newRoot(d, "")
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetErr(io.Discard)
		root.SetArgs(args)
		_ = root.ExecuteContext(ctx)
		return out.String()
	}
	var lines [][]string
	for _, c := range leaves(newRoot(s.deps(), "")) {
		path := strings.Fields(commandName(c))
		lines = append(lines, slices.Concat(path, []string{""}), slices.Concat(path, []string{"--"}),
			slices.Concat(path, []string{"ti"}), slices.Concat(path, []string{"--help", ""}))
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			f, v := "--"+fl.Name, "1"
			if fl.Value.Type() == "duration" {
				v = "1s"
			}
			lines = append(lines, slices.Concat(path, []string{f, ""}), slices.Concat(path, []string{f, v, "--"}),
				slices.Concat(path, []string{f, v, ""}), slices.Concat(path, []string{"x", f, v, ""}))
		})
	}
	lines = append(lines, []string{"runtime", "apps", "--name", "a,b", "--name", ""}, []string{"runtime", "apps", "--name", "c", "--"},
		[]string{"app", "list", "--", ""}, []string{""}, []string{"st"}, []string{"help", ""}, []string{"stream", ""})
	commands := -1
	for round := range 2 {
		for i, words := range lines {
			if round == 1 {
				words = lines[(i*7)%len(lines)] // another order
			}
			args := append([]string{cobra.ShellCompRequestCmd}, words...)
			var got bytes.Buffer
			if err := s.runComplete(ctx, args, &got, io.Discard); err != nil {
				t.Fatalf("%q: %v", words, err)
			}
			if want := fresh(args); got.String() != want {
				t.Errorf("%q: the completion tree proposes\n%s\na fresh tree\n%s", words, got.String(), want)
			}
			if n := len(s.completionTree.root.Commands()); commands < 0 {
				commands = n
			} else if n != commands {
				t.Fatalf("%q: the completion tree has %d commands, it had %d", words, n, commands)
			}
		}
	}
}

// cobra's engine writes its notes on an unknown option to the process's stderr; at the prompt they were drawn
// over the line being typed.
func TestCompleteWritesNothingToStderr(t *testing.T) {
	s, _ := newTestSession(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = w
	for _, line := range []string{"stream list -a ", "task launch --nosuch ", "app info -z x "} {
		s.Complete(context.Background(), line)
	}
	os.Stderr = saved
	_ = w.Close()
	written, _ := io.ReadAll(r)
	if len(written) > 0 {
		t.Errorf("completion wrote to stderr: %q", written)
	}
}
