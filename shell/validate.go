package shell

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

// validateCommand is `stream validate` and `task validate`: SCDF's two tables and its footer.
func validateCommand(d *cmdDeps, short, group, what string, names nameSource,
	validate func(context.Context, *flow.Flow, string) (flow.DefinitionView, []flow.AppValidation, error)) *cobra.Command {
	var name string
	cmd := leaf("validate", short, group, nil)
	nameOption(cmd, d, &name, "the name of the "+what+" to validate", names)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		view, apps, err := validate(cmd.Context(), fl, name)
		if err != nil {
			return err
		}
		if *format != "table" {
			if err := d.printListing(*format, validationView{Name: view.Name, Definition: view.Definition, Apps: apps, Valid: allValid(apps)}, nil); err != nil {
				return err
			}
			if !allValid(apps) {
				return &silentError{err: fmt.Errorf("%s is an invalid %s.", view.Name, what)}
			}
			return nil
		}
		title := strings.ToUpper(what[:1]) + what[1:]
		return d.printValidation([]string{title + " Name", title + " Definition"}, view, apps, what)
	}
	return cmd
}

// validationView is `stream validate -o json|yaml` (and task's); an invalid definition still exits 1.
type validationView struct {
	Name       string               `json:"name" yaml:"name"`
	Definition string               `json:"definition" yaml:"definition"`
	Apps       []flow.AppValidation `json:"apps" yaml:"apps"`
	Valid      bool                 `json:"valid" yaml:"valid"`
}

func allValid(apps []flow.AppValidation) bool {
	for _, a := range apps {
		if a.Status != "valid" {
			return false
		}
	}
	return true
}

// printValidation prints SCDF's two validation tables and its footer; an invalid definition is a failure.
func (d *cmdDeps) printValidation(headers []string, view flow.DefinitionView, apps []flow.AppValidation, what string) error {
	if err := render.RenderTable(d.IO.Out, render.Table{Headers: headers, Rows: [][]string{{view.Name, view.Definition}}}, d.IO.TableWidth()); err != nil {
		return err
	}
	fmt.Fprintln(d.IO.Out)
	t := render.Table{Headers: []string{"App Name", "Validation Status"}}
	valid := true
	for _, a := range apps {
		t.Rows = append(t.Rows, []string{a.App, a.Status})
		valid = valid && a.Status == "valid"
	}
	if err := render.RenderTable(d.IO.Out, t, d.IO.TableWidth()); err != nil {
		return err
	}
	if valid {
		fmt.Fprintf(d.IO.Out, "\n%s is a valid %s.\n", view.Name, what)
		return nil
	}
	fmt.Fprintln(d.IO.Out)
	return fmt.Errorf("%s is an invalid %s.", view.Name, what)
}
