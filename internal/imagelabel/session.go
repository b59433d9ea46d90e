package imagelabel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// session talks to one registry for one repository, with the Authorization its challenge asks for.
type session struct {
	client        *http.Client
	ref           reference
	creds         credentials
	base          string // scheme://host
	authorization string
}

// statusError is a registry's answer with an unexpected status.
type statusError struct {
	StatusCode int
	method     string
	url        string
	detail     string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s %s: unexpected status %d %s%s", e.method, e.url, e.StatusCode, http.StatusText(e.StatusCode), e.detail)
}

// open pings /v2/ to learn the scheme that answers and how the registry wants to be authenticated, and logs
// in: nothing for an open registry, Basic, or a bearer token from the token service the challenge names.
func open(ctx context.Context, client *http.Client, ref reference, creds credentials) (*session, error) {
	schemes := []string{"https"}
	if plainHTTPAllowed(ref.host) {
		schemes = append(schemes, "http")
	}
	var errs []error
	for _, scheme := range schemes {
		s := &session{client: client, ref: ref, creds: creds, base: scheme + "://" + ref.host}
		resp, err := s.send(ctx, http.MethodGet, s.base+"/v2/", "", nil)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		_ = resp.Body.Close() // only the status and the challenge matter
		switch resp.StatusCode {
		case http.StatusOK:
			return s, nil
		case http.StatusUnauthorized:
			return s, s.login(ctx, resp.Header.Values("WWW-Authenticate"))
		default:
			return nil, unexpected(resp)
		}
	}
	return nil, errors.Join(errs...)
}

func (s *session) login(ctx context.Context, challenges []string) error {
	for _, header := range challenges {
		scheme, params := parseChallenge(header)
		switch scheme {
		case "basic":
			switch {
			case s.creds.RegistryToken != "":
				s.authorization = "Bearer " + s.creds.RegistryToken
			case s.creds.Username != "" || s.creds.Password != "":
				req := &http.Request{Header: http.Header{}}
				req.SetBasicAuth(s.creds.Username, s.creds.Password)
				s.authorization = req.Header.Get("Authorization")
			}
			return nil
		case "bearer":
			if s.creds.RegistryToken != "" {
				s.authorization = "Bearer " + s.creds.RegistryToken
				return nil
			}
			token, err := s.token(ctx, params)
			if err != nil {
				return err
			}
			s.authorization = "Bearer " + token
			return nil
		}
	}
	// No challenge we know: go on anonymously, and let the registry's refusal say so.
	return nil
}

// token asks the token service for a pull token for the repository: an OAuth2 refresh with an identity
// token, falling back to the GET every token service implements (with Basic credentials, if any).
func (s *session) token(ctx context.Context, params map[string]string) (string, error) {
	realm := params["realm"]
	if realm == "" {
		return "", errors.New("the registry asks for a bearer token and names no token service")
	}
	u, err := url.Parse(realm)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("the registry's token service %q is not an HTTP URL", realm)
	}
	// The challenge of /v2/ names no repository (or another scope): ask for pulling this one.
	scope := "repository:" + s.ref.repository + ":pull"
	if s.creds.IdentityToken != "" {
		form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {s.creds.IdentityToken},
			"service": {params["service"]}, "scope": {scope}, "client_id": {"dataflow"}}
		token, err := s.fetchToken(ctx, http.MethodPost, u.String(), "", strings.NewReader(form.Encode()))
		var se *statusError
		if !errors.As(err, &se) || se.StatusCode != http.StatusNotFound {
			return token, err
		}
	}
	q := u.Query()
	q.Set("scope", scope)
	if params["service"] != "" {
		q.Set("service", params["service"])
	}
	u.RawQuery = q.Encode()
	authorization := ""
	if s.creds.Username != "" || s.creds.Password != "" {
		req := &http.Request{Header: http.Header{}}
		req.SetBasicAuth(s.creds.Username, s.creds.Password)
		authorization = req.Header.Get("Authorization")
	}
	return s.fetchToken(ctx, http.MethodGet, u.String(), authorization, nil)
}

func (s *session) fetchToken(ctx context.Context, method, target, authorization string, form io.Reader) (string, error) {
	resp, err := s.send(ctx, method, target, authorization, form)
	if err != nil {
		return "", err
	}
	defer func() { _ = resp.Body.Close() }() // read only
	if resp.StatusCode != http.StatusOK {
		return "", unexpected(resp)
	}
	var answer struct {
		Token       string `json:"token"`
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxTokenAnswer)).Decode(&answer); err != nil {
		return "", fmt.Errorf("the token service %s answered no token: %v", redact(target), err)
	}
	if answer.Token != "" {
		return answer.Token, nil
	}
	if answer.AccessToken != "" {
		return answer.AccessToken, nil
	}
	return "", fmt.Errorf("the token service %s answered no token", redact(target))
}

const maxTokenAnswer = 1 << 20

// get fetches a registry path, accepting the media types given.
func (s *session) get(ctx context.Context, path string, accept ...string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+path, nil)
	if err != nil {
		return nil, err
	}
	if s.authorization != "" {
		req.Header.Set("Authorization", s.authorization)
	}
	for _, a := range accept {
		req.Header.Add("Accept", a)
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer func() { _ = resp.Body.Close() }() // read for the error only
		return nil, unexpected(resp)
	}
	return resp, nil
}

const userAgent = "dataflow"

func (s *session) send(ctx context.Context, method, target, authorization string, form io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, form)
	if err != nil {
		return nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	req.Header.Set("User-Agent", userAgent)
	return s.client.Do(req)
}

// unexpected describes a response with the registry's error messages, when it sent some.
func unexpected(resp *http.Response) error {
	e := &statusError{StatusCode: resp.StatusCode, method: resp.Request.Method, url: redact(resp.Request.URL.String())}
	var body struct {
		Errors []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&body) == nil && len(body.Errors) > 0 {
		var parts []string
		for _, re := range body.Errors {
			parts = append(parts, strings.TrimSpace(re.Code+": "+re.Message))
		}
		e.detail = ": " + strings.Join(parts, "; ")
	}
	return e
}

// redact drops a URL's query, where token services may be handed secrets.
func redact(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return "the URL"
	}
	u.RawQuery, u.User = "", nil
	return u.String()
}

// parseChallenge reads a WWW-Authenticate header: a scheme and its comma-separated key="value" parameters.
func parseChallenge(header string) (string, map[string]string) {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(header), " ")
	params := map[string]string{}
	for rest = strings.TrimSpace(rest); rest != ""; {
		key, after, found := strings.Cut(rest, "=")
		if !found {
			break
		}
		key = strings.ToLower(strings.TrimSpace(key))
		after = strings.TrimSpace(after)
		var value string
		if strings.HasPrefix(after, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(after) && after[i] != '"'; i++ {
				if after[i] == '\\' && i+1 < len(after) {
					i++
				}
				b.WriteByte(after[i])
			}
			value, after = b.String(), after[min(i+1, len(after)):]
		} else {
			end := strings.IndexByte(after, ',')
			if end < 0 {
				end = len(after)
			}
			value, after = strings.TrimSpace(after[:end]), after[end:]
		}
		params[key] = value
		rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(after), ","))
	}
	return strings.ToLower(scheme), params
}
