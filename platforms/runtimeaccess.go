package platforms

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// LogOptions choose which part of a log to show, and whether to keep showing what comes.
type LogOptions struct {
	// Tail is how many of the last lines to show of each instance; 0 leaves the platform's own bound.
	Tail int
	// Since shows only what was written within this long; 0 is no bound.
	Since time.Duration
	// Follow keeps writing what is logged until ctx ends (or, for a task, until its run ends).
	Follow bool
	// Prefix puts the instance's id before every line, even when the app has one instance: flow asks for it
	// when the lines of several apps are interleaved.
	Prefix bool
}

// ErrNoSinceInLogs is returned for LogOptions.Since by a platform whose logs carry no time (local files).
var ErrNoSinceInLogs = errors.New("--since needs the time of each line, which the local account's log files do not keep: use --tail")

// ActuatorRequest is a call to one app instance's actuator (Spring Boot's /actuator endpoints).
type ActuatorRequest struct {
	// Instance is the instance's id, as Status reports it (or its guid attribute, as SCDF's shell took it).
	Instance string
	// Method is GET or POST.
	Method string
	// Endpoint is the path below /actuator, starting with "/" ("/info", "/loggers/org.example").
	Endpoint string
	// Body is the JSON a POST sends.
	Body []byte
}

// ActuatorResponse is the instance's answer, whatever its status: the caller decides what a 404 means.
type ActuatorResponse struct {
	StatusCode int
	Body       []byte
}

// ActuatorCaller is implemented by deployers that can reach an app instance's actuator: through the API
// server's pod proxy (Kubernetes), the app's route (Cloud Foundry), the instance's port (local).
type ActuatorCaller interface {
	Actuator(ctx context.Context, app AppRef, req ActuatorRequest) (ActuatorResponse, error)
}

// NoSuchInstanceError is an instance id that the app does not have (or that is not deployed).
type NoSuchInstanceError struct {
	DeploymentID string
	Instance     string
	// Known are the app's instances, for the message.
	Known []string
}

func (e *NoSuchInstanceError) Error() string {
	msg := "App with deploymentId " + e.DeploymentID + " has no deployed instance " + e.Instance
	if len(e.Known) > 0 {
		msg += " (its instances: " + strings.Join(e.Known, ", ") + ")"
	}
	return msg
}

// ActuatorPath is the path an endpoint has below an app's root: /actuator and the endpoint with one leading "/",
// as SCDF's deployers build it.
func ActuatorPath(endpoint string) string {
	return "/actuator/" + strings.TrimLeft(endpoint, "/")
}

// LineWriter writes whole lines to a writer shared by several sources (the instances of a followed app), each
// line after a prefix, so that lines of different sources never mix. Flush writes a last line without its
// newline.
type LineWriter struct {
	mu     *sync.Mutex
	out    io.Writer
	prefix string
	buf    bytes.Buffer
}

// NewLineWriter writes to out, holding mu for each line; prefix goes before every line.
func NewLineWriter(out io.Writer, mu *sync.Mutex, prefix string) *LineWriter {
	return &LineWriter{mu: mu, out: out, prefix: prefix}
}

func (w *LineWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	for {
		i := bytes.IndexByte(w.buf.Bytes(), '\n')
		if i < 0 {
			return len(p), nil
		}
		if err := w.emit(w.buf.Next(i + 1)); err != nil {
			return len(p), err
		}
	}
}

// Flush writes what is left of a line, ended by a newline.
func (w *LineWriter) Flush() error {
	if w.buf.Len() == 0 {
		return nil
	}
	return w.emit(append(w.buf.Next(w.buf.Len()), '\n'))
}

// emit writes the prefixed line in one Write, so that a writer shared further up (the apps of a stream) never
// gets another line between a prefix and its text.
func (w *LineWriter) emit(line []byte) error {
	whole := make([]byte, 0, len(w.prefix)+len(line))
	whole = append(append(whole, w.prefix...), line...)
	w.mu.Lock()
	defer w.mu.Unlock()
	_, err := w.out.Write(whole)
	return err
}

// actuatorAnswerLimit bounds what is read of an actuator's answer (a heap dump is not for a terminal).
const actuatorAnswerLimit = 16 << 20

// CallActuator sends the request to an instance whose root is base (http://host:port), with SCDF's headers
// (JSON both ways) and any the platform adds (Cloud Foundry's instance header).
func CallActuator(ctx context.Context, client *http.Client, base string, header http.Header, req ActuatorRequest) (ActuatorResponse, error) {
	var body io.Reader
	if req.Method == http.MethodPost {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, strings.TrimRight(base, "/")+ActuatorPath(req.Endpoint), body)
	if err != nil {
		return ActuatorResponse{}, err
	}
	for k, v := range header {
		hr.Header[k] = v
	}
	hr.Header.Set("Accept", "application/json")
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(hr)
	if err != nil {
		return ActuatorResponse{}, err
	}
	defer func() { _ = resp.Body.Close() }() // only read
	answer, err := io.ReadAll(io.LimitReader(resp.Body, actuatorAnswerLimit))
	return ActuatorResponse{StatusCode: resp.StatusCode, Body: answer}, err
}
