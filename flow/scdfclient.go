package flow

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
	Links    map[string]struct {
		Href string `json:"href"`
	} `json:"_links"`
	Page *struct {
		Size          int `json:"size"`
		TotalElements int `json:"totalElements"`
		TotalPages    int `json:"totalPages"`
		Number        int `json:"number"`
	} `json:"page"`
}

// get fetches one URL and decodes its JSON body into v; it names what failed in one line.
func (c *scdfClient) get(ctx context.Context, target string, v any) (int, error) {
	status, body, err := c.getBody(ctx, target, "application/hal+json, application/json")
	if err != nil || status == http.StatusNotFound {
		return status, err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return status, fmt.Errorf("%s is not an SCDF server: %s is not HAL JSON (%v)", c.display(), displayPath(target), err)
	}
	return status, nil
}

// getBody reads what the server answers at target as it is; a 404 is a status with no error and no body.
func (c *scdfClient) getBody(ctx context.Context, target, accept string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Accept", accept)
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
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
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
	return resp.StatusCode, body, nil
}

func (c *scdfClient) display() string { return RedactText(c.base.String()) }

func displayPath(target string) string {
	if u, err := url.Parse(target); err == nil {
		return u.RequestURI()
	}
	return target
}

// list reads every page of a listing (path relative to the server), following _links.next as SCDF's own
// client does, and decodes the items found under _embedded.<listKey> into each. A listing without _links is not
// SCDF's.
func (c *scdfClient) list(ctx context.Context, path, listKey string, each func(json.RawMessage) error) error {
	next := c.base.String() + path + "?page=0&size=" + fmt.Sprint(scdfPageSize)
	seen := map[string]bool{}
	for next != "" {
		if seen[next] {
			return fmt.Errorf("%s is not an SCDF server: the pages of %s link back to %s", c.display(), path, displayPath(next))
		}
		seen[next] = true
		var page halPage
		status, err := c.get(ctx, next, &page)
		if err != nil {
			return err
		}
		if status == http.StatusNotFound {
			return fmt.Errorf("%s is not an SCDF server: %s was not found", c.display(), displayPath(next))
		}
		if page.Links == nil {
			return fmt.Errorf("%s is not an SCDF server: %s has no _links", c.display(), displayPath(next))
		}
		if raw, ok := page.Embedded[listKey]; ok {
			var items []json.RawMessage
			if err := json.Unmarshal(raw, &items); err != nil {
				return fmt.Errorf("%s is not an SCDF server: _embedded.%s of %s is not a list", c.display(), listKey, path)
			}
			for _, it := range items {
				if err := each(it); err != nil {
					return err
				}
			}
		}
		next = ""
		if l, ok := page.Links["next"]; ok && l.Href != "" {
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

// decodeItem decodes one item of a listing, naming the listing when its shape is not SCDF's.
func (c *scdfClient) decodeItem(raw json.RawMessage, path string, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s is not an SCDF server: an item of %s has an unexpected shape (%v)", c.display(), path, err)
	}
	return nil
}
