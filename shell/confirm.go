package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

// Prompter reads the answer to a question from the person at the terminal. The REPL's line editor is one, so a
// question is asked with the same editing keys as a command.
type Prompter interface {
	ReadLine(prompt string) (string, error)
}

// confirm asks a yes/no question the SCDF way (`<question> [y, n]: `, empty means no, anything else asks again).
// Without a prompter nobody can answer, so a destructive command refuses unless --force was given.
func confirm(p Prompter, out io.Writer, question string, force bool) (bool, error) {
	if force {
		return true, nil
	}
	if p == nil {
		return false, usageErrorf("%s: not asking because the shell is not interactive; add --force to proceed", strings.TrimSuffix(question, "?"))
	}
	for {
		answer, err := p.ReadLine(question + " [y, n]: ")
		if errors.Is(err, io.EOF) { // Ctrl-D, or a script's input ended: no answer is no
			fmt.Fprintln(out)
			return false, nil
		}
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "y":
			return true, nil
		case "", "n":
			fmt.Fprintln(out)
			return false, nil
		}
	}
}

// confirmedBulkCommand is a command that changes everything of a kind (`stream all destroy`, `app all
// unregister`): it asks first, or refuses without --force when nobody can answer.
func confirmedBulkCommand(d *cmdDeps, use, short, group, question, done string, action func(context.Context, *flow.Flow) error) *cobra.Command {
	var force bool
	cmd := leaf(use, short, group, func(cmd *cobra.Command, args []string) error {
		ok, err := confirm(d.Prompter, d.IO.Out, question, force)
		if err != nil || !ok {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if err := action(cmd.Context(), fl); err != nil {
			return err
		}
		fmt.Fprintln(d.IO.Out, done)
		return nil
	})
	cmd.Flags().BoolVar(&force, "force", false, "bypass confirmation prompt")
	return cmd
}
