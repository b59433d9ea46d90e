package shell

import (
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"
)

func newExitCommand(name string) *cobra.Command {
	return leaf(name, "Exit the shell", groupBuiltIn, func(cmd *cobra.Command, args []string) error {
		return errExit
	})
}

func newClearCommand(d *cmdDeps) *cobra.Command {
	return leaf("clear", "Clear the shell screen", groupBuiltIn, func(cmd *cobra.Command, args []string) error {
		if d.IO.OutTTY {
			fmt.Fprint(d.IO.Out, "\x1b[H\x1b[2J")
		}
		return nil
	})
}

func newVersionCommand(d *cmdDeps) *cobra.Command {
	return leaf("version", "Show the version of dataflow", groupBuiltIn, func(cmd *cobra.Command, args []string) error {
		printVersion(d)
		return nil
	})
}

func printVersion(d *cmdDeps) { fmt.Fprintf(d.IO.Out, "Build Version: %s\n", d.Version) }

func newHistoryCommand(d *cmdDeps) *cobra.Command {
	var file string
	var limit int
	cmd := leaf("history", "Display or save the history of previously run commands", groupBuiltIn, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		entries, err := fl.CommandHistory(cmd.Context(), limit)
		if err != nil {
			return err
		}
		out := d.IO.Out
		var w *os.File
		if file != "" {
			if w, err = os.OpenFile(file, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600); err != nil {
				return fmt.Errorf("cannot write the history: %w", err)
			}
			out = w
		}
		for _, e := range entries {
			fmt.Fprintln(out, e.Line)
		}
		if w != nil {
			// A full disk shows when the file is closed: the history would be cut short without a word.
			if err := w.Close(); err != nil {
				return fmt.Errorf("cannot write the history: %w", err)
			}
		}
		if file != "" {
			fmt.Fprintf(d.IO.Out, "Wrote %s command lines to %s\n", strconv.Itoa(len(entries)), file)
		}
		return nil
	})
	cmd.Flags().StringVar(&file, "file", "", "save the history to this file instead of printing it")
	cmd.Flags().IntVar(&limit, "limit", 0, "show at most this many of the newest lines (default: all that are kept)")
	return cmd
}

func newScriptCommand(d *cmdDeps) *cobra.Command {
	var file string
	cmd := leaf("script", "Read and execute commands from a file", groupBuiltIn, func(cmd *cobra.Command, args []string) error {
		return d.lines.RunFile(cmd.Context(), file, false)
	})
	cmd.Flags().StringVar(&file, "file", "", "the file to run")
	require(cmd, "file")
	positional(cmd, "file")
	return cmd
}

// newPanicCommand exists so tests can prove a crashing command leaves the shell and the terminal intact; it is
// only present when DATAFLOW_DEBUG_COMMANDS=1.
func newPanicCommand() *cobra.Command {
	return &cobra.Command{Use: "__panic", Hidden: true, Args: cobra.NoArgs, RunE: func(*cobra.Command, []string) error {
		panic("a deliberate panic for testing")
	}}
}
