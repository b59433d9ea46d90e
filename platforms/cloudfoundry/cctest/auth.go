package cctest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// token is one issued access token.
type token struct {
	subject string
	expires time.Time
	revoked bool
}

// getRoot is GET /: go-cfclient's config.New reads links.login and links.uaa here to find the token endpoint.
// Login, UAA and the scheduler all live on this one server.
func (s *Server) getRoot(w http.ResponseWriter, r *http.Request) {
	u := s.url
	writeJSON(w, http.StatusOK, obj{"links": obj{
		"self":                obj{"href": u},
		"cloud_controller_v2": nil,
		"cloud_controller_v3": obj{"href": u + "/v3", "meta": obj{"version": "3.180.0"}},
		"network_policy_v0":   nil,
		"network_policy_v1":   nil,
		"login":               obj{"href": u},
		"uaa":                 obj{"href": u},
		"credhub":             nil,
		"routing":             nil,
		"logging":             nil,
		"log_cache":           obj{"href": u},
		"log_stream":          nil,
		"app_ssh": obj{"href": "127.0.0.1:2222", "meta": obj{
			"host_key_fingerprint": "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00",
			"oauth_client":         "ssh-proxy",
		}},
	}})
}

func (s *Server) getV3Root(w http.ResponseWriter, r *http.Request) {
	links := obj{"self": s.href("/v3")}
	for _, k := range []string{"apps", "builds", "domains", "droplets", "info", "jobs", "organizations", "packages",
		"processes", "routes", "service_credential_bindings", "service_instances", "spaces", "tasks"} {
		links[k] = s.href("/v3/%s", k)
	}
	writeJSON(w, http.StatusOK, obj{"links": links})
}

func (s *Server) getInfo(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, obj{
		"build":          "cctest",
		"cli_version":    obj{"minimum": "", "recommended": ""},
		"custom":         obj{},
		"description":    "In-memory Cloud Controller fake",
		"name":           "cctest",
		"version":        3,
		"osbapi_version": "2.15",
		"rate_limits":    obj{"enabled": false, "general_limit": 0, "reset_interval_in_minutes": 0},
		"links":          obj{"self": s.href("/v3/info"), "support": obj{"href": ""}},
	})
}

// postToken is the UAA token endpoint: password, client_credentials and refresh_token grants. Errors use
// the OAuth2 shape ({"error": ..., "error_description": ...}), which golang.org/x/oauth2 understands.
func (s *Server) postToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, obj{"error": "invalid_request", "error_description": err.Error()})
		return
	}
	clientID, secret, ok := r.BasicAuth()
	if !ok {
		clientID, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	want, known := s.clients[clientID]
	if !known || want != secret {
		writeJSON(w, http.StatusUnauthorized, obj{"error": "invalid_client", "error_description": "Bad credentials"})
		return
	}
	grant := r.PostForm.Get("grant_type")
	var subject, refresh string
	switch grant {
	case "password":
		user, pass := r.PostForm.Get("username"), r.PostForm.Get("password")
		if p, ok := s.users[user]; !ok || p != pass {
			writeJSON(w, http.StatusUnauthorized, obj{"error": "unauthorized", "error_description": "Bad credentials"})
			return
		}
		subject = "user:" + user
		refresh = randomHex(16) + "-r"
		s.refreshTokens[refresh] = subject
	case "client_credentials":
		if secret == "" {
			writeJSON(w, http.StatusUnauthorized, obj{"error": "invalid_client", "error_description": "Bad credentials"})
			return
		}
		subject = "client:" + clientID // UAA issues no refresh token for this grant
	case "refresh_token":
		refresh = r.PostForm.Get("refresh_token")
		sub, ok := s.refreshTokens[refresh]
		if !ok {
			writeJSON(w, http.StatusUnauthorized, obj{"error": "invalid_token", "error_description": "Invalid refresh token"})
			return
		}
		subject = sub
	default:
		writeJSON(w, http.StatusBadRequest, obj{"error": "unsupported_grant_type", "error_description": "Unsupported grant type: " + grant})
		return
	}
	s.grants[grant]++
	exp := s.now().Add(s.tokenTTL)
	access := s.jwt(subject, exp)
	s.tokens[access] = &token{subject: subject, expires: exp}
	body := obj{
		"access_token": access,
		"token_type":   "bearer",
		"expires_in":   max(1, int(s.tokenTTL/time.Second)), // 0 would mean "never expires" to oauth2
		"scope":        "cloud_controller.read cloud_controller.write openid",
		"jti":          randomHex(16),
	}
	if refresh != "" {
		body["refresh_token"] = refresh
	}
	writeJSON(w, http.StatusOK, body)
}

// jwt builds a JWT-shaped token: go-cfclient's config.Token option decodes the payload for "exp". The
// signature is random; nothing verifies it but this server.
func (s *Server) jwt(subject string, exp time.Time) string {
	enc := base64.RawURLEncoding
	header, _ := json.Marshal(obj{"alg": "HS256", "typ": "JWT"})
	payload, _ := json.Marshal(obj{
		"sub": subject, "user_name": strings.TrimPrefix(subject, "user:"), "exp": exp.Unix(), "iat": s.now().Unix(),
		"jti": randomHex(8), "scope": []string{"cloud_controller.read", "cloud_controller.write"},
	})
	sig := make([]byte, 32)
	_, _ = rand.Read(sig)
	return enc.EncodeToString(header) + "." + enc.EncodeToString(payload) + "." + enc.EncodeToString(sig)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// authenticate checks "Authorization: bearer <token>": a missing header is CF-NotAuthenticated, an unknown,
// revoked or expired token CF-InvalidAuthToken, both 401, on which go-cfclient re-authenticates once.
func (s *Server) authenticate(r *http.Request) *cfError {
	h := r.Header.Get("Authorization")
	if h == "" {
		return &cfError{status: 401, Code: 10002, Title: "CF-NotAuthenticated", Detail: "Authentication error"}
	}
	scheme, tok, _ := strings.Cut(h, " ")
	t, ok := s.tokens[strings.TrimSpace(tok)]
	if !strings.EqualFold(scheme, "bearer") || !ok || t.revoked || !s.now().Before(t.expires) {
		return &cfError{status: 401, Code: 1000, Title: "CF-InvalidAuthToken", Detail: "Invalid Auth Token"}
	}
	return nil
}

// ExpireTokens revokes every access token issued so far (refresh tokens stay valid), so the next API call
// gets 401 CF-InvalidAuthToken and the client must get a new token.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.revoked = true
	}
}

// SetTokenTTL changes the lifetime of tokens issued from now on.
func (s *Server) SetTokenTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenTTL = d
}

// TokenGrants counts successful token requests by grant type ("password", "client_credentials",
// "refresh_token").
func (s *Server) TokenGrants() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.grants {
		out[k] = v
	}
	return out
}

// AddUser adds a UAA user after construction.
func (s *Server) AddUser(username, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[username] = password
}
