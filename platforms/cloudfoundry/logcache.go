package cloudfoundry

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cloudfoundry/go-cfclient/v3/client"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Cloud Foundry keeps what apps and tasks write in Log Cache; its read API (GET /api/v1/read/<source-id>, the
// source being the app's GUID) answers pages of envelopes, newest first when asked, with the same token as the
// Cloud Controller. A follow polls it for what is newer than the last envelope seen, as `cf logs` does.

// logCachePageLimit is the most envelopes Log Cache answers in one read.
const logCachePageLimit = 1000

// logCachePollInterval is how often a follow asks Log Cache for new envelopes.
var logCachePollInterval = time.Second

// logEnvelope is one log line of Log Cache (a v2 envelope as its JSON gateway writes it: int64s as strings,
// the payload base64).
type logEnvelope struct {
	Timestamp  string            `json:"timestamp"`
	SourceID   string            `json:"source_id"`
	InstanceID string            `json:"instance_id"`
	Tags       map[string]string `json:"tags"`
	Log        *struct {
		Payload string `json:"payload"`
		Type    string `json:"type"`
	} `json:"log"`
}

func (e logEnvelope) nanos() int64 {
	n, _ := strconv.ParseInt(e.Timestamp, 10, 64)
	return n
}

// line is the envelope as `cf logs` shows it: time, source and instance, OUT or ERR, the text.
func (e logEnvelope) line() string {
	payload, err := base64.StdEncoding.DecodeString(e.Log.Payload)
	if err != nil {
		payload = []byte(e.Log.Payload)
	}
	ts := time.Unix(0, e.nanos()).UTC().Format("2006-01-02T15:04:05.00-0700")
	source := e.Tags["source_type"]
	if e.InstanceID != "" {
		source += "/" + e.InstanceID
	}
	return fmt.Sprintf("   %s [%s] %s %s\n", ts, source, e.Log.Type, strings.TrimRight(string(payload), "\n"))
}

// logCache reads one foundation's Log Cache.
type logCache struct {
	api  *client.Client
	base string
}

// logCache finds Log Cache from the API root's links.
func (c *Client) logCache(ctx context.Context) (logCache, error) {
	api, err := c.session(ctx)
	if err != nil {
		return logCache{}, err
	}
	root, err := api.Root.Get(ctx)
	if err != nil {
		return logCache{}, fmt.Errorf("cannot read the API root: %s", describe(err))
	}
	if root.Links.LogCache.Href == "" {
		return logCache{}, fmt.Errorf("the foundation's API root names no Log Cache, where Cloud Foundry keeps logs")
	}
	return logCache{api: api, base: strings.TrimRight(root.Links.LogCache.Href, "/")}, nil
}

// read is one page of log envelopes of a source.
func (l logCache) read(ctx context.Context, source string, q url.Values) ([]logEnvelope, error) {
	q.Set("envelope_types", "LOG")
	u := l.base + "/api/v1/read/" + url.PathEscape(source) + "?" + q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := l.api.ExecuteAuthRequest(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("cannot read Log Cache: %s", describe(err))
	}
	defer func() { _ = resp.Body.Close() }() // only read
	var page struct {
		Envelopes struct {
			Batch []logEnvelope `json:"batch"`
		} `json:"envelopes"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return nil, fmt.Errorf("Log Cache answered what is not a page of envelopes: %w", err)
	}
	var out []logEnvelope
	for _, e := range page.Envelopes.Batch {
		if e.Log != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// logFilter keeps the envelopes of one task's run (all of an app's when nil).
type logFilter func(logEnvelope) bool

// show writes the newest envelopes (opts.Tail of them, 1000 when neither tail nor since is given), oldest
// first, then, with follow, what comes until ctx ends or done says the source has finished.
func (l logCache) show(ctx context.Context, source string, opts platforms.LogOptions, keep logFilter, done func() bool, w io.Writer) error {
	start := int64(0)
	if opts.Since > 0 {
		start = time.Now().Add(-opts.Since).UnixNano()
	}
	want := opts.Tail
	if want == 0 && opts.Since == 0 {
		want = logCachePageLimit
	}
	var recent []logEnvelope
	end := int64(0)
	for want == 0 || len(recent) < want {
		q := url.Values{"descending": {"true"}, "limit": {strconv.Itoa(logCachePageLimit)}, "start_time": {strconv.FormatInt(start, 10)}}
		if end > 0 {
			q.Set("end_time", strconv.FormatInt(end, 10))
		}
		page, err := l.read(ctx, source, q)
		if err != nil {
			return err
		}
		for _, e := range page {
			if (keep == nil || keep(e)) && (want == 0 || len(recent) < want) {
				recent = append(recent, e)
			}
		}
		if len(page) < logCachePageLimit {
			break
		}
		end = page[len(page)-1].nanos() // end_time is exclusive: the next page starts before the oldest seen
	}
	slices.Reverse(recent)
	cursor := start
	for _, e := range recent {
		if _, err := io.WriteString(w, e.line()); err != nil {
			return err
		}
		cursor = max(cursor, e.nanos()+1)
	}
	if !opts.Follow {
		return nil
	}
	if cursor == 0 {
		cursor = time.Now().UnixNano()
	}
	for {
		finished := done != nil && done()
		q := url.Values{"limit": {strconv.Itoa(logCachePageLimit)}, "start_time": {strconv.FormatInt(cursor, 10)}}
		page, err := l.read(ctx, source, q)
		if err != nil {
			return err
		}
		for _, e := range page {
			if keep == nil || keep(e) {
				if _, err := io.WriteString(w, e.line()); err != nil {
					return err
				}
			}
			cursor = max(cursor, e.nanos()+1)
		}
		if finished {
			return nil
		}
		if len(page) == logCachePageLimit {
			continue // more is waiting
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(logCachePollInterval):
		}
	}
}

// Logs writes the app's log lines from Log Cache (every source: the app's instances, staging, the router), as
// `cf logs --recent` shows them, and with follow what comes until ctx ends.
func (a *Apps) Logs(ctx context.Context, ref platforms.AppRef, opts platforms.LogOptions, w io.Writer) error {
	h, err := parseHandle(ref.Handle)
	if err != nil {
		return err
	}
	lc, err := a.logCache(ctx)
	if err != nil {
		return err
	}
	return lc.show(ctx, h.GUID, opts, nil, nil, w)
}

// TaskLog writes the run's lines from Log Cache: those of its app tagged with the task's name (APP/TASK/<name>)
// since it was created; with follow, until the task ends.
func (t *Tasks) TaskLog(ctx context.Context, handle string, opts platforms.LogOptions, w io.Writer) error {
	h, err := parseTaskHandle(handle)
	if err != nil {
		return err
	}
	api, err := t.session(ctx)
	if err != nil {
		return err
	}
	task, err := api.Tasks.Get(ctx, h.GUID)
	if err != nil {
		return fmt.Errorf("cannot read task %s: %s", h.GUID, describe(err))
	}
	lc, err := t.logCache(ctx)
	if err != nil {
		return err
	}
	created := task.CreatedAt.Add(-time.Second).UnixNano() // the CC stamps whole seconds
	keep := func(e logEnvelope) bool {
		return e.Tags["source_type"] == "APP/TASK/"+task.Name && e.nanos() >= created
	}
	done := func() bool { return t.TaskEnded(ctx, handle).Ended }
	return lc.show(ctx, task.Relationships.App.Data.GUID, opts, keep, done, w)
}
