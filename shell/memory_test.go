package shell

import (
	"context"
	"io"
	"runtime"
	"testing"
)

// heapInUse is the heap still in use after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// BenchmarkSessionMemory runs 1,000 command lines and 1,000 Tabs through one session and reports the heap in use
// afterwards minus before: what a long REPL session or script keeps. Figures in docs/shell.md.
func BenchmarkSessionMemory(b *testing.B) {
	const n = 1000
	lines := []string{"app list", "stream list", "task list", "version", "app info --name time --type source"}
	tabs := []string{"app ", "app info --name ", "stream deploy --platformName ", "task launch --name ", "app register --type ", "st"}
	for range b.N {
		s, _ := newTestSession(b)
		mustRun(b, s, "app register time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1")
		s.factory.IO.Out, s.factory.IO.ErrOut = io.Discard, io.Discard // a captured output would grow
		ctx := context.Background()
		before := heapInUse()
		for i := range n {
			if err := s.RunLine(ctx, lines[i%len(lines)]); err != nil {
				b.Fatal(err)
			}
		}
		afterLines := heapInUse()
		for i := range n {
			s.Complete(ctx, tabs[i%len(tabs)])
		}
		afterTabs := heapInUse()
		b.ReportMetric((float64(afterLines)-float64(before))/n, "heap-B/line")
		b.ReportMetric((float64(afterTabs)-float64(afterLines))/n, "heap-B/tab")
	}
}
