package shell

import (
	"context"
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

// logFlags are --follow, --tail and --since, which `stream logs` and `task execution log` share.
type logFlags struct {
	follow bool
	tail   int
	since  string
}

func addLogFlags(cmd *cobra.Command, l *logFlags) {
	cmd.Flags().BoolVar(&l.follow, "follow", false, "keep showing what is logged until Ctrl-C (a task's: until its run ends)")
	cmd.Flags().IntVar(&l.tail, "tail", 0, "show only the last N lines of each instance (0: as many as the platform shows by default)")
	cmd.Flags().StringVar(&l.since, "since", "", "show only what was logged within this long (30s, 10m, 2h)")
}

// options checks the flags before anything is read: a bad value is a usage error naming it.
func (l logFlags) options() (flow.LogOptions, error) {
	opts := flow.LogOptions{Follow: l.follow}
	if l.tail < 0 {
		return opts, usageErrorf("Invalid value '%d' for option '--tail': give a number of lines (0 for the platform's default)", l.tail)
	}
	opts.Tail = l.tail
	if l.since != "" {
		d, err := time.ParseDuration(l.since)
		if err != nil || d <= 0 {
			return opts, usageErrorf("Invalid value '%s' for option '--since': give a duration such as 30s, 10m or 2h", l.since)
		}
		opts.Since = d
	}
	return opts, nil
}

// followEnded is a follow stopped by Ctrl-C: its normal end, shown as nothing, with the exit code of an
// interruption (130).
type followEnded struct{}

func (followEnded) Error() string { return "interrupted" }

func (followEnded) ExitCode() int { return ExitInterrupted }

// endOfFollow turns the cancellation that ends a follow into followEnded; any other error stays.
func endOfFollow(ctx context.Context, opts flow.LogOptions, err error) error {
	if opts.Follow && ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled)) {
		return &silentError{err: followEnded{}}
	}
	return err
}

// isFollowEnd reports an error that is only the end of a follow.
func isFollowEnd(err error) bool {
	var fe followEnded
	return errors.As(err, &fe)
}
