package lineedit

import (
	"fmt"
	"testing"
)

func TestPastedLinesComeBackOneByOne(t *testing.T) {
	e := &promptEditor{}
	if got := e.splitPaste("app list\ntask list\n\nstream list\n"); got != "app list" {
		t.Fatalf("first line %q", got)
	}
	if fmt.Sprint(e.pending) != "[task list  stream list]" {
		t.Fatalf("pending %q", e.pending)
	}
	if got := e.splitPaste("single"); got != "single" {
		t.Fatalf("single line %q", got)
	}
}

func TestHistoryIsBounded(t *testing.T) {
	e := &promptEditor{}
	for i := range maxHistory + 5 {
		e.AddHistory(fmt.Sprint(i))
	}
	if len(e.history) != maxHistory || e.history[0] != "5" || e.history[maxHistory-1] != fmt.Sprint(maxHistory+4) {
		t.Fatalf("history has %d entries from %q", len(e.history), e.history[0])
	}
}
