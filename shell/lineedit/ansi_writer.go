package lineedit

import (
	"bytes"
	"io"
	"strconv"

	prompt "github.com/elk-language/go-prompt"
)

// ansiWriter is the prompt.Writer that draws the prompt on Options.Out. go-prompt's own writers only know the
// process's fd 1 and 2; this one writes wherever the caller says.
//
// The terminal is in x/term raw mode while go-prompt draws, and that mode also turns off output processing, so
// Flush sends "\r\n" for every "\n" itself (go-prompt assumes the terminal does it).
type ansiWriter struct {
	out io.Writer
	buf []byte
}

var _ prompt.Writer = (*ansiWriter)(nil)

const esc = 0x1b

// Write is for text the user typed: escape bytes are neutralised so input cannot drive the terminal.
func (w *ansiWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, bytes.ReplaceAll(p, []byte{esc}, []byte{'?'})...)
	return len(p), nil
}

func (w *ansiWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }
func (w *ansiWriter) WriteRaw(p []byte)                 { w.buf = append(w.buf, p...) }
func (w *ansiWriter) WriteRawString(s string)           { w.buf = append(w.buf, s...) }

// Flush writes out what was drawn. A write error is dropped on purpose: it means the terminal went away (EIO after
// a hang-up), the reader notices that too and ends the line, and go-prompt would only print "[ASSERT]" noise.
func (w *ansiWriter) Flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	out := bytes.ReplaceAll(w.buf, []byte("\n"), []byte("\r\n"))
	w.buf = w.buf[:0]
	_, _ = w.out.Write(out)
	return nil
}

func (w *ansiWriter) csi(params string, final byte) {
	w.buf = append(w.buf, esc, '[')
	w.buf = append(w.buf, params...)
	w.buf = append(w.buf, final)
}

func (w *ansiWriter) EraseScreen()      { w.csi("2", 'J') }
func (w *ansiWriter) EraseUp()          { w.csi("1", 'J') }
func (w *ansiWriter) EraseDown()        { w.csi("", 'J') }
func (w *ansiWriter) EraseStartOfLine() { w.csi("1", 'K') }
func (w *ansiWriter) EraseEndOfLine()   { w.csi("", 'K') }
func (w *ansiWriter) EraseLine()        { w.csi("2", 'K') }
func (w *ansiWriter) ShowCursor()       { w.csi("?25", 'h') }
func (w *ansiWriter) HideCursor()       { w.csi("?25", 'l') }
func (w *ansiWriter) AskForCPR()        { w.csi("6", 'n') }
func (w *ansiWriter) SaveCursor()       { w.csi("", 's') }
func (w *ansiWriter) UnSaveCursor()     { w.csi("", 'u') }
func (w *ansiWriter) ScrollDown()       { w.buf = append(w.buf, esc, 'D') }
func (w *ansiWriter) ScrollUp()         { w.buf = append(w.buf, esc, 'M') }

// SetTitle and ClearTitle do nothing: go-prompt clears the window title after every line, which would wipe the
// title the user's shell set.
func (w *ansiWriter) SetTitle(string) {}
func (w *ansiWriter) ClearTitle()     {}

func (w *ansiWriter) CursorGoTo(row, col int) {
	if row == 0 && col == 0 {
		w.csi("", 'H')
		return
	}
	w.csi(strconv.Itoa(row)+";"+strconv.Itoa(col), 'H')
}

func (w *ansiWriter) CursorUp(n int)       { w.moveCursor(n, 'A', 'B') }
func (w *ansiWriter) CursorDown(n int)     { w.moveCursor(n, 'B', 'A') }
func (w *ansiWriter) CursorForward(n int)  { w.moveCursor(n, 'C', 'D') }
func (w *ansiWriter) CursorBackward(n int) { w.moveCursor(n, 'D', 'C') }

// moveCursor moves n cells; a negative n moves the opposite way, zero does not move (CSI with 0 would move one).
func (w *ansiWriter) moveCursor(n int, forward, backward byte) {
	switch {
	case n > 0:
		w.csi(strconv.Itoa(n), forward)
	case n < 0:
		w.csi(strconv.Itoa(-n), backward)
	}
}

func (w *ansiWriter) SetColor(fg, bg prompt.Color, bold bool) {
	// Reset rather than "normal intensity" when not bold: some terminals mishandle the latter.
	attr := prompt.DisplayReset
	if bold {
		attr = prompt.DisplayBold
	}
	w.SetDisplayAttributes(fg, bg, attr)
}

// SetDisplayAttributes writes one SGR sequence: the attributes, then the foreground and background colours.
func (w *ansiWriter) SetDisplayAttributes(fg, bg prompt.Color, attrs ...prompt.DisplayAttribute) {
	params := make([]byte, 0, 16)
	for _, a := range attrs {
		if a >= prompt.DisplayReset && a <= prompt.DisplayDefaultFont {
			params = strconv.AppendInt(params, int64(a), 10) // SGR numbers 0..10 in the same order
			params = append(params, ';')
		}
	}
	params = strconv.AppendInt(params, int64(sgrColor(fg, 30)), 10)
	params = append(params, ';')
	params = strconv.AppendInt(params, int64(sgrColor(bg, 40)), 10)
	w.csi(string(params), 'm')
}

// sgrColor maps a go-prompt colour to its SGR number; base is 30 for foreground and 40 for background.
// go-prompt orders its colours Default, then the 8 normal ones, then the 8 bright ones.
func sgrColor(c prompt.Color, base int) int {
	switch {
	case c >= prompt.Black && c <= prompt.LightGray:
		return base + int(c-prompt.Black)
	case c >= prompt.DarkGray && c <= prompt.White:
		return base + 60 + int(c-prompt.DarkGray)
	default:
		return base + 9
	}
}
