package shell

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// completionTree is the one command tree a session answers Tab (and `__complete`) with. It is the only tree
// with value completions: cobra keeps those in a process-wide map keyed by option and never empties it
// (spf13/cobra#2012), so a tree built per Tab stayed in memory for good. This one is built on the first Tab
// and put back as built after each.
type completionTree struct {
	mu   sync.Mutex
	root *cobra.Command
}

// isCompleteRequest tells whether words ask cobra's completion engine for proposals.
func isCompleteRequest(words []string) bool {
	return len(words) > 0 && (words[0] == cobra.ShellCompRequestCmd || words[0] == cobra.ShellCompNoDescRequestCmd)
}

// runComplete runs cobra's `__complete` (args start with it) on the session's completion tree.
func (s *Session) runComplete(ctx context.Context, args []string, out, errOut io.Writer) error {
	t := &s.completionTree
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.root == nil {
		d := s.deps()
		d.completes = true
		t.root = newRoot(d, "")
	}
	defer resetTree(t.root)
	t.root.SetOut(out)
	t.root.SetErr(errOut)
	t.root.SetArgs(args)
	return t.root.ExecuteContext(ctx)
}

// resetTree puts a tree that ran `__complete` back as it was built: the command cobra adds for it removed, and
// every option given unset and at its default again, as on a fresh tree.
func resetTree(root *cobra.Command) {
	var added []*cobra.Command
	for _, c := range root.Commands() {
		if c.Name() == cobra.ShellCompRequestCmd {
			added = append(added, c)
		}
	}
	root.RemoveCommand(added...)
	resetFlags(root)
}

func resetFlags(c *cobra.Command) {
	reset := func(f *pflag.Flag) {
		if !f.Changed {
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			_ = sv.Replace(sliceDefault(f.DefValue)) // Set would add to the values
		} else {
			_ = f.Value.Set(f.DefValue)
		}
		f.Changed = false
	}
	c.Flags().VisitAll(reset)
	c.PersistentFlags().VisitAll(reset)
	for _, child := range c.Commands() {
		resetFlags(child)
	}
}

// sliceDefault reads back a list option's default as pflag prints it: "[a,b]", "[]".
func sliceDefault(def string) []string {
	def = strings.TrimSuffix(strings.TrimPrefix(def, "["), "]")
	if def == "" {
		return nil
	}
	return strings.Split(def, ",")
}
