// Package imagetest runs an OCI registry in-process (go-containerregistry's registry package) for tests, with
// optional basic auth or a bearer token service, and pushes images (and indexes of images) whose config
// carries given labels.
package imagetest

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Registry is a registry on 127.0.0.1.
type Registry struct {
	Server         *httptest.Server
	User, Password string

	tokens       bool
	refreshToken string
	mu           sync.Mutex
	scopes       []string
}

// Start runs a registry; with a user, every request needs basic auth.
func Start(user, password string) *Registry {
	r := &Registry{User: user, Password: password}
	handler := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.tokens {
			r.serveWithTokens(w, req, handler)
			return
		}
		if r.User != "" {
			if u, p, ok := req.BasicAuth(); !ok || u != r.User || p != r.Password {
				w.Header().Set("WWW-Authenticate", `Basic realm="test registry"`)
				http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
				return
			}
		}
		handler.ServeHTTP(w, req)
	}))
	return r
}

// StartWithTokens runs a registry that, as Docker Hub does, answers only bearer tokens from its token service at
// /token, which hands them out for a GET with basic auth (anyone's when user is empty) or for an OAuth2 refresh
// (POST) with the refresh token, when one is given.
func StartWithTokens(user, password, refreshToken string) *Registry {
	r := Start(user, password)
	r.tokens, r.refreshToken = true, refreshToken
	return r
}

// the one token the token service hands out; a real one would sign it.
const bearerToken = "pull-token"

func (r *Registry) serveWithTokens(w http.ResponseWriter, req *http.Request, handler http.Handler) {
	if req.URL.Path == "/token" {
		r.serveToken(w, req)
		return
	}
	if req.Header.Get("Authorization") != "Bearer "+bearerToken {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+r.Server.URL+`/token",service="test-registry"`)
		http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
		return
	}
	handler.ServeHTTP(w, req)
}

func (r *Registry) serveToken(w http.ResponseWriter, req *http.Request) {
	if err := req.ParseForm(); err != nil || req.Form.Get("service") != "test-registry" {
		http.Error(w, "no service", http.StatusBadRequest)
		return
	}
	switch req.Method {
	case http.MethodPost:
		if r.refreshToken == "" {
			http.NotFound(w, req)
			return
		}
		if req.PostForm.Get("grant_type") != "refresh_token" || req.PostForm.Get("refresh_token") != r.refreshToken {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusUnauthorized)
			return
		}
	default:
		if u, p, ok := req.BasicAuth(); r.User != "" && (!ok || u != r.User || p != r.Password) {
			http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}`, http.StatusUnauthorized)
			return
		}
	}
	r.mu.Lock()
	r.scopes = append(r.scopes, req.Form["scope"]...)
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"token":"`+bearerToken+`","expires_in":300}`)
}

// Scopes are the scopes the token service was asked for, in order.
func (r *Registry) Scopes() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.scopes...)
}

// Host is the registry's host:port.
func (r *Registry) Host() string { return strings.TrimPrefix(r.Server.URL, "http://") }

// Close stops the registry.
func (r *Registry) Close() { r.Server.Close() }

// Push pushes an empty image named repo:tag (under this registry) whose config has the labels, and returns
// its reference.
func (r *Registry) Push(repoTag string, labels map[string]string) (string, error) {
	ref, err := name.ParseReference(r.Host() + "/" + repoTag)
	if err != nil {
		return "", err
	}
	img, err := image("linux", "amd64", labels)
	if err != nil {
		return "", err
	}
	if err := remote.Write(ref, img, remote.WithAuth(r.auth())); err != nil {
		return "", err
	}
	return ref.String(), nil
}

// Platform is an image of an index: its platform and the labels of its config.
type Platform struct {
	OS, Architecture string
	Labels           map[string]string
}

// PushIndex pushes an OCI image index named repo:tag that lists an image for each platform, in order, and
// returns its reference.
func (r *Registry) PushIndex(repoTag string, platforms ...Platform) (string, error) {
	ref, err := name.ParseReference(r.Host() + "/" + repoTag)
	if err != nil {
		return "", err
	}
	var adds []mutate.IndexAddendum
	for _, p := range platforms {
		img, err := image(p.OS, p.Architecture, p.Labels)
		if err != nil {
			return "", err
		}
		adds = append(adds, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{
			Platform: &v1.Platform{OS: p.OS, Architecture: p.Architecture}}})
	}
	if err := remote.WriteIndex(ref, mutate.AppendManifests(empty.Index, adds...), remote.WithAuth(r.auth())); err != nil {
		return "", err
	}
	return ref.String(), nil
}

// Digest is the digest of the manifest repo:tag names.
func (r *Registry) Digest(repoTag string) (string, error) {
	ref, err := name.ParseReference(r.Host() + "/" + repoTag)
	if err != nil {
		return "", err
	}
	desc, err := remote.Head(ref, remote.WithAuth(r.auth()))
	if err != nil {
		return "", err
	}
	return desc.Digest.String(), nil
}

func (r *Registry) auth() authn.Authenticator {
	if r.User == "" {
		return authn.Anonymous
	}
	return &authn.Basic{Username: r.User, Password: r.Password}
}

func image(os, architecture string, labels map[string]string) (v1.Image, error) {
	cfg, err := empty.Image.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = os, architecture
	cfg.Config.Labels = labels
	return mutate.ConfigFile(empty.Image, cfg)
}
