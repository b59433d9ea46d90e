package shell

import (
	"context"
	"os"
	"testing"
)

// A page before the first, or a negative page length, is a usage error before the store is opened.
func TestListingsRefuseImpossiblePages(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct{ line, want string }{
		{"stream history --name tick --page 0", "Invalid value '0' for option '--page': pages start at 1"},
		{"stream history --name tick --limit -5", "Invalid value '-5' for option '--limit': give a number of rows, or 0 for all"},
		{"task execution list --page -1", "Invalid value '-1' for option '--page': pages start at 1"},
		{"task execution list --limit -1", "Invalid value '-1' for option '--limit': give a number of rows, or 0 for all"},
	} {
		wantError(t, c.line, s.RunLine(context.Background(), c.line), c.want, ExitUsage)
	}
	if _, err := os.Stat(s.factory.dbPath()); !os.IsNotExist(err) {
		t.Fatalf("a refused listing opened the store: %v", err)
	}
}
