// Package render prints what commands return: SCDF-style box tables, and JSON or YAML for scripts.
package render

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Table is a header row and body rows; a cell may hold several lines.
type Table struct {
	Headers []string
	Rows    [][]string
}

// scdfSymbols draws the outline double and the inner lines single. tablewriter has one glyph for outer and inner
// verticals, so the outer ones are fixed afterwards by outerVerticals.
var scdfSymbols = tw.NewSymbolCustom("scdf").
	WithRow("═").WithColumn("│").WithCenter("╪").
	WithTopLeft("╔").WithTopMid("╤").WithTopRight("╗").
	WithMidLeft("╠").WithMidRight("╣").
	WithBottomLeft("╚").WithBottomMid("╧").WithBottomRight("╝")

// RenderTable prints t as the SCDF shell does: double outline, single inner lines, a double rule under the header,
// centred headers, left-aligned cells and no padding, so a column is as wide as its widest cell. With maxWidth > 0
// (a terminal) long cells wrap to fit; with 0 nothing wraps.
func RenderTable(w io.Writer, t Table, maxWidth int) error {
	var buf bytes.Buffer
	opts := []tablewriter.Option{
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Symbols: scdfSymbols,
			Borders: tw.Border{Left: tw.On, Right: tw.On, Top: tw.On, Bottom: tw.On},
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenRows: tw.Off, BetweenColumns: tw.On},
				Lines:      tw.Lines{ShowHeaderLine: tw.On},
			},
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignCenter),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithPadding(tw.PaddingNone),
		tablewriter.WithTrimSpace(tw.Off),
	}
	if maxWidth > 0 {
		opts = append(opts, tablewriter.WithMaxWidth(maxWidth), tablewriter.WithRowAutoWrap(tw.WrapNormal))
	} else {
		opts = append(opts, tablewriter.WithRowAutoWrap(tw.WrapNone), tablewriter.WithHeaderAutoWrap(tw.WrapNone))
	}
	tbl := tablewriter.NewTable(&buf, opts...)
	tbl.Header(t.Headers)
	for _, row := range t.Rows {
		if err := tbl.Append(padRow(row, len(t.Headers))); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}
	return outerVerticals(w, buf.Bytes())
}

// padRow gives every row as many cells as there are headers.
func padRow(row []string, n int) []string {
	if len(row) >= n {
		return row
	}
	out := make([]string, n)
	copy(out, row)
	return out
}

// outerVerticals turns the first and last "│" of every content line into "║".
func outerVerticals(w io.Writer, rendered []byte) error {
	bw := bufio.NewWriter(w)
	for _, line := range strings.SplitAfter(string(rendered), "\n") {
		if strings.HasPrefix(line, "│") {
			body := strings.TrimSuffix(line, "\n")
			if strings.HasSuffix(body, "│") && len(body) >= 2*len("│") {
				body = "║" + body[len("│"):len(body)-len("│")] + "║"
			}
			line = body + "\n"
		}
		if _, err := bw.WriteString(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}
