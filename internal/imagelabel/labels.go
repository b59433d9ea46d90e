// Package imagelabel reads a container image's labels from its registry over the OCI distribution API
// (manifest, then config blob; nothing else is pulled), anonymously or with the user's Docker credentials.
// It speaks the API with net/http itself: a registry client library would be linked, and initialised, into
// every dataflow command for a feature only `app register` of a docker: app uses.
package imagelabel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
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
	ref, err := parseReference(image)
	if err != nil {
		return nil, fmt.Errorf("'%s' is not an image reference: %v", image, err)
	}
	labels, err := r.read(ctx, ref)
	if err != nil {
		return nil, describe(ref, err)
	}
	return labels, nil
}

func (r Reader) read(ctx context.Context, ref reference) (map[string]string, error) {
	creds, err := loadCredentials(ctx, r.DockerConfig, ref)
	if err != nil {
		return nil, err
	}
	client := &http.Client{Transport: r.Transport}
	s, err := open(ctx, client, ref, creds)
	if err != nil {
		return nil, err
	}
	m, err := s.imageManifest(ctx)
	if err != nil {
		return nil, err
	}
	return s.labels(ctx, m.Config)
}

// describe makes a registry error one line that names the image and, for the common statuses, says what
// went wrong in the user's terms.
func describe(ref reference, err error) error {
	var se *statusError
	if errors.As(err, &se) {
		switch se.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden:
			return fmt.Errorf("cannot read image %s: the registry %s refused the credentials (%d): log in with docker login", ref, ref.registry, se.StatusCode)
		case http.StatusNotFound:
			return fmt.Errorf("cannot read image %s: not found in the registry %s", ref, ref.registry)
		}
	}
	return fmt.Errorf("cannot read image %s: %s", ref, strings.Join(strings.Fields(err.Error()), " "))
}
