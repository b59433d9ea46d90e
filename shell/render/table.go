// Package render prints what commands return: SCDF-style box tables, and JSON or YAML for scripts.
package render

import (
	"bufio"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Table is a header row and body rows; a cell may hold several lines.
type Table struct {
	Headers []string
	Rows    [][]string
	// ColumnWidth, when set, makes every column exactly that wide, cells wrapped at spaces and words longer
	// than the column cut (SCDF's AbsoluteWidthSizeConstraints, which `app info` uses).
	ColumnWidth int
}

// RenderTable prints t as the SCDF shell does: double outline, single inner lines, a double rule under the header,
// centred headers, left-aligned cells and no padding, so a column is as wide as its widest cell. Characters that
// would drive the terminal are shown escaped (printable). An empty table is its header and the bottom border.
// With maxWidth > 0 (a terminal) the widest columns shrink and their cells wrap until the table fits; with 0
// nothing wraps.
//
// This is not tablewriter, on purpose: tablewriter cannot draw this style without post-processing, and it is
// several times slower a row and costs every command at start-up (docs/shell.md has the figures). Display
// widths come from go-runewidth, so wide (CJK) characters line up.
func RenderTable(w io.Writer, t Table, maxWidth int) error {
	cols := len(t.Headers)
	rows := make([][][]string, len(t.Rows)) // row -> column -> lines
	widths := make([]int, cols)
	headers := make([]string, cols)
	for c, h := range t.Headers {
		headers[c] = printable(h)
		widths[c] = displayWidth(headers[c])
	}
	for r, row := range t.Rows {
		rows[r] = make([][]string, cols)
		for c := range cols {
			cell := ""
			if c < len(row) {
				cell = row[c]
			}
			rows[r][c] = strings.Split(cell, "\n")
			for i, line := range rows[r][c] {
				rows[r][c][i] = printable(line)
				widths[c] = max(widths[c], displayWidth(rows[r][c][i]))
			}
		}
	}
	if t.ColumnWidth > 0 {
		fixWidths(rows, widths, t.ColumnWidth)
	} else if maxWidth > 0 {
		fitToWidth(rows, widths, headers, maxWidth)
	}
	headerLines := [][]string{headers}
	if t.ColumnWidth > 0 {
		headerLines = fixedHeaders(headers, t.ColumnWidth)
	}
	bw := bufio.NewWriter(w)
	rule(bw, widths, "╔", "╤", "╗")
	for _, hl := range headerLines {
		line(bw, widths, hl, true)
	}
	if len(rows) > 0 {
		rule(bw, widths, "╠", "╪", "╣")
	}
	for _, row := range rows {
		height := 0
		for _, cell := range row {
			height = max(height, len(cell))
		}
		cells := make([]string, cols)
		for i := range height {
			for c, cell := range row {
				cells[c] = ""
				if i < len(cell) {
					cells[c] = cell[i]
				}
			}
			line(bw, widths, cells, false)
		}
	}
	rule(bw, widths, "╚", "╧", "╝")
	return bw.Flush()
}

func rule(w *bufio.Writer, widths []int, left, mid, right string) {
	w.WriteString(left)
	for c, width := range widths {
		if c > 0 {
			w.WriteString(mid)
		}
		w.WriteString(strings.Repeat("═", width))
	}
	w.WriteString(right)
	w.WriteByte('\n')
}

func line(w *bufio.Writer, widths []int, cells []string, centre bool) {
	w.WriteString("║")
	for c, width := range widths {
		if c > 0 {
			w.WriteString("│")
		}
		gap := width - displayWidth(cells[c])
		left := 0
		if centre {
			left = gap / 2 // an odd remainder goes right, as SCDF centres "  Name   "
		}
		w.WriteString(strings.Repeat(" ", left))
		w.WriteString(cells[c])
		w.WriteString(strings.Repeat(" ", gap-left))
	}
	w.WriteString("║\n")
}

// fitToWidth narrows the widest column one step at a time, re-wrapping its cells, until the table fits or every
// column is down to its header's width.
func fitToWidth(rows [][][]string, widths []int, headers []string, maxWidth int) {
	total := func() int {
		sum := len(widths) + 1
		for _, w := range widths {
			sum += w
		}
		return sum
	}
	limits := make([]int, len(widths))
	copy(limits, widths)
	done := make([]bool, len(widths)) // a column that cannot get narrower (one long word) is left alone
	for total() > maxWidth {
		widest := -1
		for c, w := range limits {
			if !done[c] && w > max(displayWidth(headers[c]), 8) && (widest < 0 || w > limits[widest]) {
				widest = c
			}
		}
		if widest < 0 {
			return
		}
		before := widths[widest]
		limits[widest] = max(limits[widest]-(total()-maxWidth), max(displayWidth(headers[widest]), 8))
		widths[widest] = displayWidth(headers[widest])
		for _, row := range rows {
			var wrapped []string
			for _, l := range row[widest] {
				if displayWidth(l) <= limits[widest] {
					wrapped = append(wrapped, l)
					continue
				}
				wrapped = append(wrapped, wrapWords(l, limits[widest])...)
			}
			row[widest] = wrapped
			for _, l := range wrapped {
				widths[widest] = max(widths[widest], displayWidth(l))
			}
		}
		limits[widest] = widths[widest]
		done[widest] = widths[widest] >= before
	}
}

// fixWidths sets every column to width, wrapping the cells to it.
func fixWidths(rows [][][]string, widths []int, width int) {
	for c := range widths {
		widths[c] = width
	}
	for _, row := range rows {
		for c, cell := range row {
			var wrapped []string
			for _, l := range cell {
				for _, w := range wrapWords(l, width) {
					wrapped = append(wrapped, cutToWidth(w, width)...)
				}
			}
			row[c] = wrapped
		}
	}
}

// fixedHeaders wraps the headers to width: the lines of the header row.
func fixedHeaders(headers []string, width int) [][]string {
	cols := make([][]string, len(headers))
	height := 1
	for c, h := range headers {
		for _, w := range wrapWords(h, width) {
			cols[c] = append(cols[c], cutToWidth(w, width)...)
		}
		height = max(height, len(cols[c]))
	}
	out := make([][]string, height)
	for i := range out {
		out[i] = make([]string, len(headers))
		for c := range headers {
			if i < len(cols[c]) {
				out[i][c] = cols[c][i]
			}
		}
	}
	return out
}

// cutToWidth cuts a word wider than width into pieces that fit.
func cutToWidth(s string, width int) []string {
	if displayWidth(s) <= width {
		return []string{s}
	}
	var out []string
	var cur strings.Builder
	curWidth := 0
	for _, r := range s {
		w := runewidth.RuneWidth(r)
		if curWidth+w > width {
			out = append(out, cur.String())
			cur.Reset()
			curWidth = 0
		}
		cur.WriteRune(r)
		curWidth += w
	}
	return append(out, cur.String())
}

// displayWidth is the number of terminal columns s takes; plain ASCII, by far the common case, skips the
// Unicode tables.
func displayWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return runewidth.StringWidth(s)
		}
	}
	return len(s)
}

// wrapWords breaks a line at spaces so each piece fits width; a word longer than width (a long DSL token, a URI)
// is broken where it reaches the width, or the table would overflow the terminal.
func wrapWords(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	curWidth := 0
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curWidth = 0
	}
	for _, word := range strings.Fields(s) {
		w := displayWidth(word)
		if curWidth > 0 && curWidth+1+w > width {
			flush()
		}
		if curWidth > 0 {
			cur.WriteByte(' ')
			curWidth++
		}
		if w <= width-curWidth {
			cur.WriteString(word)
			curWidth += w
			continue
		}
		for _, r := range word {
			rw := runewidth.RuneWidth(r)
			if curWidth > 0 && curWidth+rw > width {
				flush()
			}
			cur.WriteRune(r)
			curWidth += rw
		}
	}
	if curWidth > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
