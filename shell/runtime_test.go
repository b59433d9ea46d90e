package shell

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/flow"
)

// The new options complete their values from what is known without the network.
func TestCompleteRuntimeLogAndHTTPOptions(t *testing.T) {
	s, _ := newTestSession(t)
	cases := []struct {
		line string
		want []string
	}{
		{"http post --contentType application/", []string{"application/json", "application/x-www-form-urlencoded", "application/xml"}},
		{"runtime actuator get --endpoint he", []string{"health"}},
		{"runtime actuator ", []string{"get", "post"}},
		{"task execution stop 1 --platformName ", []string{"default"}},
		{"task execution log --platform ", []string{"default"}},
		{"runtime apps --appId ", nil}, // no stream is deployed
	}
	for _, c := range cases {
		got, _ := suggestionTexts(t, s, c.line)
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q: got %v, want %v", c.line, got, c.want)
		}
	}
	opts, _ := suggestionTexts(t, s, "stream logs --")
	for _, want := range []string{"--follow", "--tail", "--since", "--app"} {
		if !contains(opts, want) {
			t.Errorf("stream logs -- + Tab misses %s: %v", want, opts)
		}
	}
}

func TestAppIDMatchesSCDFsFilter(t *testing.T) {
	cases := []struct {
		filter []string
		id     string
		want   bool
	}{
		{[]string{"tick-log-v1"}, "tick-log-v1", true},
		{[]string{"tick.log-v1"}, "tick-log-v1", true},
		{[]string{"tick.*"}, "tick-log-v1", true},
		{[]string{"tock.*", "tick-time-v1"}, "tick-log-v1", false},
		{[]string{"tick-log-v2"}, "tick-log-v1", false},
	}
	for _, c := range cases {
		if got := appIDMatches(c.filter, "tick", c.id); got != c.want {
			t.Errorf("%v on %s: %v, want %v", c.filter, c.id, got, c.want)
		}
	}
}

// Ctrl-C is how a follow ends: exit code 130, nothing to print; without --follow a cancellation stays an error.
func TestEndOfFollow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := endOfFollow(ctx, flow.LogOptions{Follow: true}, context.Canceled)
	var silent *silentError
	if !errors.As(err, &silent) || !isFollowEnd(err) || ExitCode(err) != ExitInterrupted {
		t.Errorf("a follow ended by Ctrl-C: %v (exit %d)", err, ExitCode(err))
	}
	if err := endOfFollow(ctx, flow.LogOptions{}, context.Canceled); !errors.Is(err, context.Canceled) || isFollowEnd(err) {
		t.Errorf("no follow: %v", err)
	}
	boom := errors.New("the pod is gone")
	if err := endOfFollow(context.Background(), flow.LogOptions{Follow: true}, boom); !errors.Is(err, boom) || isFollowEnd(err) {
		t.Errorf("a follow that failed: %v", err)
	}
}
