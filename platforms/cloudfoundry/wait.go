package cloudfoundry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"
)

// firstPollDelay is the pause after the first look at something under way; pauses double up to PollInterval,
// so a quick Cloud Controller is seen quickly and a slow one is not flooded.
const firstPollDelay = time.Millisecond

// waitFor calls check until it reports done or fails, or timeout passes; the first call is immediate.
func (c *Client) waitFor(ctx context.Context, timeout time.Duration, what string, check func(context.Context) (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	delay := firstPollDelay
	for {
		done, err := check(ctx)
		if err != nil || done {
			if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("gave up waiting for %s after %s", what, timeout)
			}
			return err
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("gave up waiting for %s after %s", what, timeout)
			}
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, c.opts.PollInterval)
	}
}

// waitJob waits for an asynchronous Cloud Controller job (a delete, a managed binding) and reports its failure.
func (c *Client) waitJob(ctx context.Context, api *client.Client, jobGUID, what string) error {
	if jobGUID == "" {
		return nil
	}
	return c.waitFor(ctx, c.opts.JobTimeout, what, func(ctx context.Context) (bool, error) {
		job, err := api.Jobs.Get(ctx, jobGUID)
		if err != nil {
			return false, fmt.Errorf("cannot follow %s: %s", what, describe(err))
		}
		switch job.State {
		case resource.JobStateComplete:
			return true, nil
		case resource.JobStateFailed:
			var msgs []string
			for _, e := range job.Errors {
				msgs = append(msgs, fmt.Sprintf("%s (%s)", e.Detail, e.Title))
			}
			return false, fmt.Errorf("%s failed: %s", what, strings.Join(msgs, "; "))
		}
		return false, nil
	})
}
