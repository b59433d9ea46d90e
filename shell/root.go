package shell

import (
	"maps"
	"slices"

	"github.com/spf13/cobra"
)

// Help groups, named as the SCDF shell names them (the class name split into words).
const (
	groupBuiltIn  = "Built-In Commands"
	groupApps     = "App Registry Commands"
	groupStreams  = "Stream Commands"
	groupTasks    = "Task Commands"
	groupPlatform = "Platform Commands"
	groupAudit    = "Audit Record Commands"
	groupPlumbing = "Plumbing Commands"
)

// helpGroupOrder is the order `help` lists the groups in.
var helpGroupOrder = []string{groupBuiltIn, groupApps, groupAudit, groupPlatform, groupStreams, groupRuntime, groupTasks, groupSchedules, groupPlumbing}

// rootOptions are the process-level options; they only matter on the command line, not inside the REPL.
type rootOptions struct {
	file string
}

// nouns are the top-level commands with subcommands of their own, by name.
var nouns = map[string]func(*Factory) *cobra.Command{
	"app": newAppCommand, "stream": newStreamCommand, "runtime": newRuntimeCommand, "task": newTaskCommand,
	"platform": newPlatformCommand, "dsl": newDSLCommand, "audit-record": newAuditCommand,
}

// NewRoot builds a fresh, whole command tree. The REPL builds one per line, because cobra keeps flag values
// between runs.
func NewRoot(f *Factory) *cobra.Command { return newRoot(f, "") }

// newRootFor builds the tree a command line needs: when its first word names a noun, the root with that noun
// alone (building the whole tree was 0.6 ms of every command line; the task noun is a third of it), else (help,
// --file, starting the REPL, the other built-ins) the whole tree.
func newRootFor(f *Factory, words []string) *cobra.Command {
	if len(words) > 0 {
		if _, ok := nouns[words[0]]; ok {
			return newRoot(f, words[0])
		}
	}
	return NewRoot(f)
}

// newRoot builds the tree with every command, or with only the noun named.
func newRoot(f *Factory, only string) *cobra.Command {
	opts := &rootOptions{}
	root := &cobra.Command{
		Use:           "dataflow",
		Short:         "Spring Cloud Data Flow's shell, server and Skipper in one binary, with no server",
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("No command found for '%s'", args[0])
			}
			if opts.file != "" {
				return f.RunFile(cmd.Context(), opts.file, true)
			}
			return f.RunREPL(cmd.Context())
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := f.checkFeature(cmd); err != nil {
				return err
			}
			return bindAndCheck(cmd, args)
		},
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	pf := root.PersistentFlags()
	pf.StringVar(&f.DBPath, "db", f.DBPath, "the SQLite file that holds definitions, releases and history (env DATAFLOW_DB)")
	pf.StringVar(&f.ConfigPath, "config", f.ConfigPath, "the platform accounts file (env DATAFLOW_CONFIG)")
	root.Flags().StringVarP(&opts.file, "file", "f", "", "run the commands in this file, stopping at the first failure")
	root.Flags().StringVar(&opts.file, "spring.shell.commandFile", "", "the SCDF shell's name for --file")
	_ = root.Flags().MarkHidden("spring.shell.commandFile")

	if only != "" {
		root.AddCommand(nouns[only](f))
	} else {
		for _, name := range slices.Sorted(maps.Keys(nouns)) {
			root.AddCommand(nouns[name](f))
		}
		root.AddCommand(
			newHistoryCommand(f),
			newScriptCommand(f),
			newVersionCommand(f),
			newExitCommand("exit"), newExitCommand("quit"),
			newClearCommand(f),
			newSuperviseCommand(f),
			newComposeCommand(f),
		)
	}
	if f.Getenv("DATAFLOW_DEBUG_COMMANDS") == "1" {
		root.AddCommand(newPanicCommand())
	}
	root.SetHelpCommand(newHelpCommand(f))
	root.SetHelpFunc(func(cmd *cobra.Command, _ []string) { printCommandHelp(f.IO.Out, cmd) })
	root.SetGlobalNormalizationFunc(camelName)
	return root
}
