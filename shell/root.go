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
var helpGroupOrder = []string{groupBuiltIn, groupApps, groupAudit, groupConfig, groupHTTP, groupPlatform, groupStreams, groupJobs, groupRuntime, groupTasks, groupSchedules, groupStore, groupEstate, groupSCDF, groupPlumbing}

// rootOptions are the process-level options; they only matter on the command line, not inside the REPL.
type rootOptions struct {
	file string
	// commandFiles is SCDF's --spring.shell.commandFile: a comma list of scripts, run in order.
	commandFiles string
	// version is --version. (Not cobra's own: its version template links text/template, whose reflective
	// method calls keep every method of every API type in the binary, and their init: 9% of start-up.)
	version bool
}

// topLevel are the commands under the root, by name: the nouns with subcommands of their own and the built-ins
// (help aside, which needs every command).
var topLevel = map[string]func(*cmdDeps) *cobra.Command{
	"app": newAppCommand, "stream": newStreamCommand, "runtime": newRuntimeCommand, "task": newTaskCommand,
	"platform": newPlatformCommand, "dsl": newDSLCommand, "audit-record": newAuditCommand, "job": newJobCommand, "store": newStoreCommand,
	"history": newHistoryCommand, "http": newHTTPCommand, "script": newScriptCommand, "version": newVersionCommand,
	"exit":  func(*cmdDeps) *cobra.Command { return newExitCommand("exit") },
	"quit":  func(*cmdDeps) *cobra.Command { return newExitCommand("quit") },
	"clear": newClearCommand, "__supervise": newSuperviseCommand, "__compose": newComposeCommand,
	"dataflow": newDataflowCommand, "stacktrace": newStacktraceCommand, "scdf": newSCDFCommand,
	"estate": newEstateCommand,
}

// newRootFor builds the tree a command line needs: when its first word names a top-level command, the root
// with that command alone (building the whole tree was a measurable part of every command line:
// docs/design.md), else (help, --file, starting the REPL, a word that needs "did you mean") the whole tree.
func newRootFor(d *cmdDeps, words []string) *cobra.Command {
	if len(words) > 0 {
		if _, ok := topLevel[words[0]]; ok {
			return newRoot(d, words[0])
		}
	}
	return newRoot(d, "")
}

// newRoot builds a fresh tree with every command, or with only the noun named. The session builds one per line,
// because cobra keeps flag values between runs; Tab has one of its own (completionTree).
func newRoot(d *cmdDeps, only string) *cobra.Command {
	opts := &rootOptions{}
	root := &cobra.Command{
		Use:           "dataflow",
		Short:         "Spring Cloud Data Flow's shell, server and Skipper in one binary, with no server",
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return noCommandFound(cmd, args, args[0])
			}
			if opts.version {
				printVersion(d)
				return nil
			}
			if opts.file != "" && opts.commandFiles != "" {
				return usageErrorf("Give either '--file' or '--spring.shell.commandFile', not both")
			}
			if opts.file != "" {
				return d.lines.RunFile(cmd.Context(), opts.file, true)
			}
			if opts.commandFiles != "" {
				// As SCDF's shell: every file in order, the first failing command ending the run.
				for _, path := range splitList(opts.commandFiles) {
					if err := d.lines.RunFile(cmd.Context(), path, true); err != nil {
						return err
					}
				}
				return nil
			}
			return d.lines.RunREPL(cmd.Context())
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := d.checkFeature(cmd); err != nil {
				return err
			}
			return bindAndCheck(cmd, args)
		},
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	pf := root.PersistentFlags()
	pf.StringVar(&d.DBPath, "db", d.DBPath, "the store of definitions, releases and history: a SQLite file, or a postgres:// URL a team shares (env DATAFLOW_DB)")
	pf.StringVar(&d.ConfigPath, "config", d.ConfigPath, "the platform accounts file (env DATAFLOW_CONFIG)")
	root.Flags().StringVarP(&opts.file, "file", "f", "", "run the commands in this file, stopping at the first failure")
	root.Flags().BoolVar(&opts.version, "version", false, "show the version of dataflow")
	root.Flags().StringVar(&opts.commandFiles, "spring.shell.commandFile", "", "the SCDF shell's --file: scripts separated by commas, run in order")
	_ = root.Flags().MarkHidden("spring.shell.commandFile")

	if only != "" {
		root.AddCommand(topLevel[only](d))
	} else {
		for _, name := range slices.Sorted(maps.Keys(topLevel)) {
			root.AddCommand(topLevel[name](d))
		}
	}
	if d.Getenv("DATAFLOW_DEBUG_COMMANDS") == "1" {
		root.AddCommand(newPanicCommand())
	}
	root.SetHelpCommand(newHelpCommand(d))
	root.SetHelpFunc(func(cmd *cobra.Command, _ []string) { printCommandHelp(d.IO.Out, cmd) })
	root.SetGlobalNormalizationFunc(camelName)
	return root
}
