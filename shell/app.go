package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
	"github.com/dataflow-cli/dataflow/store"
)

func newAppCommand(f *Factory) *cobra.Command {
	return noun("app", "Register and inspect the apps streams and tasks are made of",
		newAppRegisterCommand(f), newAppImportCommand(f), newAppListCommand(f), newAppInfoCommand(f),
		newAppUnregisterCommand(f), newAppDefaultCommand(f),
		noun("all", "Commands on every registered app", newAppAllUnregisterCommand(f)),
	)
}

// appTypeFlag is --type, completed with SCDF's application types.
func appTypeFlag(cmd *cobra.Command, target *string) {
	cmd.Flags().StringVar(target, "type", "", "the type of the application: app, source, processor, sink or task")
	_ = cmd.RegisterFlagCompletionFunc("type", func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		names := make([]string, len(flow.AppTypes))
		for i, t := range flow.AppTypes {
			names[i] = string(t)
		}
		return withPrefix(names, toComplete), cobra.ShellCompDirectiveNoFileComp
	})
}

func newAppRegisterCommand(f *Factory) *cobra.Command {
	var req flow.RegisterRequest
	var typ string
	cmd := leaf("register", "Register a new application", groupApps, func(cmd *cobra.Command, args []string) error {
		t, err := flow.ParseAppType(typ)
		if err != nil {
			return err
		}
		req.Type = t
		fl, err := f.Flow(cmd.Context())
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
		fmt.Fprintln(f.IO.Out, msg)
		return nil
	})
	cmd.Example = "  app register --name time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1"
	cmd.Flags().StringVar(&req.Name, "name", "", "the name for the registered application")
	appTypeFlag(cmd, &typ)
	cmd.Flags().StringVarP(&req.BootVersion, "bootVersion", "b", "", "the Spring Boot version of the application: 2 or 3")
	cmd.Flags().StringVar(&req.URI, "uri", "", "URI for the application artifact (docker:, maven://, http(s)://, file:)")
	cmd.Flags().StringVarP(&req.MetadataURI, "metadataUri", "m", "", "URI for the application metadata artifact")
	cmd.Flags().BoolVar(&req.Force, "force", false, "force update if application is already registered (only if not in use)")
	require(cmd, "name", "type", "uri")
	positional(cmd, "name")
	return cmd
}

func newAppImportCommand(f *Factory) *cobra.Command {
	var uri string
	var local, force bool
	cmd := leaf("import", "Register all applications listed in a properties file", groupApps, func(cmd *cobra.Command, args []string) error {
		content, err := readResource(cmd, uri)
		if err != nil {
			return err
		}
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		res, err := fl.ImportApps(cmd.Context(), uri, content, force)
		if err != nil {
			return fmt.Errorf("Error when registering applications from %s: %v", uri, err)
		}
		switch {
		case len(res.Skipped) == 0:
			fmt.Fprintf(f.IO.Out, "Successfully registered applications: [%s]\n", strings.Join(res.Registered, ", "))
		case len(res.Registered) == 0:
			fmt.Fprintf(f.IO.Out, "No new applications: all %d were already registered (use --force to replace them): [%s]\n", len(res.Skipped), strings.Join(res.Skipped, ", "))
		default:
			fmt.Fprintf(f.IO.Out, "Successfully registered %d applications from [%s]\n", len(res.Registered), strings.Join(res.Registered, ", "))
			fmt.Fprintf(f.IO.Out, "Already registered, left as they were (use --force to replace): [%s]\n", strings.Join(res.Skipped, ", "))
		}
		return nil
	})
	cmd.Flags().StringVar(&uri, "uri", "", "a file path, file: or http(s):// URL of an app properties file")
	cmd.Flags().BoolVar(&local, "local", true, "read the file in the shell (there is no server, so this is always true)")
	cmd.Flags().BoolVar(&force, "force", false, "replace applications that are already registered")
	require(cmd, "uri")
	positional(cmd, "uri")
	return cmd
}

// readResource reads a local path, a file: URL or an http(s):// URL.
func readResource(cmd *cobra.Command, uri string) ([]byte, error) {
	if strings.HasPrefix(uri, "http://") || strings.HasPrefix(uri, "https://") {
		req, err := http.NewRequestWithContext(cmd.Context(), http.MethodGet, uri, nil)
		if err != nil {
			return nil, fmt.Errorf("Invalid URI '%s': %v", uri, err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("cannot fetch %s: %v", uri, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("cannot fetch %s: %s", uri, resp.Status)
		}
		return io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	}
	return readLocalFile(strings.TrimPrefix(strings.TrimPrefix(uri, "file://"), "file:"))
}

// readLocalFile reads a file the user named, with a one-line error that does not repeat the path.
func readLocalFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("File not found: %s", path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, errors.Unwrap(err))
	}
	return b, nil
}

// appView is an app version as -o json|yaml shows it.
type appView struct {
	Type        string `json:"type" yaml:"type"`
	Name        string `json:"name" yaml:"name"`
	Version     string `json:"version" yaml:"version"`
	URI         string `json:"uri" yaml:"uri"`
	MetadataURI string `json:"metadataUri,omitempty" yaml:"metadataUri,omitempty"`
	BootVersion string `json:"bootVersion,omitempty" yaml:"bootVersion,omitempty"`
	Default     bool   `json:"default" yaml:"default"`
}

func appViews(apps []store.AppRecord) []appView {
	out := make([]appView, 0, len(apps))
	for _, a := range apps {
		out = append(out, appView{a.Type, a.Name, a.Version, a.URI, a.MetadataURI, a.BootVersion, a.Default})
	}
	return out
}

func newAppListCommand(f *Factory) *cobra.Command {
	var id string
	cmd := leaf("list", "List all registered applications", groupApps, nil)
	format := addOutputFlag(cmd)
	cmd.Flags().StringVar(&id, "id", "", "show the versions of one application, as <type>:<name>")
	positional(cmd, "id")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if id == "" && *format == "table" {
			return f.printAppNames(cmd, fl)
		}
		var apps []store.AppRecord
		if id != "" {
			typ, name, err := parseAppID(id)
			if err != nil {
				return err
			}
			if apps, err = fl.AppVersions(cmd.Context(), typ, name); err != nil {
				return err
			}
		} else if apps, err = fl.ListApps(cmd.Context()); err != nil {
			return err
		}
		if len(apps) == 0 && *format == "table" {
			fmt.Fprintln(f.IO.Out, "No registered apps.")
			fmt.Fprintln(f.IO.Out, "You can register new apps with the 'app register' and 'app import' commands.")
			return nil
		}
		return f.printListing(*format, appViews(apps), func() render.Table { return appListTable(apps, id != "") })
	}
	return cmd
}

// printAppNames is `app list` as a table: each name once, in its type's column. It reads names only, which keeps
// the listing fast on large registries.
func (f *Factory) printAppNames(cmd *cobra.Command, fl *flow.Flow) error {
	byType, err := fl.AppNames(cmd.Context())
	if err != nil {
		return err
	}
	if len(byType) == 0 {
		fmt.Fprintln(f.IO.Out, "No registered apps.")
		fmt.Fprintln(f.IO.Out, "You can register new apps with the 'app register' and 'app import' commands.")
		return nil
	}
	var apps []store.AppRecord
	for _, typ := range flow.AppTypes {
		for _, name := range byType[string(typ)] {
			apps = append(apps, store.AppRecord{Type: string(typ), Name: name})
		}
	}
	return render.RenderTable(f.IO.Out, appListTable(apps, false), f.IO.Width)
}

// appListTable puts each type in its own column, as SCDF does. With versions (--id) each cell is name-version
// and the default one is marked `> name-version <`; otherwise each name appears once.
func appListTable(apps []store.AppRecord, withVersions bool) render.Table {
	columns := make([][]string, len(flow.AppTypes))
	seen := map[string]bool{}
	for _, a := range apps {
		col := -1
		for i, t := range flow.AppTypes {
			if string(t) == a.Type {
				col = i
			}
		}
		if col < 0 {
			continue
		}
		cell := a.Name
		if withVersions {
			cell = a.Name + "-" + a.Version
			if a.Default {
				cell = "> " + cell + " <"
			}
		} else if seen[a.Type+":"+a.Name] {
			continue
		}
		seen[a.Type+":"+a.Name] = true
		columns[col] = append(columns[col], cell)
	}
	t := render.Table{}
	for _, typ := range flow.AppTypes {
		t.Headers = append(t.Headers, string(typ))
	}
	for row := 0; ; row++ {
		cells := make([]string, len(columns))
		any := false
		for i, col := range columns {
			if row < len(col) {
				cells[i], any = col[row], true
			}
		}
		if !any {
			break
		}
		t.Rows = append(t.Rows, cells)
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

func newAppInfoCommand(f *Factory) *cobra.Command {
	var name, typ, version string
	cmd := leaf("info", "Get information about an application", groupApps, func(cmd *cobra.Command, args []string) error {
		t, err := flow.ParseAppType(typ)
		if err != nil {
			return err
		}
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		app, err := fl.AppInfo(cmd.Context(), t, name, version)
		if err != nil {
			return err
		}
		out := f.IO.Out
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
		fmt.Fprintln(out, "Application options metadata is not available")
		return nil
	})
	cmd.Flags().StringVar(&name, "name", "", "name of the application to query")
	appTypeFlag(cmd, &typ)
	cmd.Flags().StringVar(&version, "version", "", "the version of the application (default: the default version)")
	require(cmd, "name", "type")
	completeFlagWith(cmd, "name", f, completeAppNames)
	return cmd
}

func newAppUnregisterCommand(f *Factory) *cobra.Command {
	var name, typ, version string
	cmd := leaf("unregister", "Unregister an application", groupApps, func(cmd *cobra.Command, args []string) error {
		t, err := flow.ParseAppType(typ)
		if err != nil {
			return err
		}
		fl, err := f.Flow(cmd.Context())
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
		fmt.Fprintln(f.IO.Out, msg)
		return nil
	})
	cmd.Flags().StringVar(&name, "name", "", "name of the application to unregister")
	appTypeFlag(cmd, &typ)
	cmd.Flags().StringVar(&version, "version", "", "the version to unregister (default: the default version)")
	require(cmd, "name", "type")
	positional(cmd, "name")
	completeFlagWith(cmd, "name", f, completeAppNames)
	return cmd
}

func newAppDefaultCommand(f *Factory) *cobra.Command {
	var id, version string
	cmd := leaf("default", "Change the default application version", groupApps, func(cmd *cobra.Command, args []string) error {
		t, name, err := parseAppID(id)
		if err != nil {
			return err
		}
		fl, err := f.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if err := fl.SetDefaultApp(cmd.Context(), t, name, version); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.Out, "New default Application %s:%s:%s\n", t, name, version)
		return nil
	})
	cmd.Flags().StringVar(&id, "id", "", "the application, as <type>:<name>")
	cmd.Flags().StringVar(&version, "version", "", "the version to make the default")
	require(cmd, "id", "version")
	positional(cmd, "id")
	return cmd
}

func newAppAllUnregisterCommand(f *Factory) *cobra.Command {
	return confirmedBulkCommand(f, "unregister", "Unregister all applications", groupApps, "Really unregister all applications?", "Successfully unregistered applications.",
		func(ctx context.Context, fl *flow.Flow) error { _, err := fl.UnregisterAllApps(ctx); return err })
}
