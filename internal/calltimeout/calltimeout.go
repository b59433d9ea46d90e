// Package calltimeout bounds every HTTP request a platform client sends, so that a server that accepts the
// connection and never answers cannot hold a command for ever, and says so in one line that names the account
// and the setting to change.
//
// It is a transport rather than http.Client.Timeout because the client's own timeout error ("context deadline
// exceeded (Client.Timeout exceeded while awaiting headers)", wrapped in the request's URL) cannot be told
// apart from other deadlines by the time it reaches the user, nor carry the account's name.
package calltimeout

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Default is how long one request may take when the account does not say.
const Default = 30 * time.Second

// Error is a request that got no (complete) answer in time.
type Error struct {
	Account string        // the account's name
	Server  string        // what was called, as the user knows it ("the Kubernetes API")
	Setting string        // the account setting that raises the limit
	Timeout time.Duration // the limit that passed
	Host    string        // scheme and host of the request that timed out; Transport fills it in
}

func (e *Error) Error() string {
	return fmt.Sprintf("account '%s': no answer from %s at %s within %s (the account's %s sets how long to wait)",
		e.Account, e.Server, e.Host, e.Timeout, e.Setting)
}

// As finds a timeout in err's chain.
func As(err error) (*Error, bool) {
	var te *Error
	ok := errors.As(err, &te)
	return te, ok
}

// Parse reads a timeout setting: a whole number of seconds ("30"), or a number with a unit ("500ms", "2m").
// Empty means Default.
func Parse(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Default, nil
	}
	d, err := time.ParseDuration(s)
	if n, nerr := strconv.Atoi(s); nerr == nil {
		d, err = time.Duration(n)*time.Second, nil
	}
	if err != nil {
		return 0, fmt.Errorf("'%s' is not a duration: write seconds (30) or a number with a unit (500ms, 2m)", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("'%s' must be more than zero", s)
	}
	return d, nil
}

// Transport bounds each request sent through next, from the moment it is sent until its body is read to the
// end or closed, to limit.Timeout; a request that runs out of time fails with a copy of limit naming the host
// it was sent to. A deadline of the caller's own that passes first is the caller's error, not this one.
func Transport(next http.RoundTripper, limit Error) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{next: next, limit: limit}
}

type transport struct {
	next  http.RoundTripper
	limit Error
}

// streamingKey marks the context of a request whose answer is a stream.
type streamingKey struct{}

// Streaming marks a request whose answer runs as long as its caller reads it (a followed log): the limit bounds
// the wait for the answer to start, not its reading, which the caller ends (Ctrl-C) or the server does.
func Streaming(ctx context.Context) context.Context {
	return context.WithValue(ctx, streamingKey{}, true)
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	timedOut := t.limit
	timedOut.Host = req.URL.Scheme + "://" + req.URL.Host
	ctx, cancelCause := context.WithCancelCause(req.Context())
	timer := time.AfterFunc(timedOut.Timeout, func() { cancelCause(&timedOut) })
	cancel := func() {
		timer.Stop()
		cancelCause(context.Canceled)
	}
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, explain(req.Context(), ctx, err)
	}
	if streaming, _ := req.Context().Value(streamingKey{}).(bool); streaming {
		// The answer has started within the limit: from here on the stream is the caller's to end.
		timer.Stop()
	}
	resp.Body = &body{ReadCloser: resp.Body, parent: req.Context(), ctx: ctx, cancel: cancel}
	return resp, nil
}

// explain replaces err by the timeout when it is what ended the request.
func explain(parent, ctx context.Context, err error) error {
	var te *Error
	if errors.As(context.Cause(ctx), &te) && parent.Err() == nil {
		return te
	}
	return err
}

// body keeps the request's time running while the answer is read: a server may send its headers and then
// stall.
type body struct {
	io.ReadCloser
	parent, ctx context.Context
	cancel      context.CancelFunc
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = explain(b.parent, b.ctx, err)
	}
	return n, err
}

func (b *body) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
