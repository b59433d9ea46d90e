package shell

import (
	"context"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

// A nameSource lists candidate values for an option from local state (the store or the config), never the network.
type nameSource func(ctx context.Context, f *Factory) []string

// completionCache keeps what Tab proposes until the next command runs: go-prompt asks on every keystroke, and
// between two commands the store cannot change under this shell except through another process.
type completionCache struct {
	mu     sync.Mutex
	values map[string]any
}

// cachedCompletion returns the value cached under key, computing it on first use since the last command.
func cachedCompletion[T any](c *completionCache, key string, load func() T) T {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.values[key]; ok {
		return v.(T)
	}
	v := load()
	if c.values == nil {
		c.values = map[string]any{}
	}
	c.values[key] = v
	return v
}

// forget drops every cached value; a command is about to run.
func (c *completionCache) forget() {
	c.mu.Lock()
	c.values = nil
	c.mu.Unlock()
}

// completeFlagWith registers a value completion for an option, read through the line's completion cache. Only
// the session's completion tree registers it (cmdDeps.completes).
func completeFlagWith(cmd *cobra.Command, flag string, d *cmdDeps, source nameSource) {
	if !d.completes {
		return
	}
	names := func(c *cobra.Command) []string {
		return cachedCompletion(d.Completions, cmd.CommandPath()+" --"+flag, func() []string { return source(c.Context(), d.Factory) })
	}
	_ = cmd.RegisterFlagCompletionFunc(flag, func(c *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return withPrefix(names(c), toComplete), cobra.ShellCompDirectiveNoFileComp
	})
	if cmd.Annotations[annotPositional] == flag {
		cmd.ValidArgsFunction = func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return withPrefix(names(c), toComplete), cobra.ShellCompDirectiveNoFileComp
		}
	}
}

// withPrefix filters candidates; cobra leaves that to the completion function.
func withPrefix(all []string, prefix string) []string {
	var out []string
	for _, s := range all {
		if strings.HasPrefix(s, prefix) {
			out = append(out, s)
		}
	}
	return out
}

func completeAppNames(ctx context.Context, f *Factory) []string {
	fl, err := f.Flow(ctx)
	if err != nil {
		return nil
	}
	byType, err := fl.AppNames(ctx)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, names := range byType {
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func completeStreamNames(ctx context.Context, f *Factory) []string {
	fl, err := f.Flow(ctx)
	if err != nil {
		return nil
	}
	names, _ := fl.DefinitionNames(ctx, false)
	return names
}

func completeTaskNames(ctx context.Context, f *Factory) []string {
	fl, err := f.Flow(ctx)
	if err != nil {
		return nil
	}
	names, _ := fl.DefinitionNames(ctx, true)
	return names
}

func completeStreamPlatforms(ctx context.Context, f *Factory) []string {
	a, err := f.Accounts()
	if err != nil {
		return nil
	}
	var names []string
	for _, r := range a.StreamPlatforms() {
		names = append(names, r.Name)
	}
	return names
}

func completeTaskPlatformNames(_ context.Context, f *Factory) []string {
	a, err := f.Accounts()
	if err != nil {
		return nil
	}
	var names []string
	for _, r := range a.TaskPlatforms() {
		names = append(names, r.Name)
	}
	return names
}

func completeScheduleNames(ctx context.Context, f *Factory) []string {
	fl, err := f.Flow(ctx)
	if err != nil {
		return nil
	}
	names, _ := fl.ScheduleNames(ctx)
	return names
}

// completeSchemaTargets are SCDF 2.11's two schema targets.
func completeSchemaTargets(context.Context, *Factory) []string { return []string{"boot2", "boot3"} }

// completeDefinitionFlag completes --definition of `stream create` and `task create` for the shell completion
// scripts (`__complete`), as the REPL completes it inside a quote: whole definitions, an app's options with
// their descriptions after "app --".
func completeDefinitionFlag(cmd *cobra.Command, d *cmdDeps, task bool) {
	if !d.completes {
		return
	}
	_ = cmd.RegisterFlagCompletionFunc("definition", func(c *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		fl, err := d.Flow(c.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, p := range flow.CompleteDefinitionOptions(toComplete, fl.OptionCatalog(c.Context()), task) {
			out = append(out, p.Text+"\t"+firstSentence(p.Description))
		}
		if len(out) > 0 {
			return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
		}
		catalog := cachedCompletion(d.Completions, "definition catalog", func() *flow.Catalog {
			cat, err := fl.DefinitionCatalog(c.Context())
			if err != nil {
				return nil
			}
			return &cat
		})
		if catalog == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if task {
			out = flow.CompleteTaskDefinition(toComplete, *catalog)
		} else {
			out = flow.CompleteStreamDefinition(toComplete, *catalog)
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
}

// firstSentence keeps a description to one line, as completion menus show it.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
