package shell

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

const groupSCDF = "SCDF Migration Commands"

// scdfPasswordEnv holds the SCDF server's password for a user who keeps it out of the command line (a process's
// arguments are visible to every user of the machine).
const scdfPasswordEnv = "DATAFLOW_SCDF_PASSWORD"

// newSCDFCommand is `scdf`: moving what a running SCDF server holds into dataflow.
func newSCDFCommand(d *cmdDeps) *cobra.Command {
	return noun("scdf", "Move what a running Spring Cloud Data Flow server holds into dataflow", newSCDFImportCommand(d))
}

// scdfImportOptions are `scdf import`'s options; the auth ones are the SCDF shell's `dataflow config server` ones.
type scdfImportOptions struct {
	uri                       string
	username, password        string
	credentialsProviderCmd    string
	skipSSLValidation         bool
	dryRun, force, adopt      bool
	executions                bool
	format                    string
	passwordFromEnv           func(string) string
	out, errOut               io.Writer
	importFn                  func(context.Context, flow.SCDFImportRequest) (flow.SCDFImportResult, error)
	printListing              func(format string, v any, table func() render.Table) error
	runCredentialsProviderCmd func(ctx context.Context, command string) (string, error)
}

func newSCDFImportCommand(d *cmdDeps) *cobra.Command {
	o := &scdfImportOptions{}
	cmd := leaf("import", "Import the app registrations, stream and task definitions of a running SCDF server", groupSCDF, func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		o.passwordFromEnv = d.Getenv
		o.out, o.errOut = d.IO.Out, d.IO.ErrOut
		o.importFn = fl.ImportSCDF
		o.printListing = d.printListing
		o.runCredentialsProviderCmd = runCredentialsProvider
		return runSCDFImport(cmd.Context(), o)
	})
	f := cmd.Flags()
	f.StringVar(&o.uri, "uri", "", "the SCDF server's location, e.g. http://scdf:9393")
	f.StringVar(&o.username, "username", "", "the SCDF server's user (basic authentication)")
	f.StringVar(&o.password, "password", "", "the user's password (never printed or recorded; "+scdfPasswordEnv+" keeps it off the command line)")
	f.StringVar(&o.credentialsProviderCmd, "credentials-provider-command", "", "a command whose output is a bearer token for the server (OAuth)")
	f.BoolVar(&o.skipSSLValidation, "skip-ssl-validation", false, "accept any TLS certificate the server presents")
	f.BoolVar(&o.dryRun, "dryRun", false, "list what would change and change nothing")
	f.BoolVar(&o.force, "force", false, "replace app registrations and definitions that differ from SCDF's instead of leaving them alone; with --adopt, adopt streams that do not run what their definition and deployment properties give")
	f.BoolVar(&o.executions, "executions", false, scdfExecutionsHelp)
	f.BoolVar(&o.adopt, "adopt", false, "also take over the streams SCDF deployed, as they run, on the accounts named as SCDF's platforms (marks their objects as this store's)")
	o.format = "table"
	format := addOutputFlag(cmd)
	pre := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, a []string) error {
		o.format = *format
		return pre(c, a)
	}
	require(cmd, "uri")
	positional(cmd, "uri")
	return cmd
}

// runSCDFImport checks the options, gets a token when asked to, imports, and prints the plan and its outcome.
func runSCDFImport(ctx context.Context, o *scdfImportOptions) error {
	if o.uri == "" {
		return usageErrorf("--uri is required: the SCDF server to import from")
	}
	if o.credentialsProviderCmd != "" && (o.username != "" || o.password != "") {
		return usageErrorf("Give either '--credentials-provider-command' or '--username' and '--password', not both")
	}
	password := o.password
	if o.username != "" && password == "" && o.passwordFromEnv != nil {
		password = o.passwordFromEnv(scdfPasswordEnv)
	}
	if o.username != "" && password == "" {
		return usageErrorf("--username needs --password, or the password in %s", scdfPasswordEnv)
	}
	if password != "" && o.username == "" {
		return usageErrorf("A password may be specified only together with a username")
	}
	server := flow.SCDFServer{URI: o.uri, Username: o.username, Password: password, SkipSSLValidation: o.skipSSLValidation}
	if o.credentialsProviderCmd != "" {
		token, err := o.runCredentialsProviderCmd(ctx, o.credentialsProviderCmd)
		if err != nil {
			return err
		}
		server.Token = token
	}
	res, err := o.importFn(ctx, flow.SCDFImportRequest{Server: server, DryRun: o.dryRun, Force: o.force, Executions: o.executions, Adopt: o.adopt})
	if err != nil {
		return err
	}
	if o.format != "table" && o.format != "" {
		return o.printListing(o.format, res, nil)
	}
	return printSCDFImport(o, res)
}

func printSCDFImport(o *scdfImportOptions, res flow.SCDFImportResult) error {
	var changed, schedules []flow.SCDFChange
	for _, c := range res.Changes {
		switch c.Action {
		case flow.SCDFUnchanged, flow.SCDFSkipped, flow.SCDFAdoptedAlready:
		case flow.SCDFNotScheduled:
			schedules = append(schedules, c)
		default:
			changed = append(changed, c)
		}
	}
	unchanged := res.Count(flow.SCDFUnchanged) + res.Count(flow.SCDFAdoptedAlready)
	if len(changed) == 0 {
		fmt.Fprintf(o.out, "Nothing to import from %s: its %d items already match this store\n", res.Source, unchanged)
	} else {
		t := render.Table{Headers: []string{"Kind", "Name", "Action", "Detail"}}
		for _, c := range changed {
			t.Rows = append(t.Rows, []string{c.Kind, c.Name, string(c.Action), c.Detail})
		}
		if err := o.printListing("table", nil, func() render.Table { return t }); err != nil {
			return err
		}
		verb := "Imported from"
		if o.dryRun {
			verb = "Dry run, nothing written; would import from"
		} else if !res.Written {
			verb = "Nothing written; from"
		}
		conflicts := res.Count(flow.SCDFConflict)
		fmt.Fprintf(o.out, "%s %s: %d created, %d replaced, %d unchanged, %d conflicts left alone\n", verb, res.Source,
			res.Count(flow.SCDFCreate), res.Count(flow.SCDFReplace), unchanged, conflicts)
		if conflicts > 0 {
			fmt.Fprintln(o.errOut, "Warning: the conflicts above were left as they are here; add --force to replace them with SCDF's")
		}
	}
	printSCDFExecutionTotals(o, res)
	printSCDFSkippedExecutions(o, res)
	if o.adopt {
		printSCDFAdoption(o, res)
	}
	if len(schedules) > 0 {
		// Creating them is a platform write while SCDF's own schedules still fire: the task would run twice.
		fmt.Fprintf(o.errOut, "Note: %d schedules were not created (SCDF's still run on their platforms); once SCDF's are removed, run:\n", len(schedules))
		for _, c := range schedules {
			fmt.Fprintf(o.errOut, "  %s\n", c.Detail)
		}
	}
	return nil
}

// printSCDFAdoption says how many streams were adopted and warns of those left to SCDF.
func printSCDFAdoption(o *scdfImportOptions, res flow.SCDFImportResult) {
	verb := "Adopted"
	if o.dryRun {
		verb = "Would adopt"
	}
	notAdopted := res.Count(flow.SCDFNotAdopted)
	fmt.Fprintf(o.out, "%s %d streams SCDF runs; %d adopted already, %d not adopted\n", verb, res.Count(flow.SCDFAdopt),
		res.Count(flow.SCDFAdoptedAlready), notAdopted)
	if notAdopted > 0 {
		fmt.Fprintln(o.errOut, "Warning: the streams not adopted above still run as SCDF deployed them; this store's commands refuse their objects")
	}
}

// runCredentialsProvider runs the SCDF shell's --credentials-provider-command, split on whitespace as SCDF
// splits it (no shell), and returns its output as a bearer token. The token is never printed.
func runCredentialsProvider(ctx context.Context, command string) (string, error) {
	words := strings.Fields(command)
	if len(words) == 0 {
		return "", usageErrorf("--credentials-provider-command is empty")
	}
	var stdout, stderr bytes.Buffer
	c := exec.CommandContext(ctx, words[0], words[1:]...) //nolint:gosec // the user's own command, as SCDF's shell runs it
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && msg != "" {
			return "", fmt.Errorf("--credentials-provider-command failed (%v): %s", err, msg)
		}
		return "", fmt.Errorf("--credentials-provider-command failed: %v", err)
	}
	token := strings.TrimSpace(stdout.String())
	token = strings.TrimSpace(strings.TrimPrefix(token, "Bearer "))
	if token == "" || strings.ContainsAny(token, " \n\r\t") {
		return "", errors.New("--credentials-provider-command printed no token (one word expected on its output)")
	}
	return token, nil
}
