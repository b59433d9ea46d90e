package shell

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

// planOptions are the options `stream update` and `stream rollback` share for a dry run.
type planOptions struct {
	DryRun bool
	// Output is -o: table (the readable diff), json or yaml.
	Output string
	// Color colours the diff's +/-/~ lines: the output is a colour terminal.
	Color bool
	// outputGiven is set when -o was given: it means something only with --dryRun.
	outputGiven func() bool
}

// add gives a command --dryRun and -o; its run function checks them first (check).
func (p *planOptions) add(cmd *cobra.Command, d *cmdDeps, what string) {
	cmd.Flags().BoolVar(&p.DryRun, "dryRun", false, "print what the "+what+" would change (apps, properties, platform objects), and change nothing")
	cmd.Flags().StringVarP(&p.Output, "output", "o", "table", "output format of --dryRun: table (a readable diff), json or yaml")
	p.Color = colorOutput(d.IO, d.Getenv)
	p.outputGiven = func() bool { return cmd.Flags().Changed("output") }
}

// check refuses a bad -o, and -o without --dryRun (an update prints no listing it would format).
func (p *planOptions) check() error {
	if p.Output == "" {
		p.Output = "table"
	}
	if err := checkFormat(p.Output); err != nil {
		return err
	}
	if !p.DryRun && p.outputGiven != nil && p.outputGiven() {
		return usageErrorf("--output formats the plan of --dryRun; add --dryRun or leave --output out")
	}
	return nil
}

// print writes a plan as asked.
func (p *planOptions) print(w io.Writer, plan flow.StreamPlan) error {
	switch p.Output {
	case "json":
		return render.JSON(w, plan)
	case "yaml":
		return render.YAML(w, plan)
	}
	_, err := io.WriteString(w, planText(plan, p.Color))
	return err
}

// colorOutput is whether the output is a terminal that takes colour, as the session decides for errors
// (NO_COLOR, TERM=dumb, CLICOLOR=0 turn it off; CLICOLOR_FORCE turns it on anywhere).
func colorOutput(io *IOStreams, getenv func(string) string) bool {
	if !io.OutTTY || getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" || getenv("CLICOLOR") == "0" {
		return getenv("CLICOLOR_FORCE") != "" && getenv("CLICOLOR_FORCE") != "0" && getenv("NO_COLOR") == ""
	}
	return true
}

// planText is a plan as a diff a person reads: a line for each app, "~" replaced, "+" created, " " kept, under
// it the properties that change; then the platform objects created ("+") and deleted ("-").
func planText(plan flow.StreamPlan, color bool) string {
	paint := func(mark, line string) string {
		code := map[string]string{"+": "32", "-": "31", "~": "33"}[mark]
		if !color || code == "" {
			return line
		}
		return "\x1b[" + code + "m" + line + "\x1b[0m"
	}
	var b strings.Builder
	from := fmt.Sprintf("release %d", plan.FromRelease)
	if plan.FromRelease == 0 {
		from = "not deployed"
	}
	fmt.Fprintf(&b, "Plan for the %s of stream '%s' on platform '%s': %s -> release %d", plan.Operation, plan.Stream, plan.Platform, from, plan.ToRelease)
	if plan.RollbackTo > 0 {
		fmt.Fprintf(&b, " (the config of release %d)", plan.RollbackTo)
	}
	b.WriteString("\n")
	for _, n := range plan.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	b.WriteString("\nApps:\n")
	for _, a := range plan.Apps {
		var mark, line string
		switch a.Action {
		case flow.PlanReplace:
			mark, line = "~", fmt.Sprintf("%s: replaced, %s -> %s", a.Label, a.OldDeploymentID, a.NewDeploymentID)
		case flow.PlanCreate:
			mark, line = "+", fmt.Sprintf("%s: created, %s", a.Label, a.NewDeploymentID)
		default:
			mark, line = " ", fmt.Sprintf("%s: kept, %s", a.Label, a.OldDeploymentID)
		}
		b.WriteString(paint(mark, mark+" "+line) + "\n")
		if a.OldVersion != "" {
			b.WriteString(paint("~", fmt.Sprintf("    ~ version %s -> %s", a.OldVersion, a.Version)) + "\n")
		} else if a.OldURI != "" {
			b.WriteString(paint("~", fmt.Sprintf("    ~ uri %s -> %s", a.OldURI, a.URI)) + "\n")
		}
		for _, c := range a.Properties {
			switch c.Action {
			case flow.PlanAdd:
				b.WriteString(paint("+", fmt.Sprintf("    + %s=%s", c.Key, c.New)) + "\n")
			case flow.PlanRemove:
				b.WriteString(paint("-", fmt.Sprintf("    - %s=%s", c.Key, c.Old)) + "\n")
			default:
				b.WriteString(paint("~", fmt.Sprintf("    ~ %s=%s -> %s", c.Key, c.Old, c.New)) + "\n")
			}
		}
	}
	b.WriteString("\nPlatform objects:\n")
	for _, o := range plan.Objects {
		mark := "+"
		if o.Action == flow.PlanDelete {
			mark = "-"
		}
		b.WriteString(paint(mark, fmt.Sprintf("%s %s on '%s' (%s)", mark, o.DeploymentID, o.Platform, o.Reason)) + "\n")
		for _, name := range o.Objects {
			b.WriteString(paint(mark, fmt.Sprintf("    %s %s", mark, name)) + "\n")
		}
	}
	b.WriteString("\nDry run: nothing was changed.\n")
	return b.String()
}
