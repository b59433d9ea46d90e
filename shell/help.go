package shell

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func newHelpCommand(d *cmdDeps) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "help [command words]",
		Short:       "Display help about available commands",
		Annotations: map[string]string{annotGroup: groupBuiltIn},
		Args:        cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			if len(args) == 0 {
				printCommandList(d.IO.Out, root)
				return nil
			}
			target, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 || target == root {
				if notFound := noCommandFor(root, args); notFound != nil {
					return notFound
				}
				return usageErrorf("No command found for '%s'", strings.Join(args, " "))
			}
			printCommandHelp(d.IO.Out, target)
			return nil
		},
	}
	return cmd
}

// commandName is a command's words without the binary's name: "stream create".
func commandName(c *cobra.Command) string {
	return strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
}

// leaves returns every runnable, visible command under c.
func leaves(c *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, child := range c.Commands() {
		if child.Hidden || child.Name() == "completion" {
			continue
		}
		if child.Annotations[annotGroup] != "" {
			out = append(out, child)
		}
		out = append(out, leaves(child)...)
	}
	return out
}

// printCommandList prints `help` the way the SCDF shell does: groups, then one indented line per command.
func printCommandList(w io.Writer, root *cobra.Command) {
	byGroup := map[string][]*cobra.Command{}
	for _, c := range leaves(root) {
		g := c.Annotations[annotGroup]
		byGroup[g] = append(byGroup[g], c)
	}
	fmt.Fprintln(w, "AVAILABLE COMMANDS")
	for _, g := range helpGroupOrder {
		cmds := byGroup[g]
		if len(cmds) == 0 {
			continue
		}
		sort.Slice(cmds, func(i, j int) bool { return commandName(cmds[i]) < commandName(cmds[j]) })
		fmt.Fprintf(w, "\n%s\n", g)
		for _, c := range cmds {
			fmt.Fprintf(w, "       %s: %s\n", commandName(c), c.Short)
		}
	}
}

// printCommandHelp prints one command's help in the SCDF shell's NAME / SYNOPSIS / OPTIONS layout.
func printCommandHelp(w io.Writer, c *cobra.Command) {
	if c == c.Root() {
		printCommandList(w, c)
		return
	}
	if c.Annotations[annotGroup] == "" { // a noun: list what it holds
		fmt.Fprintf(w, "%s: %s\n\nCommands:\n", commandName(c), c.Short)
		for _, l := range leaves(c) {
			fmt.Fprintf(w, "       %s: %s\n", commandName(l), l.Short)
		}
		return
	}
	required := map[string]bool{}
	if req := c.Annotations[annotRequired]; req != "" {
		for _, n := range strings.Split(req, ",") {
			required[n] = true
		}
	}
	fmt.Fprintf(w, "NAME\n       %s - %s\n\nSYNOPSIS\n       %s", commandName(c), c.Short, commandName(c))
	var opts []*pflag.Flag
	c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
		if !fl.Hidden && fl.Name != "help" {
			opts = append(opts, fl)
		}
	})
	for _, fl := range opts {
		// Spring Shell brackets the mandatory options in the synopsis, odd as that looks.
		part := "--" + fl.Name + " " + typeName(fl)
		if required[fl.Name] {
			part = "[" + part + "]"
		}
		fmt.Fprintf(w, " %s", part)
	}
	fmt.Fprint(w, "\n")
	if c.Long != "" {
		fmt.Fprint(w, "\nDESCRIPTION\n")
		for _, line := range strings.Split(strings.TrimSpace(c.Long), "\n") {
			if line == "" {
				fmt.Fprintln(w)
				continue
			}
			fmt.Fprintf(w, "       %s\n", line)
		}
	}
	if len(opts) > 0 {
		fmt.Fprint(w, "\nOPTIONS\n")
	}
	for _, fl := range opts {
		fmt.Fprintf(w, "       --%s %s\n       %s\n", fl.Name, typeName(fl), fl.Usage)
		switch {
		case required[fl.Name]:
			fmt.Fprint(w, "       [Mandatory]\n\n")
		case fl.DefValue != "" && fl.DefValue != "[]":
			fmt.Fprintf(w, "       [Optional, default = %s]\n\n", fl.DefValue)
		default:
			fmt.Fprint(w, "       [Optional]\n\n")
		}
	}
	if c.Example != "" {
		fmt.Fprintf(w, "EXAMPLES\n%s\n", c.Example)
	}
}

func typeName(fl *pflag.Flag) string {
	switch fl.Value.Type() {
	case "bool":
		return "boolean"
	case "int", "int64":
		return "Integer"
	default:
		return "String"
	}
}
