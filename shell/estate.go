package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

const groupEstate = "Estate Commands"

// newEstateCommand is `estate`: the store's apps, definitions, deployments and schedules as one YAML file.
func newEstateCommand(d *cmdDeps) *cobra.Command {
	return noun("estate", "Keep the store's apps, definitions, deployments and schedules in one YAML file, and apply it",
		newEstateExportCommand(d), newEstateApplyCommand(d))
}

// estateExportOptions are `estate export`'s options.
type estateExportOptions struct {
	file, format string
	out, errOut  io.Writer
	exportFn     func(context.Context) (flow.EstateExport, error)
}

func newEstateExportCommand(d *cmdDeps) *cobra.Command {
	o := &estateExportOptions{}
	cmd := leaf("export", "Write the store's estate (apps, streams with their deployments, tasks, schedules) as one YAML document", groupEstate,
		func(cmd *cobra.Command, args []string) error {
			fl, err := d.Flow(cmd.Context())
			if err != nil {
				return err
			}
			o.out, o.errOut, o.exportFn = d.IO.Out, d.IO.ErrOut, fl.ExportEstate
			return runEstateExport(cmd.Context(), o)
		})
	cmd.Long = `Writes the store's estate as one YAML document: app registrations, stream definitions (with the platform
and deployment properties of those deployed), task definitions and schedules, sorted by name so that a re-export
of an unchanged store is the same file. Secret values are written as ${NAME} references to environment
variables, never as values; the variables an apply will need are listed on stderr. See docs/estate.md.`
	cmd.Flags().StringVar(&o.file, "file", "", "the file to write (standard output when not given)")
	_ = cmd.MarkFlagFilename("file", "yaml", "yml", "json")
	cmd.Flags().StringVarP(&o.format, "output", "o", "yaml", "format: yaml or json")
	return cmd
}

// runEstateExport writes the estate where asked, and says on stderr which variables its references name and
// what could not be written exactly.
func runEstateExport(ctx context.Context, o *estateExportOptions) error {
	if o.format != "yaml" && o.format != "json" {
		return usageErrorf("Invalid value '%s' for option '--output': yaml or json", o.format)
	}
	ex, err := o.exportFn(ctx)
	if err != nil {
		return err
	}
	var data []byte
	if o.format == "json" {
		var b strings.Builder
		if err := render.JSON(&b, ex.Estate); err != nil {
			return err
		}
		data = []byte(b.String())
	} else if data, err = flow.MarshalEstate(ex.Estate); err != nil {
		return err
	}
	if o.file == "" {
		if _, err := o.out.Write(data); err != nil {
			return err
		}
	} else if err := writeFileAtomically(o.file, data); err != nil {
		return fmt.Errorf("cannot write --file %s: %w", o.file, err)
	}
	for _, n := range ex.Notes {
		fmt.Fprintf(o.errOut, "Note: %s\n", n)
	}
	if len(ex.Variables) > 0 {
		fmt.Fprintf(o.errOut, "Note: secret values are written as references; an apply needs these environment variables: %s\n", strings.Join(ex.Variables, ", "))
	}
	if o.file != "" {
		fmt.Fprintf(o.out, "Exported %d apps, %d streams, %d tasks and %d schedules to %s\n", len(ex.Estate.Apps), len(ex.Estate.Streams),
			len(ex.Estate.Tasks), len(ex.Estate.Schedules), o.file)
	}
	return nil
}

// writeFileAtomically replaces a file by a complete new one: a failure half-way never leaves half an estate.
func writeFileAtomically(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil { //nolint:gosec // an estate file holds no secret and is meant for git
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}

// estateApplyOptions are `estate apply`'s options.
type estateApplyOptions struct {
	file                 string
	dryRun, prune, force bool
	format               string
	color                bool
	getenv               func(string) string
	out, errOut          io.Writer
	planFn               func(context.Context, flow.EstateApplyRequest) (*flow.EstatePlan, error)
	applyFn              func(context.Context, *flow.EstatePlan, func(flow.EstateStep)) error
	successExit          func(int)
}

const estateApplyLong = `Reads an estate file (as estate export writes it), checks all of it first (YAML, unknown fields, every
definition's DSL, the apps they use, platforms, cron expressions, secret references: an error names
file:line:column and nothing is changed), prints the plan, then makes the store and its platforms match the
file in order: register apps, create tasks and streams, deploy or update streams, create schedules. With
--prune it also removes what the store has and the file does not (schedules, streams, tasks, app versions, in
that order). An unchanged file changes nothing and sends no write to any platform.

A change that stops a running stream (--prune of a deployed stream, a changed definition or platform of one)
needs --force; without it nothing is done. apply never prompts, so that CI can run it.

Exit codes: 0 nothing to do; 3 changes made (with --dryRun: changes to make); 1 failed (the steps done and the
failing step are printed); 2 a usage error, or a change that needs --force. See docs/estate.md.`

func newEstateApplyCommand(d *cmdDeps) *cobra.Command {
	o := &estateApplyOptions{}
	cmd := leaf("apply", "Make the store and its platforms match an estate file: print the plan, then apply it", groupEstate,
		func(cmd *cobra.Command, args []string) error {
			fl, err := d.Flow(cmd.Context())
			if err != nil {
				return err
			}
			o.getenv, o.out, o.errOut = d.Getenv, d.IO.Out, d.IO.ErrOut
			o.color = colorOutput(d.IO, d.Getenv)
			o.planFn, o.applyFn, o.successExit = fl.PlanEstate, fl.ApplyEstate, d.successExit
			return runEstateApply(cmd.Context(), o)
		})
	cmd.Long = estateApplyLong
	f := cmd.Flags()
	f.StringVar(&o.file, "file", "", "the estate file to apply")
	_ = cmd.MarkFlagFilename("file", "yaml", "yml", "json")
	f.BoolVar(&o.dryRun, "dryRun", false, "print the plan and change nothing")
	f.BoolVar(&o.prune, "prune", false, "also remove what the store has and the file does not")
	f.BoolVar(&o.force, "force", false, "let the apply stop running streams (pruned, re-created or moved)")
	f.StringVarP(&o.format, "output", "o", "table", "output format: table (the plan as a diff), json or yaml")
	require(cmd, "file")
	positional(cmd, "file")
	return cmd
}

// runEstateApply plans, prints the plan, applies it unless --dryRun, and sets the exit code CI reads.
func runEstateApply(ctx context.Context, o *estateApplyOptions) error {
	if err := checkFormat(o.format); err != nil {
		return err
	}
	data, err := os.ReadFile(o.file)
	if err != nil {
		return fmt.Errorf("cannot read --file %s: %w", o.file, errors.Unwrap(err))
	}
	plan, err := o.planFn(ctx, flow.EstateApplyRequest{Path: o.file, Data: data, Prune: o.prune, Force: o.force, Getenv: o.getenv})
	var needsForce *flow.EstateNeedsForceError
	if errors.As(err, &needsForce) {
		// As any destructive command run without --force where nobody can confirm: a usage error.
		return &UsageError{Msg: err.Error()}
	}
	if err != nil {
		return err
	}
	text := o.format == "table" || o.format == ""
	if len(plan.Steps) == 0 {
		if !text {
			return printEstatePlan(o, plan)
		}
		for _, n := range plan.Notes {
			fmt.Fprintf(o.out, "Note: %s\n", n)
		}
		fmt.Fprintf(o.out, "Nothing to do: the store matches %s (%d items).\n", o.file, plan.Unchanged)
		return nil
	}
	if text {
		fmt.Fprint(o.out, estatePlanText(plan, o.color))
	}
	if o.dryRun {
		if !text {
			if err := printEstatePlan(o, plan); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(o.out, "Dry run: nothing was changed; %s to make.\n", changeCount(len(plan.Steps)))
		}
		o.exitWith(ExitChanges)
		return nil
	}
	progress := func(s flow.EstateStep) {
		if text && s.Status == flow.EstateStepDone {
			fmt.Fprintf(o.out, "done: %s %s %s\n", s.Action, s.Kind, s.Name)
		}
	}
	applyErr := o.applyFn(ctx, plan, progress)
	if !text {
		if err := printEstatePlan(o, plan); err != nil {
			return err
		}
	}
	if applyErr != nil {
		return applyErr
	}
	if text {
		fmt.Fprintf(o.out, "Applied %s.\n", changeCount(len(plan.Steps)))
	}
	o.exitWith(ExitChanges)
	return nil
}

func (o *estateApplyOptions) exitWith(code int) {
	if o.successExit != nil {
		o.successExit(code)
	}
}

func printEstatePlan(o *estateApplyOptions, plan *flow.EstatePlan) error {
	if o.format == "json" {
		return render.JSON(o.out, plan)
	}
	return render.YAML(o.out, plan)
}

func changeCount(n int) string {
	if n == 1 {
		return "1 change"
	}
	return fmt.Sprintf("%d changes", n)
}

// estateMark is a step's diff mark: + made, ~ changed, - removed.
func estateMark(action string) string {
	switch action {
	case flow.EstateRegister, flow.EstateCreate, flow.EstateDeploy:
		return "+"
	case flow.EstateUndeploy, flow.EstateDestroy, flow.EstateUnregister:
		return "-"
	}
	return "~"
}

// estatePlanText is a plan as a person reads it: one line a step, in the order they run, the property changes
// of an update under it; coloured on a terminal as the stream plans are.
func estatePlanText(plan *flow.EstatePlan, color bool) string {
	paint := func(mark, line string) string {
		code := map[string]string{"+": "32", "-": "31", "~": "33"}[mark]
		if !color || code == "" {
			return line
		}
		return "\x1b[" + code + "m" + line + "\x1b[0m"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Plan for %s: %s, %d unchanged\n", plan.File, changeCount(len(plan.Steps)), plan.Unchanged)
	for _, n := range plan.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	for _, s := range plan.Steps {
		mark := estateMark(s.Action)
		line := fmt.Sprintf("%s %s %s %s", mark, s.Action, s.Kind, s.Name)
		if s.Detail != "" {
			line += ": " + s.Detail
		}
		b.WriteString(paint(mark, line) + "\n")
		for _, c := range s.Properties {
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
	return b.String()
}
