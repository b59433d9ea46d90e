package platforms

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"time"
)

// Log files are what local runs write (an app instance's stdout and stderr, a task's output). These read them
// as LogOptions ask, for the local account and for flow, which keeps the log files of local task runs.

// DefaultLogBytes bounds what is shown of a log file when no --tail is given.
const DefaultLogBytes = 64 << 10

// FollowPollInterval is how often a followed log file is looked at: polling needs no inotify and reads what a
// process appends through any filesystem.
const FollowPollInterval = 200 * time.Millisecond

// LogFileStart is the offset from which a log file is shown: the start of its last tail lines, or of its last
// DefaultLogBytes when tail is 0. A missing file starts at 0.
func LogFileStart(path string, tail int) (int64, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer func() { _ = f.Close() }() // only read
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := info.Size()
	if tail <= 0 {
		return max(0, size-DefaultLogBytes), nil
	}
	// Read backwards in chunks until tail newlines are found before the last line's end.
	const chunk = 32 << 10
	end := size
	lines := 0
	buf := make([]byte, chunk)
	for end > 0 {
		start := max(0, end-chunk)
		n, err := f.ReadAt(buf[:end-start], start)
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		part := buf[:n]
		for i := len(part) - 1; i >= 0; i-- {
			if part[i] != '\n' || start+int64(i) == size-1 {
				continue
			}
			lines++
			if lines == tail {
				return start + int64(i) + 1, nil
			}
		}
		end = start
	}
	return 0, nil
}

// CopyLogFile writes the file from offset to its current end and returns the new offset. A file shorter than
// the offset was truncated (or replaced): it is read again from its start.
func CopyLogFile(path string, offset int64, w io.Writer) (int64, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return offset, nil
	}
	if err != nil {
		return offset, err
	}
	defer func() { _ = f.Close() }() // only read
	info, err := f.Stat()
	if err != nil {
		return offset, err
	}
	if info.Size() < offset {
		offset = 0
	}
	if info.Size() == offset {
		return offset, nil
	}
	n, err := io.Copy(w, io.NewSectionReader(f, offset, info.Size()-offset))
	return offset + n, err
}

// LogFile is one file of a log shown as LogOptions ask, with where its lines go.
type LogFile struct {
	Path string
	Out  io.Writer
}

// ShowLogFiles writes each file's tail, then, with follow, what is appended to any of them until ctx ends or
// done (when given) says the writer has finished. A writer that is a *LineWriter is flushed at the end.
func ShowLogFiles(ctx context.Context, files []LogFile, opts LogOptions, done func() bool) error {
	if opts.Since > 0 {
		return ErrNoSinceInLogs
	}
	offsets := make([]int64, len(files))
	for i, f := range files {
		start, err := LogFileStart(f.Path, opts.Tail)
		if err != nil {
			return err
		}
		if offsets[i], err = CopyLogFile(f.Path, start, f.Out); err != nil {
			return err
		}
	}
	defer flushAll(files)
	if !opts.Follow {
		return nil
	}
	tick := time.NewTicker(FollowPollInterval)
	defer tick.Stop()
	for {
		finished := done != nil && done()
		for i, f := range files {
			var err error
			if offsets[i], err = CopyLogFile(f.Path, offsets[i], f.Out); err != nil {
				return err
			}
		}
		if finished {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func flushAll(files []LogFile) {
	for _, f := range files {
		if lw, ok := f.Out.(*LineWriter); ok {
			_ = lw.Flush()
		}
	}
}

// EndsWithNewline reports whether b is empty or ends a line.
func EndsWithNewline(b []byte) bool { return len(b) == 0 || bytes.HasSuffix(b, []byte("\n")) }
