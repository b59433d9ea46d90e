package shell

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// app import reads an SCDF app list from an http(s) URL too; the server here is on 127.0.0.1.
func TestAppImportFromURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/apps.properties" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("source.time=docker:springcloudstream/time-source-rabbit:3.2.1\nsink.log=docker:springcloudstream/log-sink-rabbit:3.2.1\n"))
	}))
	defer srv.Close()
	s, out := newTestSession(t)
	if err := s.RunLine(context.Background(), "app import --uri "+srv.URL+"/apps.properties"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Successfully registered applications: [source.time, sink.log]") {
		t.Fatalf("output: %s", out)
	}
	err := s.RunLine(context.Background(), "app import --uri "+srv.URL+"/missing.properties")
	if err == nil || !strings.Contains(err.Error(), "404 Not Found") {
		t.Fatalf("a missing URL: %v", err)
	}
}
