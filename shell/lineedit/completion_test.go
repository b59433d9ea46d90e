package lineedit

import (
	"testing"

	prompt "github.com/elk-language/go-prompt"
	istrings "github.com/elk-language/go-prompt/strings"
)

func completeAt(t *testing.T, c Completer, text string) ([]prompt.Suggest, istrings.RuneNumber, istrings.RuneNumber) {
	t.Helper()
	buf := prompt.NewBuffer()
	buf.InsertTextMoveCursor(text, 200, 24, false)
	return promptCompleter(c)(*buf.Document())
}

func TestCompleterByteOffsetBecomesRunePositions(t *testing.T) {
	var seen string
	c := func(text string) ([]Suggestion, int) {
		seen = text
		return []Suggestion{{Text: "--platform", Description: "where to deploy"}}, len("stream deploy ström ")
	}
	got, start, end := completeAt(t, c, "stream deploy ström --pl")
	if seen != "stream deploy ström --pl" {
		t.Fatalf("completer saw %q", seen)
	}
	if len(got) != 1 || got[0].Text != "--platform" || got[0].Description != "where to deploy" {
		t.Fatalf("suggestions %+v", got)
	}
	// "ström" is 6 bytes but 5 runes: go-prompt counts runes.
	if start != 20 || end != 24 {
		t.Fatalf("replace runes [%d,%d), want [20,24)", start, end)
	}
}

func TestCompleterPanicMeansNoSuggestions(t *testing.T) {
	c := func(string) ([]Suggestion, int) { panic("completion bug") }
	got, start, end := completeAt(t, c, "stream")
	if len(got) != 0 || start != 6 || end != 6 {
		t.Fatalf("got %+v [%d,%d), want nothing at the cursor", got, start, end)
	}
}

func TestCompleterNilAndBadOffsets(t *testing.T) {
	if got, _, _ := completeAt(t, nil, "app"); len(got) != 0 {
		t.Fatalf("nil completer suggested %+v", got)
	}
	cases := map[string]struct {
		offset int
		start  istrings.RuneNumber
	}{
		"negative":      {-3, 0},
		"past the end":  {99, 5},
		"inside a rune": {4, 3}, // "ström": byte 4 is inside "ö", which starts at byte 3 (rune 3)
	}
	for name, tc := range cases {
		c := func(string) ([]Suggestion, int) { return []Suggestion{{Text: "x"}}, tc.offset }
		if _, start, _ := completeAt(t, c, "ström"); start != tc.start {
			t.Errorf("%s: start %d, want %d", name, start, tc.start)
		}
	}
}
