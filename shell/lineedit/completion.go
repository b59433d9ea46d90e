package lineedit

import (
	"unicode/utf8"

	prompt "github.com/elk-language/go-prompt"
	istrings "github.com/elk-language/go-prompt/strings"
)

// promptCompleter adapts a Completer to go-prompt, which wants rune positions for the replaced word. A panic in
// the completer is swallowed (no suggestions): a completion bug must not end the shell on a keystroke, and a panic
// inside go-prompt's Input would also leave its reader goroutine running.
func promptCompleter(complete Completer) prompt.Completer {
	return func(doc prompt.Document) (suggests []prompt.Suggest, start, end istrings.RuneNumber) {
		text := doc.TextBeforeCursor()
		end = istrings.RuneNumber(utf8.RuneCountInString(text))
		if complete == nil {
			return nil, end, end
		}
		suggestions, replaceFrom := safeComplete(complete, text)
		replaceFrom = clampToRuneStart(text, replaceFrom)
		start = istrings.RuneNumber(utf8.RuneCountInString(text[:replaceFrom]))
		for _, s := range suggestions {
			suggests = append(suggests, prompt.Suggest{Text: s.Text, Description: s.Description})
		}
		return suggests, start, end
	}
}

func safeComplete(complete Completer, text string) (suggestions []Suggestion, replaceFrom int) {
	defer func() {
		if recover() != nil {
			suggestions, replaceFrom = nil, len(text)
		}
	}()
	return complete(text)
}

// clampToRuneStart keeps a completer's offset inside text and on a rune boundary, so a sloppy offset replaces a
// little too much or too little rather than slicing a character in half.
func clampToRuneStart(text string, offset int) int {
	if offset < 0 {
		return 0
	}
	if offset > len(text) {
		return len(text)
	}
	for offset > 0 && offset < len(text) && !utf8.RuneStart(text[offset]) {
		offset--
	}
	return offset
}
