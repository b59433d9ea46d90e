// Command ptydemo drives a lineedit.Editor in a loop for the package's pty tests. It echoes every line as
// "got: [line]" and reports each way out on its own line, so a test can tell them apart from the outside.
// Lines: "exit" ends normally, "panic" panics between two ReadLine calls as a failing command would.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dataflow-cli/dataflow/shell/lineedit"
)

func main() {
	ed, err := lineedit.New(lineedit.Options{
		In:       os.Stdin,
		Out:      os.Stdout,
		History:  []string{"stream list", "app list --id source:time"},
		Complete: complete,
	})
	if err != nil {
		fmt.Println("new:", err)
		os.Exit(1)
	}
	// No deferred Close, on purpose: the "panic" line shows the terminal is sane between two ReadLine calls even
	// when nothing restores it on the way out.
	for {
		line, err := ed.ReadLine("demo:>")
		var sigErr *lineedit.SignalError
		switch {
		case errors.Is(err, lineedit.ErrInterrupted):
			fmt.Println("<interrupted>")
			continue
		case errors.Is(err, io.EOF):
			fmt.Println("<eof>")
			_ = ed.Close()
			return
		case errors.As(err, &sigErr):
			fmt.Printf("<signal %s>\n", sigErr.Signal)
			_ = ed.Close()
			os.Exit(sigErr.ExitCode())
		case err != nil:
			fmt.Println("error:", err)
			_ = ed.Close()
			os.Exit(1)
		}
		fmt.Printf("got: [%s]\n", line)
		switch line {
		case "exit":
			fmt.Println("<bye>")
			_ = ed.Close()
			return
		case "panic":
			panic("demo command panicked")
		}
		ed.AddHistory(line)
	}
}

// complete offers a fixed SCDF-like vocabulary: commands, then subcommands, then options and platform names.
func complete(text string) ([]lineedit.Suggestion, int) {
	words := strings.Fields(text)
	partial := ""
	if len(words) > 0 && !strings.HasSuffix(text, " ") {
		partial, words = words[len(words)-1], words[:len(words)-1]
	}
	var candidates []string
	switch {
	case len(words) == 0:
		candidates = []string{"app", "stream", "task"}
	case len(words) == 1:
		candidates = []string{"create", "deploy", "list"}
	case words[len(words)-1] == "--platform":
		candidates = []string{"k8s", "cf", "local"}
	default:
		candidates = []string{"--name", "--platform"}
	}
	var out []lineedit.Suggestion
	for _, c := range candidates {
		if strings.HasPrefix(c, partial) {
			out = append(out, lineedit.Suggestion{Text: c, Description: "demo " + c})
		}
	}
	return out, len(text) - len(partial)
}
