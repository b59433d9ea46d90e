package shell

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

// confirm asks a yes/no question the SCDF way (`<question> [y, n]: `, empty means no, anything else asks again).
// Outside an interactive shell nobody can answer, so a destructive command refuses unless --force was given.
func (f *Factory) confirm(question string, force bool) (bool, error) {
	if force {
		return true, nil
	}
	if !f.Interactive || f.Ask == nil {
		return false, usageErrorf("%s: not asking because the shell is not interactive; add --force to proceed", strings.TrimSuffix(question, "?"))
	}
	for {
		answer, err := f.Ask(question + " [y, n]: ")
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "y":
			return true, nil
		case "", "n":
			fmt.Fprintln(f.IO.Out)
			return false, nil
		}
	}
}

// confirmedBulkCommand is a command that changes everything of a kind (`stream all destroy`, `app all
// unregister`): it asks first, or refuses without --force when nobody can answer.
func confirmedBulkCommand(f *Factory, use, short, group, question, done string, action func(context.Context, *flow.Flow) error) *cobra.Command {
	var force bool
	cmd := leaf(use, short, group, func(cmd *cobra.Command, args []string) error {
		ok, err := f.confirm(question, force)
		if err != nil || !ok {
			return err
		}
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if err := action(cmd.Context(), fl); err != nil {
			return err
		}
		fmt.Fprintln(f.IO.Out, done)
		return nil
	})
	cmd.Flags().BoolVar(&force, "force", false, "bypass confirmation prompt")
	return cmd
}
