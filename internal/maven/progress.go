package maven

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressBar draws one line, redrawn in place, for a download on a terminal.
type progressBar struct {
	w           io.Writer
	file, repo  string
	total, read int64
	last        time.Time
	drawn       bool
}

func newProgressBar(w io.Writer, file, repo string, total int64) *progressBar {
	return &progressBar{w: w, file: file, repo: repo, total: total}
}

func (p *progressBar) Write(b []byte) (int, error) {
	p.read += int64(len(b))
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || p.read == p.total {
		p.last = now
		p.draw()
	}
	return len(b), nil
}

func (p *progressBar) draw() {
	const width = 30
	filled := int(float64(width) * float64(p.read) / float64(p.total))
	filled = min(max(filled, 0), width)
	fmt.Fprintf(p.w, "\rDownloading %s from %s [%s%s] %5.1f/%.1f MB", p.file, p.repo,
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), float64(p.read)/1e6, float64(p.total)/1e6)
	p.drawn = true
}

func (p *progressBar) done() {
	if p.drawn {
		p.draw()
		fmt.Fprintln(p.w)
	}
}
