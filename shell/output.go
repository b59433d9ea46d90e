package shell

import (
	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/shell/render"
)

// addOutputFlag gives a listing command `-o table|json|yaml`, checked before the command does any work.
func addOutputFlag(cmd *cobra.Command) *string {
	var format string
	cmd.Flags().StringVarP(&format, "output", "o", "table", "output format: table, json or yaml")
	cmd.PreRunE = func(*cobra.Command, []string) error { return checkFormat(format) }
	return &format
}

// printListing renders v as JSON or YAML when asked, else the table that table() builds.
func (f *Factory) printListing(format string, v any, table func() render.Table) error {
	fm, err := render.ParseFormat(format)
	if err != nil {
		return &UsageError{Msg: err.Error()}
	}
	switch fm {
	case render.FormatJSON:
		return render.JSON(f.IO.Out, v)
	case render.FormatYAML:
		return render.YAML(f.IO.Out, v)
	}
	return render.RenderTable(f.IO.Out, table(), f.IO.Width)
}

// checkFormat validates -o before any work is done.
func checkFormat(format string) error {
	if _, err := render.ParseFormat(format); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	return nil
}
