package shell

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"sync"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/lineedit"
)

// completeLine returns the REPL's completer: cobra's own completion engine (`__complete`) run on the session's
// completion tree, so commands, options and option values complete exactly as they parse.
func (s *Session) completeLine(ctx context.Context) lineedit.Completer {
	return func(text string) ([]lineedit.Suggestion, int) {
		return s.Complete(ctx, text)
	}
}

// Complete proposes what may follow text (the line up to the cursor) and where the replaced word starts.
func (s *Session) Complete(ctx context.Context, text string) ([]lineedit.Suggestion, int) {
	words, err := SplitWords(text)
	if err != nil {
		return s.completeDefinition(ctx, text)
	}
	partial := ""
	if len(text) > 0 && !unicode.IsSpace(rune(text[len(text)-1])) && len(words) > 0 {
		partial = words[len(words)-1]
		words = words[:len(words)-1]
	}
	replaceFrom := len(text) - len(partial)
	if replaceFrom < 0 {
		replaceFrom = 0
	}
	return s.cobraComplete(ctx, words, partial), replaceFrom
}

// cobraComplete runs the hidden __complete command and parses its "value<TAB>description" lines.
func (s *Session) cobraComplete(ctx context.Context, words []string, partial string) []lineedit.Suggestion {
	var out bytes.Buffer
	args := append([]string{cobra.ShellCompRequestCmd}, words...)
	var err error
	withoutStderr(func() { err = s.runComplete(ctx, append(args, partial), &out, io.Discard) })
	if err != nil {
		return nil
	}
	return parseCompletions(out.String())
}

// stderrMu serialises the swaps of os.Stderr.
var stderrMu sync.Mutex

// withoutStderr runs f with the process's standard error sent nowhere. cobra's completion engine prints its
// "[Debug] [Error] ..." notes (an unknown option typed, say) to os.Stderr itself, not to the command's error
// writer; at the prompt they were drawn over the line being typed.
func withoutStderr(f func()) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		f()
		return
	}
	defer func() { _ = null.Close() }()
	stderrMu.Lock()
	defer stderrMu.Unlock()
	saved := os.Stderr
	os.Stderr = null
	defer func() { os.Stderr = saved }()
	f()
}

// parseCompletions reads what `__complete` printed: one "value<TAB>description" line each, then ":directive".
func parseCompletions(out string) []lineedit.Suggestion {
	var suggestions []lineedit.Suggestion
	for _, line := range strings.Split(out, "\n") {
		if line == "" || strings.HasPrefix(line, ":") {
			continue
		}
		value, desc, _ := strings.Cut(line, "\t")
		if value == "completion" || strings.HasPrefix(value, "__") {
			continue
		}
		suggestions = append(suggestions, lineedit.Suggestion{Text: value, Description: desc})
	}
	return suggestions
}

// openQuote finds the quote a line leaves open (the start of a definition that has quotes of the other kind
// inside it, "time --format='HH:mm' --"); -1 when every quote is closed.
func openQuote(text string) int {
	open := -1
	for i := 0; i < len(text); i++ {
		switch {
		case open < 0 && (text[i] == '"' || text[i] == '\''):
			open = i
		case open >= 0 && text[i] == text[open]:
			open = -1
		}
	}
	return open
}

// completeDefinition completes the DSL inside an open quote after --definition of `stream create` or
// `task create`: the proposals are whole definitions, replacing what is typed after the quote.
func (s *Session) completeDefinition(ctx context.Context, text string) ([]lineedit.Suggestion, int) {
	quote := openQuote(text)
	if quote < 0 {
		return nil, len(text)
	}
	words, err := SplitWords(text[:quote])
	if err != nil || len(words) < 3 || words[len(words)-1] != "--definition" {
		return nil, len(text)
	}
	kind := words[0]
	if (kind != "stream" && kind != "task") || words[1] != "create" {
		return nil, len(text)
	}
	fl, err := s.factory.Flow(ctx)
	if err != nil {
		return nil, len(text)
	}
	if options := flow.CompleteDefinitionOptions(text[quote+1:], fl.OptionCatalog(ctx), kind == "task"); len(options) > 0 {
		out := make([]lineedit.Suggestion, len(options))
		for i, p := range options {
			out[i] = lineedit.Suggestion{Text: p.Text, Description: p.Description}
		}
		return out, quote + 1
	}
	catalog := cachedCompletion(&s.completions, "definition catalog", func() *flow.Catalog {
		c, err := fl.DefinitionCatalog(ctx)
		if err != nil {
			return nil
		}
		return &c
	})
	if catalog == nil {
		return nil, len(text)
	}
	var proposals []string
	if kind == "stream" {
		proposals = flow.CompleteStreamDefinition(text[quote+1:], *catalog)
	} else {
		proposals = flow.CompleteTaskDefinition(text[quote+1:], *catalog)
	}
	out := make([]lineedit.Suggestion, len(proposals))
	for i, p := range proposals {
		out[i] = lineedit.Suggestion{Text: p}
	}
	return out, quote + 1
}
