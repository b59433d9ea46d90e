package calltimeout

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// hungServer accepts requests and never answers them until the test ends; when headers is true it sends the
// headers and part of a body first, then stalls.
func hungServer(t *testing.T, headers bool) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if headers {
			w.Header().Set("Content-Length", "1000")
			_, _ = w.Write([]byte("{"))
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	return srv
}

// within runs call and fails the test if it has not returned after a generous deadline: a hang is what is
// tested, not how fast the answer comes.
func within(t *testing.T, call func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("the call still hangs after 30 s")
		return nil
	}
}

var limit = Error{Account: "hung", Server: "the test API", Setting: "test.requestTimeout", Timeout: 100 * time.Millisecond}

func TestARequestNobodyAnswersFailsWithTheAccountAndTheLimit(t *testing.T) {
	srv := hungServer(t, false)
	client := &http.Client{Transport: Transport(nil, limit)}
	err := within(t, func() error {
		resp, err := client.Get(srv.URL + "/api/v1/pods")
		if err == nil {
			resp.Body.Close()
		}
		return err
	})
	te, ok := As(err)
	if !ok {
		t.Fatalf("want a timeout, got %v", err)
	}
	if te.Host != srv.URL || te.Account != "hung" {
		t.Errorf("the timeout names %q of account %q", te.Host, te.Account)
	}
	want := "account 'hung': no answer from the test API at " + srv.URL + " within 100ms (the account's test.requestTimeout sets how long to wait)"
	if te.Error() != want {
		t.Errorf("message:\n%s\nwant:\n%s", te.Error(), want)
	}
}

func TestAnAnswerThatStallsHalfWayFailsToo(t *testing.T) {
	srv := hungServer(t, true)
	client := &http.Client{Transport: Transport(nil, limit)}
	err := within(t, func() error {
		resp, err := client.Get(srv.URL)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, err = io.ReadAll(resp.Body)
		return err
	})
	if _, ok := As(err); !ok {
		t.Fatalf("want a timeout while reading the body, got %v", err)
	}
}

func TestTheCallersOwnCancellationIsNotATimeout(t *testing.T) {
	srv := hungServer(t, false)
	slow := limit
	slow.Timeout = time.Hour
	client := &http.Client{Transport: Transport(nil, slow)}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := within(t, func() error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	})
	if _, ok := As(err); ok || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the caller's deadline, got %v", err)
	}
}

func TestAQuickAnswerIsReadWhole(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	defer srv.Close()
	resp, err := (&http.Client{Transport: Transport(nil, limit)}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, err := io.ReadAll(resp.Body); err != nil || string(b) != "ok" {
		t.Fatalf("%q %v", b, err)
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
	}{{"", Default}, {"30", 30 * time.Second}, {" 5 ", 5 * time.Second}, {"500ms", 500 * time.Millisecond}, {"2m", 2 * time.Minute}} {
		in, want := c.in, c.want
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, want := range map[string]string{"soon": "is not a duration", "0": "more than zero", "-1s": "more than zero"} {
		if _, err := Parse(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q): %v, want %q", in, err, want)
		}
	}
}

// A streamed answer (a followed log) that started in time is read for as long as it runs; a stream that does not
// start in time still fails.
func TestAStreamThatStartedIsNotCut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range 5 {
			_, _ = w.Write([]byte{byte('0' + i)})
			w.(http.Flusher).Flush()
			time.Sleep(limit.Timeout) // five times the limit in all
		}
	}))
	defer srv.Close()
	client := &http.Client{Transport: Transport(nil, limit)}
	err := within(t, func() error {
		req, _ := http.NewRequestWithContext(Streaming(context.Background()), http.MethodGet, srv.URL, nil)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil && string(b) != "01234" {
			return errors.New("read " + string(b))
		}
		return err
	})
	if err != nil {
		t.Fatalf("a stream that started in time was cut: %v", err)
	}
	hung := hungServer(t, false)
	err = within(t, func() error {
		req, _ := http.NewRequestWithContext(Streaming(context.Background()), http.MethodGet, hung.URL, nil)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	})
	if _, ok := As(err); !ok {
		t.Fatalf("a stream that never started: want the timeout, got %v", err)
	}
}
