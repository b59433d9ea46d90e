package shell

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// httpSource is an http source as SCDF's http app answers: 202 for a post, the stored messages on a get, and
// 401 without the right basic credentials when it has some.
type httpSource struct {
	mu       sync.Mutex
	received []string
	types    []string
	user     string
	password string
}

func (h *httpSource) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.user != "" {
		if u, p, ok := r.BasicAuth(); !ok || u != h.user || p != h.password {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
	}
	switch {
	case r.URL.Path == "/missing":
		http.NotFound(w, r)
	case r.URL.Path == "/boom":
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"error":"Internal Server Error","status":500}`)
	case r.Method == http.MethodPost:
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.received = append(h.received, string(body))
		h.types = append(h.types, r.Header.Get("Content-Type"))
		h.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"status":"UP","groups":["liveness"]}`)
	}
}

func runCaptured(t *testing.T, s *Session, out interface{ String() string }, line string) (string, error) {
	t.Helper()
	before := len(out.String())
	err := s.RunLine(context.Background(), line)
	return out.String()[before:], err
}

func TestHTTPPostPrintsSCDFsLines(t *testing.T) {
	src := &httpSource{}
	srv := httptest.NewServer(src)
	defer srv.Close()
	s, out := newTestSession(t)

	got, err := runCaptured(t, s, out, "http post --target "+srv.URL+" --data hello")
	if err != nil {
		t.Fatal(err)
	}
	if want := "> POST (text/plain) " + srv.URL + " hello\n> 202 ACCEPTED\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// The target is positional, as in SCDF; a JSON body is sent with its type.
	if _, err := runCaptured(t, s, out, `http post `+srv.URL+`/in --data '{"a":1}' --contentType application/json`); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "data.txt")
	if err := os.WriteFile(file, []byte("from a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := runCaptured(t, s, out, "http post "+srv.URL+" --file "+file); err != nil {
		t.Fatal(err)
	}
	if _, err := runCaptured(t, s, out, "http post "+srv.URL+` --data ""`); err != nil {
		t.Fatalf("empty data is data: %v", err)
	}
	// SCDF's http commands need no server; these need no store.
	if _, err := os.Stat(s.factory.DBPath); err == nil {
		t.Error("http post opened the store")
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	want := []string{"hello", `{"a":1}`, "from a file", ""}
	if strings.Join(src.received, "|") != strings.Join(want, "|") {
		t.Errorf("the source received %q, want %q", src.received, want)
	}
	if src.types[0] != "text/plain" || src.types[1] != "application/json" {
		t.Errorf("content types sent: %q", src.types)
	}
}

func TestHTTPGetPrettyPrintsJSON(t *testing.T) {
	srv := httptest.NewServer(&httpSource{user: "u", password: "p4ss"})
	defer srv.Close()
	s, out := newTestSession(t)
	got, err := runCaptured(t, s, out, "http get "+srv.URL+"/actuator/health --username u --password p4ss")
	if err != nil {
		t.Fatal(err)
	}
	want := "> GET " + srv.URL + "/actuator/health \n> 200 OK\n{\n  \"status\" : \"UP\",\n  \"groups\" : [\n    \"liveness\"\n  ]\n}\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if strings.Contains(got, "p4ss") {
		t.Error("the password was printed")
	}
	// Credentials in the URL are used and masked.
	withUser := strings.Replace(srv.URL, "http://", "http://u:p4ss@", 1)
	got, err = runCaptured(t, s, out, "http get "+withUser+"/actuator/health")
	if err != nil || strings.Contains(got, "p4ss") || !strings.HasPrefix(got, "> GET http://u:xxxxx@") {
		t.Errorf("credentials in the URL: %v %q", err, got)
	}
}

func TestHTTPFailures(t *testing.T) {
	srv := httptest.NewServer(&httpSource{user: "u", password: "p"})
	defer srv.Close()
	open := httptest.NewServer(&httpSource{})
	defer open.Close()
	// A port nothing listens on: taken, then freed.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	_ = l.Close()

	cases := []struct {
		line, printed, err string
		code               int
	}{
		{"http post " + srv.URL, "", "One of 'file' or 'data' must be set", ExitUsage},
		{"http post " + srv.URL + " --data x --file y", "", "Only one of 'file' or 'data' must be set", ExitUsage},
		{"http post --target nohost --data x", "", "Invalid value 'nohost' for option '--target': give an http:// or https:// URL", ExitUsage},
		{"http post " + srv.URL + " --data x --contentType 'text/'", "", "Invalid value 'text/' for option '--contentType': give a media type such as text/plain or application/json", ExitUsage},
		{"http post " + srv.URL + " --file /nonexistent/data.txt", "", "cannot read --file /nonexistent/data.txt: no such file or directory", ExitFailure},
		{"http post " + srv.URL + " --data x", "> POST (text/plain) " + srv.URL + " x\n> 401 UNAUTHORIZED\n",
			"Error sending data 'x' to '" + srv.URL + "'", ExitFailure},
		{"http post " + open.URL + "/missing --data x", "> POST (text/plain) " + open.URL + "/missing x\n> 404 NOT_FOUND\n404 page not found\n",
			"Error sending data 'x' to '" + open.URL + "/missing'", ExitFailure},
		{"http get " + open.URL + "/boom", "> GET " + open.URL + "/boom \n> 500 INTERNAL_SERVER_ERROR\n{\n  \"error\" : \"Internal Server Error\",\n  \"status\" : 500\n}\n",
			"Error sending request to '" + open.URL + "/boom'", ExitFailure},
		{"http post " + closed + " --data x", "> POST (text/plain) " + closed + " x\n",
			"Failed to access http endpoint " + closed + " (connection refused)", ExitFailure},
		{"http get " + closed, "> GET " + closed + " \n", "Failed to access http endpoint " + closed + " (connection refused)", ExitFailure},
	}
	for _, c := range cases {
		s, out := newTestSession(t)
		printed, err := runCaptured(t, s, out, c.line)
		wantError(t, c.line, err, c.err, c.code)
		if printed != c.printed {
			t.Errorf("%s printed %q, want %q", c.line, printed, c.printed)
		}
	}
}
