package imagelabel

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
)

const (
	ociIndex          = "application/vnd.oci.image.index.v1+json"
	dockerList        = "application/vnd.docker.distribution.manifest.list.v2+json"
	ociManifest       = "application/vnd.oci.image.manifest.v1+json"
	dockerManifest    = "application/vnd.docker.distribution.manifest.v2+json"
	maxManifestLength = 4 << 20
	maxConfigLength   = 64 << 20
)

// manifest holds what an image manifest or an index says that matters here.
type manifest struct {
	MediaType string       `json:"mediaType"`
	Config    descriptor   `json:"config"`
	Manifests []descriptor `json:"manifests"`
}

type descriptor struct {
	MediaType string `json:"mediaType"`
	Digest    string `json:"digest"`
	Size      int64  `json:"size"`
	Platform  *struct {
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
	} `json:"platform"`
}

// imageManifest fetches the reference's manifest and, when it is an index, that of its linux/amd64 image (else
// of its first image, as a single-platform index of another platform still has the labels).
func (s *session) imageManifest(ctx context.Context) (manifest, error) {
	m, err := s.manifest(ctx, s.ref.identifier(), s.ref.digest)
	if err != nil || (m.MediaType != ociIndex && m.MediaType != dockerList) {
		return m, err
	}
	child, ok := pickImage(m.Manifests)
	if !ok {
		return manifest{}, fmt.Errorf("the index %s lists no image manifest", s.ref)
	}
	m, err = s.manifest(ctx, child.Digest, child.Digest)
	if err != nil {
		return manifest{}, err
	}
	if m.MediaType == ociIndex || m.MediaType == dockerList {
		return manifest{}, fmt.Errorf("the index %s lists another index (%s), not an image", s.ref, child.Digest)
	}
	return m, nil
}

func pickImage(entries []descriptor) (descriptor, bool) {
	var first *descriptor
	for i, d := range entries {
		if d.MediaType != ociManifest && d.MediaType != dockerManifest {
			continue
		}
		if d.Platform != nil && d.Platform.OS == "linux" && d.Platform.Architecture == "amd64" {
			return d, true
		}
		// Attestations ride in indexes as manifests of platform unknown/unknown: they are no image.
		if first == nil && (d.Platform == nil || d.Platform.OS != "unknown") {
			first = &entries[i]
		}
	}
	if first == nil {
		return descriptor{}, false
	}
	return *first, true
}

// manifest fetches one manifest by tag or digest; one fetched by digest must have that digest.
func (s *session) manifest(ctx context.Context, identifier, digest string) (manifest, error) {
	resp, err := s.get(ctx, "/v2/"+s.ref.repository+"/manifests/"+identifier, ociIndex, dockerList, ociManifest, dockerManifest)
	if err != nil {
		return manifest{}, err
	}
	defer func() { _ = resp.Body.Close() }() // read only
	body, err := readAtMost(resp.Body, maxManifestLength, "the manifest")
	if err != nil {
		return manifest{}, err
	}
	if digest != "" {
		if got := sha256Digest(body); got != digest {
			return manifest{}, fmt.Errorf("the registry sent a manifest of digest %s for %s", got, digest)
		}
	}
	var m manifest
	if err := json.Unmarshal(body, &m); err != nil {
		return manifest{}, fmt.Errorf("the manifest is not JSON: %v", err)
	}
	if m.MediaType == "" {
		m.MediaType, _, _ = mime.ParseMediaType(resp.Header.Get("Content-Type"))
	}
	if m.MediaType == "" && len(m.Manifests) > 0 {
		m.MediaType = ociIndex
	}
	if m.MediaType == "" && m.Config.Digest != "" {
		m.MediaType = ociManifest
	}
	switch m.MediaType {
	case ociIndex, dockerList, ociManifest, dockerManifest:
		return m, nil
	default:
		return manifest{}, fmt.Errorf("the manifest is of media type %q, not an OCI or Docker v2 image or index", m.MediaType)
	}
}

// labels fetches the image's config blob, checks it has the digest its manifest says, and reads its labels.
func (s *session) labels(ctx context.Context, config descriptor) (map[string]string, error) {
	if err := checkDigest(config.Digest); err != nil {
		return nil, fmt.Errorf("the manifest's config: %v", err)
	}
	if config.Size > maxConfigLength {
		return nil, fmt.Errorf("the image config is %d bytes, more than the %d read", config.Size, maxConfigLength)
	}
	resp, err := s.get(ctx, "/v2/"+s.ref.repository+"/blobs/"+config.Digest)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }() // read only
	body, err := readAtMost(resp.Body, maxConfigLength, "the image config")
	if err != nil {
		return nil, err
	}
	if got := sha256Digest(body); got != config.Digest {
		return nil, fmt.Errorf("the registry sent an image config of digest %s for %s", got, config.Digest)
	}
	var cfg struct {
		Config struct {
			Labels map[string]string `json:"Labels"`
		} `json:"config"`
	}
	if err := json.Unmarshal(body, &cfg); err != nil {
		return nil, fmt.Errorf("the image config is not JSON: %v", err)
	}
	return cfg.Config.Labels, nil
}

func readAtMost(r io.Reader, limit int64, what string) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%s is longer than %d bytes", what, limit)
	}
	return body, nil
}

func sha256Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
