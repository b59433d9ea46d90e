package shell

import (
	"fmt"
	"sort"
	"strings"
	"time"

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
func (d *cmdDeps) printListing(format string, v any, table func() render.Table) error {
	fm, err := render.ParseFormat(format)
	if err != nil {
		return &UsageError{Msg: err.Error()}
	}
	switch fm {
	case render.FormatJSON:
		return render.JSON(d.IO.Out, v)
	case render.FormatYAML:
		return render.YAML(d.IO.Out, v)
	}
	return render.RenderTable(d.IO.Out, table(), d.IO.TableWidth())
}

// checkFormat validates -o before any work is done.
func checkFormat(format string) error {
	if _, err := render.ParseFormat(format); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	return nil
}

// formatTime renders times as java.util.Date.toString() does, which is what SCDF's tables show.
func (d *cmdDeps) formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	loc := d.Location
	if loc == nil {
		loc = time.Local
	}
	return t.In(loc).Format("Mon Jan 02 15:04:05 MST 2006")
}

// propertyLines renders a map as SCDF renders map cells: one "key = value" per line, sorted.
func propertyLines(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = k + " = " + m[k]
	}
	return strings.Join(lines, "\n")
}

// propertyCell is SCDF's map cell: one "key = value" a line, the cron expression first.
func propertyCell(props map[string]string) string {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		const cron = "spring.cloud.scheduler.cron.expression"
		if (keys[i] == cron) != (keys[j] == cron) {
			return keys[i] == cron
		}
		return keys[i] < keys[j]
	})
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = k + " = " + props[k]
	}
	return strings.Join(lines, "\n")
}

// progressTo is where long operations say what they wait for: the terminal's stderr, nothing in scripts.
func progressTo(io *IOStreams) func(string) {
	if !io.OutTTY {
		return nil
	}
	return func(line string) { fmt.Fprintln(io.ErrOut, line) }
}
