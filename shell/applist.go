package shell

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

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

func appViews(apps []flow.AppRecord) []appView {
	out := make([]appView, 0, len(apps))
	for _, a := range apps {
		out = append(out, appView{a.Type, a.Name, a.Version, a.URI, a.MetadataURI, a.BootVersion, a.Default})
	}
	return out
}

func newAppListCommand(d *cmdDeps) *cobra.Command {
	var id string
	cmd := leaf("list", "List all registered applications", groupApps, nil)
	format := addOutputFlag(cmd)
	cmd.Flags().StringVar(&id, "id", "", "show the versions of one application, as <type>:<name>")
	positional(cmd, "id")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if id == "" && *format == "table" {
			return d.printAppNames(cmd, fl)
		}
		var apps []flow.AppRecord
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
			fmt.Fprintln(d.IO.Out, "No registered apps.")
			fmt.Fprintln(d.IO.Out, "You can register new apps with the 'app register' and 'app import' commands.")
			return nil
		}
		return d.printListing(*format, appViews(apps), func() render.Table { return appListTable(apps, id != "") })
	}
	return cmd
}

// printAppNames is `app list` as a table: each name once, in its type's column. It reads names only, which keeps
// the listing fast on large registries.
func (d *cmdDeps) printAppNames(cmd *cobra.Command, fl *flow.Flow) error {
	byType, err := fl.AppNames(cmd.Context())
	if err != nil {
		return err
	}
	if len(byType) == 0 {
		fmt.Fprintln(d.IO.Out, "No registered apps.")
		fmt.Fprintln(d.IO.Out, "You can register new apps with the 'app register' and 'app import' commands.")
		return nil
	}
	var apps []flow.AppRecord
	for _, typ := range flow.AppTypes {
		for _, name := range byType[string(typ)] {
			apps = append(apps, flow.AppRecord{Type: string(typ), Name: name})
		}
	}
	return render.RenderTable(d.IO.Out, appListTable(apps, false), d.IO.TableWidth())
}

// appListTable puts each type in its own column, as SCDF does. With versions (--id) each cell is name-version
// and the default one is marked `> name-version <`; otherwise each name appears once.
func appListTable(apps []flow.AppRecord, withVersions bool) render.Table {
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
