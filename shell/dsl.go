package shell

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

// newDSLCommand is plumbing for tools and tests: parse a definition and print what SCDF's parser makes of it.
func newDSLCommand(d *cmdDeps) *cobra.Command {
	var kind, name, output string
	var noValidate bool
	parse := leaf("parse", "Parse a stream or task definition and print its structure", groupPlumbing, nil)
	parse.Use = "parse --kind stream|task [--name NAME] [--no-validate] [--output json] -- 'DEFINITION'"
	parse.Args = func(_ *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usageErrorf("Give exactly one definition after '--': dsl parse --kind stream -- 'time | log'")
		}
		return nil
	}
	parse.Flags().StringVar(&kind, "kind", "", "stream or task")
	parse.Flags().StringVar(&name, "name", "", "the definition's name (checked as SCDF checks names; names child tasks)")
	parse.Flags().BoolVar(&noValidate, "noValidate", false, "skip the composed-task validator")
	parse.Flags().StringVarP(&output, "output", "o", "json", "output format: json or yaml")
	require(parse, "kind")
	parse.RunE = func(cmd *cobra.Command, args []string) error {
		if kind != "stream" && kind != "task" {
			return usageErrorf("Unknown definition kind '%s': use stream or task", kind)
		}
		if output != "json" && output != "yaml" {
			return usageErrorf("Unknown output format '%s': use json or yaml", output)
		}
		view, err := flow.DescribeDefinition(kind, name, args[0], !noValidate)
		if view == nil {
			return err
		}
		print := render.JSON
		if output == "yaml" {
			print = render.YAML
		}
		if perr := print(d.IO.Out, view); perr != nil {
			return perr
		}
		if err != nil {
			// The error is already on stdout as data; only the exit code is left to say.
			return &silentError{err: errors.New(strings.SplitN(err.Error(), "\n", 2)[0])}
		}
		return nil
	}
	return noun("dsl", "Work with SCDF's definition language", parse)
}
