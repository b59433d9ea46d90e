package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/dataflow-cli/dataflow/shell/lineedit"
)

// Prompt is the SCDF shell's prompt.
const Prompt = "dataflow:>"

// RunREPL reads commands until exit, quit or end of input. Each command runs under its own context, so Ctrl-C
// cancels the command and not the shell. When stdin is not a terminal, lines are read plainly; the exit code is
// then 1 if any command failed, so `printf 'app list\n' | dataflow` works in scripts.
func (s *Session) RunREPL(ctx context.Context) error {
	var history []string
	if fl, err := s.factory.Flow(ctx); err == nil {
		if entries, err := fl.CommandHistory(ctx, 0); err == nil {
			for _, e := range entries {
				history = append(history, e.Line)
			}
		}
	} else {
		return err
	}
	opts := lineedit.Options{History: history, Complete: s.completeLine(ctx)}
	if in, ok := s.factory.IO.In.(*os.File); ok {
		opts.In = in
	}
	if out, ok := s.factory.IO.Out.(*os.File); ok {
		opts.Out = out
	}
	var ed lineedit.Editor
	var err error
	if opts.In != nil && opts.Out != nil && s.factory.IO.InTTY {
		ed, err = lineedit.New(opts)
	} else {
		ed = lineedit.NewPlain(s.factory.IO.In)
	}
	if err != nil {
		return err
	}
	loopErr := s.readEvalLoop(ctx, ed)
	if err := ed.Close(); err != nil && loopErr == nil {
		return err // the terminal could not be put back as it was
	}
	return loopErr
}

func (s *Session) readEvalLoop(ctx context.Context, ed lineedit.Editor) error {
	if s.factory.IO.InTTY {
		s.prompter = ed // confirmations are asked only of a person at a terminal
	}
	failed := 0
	for {
		line, err := ed.ReadLine(Prompt)
		switch {
		case errors.Is(err, lineedit.ErrInterrupted):
			continue
		case errors.Is(err, io.EOF):
			return s.loopResult(failed)
		case err != nil:
			return err
		}
		if isBlankOrComment(line) {
			continue
		}
		ed.AddHistory(line)
		err = s.runTyped(ctx, line)
		switch {
		case errors.Is(err, errExit):
			return s.loopResult(failed)
		case isFollowEnd(err) && ctx.Err() == nil:
			// Ctrl-C is how a follow ends: back to the prompt, nothing failed.
		case errors.Is(err, context.Canceled) && ctx.Err() == nil:
			fmt.Fprintln(s.factory.IO.ErrOut, "Interrupted")
			failed++
		case err != nil:
			s.PrintError(err)
			failed++
		}
	}
}

// runTyped records a line typed into the REPL in the history, then runs it; Ctrl-C during it cancels its
// context only.
func (s *Session) runTyped(ctx context.Context, line string) error {
	if fl, err := s.factory.Flow(ctx); err == nil {
		_ = fl.RecordCommand(ctx, line) // losing a history line must not fail the command
	}
	cmdCtx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	return s.RunLine(cmdCtx, line)
}

func (s *Session) loopResult(failed int) error {
	if failed > 0 && !s.factory.IO.InTTY {
		return &silentError{err: fmt.Errorf("%d commands failed", failed)}
	}
	return nil
}
