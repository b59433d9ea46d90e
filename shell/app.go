package shell

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

func newAppCommand(d *cmdDeps) *cobra.Command {
	return noun("app", "Register and inspect the apps streams and tasks are made of",
		newAppRegisterCommand(d), newAppImportCommand(d), newAppListCommand(d), newAppInfoCommand(d),
		newAppUnregisterCommand(d), newAppDefaultCommand(d),
		noun("all", "Commands on every registered app", newAppAllUnregisterCommand(d)),
	)
}

// appTypeFlag is --type, completed with SCDF's application types.
func appTypeFlag(cmd *cobra.Command, d *cmdDeps, target *string) {
	cmd.Flags().StringVar(target, "type", "", "the type of the application: app, source, processor, sink or task")
	if !d.completes {
		return
	}
	_ = cmd.RegisterFlagCompletionFunc("type", func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		names := make([]string, len(flow.AppTypes))
		for i, t := range flow.AppTypes {
			names[i] = string(t)
		}
		return withPrefix(names, toComplete), cobra.ShellCompDirectiveNoFileComp
	})
}

func newAppRegisterCommand(d *cmdDeps) *cobra.Command {
	var req flow.RegisterRequest
	var typ string
	cmd := leaf("register", "Register a new application", groupApps, func(cmd *cobra.Command, args []string) error {
		t, err := flow.ParseAppType(typ)
		if err != nil {
			return err
		}
		req.Type = t
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if _, err := fl.RegisterApp(cmd.Context(), req); err != nil {
			return err
		}
		// SCDF 2.11 prints no closing quote here; we keep its exact text.
		msg := fmt.Sprintf("Successfully registered application '%s:%s", req.Type, req.Name)
		if req.BootVersion != "" {
			msg += fmt.Sprintf(" (boot %s)", req.BootVersion)
		}
		fmt.Fprintln(d.IO.Out, msg)
		return nil
	})
	cmd.Example = "  app register --name time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1"
	cmd.Flags().StringVar(&req.Name, "name", "", "the name for the registered application")
	appTypeFlag(cmd, d, &typ)
	cmd.Flags().StringVarP(&req.BootVersion, "bootVersion", "b", "", "the Spring Boot version of the application: 2 or 3")
	cmd.Flags().StringVar(&req.URI, "uri", "", "URI for the application artifact (docker:, maven://, http(s)://, file:)")
	cmd.Flags().StringVarP(&req.MetadataURI, "metadataUri", "m", "", "URI for the application metadata artifact")
	cmd.Flags().BoolVar(&req.Force, "force", false, "force update if application is already registered (only if not in use)")
	require(cmd, "name", "type", "uri")
	positional(cmd, "name")
	return cmd
}

// defaultEscapes show the control characters of a default value as SCDF's shell shows them.
var defaultEscapes = strings.NewReplacer("\n", "\\n", "\t", "\\t", "\f", "\\f")

// appOptionsTable is SCDF's option table: the app's visible options (every one with exhaustive), 30 columns
// wide each, with its placeholders for what the metadata does not say.
// appInfoView is `app info -o json|yaml`: the registration and its options (the visible ones, or every one
// with --exhaustive).
type appInfoView struct {
	appView       `yaml:",inline"`
	MetadataFound bool         `json:"metadataFound" yaml:"metadataFound"`
	Options       []optionView `json:"options" yaml:"options"`
}

// optionView is one option of `app info -o json|yaml`.
type optionView struct {
	ID          string `json:"id" yaml:"id"`
	Type        string `json:"type,omitempty" yaml:"type,omitempty"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	// Default is there only when the option has one (an empty default is "").
	Default *string `json:"defaultValue,omitempty" yaml:"defaultValue,omitempty"`
}

func appOptionsTable(opts flow.AppOptions, exhaustive bool) render.Table {
	list := opts.Options
	if !exhaustive {
		list = list.Visible()
	}
	t := render.Table{Headers: []string{"Option Name", "Description", "Default", "Type"}, ColumnWidth: 30}
	for _, o := range list {
		desc, typ, def := o.Description, o.Type, "<none>"
		if desc == "" {
			desc = "<unknown>"
		}
		if typ == "" {
			typ = "<unknown>"
		}
		if o.HasDefault {
			def = defaultEscapes.Replace(o.Default)
		}
		t.Rows = append(t.Rows, []string{o.ID, desc, def, typ})
	}
	return t
}

// parseAppID reads `type:name`.
func parseAppID(id string) (flow.AppType, string, error) {
	typ, name, ok := strings.Cut(id, ":")
	if !ok || typ == "" || name == "" {
		return "", "", fmt.Errorf("Incorrect syntax. Valid syntax is '<ApplicationType>:<ApplicationName>'.")
	}
	t, err := flow.ParseAppType(typ)
	return t, name, err
}

func newAppInfoCommand(d *cmdDeps) *cobra.Command {
	var name, typ, version string
	var exhaustive bool
	var format *string
	cmd := leaf("info", "Get information about an application", groupApps, func(cmd *cobra.Command, args []string) error {
		t, err := flow.ParseAppType(typ)
		if err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		app, err := fl.AppInfo(cmd.Context(), t, name, version)
		if err != nil {
			return err
		}
		opts, err := fl.AppOptionsOf(cmd.Context(), t, name, app.Version, exhaustive)
		if err != nil {
			return err
		}
		if *format != "table" {
			list := opts.Options
			if !exhaustive {
				list = list.Visible()
			}
			v := appInfoView{appView: appViews([]flow.AppRecord{app})[0], MetadataFound: opts.Found, Options: []optionView{}}
			for _, o := range list {
				ov := optionView{ID: o.ID, Type: o.Type, Description: o.Description}
				if o.HasDefault {
					ov.Default = &o.Default
				}
				v.Options = append(v.Options, ov)
			}
			return d.printListing(*format, v, nil)
		}
		out := d.IO.Out
		fmt.Fprintf(out, "Information about %s application '%s':\n", app.Type, app.Name)
		fmt.Fprintf(out, "Version: '%s':\n", app.Version)
		if app.Default {
			fmt.Fprintln(out, "Default application version: 'true':")
		}
		fmt.Fprintf(out, "Resource URI: %s\n", app.URI)
		if app.MetadataURI != "" {
			fmt.Fprintf(out, "Metadata URI: %s\n", app.MetadataURI)
		}
		if app.BootVersion != "" {
			fmt.Fprintf(out, "Boot version: %s:\n", app.BootVersion)
		}
		if !opts.Found {
			fmt.Fprintln(out, "Application options metadata is not available")
			return nil
		}
		return render.RenderTable(out, appOptionsTable(opts, exhaustive), d.IO.TableWidth())
	})
	format = addOutputFlag(cmd)
	cmd.Flags().StringVar(&name, "name", "", "name of the application to query")
	appTypeFlag(cmd, d, &typ)
	cmd.Flags().StringVar(&version, "version", "", "the version of the application (default: the default version)")
	cmd.Flags().BoolVar(&exhaustive, "exhaustive", false, "return all metadata, including common Spring Boot properties")
	require(cmd, "name", "type")
	completeFlagWith(cmd, "name", d, completeAppNames)
	return cmd
}

func newAppUnregisterCommand(d *cmdDeps) *cobra.Command {
	var name, typ, version string
	cmd := leaf("unregister", "Unregister an application", groupApps, func(cmd *cobra.Command, args []string) error {
		t, err := flow.ParseAppType(typ)
		if err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		res, err := fl.UnregisterApp(cmd.Context(), t, name, version)
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("Successfully unregistered application '%s' with type '%s'.", name, t)
		if len(res.RemainingWithoutDefault) > 0 {
			msg += fmt.Sprintf(" Please select new default version from: (%s)", strings.Join(res.RemainingWithoutDefault, ", "))
		}
		fmt.Fprintln(d.IO.Out, msg)
		return nil
	})
	cmd.Flags().StringVar(&name, "name", "", "name of the application to unregister")
	appTypeFlag(cmd, d, &typ)
	cmd.Flags().StringVar(&version, "version", "", "the version to unregister (default: the default version)")
	require(cmd, "name", "type")
	positional(cmd, "name")
	completeFlagWith(cmd, "name", d, completeAppNames)
	return cmd
}

func newAppDefaultCommand(d *cmdDeps) *cobra.Command {
	var id, version string
	cmd := leaf("default", "Change the default application version", groupApps, func(cmd *cobra.Command, args []string) error {
		t, name, err := parseAppID(id)
		if err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if err := fl.SetDefaultApp(cmd.Context(), t, name, version); err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "New default Application %s:%s:%s\n", t, name, version)
		return nil
	})
	cmd.Flags().StringVar(&id, "id", "", "the application, as <type>:<name>")
	cmd.Flags().StringVar(&version, "version", "", "the version to make the default")
	require(cmd, "id", "version")
	positional(cmd, "id")
	return cmd
}

func newAppAllUnregisterCommand(d *cmdDeps) *cobra.Command {
	return confirmedBulkCommand(d, "unregister", "Unregister all applications", groupApps, "Really unregister all applications?", "Successfully unregistered applications.",
		func(ctx context.Context, fl *flow.Flow) error { _, err := fl.UnregisterAllApps(ctx); return err })
}
