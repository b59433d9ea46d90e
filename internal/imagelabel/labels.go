// Package imagelabel reads a container image's labels from its registry over the OCI distribution API
// (manifest, then config blob; nothing else is pulled), anonymously or with the user's Docker credentials.
package imagelabel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/docker/cli/cli/config"
	"github.com/docker/cli/cli/config/types"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// Reader reads image labels.
type Reader struct {
	// DockerConfig is the Docker client configuration file with the user's registry credentials
	// ($DOCKER_CONFIG/config.json or ~/.docker/config.json); a missing file means anonymous access.
	DockerConfig string
	// Transport, when set, carries the requests (tests); http.DefaultTransport otherwise.
	Transport http.RoundTripper
}

// Labels returns the labels of an image (org/app:tag, registry:port/org/app@sha256:...), those of its
// linux/amd64 image when the reference names an index.
func (r Reader) Labels(ctx context.Context, image string) (map[string]string, error) {
	ref, err := name.ParseReference(image)
	if err != nil {
		return nil, fmt.Errorf("'%s' is not an image reference: %v", image, err)
	}
	opts := []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(keychain{path: r.DockerConfig}),
		remote.WithPlatform(v1.Platform{OS: "linux", Architecture: "amd64"})}
	if r.Transport != nil {
		opts = append(opts, remote.WithTransport(r.Transport))
	}
	img, err := remote.Image(ref, opts...)
	if err != nil {
		return nil, describe(ref, err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, describe(ref, err)
	}
	return cfg.Config.Labels, nil
}

// describe makes a registry error one line that names the image and, for the common statuses, says what
// went wrong in the user's terms.
func describe(ref name.Reference, err error) error {
	var te *transport.Error
	if errors.As(err, &te) {
		switch te.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden:
			return fmt.Errorf("cannot read image %s: the registry %s refused the credentials (%d): log in with docker login", ref, ref.Context().RegistryStr(), te.StatusCode)
		case http.StatusNotFound:
			return fmt.Errorf("cannot read image %s: not found in the registry %s", ref, ref.Context().RegistryStr())
		}
	}
	return fmt.Errorf("cannot read image %s: %s", ref, strings.Join(strings.Fields(err.Error()), " "))
}

// keychain finds the credentials for a registry in the Docker client's configuration file (auths, and
// credential helpers through it), as `docker pull` would use them.
type keychain struct{ path string }

func (k keychain) Resolve(target authn.Resource) (authn.Authenticator, error) {
	f, err := os.Open(k.path)
	if errors.Is(err, os.ErrNotExist) || k.path == "" {
		return authn.Anonymous, nil
	}
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read only: nothing to lose
	cf, err := config.LoadFromReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", k.path, err)
	}
	cf.Filename = k.path
	var empty types.AuthConfig
	for _, key := range []string{target.String(), target.RegistryStr()} {
		if key == name.DefaultRegistry {
			key = authn.DefaultAuthKey
		}
		cfg, err := cf.GetAuthConfig(key)
		if err != nil {
			return nil, err
		}
		cfg.ServerAddress = ""
		if cfg != empty {
			return authn.FromConfig(authn.AuthConfig{Username: cfg.Username, Password: cfg.Password, Auth: cfg.Auth,
				IdentityToken: cfg.IdentityToken, RegistryToken: cfg.RegistryToken}), nil
		}
	}
	return authn.Anonymous, nil
}
