package flow

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"
)

// SCDFServer is where `scdf import` reads from, with the SCDF shell's authentication options. Password and Token
// are secrets: they go into request headers and nowhere else.
type SCDFServer struct {
	URI      string
	Username string
	Password string
	// Token is a bearer token, the stdout of the SCDF shell's --credentials-provider-command.
	Token             string
	SkipSSLValidation bool
	// Client overrides the HTTP client (tests); nil builds one from SkipSSLValidation.
	Client *http.Client
}

// scdfPageSize is the page size asked for; the client follows _links.next whatever size the server returns.
const scdfPageSize = 1000

// scdfClient reads SCDF's HAL JSON REST API.
type scdfClient struct {
	base   *url.URL
	server SCDFServer
	http   *http.Client
	// hasSchedules says whether the server's root links its schedules (scheduling is optional in SCDF).
	hasSchedules bool
	// hasExecutions says whether the server's root links its task executions.
	hasExecutions bool
}

func newSCDFClient(s SCDFServer) (*scdfClient, error) {
	base, err := url.Parse(strings.TrimRight(s.URI, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("--uri must be an http(s) URL of an SCDF server, got '%s'", RedactText(s.URI))
	}
	if base.User != nil {
		return nil, errors.New("--uri must not carry credentials; give --username and --password")
	}
	c := s.Client
	if c == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		if s.SkipSSLValidation {
			tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user asked for it, as SCDF's shell allows
		}
		c = &http.Client{Transport: tr, Timeout: 60 * time.Second}
	}
	return &scdfClient{base: base, server: s, http: c}, nil
}

// halPage is the envelope of every SCDF listing: the items under _embedded.<kind>ResourceList, the links, the
// page numbers.
type halPage struct {
	Embedded map[string]json.RawMessage `json:"_embedded"`
	Links    map[string]halLink         `json:"_links"`
	Page     *struct {
		Size          int `json:"size"`
		TotalElements int `json:"totalElements"`
		TotalPages    int `json:"totalPages"`
		Number        int `json:"number"`
	} `json:"page"`
}

// halLink is one of a resource's _links.
type halLink struct {
	Href string `json:"href"`
}

// get fetches one URL and decodes its JSON body into v; it names what failed in one line.
func (c *scdfClient) get(ctx context.Context, target string, v any) (int, error) {
	status, body, err := c.fetch(ctx, target, nil)
	if err != nil || status == http.StatusNotFound {
		return status, err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return status, c.notHAL(target, err)
	}
	return status, nil
}

func (c *scdfClient) notHAL(target string, err error) error {
	return fmt.Errorf("%s is not an SCDF server: %s is not HAL JSON (%v)", c.display(), displayPath(target), err)
}

// fetch reads one URL's body into buf (reset first; nil: a new one) and returns it; a 404 is returned as the
// status with no body and no error, for the caller to say what was missing.
func (c *scdfClient) fetch(ctx context.Context, target string, buf *bytes.Buffer) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Accept", "application/hal+json, application/json")
	switch {
	case c.server.Token != "":
		req.Header.Set("Authorization", "Bearer "+c.server.Token)
	case c.server.Username != "":
		req.SetBasicAuth(c.server.Username, c.server.Password)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return 0, nil, fmt.Errorf("cannot reach the SCDF server at %s: %v", c.display(), err)
	}
	defer resp.Body.Close()
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	if n := resp.ContentLength; n > 0 && n <= maxSCDFBody {
		buf.Grow(int(n) + bytes.MinRead) // one allocation for a page whose size is known, not a doubling series
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxSCDFBody)); err != nil {
		return resp.StatusCode, nil, fmt.Errorf("reading %s from %s: %v", displayPath(target), c.display(), err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return resp.StatusCode, nil, fmt.Errorf("the SCDF server at %s refused the credentials (%s) for %s", c.display(), resp.Status, displayPath(target))
	case resp.StatusCode == http.StatusNotFound:
		return resp.StatusCode, nil, nil
	case resp.StatusCode/100 != 2:
		return resp.StatusCode, nil, fmt.Errorf("the SCDF server at %s answered %s for %s", c.display(), resp.Status, displayPath(target))
	}
	return resp.StatusCode, buf.Bytes(), nil
}

// maxSCDFBody is the most of one response the client reads.
const maxSCDFBody = 256 << 20

func (c *scdfClient) display() string { return RedactText(c.base.String()) }

func displayPath(target string) string {
	if u, err := url.Parse(target); err == nil {
		return u.RequestURI()
	}
	return target
}

// listItems reads every page of a listing (path relative to the server), following _links.next as SCDF's own
// client does, and decodes the items found under _embedded.<listKey> into T, in one pass over each page. A
// listing without _links is not SCDF's.
func listItems[T any](ctx context.Context, c *scdfClient, path, listKey string, each func(T) error) error {
	next := c.base.String() + path + "?page=0&size=" + fmt.Sprint(scdfPageSize)
	seen := map[string]bool{}
	var buf bytes.Buffer // one for every page: what is decoded from a page is copied out of it
	for next != "" {
		if seen[next] {
			return fmt.Errorf("%s is not an SCDF server: the pages of %s link back to %s", c.display(), path, displayPath(next))
		}
		seen[next] = true
		status, body, err := c.fetch(ctx, next, &buf)
		if err != nil {
			return err
		}
		if status == http.StatusNotFound {
			return fmt.Errorf("%s is not an SCDF server: %s was not found", c.display(), displayPath(next))
		}
		page, err := decodeListPage[T](body, listKey)
		var shape *listShapeError
		switch {
		case errors.As(err, &shape) && shape.notList:
			return fmt.Errorf("%s is not an SCDF server: _embedded.%s of %s is not a list", c.display(), listKey, path)
		case errors.As(err, &shape):
			return fmt.Errorf("%s is not an SCDF server: an item of %s has an unexpected shape (%v)", c.display(), path, shape.err)
		case err != nil:
			return c.notHAL(next, err)
		}
		if page.links == nil {
			return fmt.Errorf("%s is not an SCDF server: %s has no _links", c.display(), displayPath(next))
		}
		for _, it := range page.items {
			if err := each(it); err != nil {
				return err
			}
		}
		next = ""
		if l, ok := page.links["next"]; ok && l.Href != "" {
			ref, err := url.Parse(l.Href)
			if err != nil {
				return fmt.Errorf("%s is not an SCDF server: bad next link %q", c.display(), l.Href)
			}
			// SCDF builds its links from the Host it was asked by; behind a proxy they may name another host,
			// so only the path and query are followed, on the server the user named.
			u := *c.base
			u.Path, u.RawQuery = ref.Path, ref.RawQuery
			next = u.String()
		}
	}
	return nil
}

// listPage is what a listing's page holds for the client: its items and its links.
type listPage[T any] struct {
	items []T
	links map[string]halLink
}

// listShapeError is a page that is JSON but whose listing is not SCDF's: not a list, or an item of another shape.
type listShapeError struct {
	notList bool
	err     error
}

func (e *listShapeError) Error() string { return e.err.Error() }

// decodeListPage decodes one page of a listing, streaming through its envelope so that the items are decoded
// once, straight into T (a page of executions is megabytes; decoding it into raw messages first read it again
// for each level). What the client does not read (page numbers, other embedded lists) is skipped.
func decodeListPage[T any](body []byte, listKey string) (listPage[T], error) {
	var page listPage[T]
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := expectDelim(dec, '{'); err != nil {
		return page, err
	}
	for dec.More() {
		key, err := nextKey(dec)
		if err != nil {
			return page, err
		}
		switch key {
		case "_embedded":
			if err := decodeEmbedded(dec, listKey, &page.items); err != nil {
				return page, err
			}
		case "_links":
			if err := dec.Decode(&page.links); err != nil {
				return page, err
			}
		default:
			if err := skipValue(dec); err != nil {
				return page, err
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return page, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return page, errors.New("data after the top-level object")
	}
	return page, nil
}

// decodeEmbedded decodes the list under listKey of an _embedded object (null: none), skipping any other.
func decodeEmbedded[T any](dec *json.Decoder, listKey string, items *[]T) error {
	tok, err := dec.Token()
	if err != nil || tok == nil {
		return err
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("_embedded is %v, not an object", tok)
	}
	for dec.More() {
		key, err := nextKey(dec)
		if err != nil {
			return err
		}
		if key != listKey {
			if err := skipValue(dec); err != nil {
				return err
			}
			continue
		}
		if err := dec.Decode(items); err != nil {
			var syntax *json.SyntaxError
			var typ *json.UnmarshalTypeError
			switch {
			case errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF): // not JSON: a cut or broken body
				return err
			case errors.As(err, &typ) && typ.Field == "" && typ.Type.Kind() == reflect.Slice:
				return &listShapeError{notList: true, err: err}
			}
			return &listShapeError{err: err}
		}
	}
	return expectDelim(dec, '}')
}

func nextKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	key, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("expected an object key, found %v", tok)
	}
	return key, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("expected %v, found %v", want, tok)
	}
	return nil
}

// skipValue passes over one value without keeping it.
func skipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return dec.Decode(&skip)
}
