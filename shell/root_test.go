package shell

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Every top-level command is known by the name its command has: a key that drifted from it would send its
// command lines to the whole tree (slower), or name a command the tree does not have.
func TestTopLevelCommandsAreKnownByTheirNames(t *testing.T) {
	s, _ := newTestSession(t)
	for name, build := range topLevel {
		if got := build(s.deps()).Name(); got != name {
			t.Errorf("topLevel[%q] builds the command %q", name, got)
		}
	}
}

// A command line that starts with a top-level command gets the same command, with the same flags, from the tree
// of that command alone as from the whole tree; anything else gets the whole tree.
func TestOneNounTreeResolvesAsTheWholeTree(t *testing.T) {
	s, _ := newTestSession(t)
	whole := newRoot(s.deps(), "")
	for _, line := range []string{
		"task launch t --platformName k8s --properties a=b",
		"task execution list --name t",
		"task schedule create --name s --definitionName t --expression '*/5 * * * *'",
		"stream deploy s --propertiesFile p.yaml",
		"app register --name a --type source --uri docker:a/b:1",
		"platform list",
		"runtime apps",
		"audit-record list",
		"dsl validate --definition 'a | b'",
		"version",
		"history --limit 3",
		"script --file x.dfs",
		"exit",
	} {
		words, err := SplitWords(line)
		if err != nil {
			t.Fatal(err)
		}
		part := newRootFor(s.deps(), words)
		if len(part.Commands()) != 1 {
			t.Errorf("%s: the tree has %d commands at the top, not the one named alone", line, len(part.Commands()))
		}
		want, _, err := whole.Find(words)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		got, _, err := part.Find(words)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if got.CommandPath() != want.CommandPath() || flagNames(got) != flagNames(want) {
			t.Errorf("%s: %s [%s], the whole tree gives %s [%s]", line, got.CommandPath(), flagNames(got), want.CommandPath(), flagNames(want))
		}
	}
	for _, words := range [][]string{nil, {"help"}, {"--help"}, {"--file", "x.dfs"}, {"__complete", "task", ""}, {"tsk", "list"}} {
		if got, want := len(newRootFor(s.deps(), words).Commands()), len(whole.Commands()); got != want {
			t.Errorf("%q: %d top-level commands, the whole tree has %d", words, got, want)
		}
	}
}

func flagNames(c *cobra.Command) string {
	var names []string
	c.Flags().VisitAll(func(fl *pflag.Flag) { names = append(names, fl.Name) })
	c.InheritedFlags().VisitAll(func(fl *pflag.Flag) { names = append(names, fl.Name) })
	slices.Sort(names)
	return strings.Join(names, ",")
}

// The tree of a line registers no value completions: cobra would keep them, and the tree with them, for good.
func TestLineTreesRegisterNoValueCompletions(t *testing.T) {
	s, _ := newTestSession(t)
	for _, words := range [][]string{nil, {"app", "info"}, {"stream", "deploy"}, {"task", "schedule", "create"}} {
		root := newRootFor(s.deps(), words)
		var walk func(c *cobra.Command)
		walk = func(c *cobra.Command) {
			c.Flags().VisitAll(func(fl *pflag.Flag) {
				if _, ok := c.GetFlagCompletionFunc(fl.Name); ok {
					t.Errorf("%s --%s has a value completion", c.CommandPath(), fl.Name)
				}
			})
			for _, child := range c.Commands() {
				walk(child)
			}
		}
		walk(root)
	}
}
