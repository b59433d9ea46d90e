package shell

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Annotation keys a command carries for the SCDF-style behaviour the executor adds.
const (
	annotGroup      = "dataflow.group"      // the help group
	annotRequired   = "dataflow.required"   // comma list of mandatory options
	annotPositional = "dataflow.positional" // the option a bare first word binds to
	annotFeature    = "dataflow.feature"    // the switchable feature a noun's commands belong to
)

// leaf builds a runnable command in a help group.
func leaf(use, short, group string, run func(cmd *cobra.Command, args []string) error) *cobra.Command {
	c := &cobra.Command{
		Use:         use,
		Short:       short,
		Annotations: map[string]string{annotGroup: group},
		Args:        cobra.NoArgs,
		RunE:        run,
	}
	c.Flags().SortFlags = false // help lists options in the order SCDF declares them
	return c
}

// noun builds a command that only holds subcommands; run alone or with unknown words it says so as SCDF does.
func noun(use, short string, children ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			words := slices.Concat(strings.Fields(cmd.CommandPath())[1:], args)
			if len(args) == 0 {
				return usageErrorf("No command found for '%s'", strings.Join(words, " "))
			}
			return noCommandFound(cmd, words, args[0])
		},
	}
	c.AddCommand(children...)
	return c
}

// require marks options as mandatory (checked before the command runs, with SCDF's wording).
func require(cmd *cobra.Command, names ...string) {
	cmd.Annotations[annotRequired] = strings.Join(names, ",")
}

// positional lets the first bare word stand for an option: `stream destroy foo` is `stream destroy --name foo`.
func positional(cmd *cobra.Command, name string) {
	cmd.Annotations[annotPositional] = name
	cmd.Args = cobra.MaximumNArgs(1)
}

// nameOption is the --name option of a command about one stream or task, positional and completed.
func nameOption(cmd *cobra.Command, d *cmdDeps, target *string, usage string, source nameSource) {
	cmd.Flags().StringVar(target, "name", "", usage)
	require(cmd, "name")
	positional(cmd, "name")
	completeFlagWith(cmd, "name", d, source)
}

// bindAndCheck applies the positional binding and the mandatory options; cobra runs it before each command.
func bindAndCheck(cmd *cobra.Command, args []string) error {
	if name := cmd.Annotations[annotPositional]; name != "" && len(args) == 1 {
		f := cmd.Flags().Lookup(name)
		if f.Changed {
			return usageErrorf("Option '--%s' was given twice: as '%s' and as '--%s %s'", name, args[0], name, f.Value.String())
		}
		if err := cmd.Flags().Set(name, args[0]); err != nil {
			return usageErrorf("Invalid value '%s' for option '--%s': %s", args[0], name, valueProblem(err.Error()))
		}
	}
	if req := cmd.Annotations[annotRequired]; req != "" {
		for _, name := range strings.Split(req, ",") {
			if !cmd.Flags().Lookup(name).Changed {
				return usageErrorf("Missing option '--%s' (see 'help %s')", name, strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" "))
			}
		}
	}
	return nil
}

// camelName turns kebab-case option names into the SCDF 2.11 camelCase ones, so both spellings work.
func camelName(_ *pflag.FlagSet, name string) pflag.NormalizedName {
	if !strings.Contains(name, "-") {
		return pflag.NormalizedName(name)
	}
	parts := strings.Split(name, "-")
	var b strings.Builder
	b.WriteString(parts[0])
	for _, p := range parts[1:] {
		if p == "" {
			continue
		}
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	return pflag.NormalizedName(b.String())
}

// joinBoolValues lets booleans take a value as a separate word (`--deploy true`), as the SCDF shell does.
func joinBoolValues(cmd *cobra.Command, words []string) []string {
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "--") && !strings.Contains(w, "=") && i+1 < len(words) {
			name := string(camelName(nil, w[2:]))
			if f := cmd.Flag(name); f != nil && f.Value.Type() == "bool" {
				if next := strings.ToLower(words[i+1]); next == "true" || next == "false" {
					out = append(out, fmt.Sprintf("--%s=%s", name, next))
					i++
					continue
				}
			}
		}
		out = append(out, w)
	}
	return out
}

// checkPaging refuses what no page can be: a page before the first, or a negative page length (0 means all).
func checkPaging(limit, page int) error {
	if page < 1 {
		return usageErrorf("Invalid value '%d' for option '--page': pages start at 1", page)
	}
	if limit < 0 {
		return usageErrorf("Invalid value '%d' for option '--limit': give a number of rows, or 0 for all", limit)
	}
	return nil
}
