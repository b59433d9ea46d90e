// Package imagetest runs an OCI registry in-process (go-containerregistry's registry package) for tests, with
// optional basic auth, and pushes images whose config carries given labels.
package imagetest

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Registry is a registry on 127.0.0.1.
type Registry struct {
	Server         *httptest.Server
	User, Password string
}

// Start runs a registry; with a user, every request needs basic auth.
func Start(user, password string) *Registry {
	r := &Registry{User: user, Password: password}
	handler := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
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
	cfg, err := empty.Image.ConfigFile()
	if err != nil {
		return "", err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", "amd64"
	cfg.Config.Labels = labels
	img, err := mutate.ConfigFile(empty.Image, cfg)
	if err != nil {
		return "", err
	}
	auth := authn.Anonymous
	if r.User != "" {
		auth = &authn.Basic{Username: r.User, Password: r.Password}
	}
	if err := remote.Write(ref, img, remote.WithAuth(auth)); err != nil {
		return "", err
	}
	return ref.String(), nil
}
