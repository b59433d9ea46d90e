package imagelabel

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/imagelabel/imagetest"
)

// redirect carries requests for one host to a test registry over plain HTTP, recording what was asked for, and
// lets a test alter responses.
type redirect struct {
	from, to string
	alter    func(*http.Request, []byte) []byte
	mu       sync.Mutex
	asked    []string
}

func (rt *redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.asked = append(rt.asked, req.Method+" "+req.URL.Scheme+"://"+req.URL.Host+req.URL.Path)
	rt.mu.Unlock()
	if rt.from != "" && req.URL.Host == rt.from {
		req = req.Clone(req.Context())
		req.URL.Scheme, req.URL.Host, req.Host = "http", rt.to, ""
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || rt.alter == nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	body = rt.alter(req, body)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

func (rt *redirect) requests() string {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return strings.Join(rt.asked, "\n")
}

func writeDockerConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func basicAuth(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// Docker Hub names resolve as docker pull resolves them: registry-1.docker.io, library/ for official images,
// latest by default, with the credentials filed under https://index.docker.io/v1/.
func TestDockerHubNames(t *testing.T) {
	reg := imagetest.Start("hubuser", "hubpass")
	defer reg.Close()
	if _, err := reg.Push("library/busybox:latest", map[string]string{"official": "yes"}); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Push("springcloudstream/time-source-rabbit:5.0.0", map[string]string{"official": "no"}); err != nil {
		t.Fatal(err)
	}
	cfg := writeDockerConfig(t, `{"auths": {"https://index.docker.io/v1/": {"auth": "`+basicAuth("hubuser", "hubpass")+`"}}}`)
	for image, want := range map[string]string{"busybox": "yes", "docker.io/library/busybox:latest": "yes",
		"springcloudstream/time-source-rabbit:5.0.0": "no"} {
		rt := &redirect{from: dockerHubHost, to: reg.Host()}
		labels, err := Reader{DockerConfig: cfg, Transport: rt}.Labels(context.Background(), image)
		if err != nil || labels["official"] != want {
			t.Fatalf("%s: %v %v", image, labels, err)
		}
		asked := rt.requests()
		if !strings.HasPrefix(asked, "GET https://"+dockerHubHost+"/v2/\n") || strings.Contains(asked, "http://"+dockerHubHost) {
			t.Errorf("%s: not over HTTPS to Docker Hub's registry host:\n%s", image, asked)
		}
	}
	rt := &redirect{from: dockerHubHost, to: reg.Host()}
	if _, err := (Reader{DockerConfig: cfg, Transport: rt}).Labels(context.Background(), "busybox"); err != nil {
		t.Fatal(err)
	}
	if asked := rt.requests(); !strings.Contains(asked, "GET https://"+dockerHubHost+"/v2/library/busybox/manifests/latest\n") {
		t.Errorf("not the official image's manifest:\n%s", asked)
	}
	_, err := Reader{DockerConfig: filepath.Join(t.TempDir(), "none.json"), Transport: &redirect{from: dockerHubHost, to: reg.Host()}}.Labels(context.Background(), "busybox")
	if err == nil || err.Error() != "cannot read image busybox: the registry index.docker.io refused the credentials (401): log in with docker login" {
		t.Errorf("anonymous: %v", err)
	}
}

// A registry that wants bearer tokens, as Docker Hub and most hosted registries do: the token comes from the
// service its challenge names, for pulling the repository, anonymously or with the user's credentials.
func TestBearerTokenFlow(t *testing.T) {
	open := imagetest.StartWithTokens("", "", "")
	defer open.Close()
	image, err := open.Push("apps/time:1.0", map[string]string{"a": "b"})
	if err != nil {
		t.Fatal(err)
	}
	labels, err := Reader{}.Labels(context.Background(), image)
	if err != nil || labels["a"] != "b" {
		t.Fatalf("anonymous token: %v %v", labels, err)
	}
	if scopes := open.Scopes(); scopes[len(scopes)-1] != "repository:apps/time:pull" {
		t.Errorf("scopes asked for: %v", scopes)
	}

	private := imagetest.StartWithTokens("ci", "s3cret", "refresh-me")
	defer private.Close()
	image, err = private.Push("apps/time:1.0", map[string]string{"a": "c"})
	if err != nil {
		t.Fatal(err)
	}
	for what, cfg := range map[string]string{
		"password":       `{"auths": {"` + private.Host() + `": {"auth": "` + basicAuth("ci", "s3cret") + `"}}}`,
		"username":       `{"auths": {"` + private.Host() + `": {"username": "ci", "password": "s3cret"}}}`,
		"identity token": `{"auths": {"` + private.Host() + `": {"identitytoken": "refresh-me"}}}`,
		"registry token": `{"auths": {"` + private.Host() + `": {"registrytoken": "pull-token"}}}`,
		"repository key": `{"auths": {"` + private.Host() + `/apps/time": {"auth": "` + basicAuth("ci", "s3cret") + `"}, "` +
			private.Host() + `": {"auth": "` + basicAuth("ci", "wrong") + `"}}}`,
	} {
		labels, err := Reader{DockerConfig: writeDockerConfig(t, cfg)}.Labels(context.Background(), image)
		if err != nil || labels["a"] != "c" {
			t.Errorf("%s: %v %v", what, labels, err)
		}
	}
	for what, cfg := range map[string]string{
		"anonymous":      `{}`,
		"wrong password": `{"auths": {"` + private.Host() + `": {"auth": "` + basicAuth("ci", "wrong") + `"}}}`,
		"wrong refresh":  `{"auths": {"` + private.Host() + `": {"identitytoken": "stale"}}}`,
	} {
		_, err := Reader{DockerConfig: writeDockerConfig(t, cfg)}.Labels(context.Background(), image)
		if err == nil || err.Error() != "cannot read image "+image+": the registry "+private.Host()+" refused the credentials (401): log in with docker login" {
			t.Errorf("%s: %v", what, err)
		}
	}
}

// An index gives the labels of its linux/amd64 image, else of its first image (attestations are no image).
func TestIndexPicksLinuxAmd64(t *testing.T) {
	reg := imagetest.Start("", "")
	defer reg.Close()
	multi, err := reg.PushIndex("apps/multi:1.0",
		imagetest.Platform{OS: "linux", Architecture: "arm64", Labels: map[string]string{"arch": "arm64"}},
		imagetest.Platform{OS: "linux", Architecture: "amd64", Labels: map[string]string{"arch": "amd64"}},
		imagetest.Platform{OS: "windows", Architecture: "amd64", Labels: map[string]string{"arch": "windows"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := reg.PushIndex("apps/other:1.0",
		imagetest.Platform{OS: "unknown", Architecture: "unknown", Labels: map[string]string{"arch": "attestation"}},
		imagetest.Platform{OS: "linux", Architecture: "s390x", Labels: map[string]string{"arch": "s390x"}},
		imagetest.Platform{OS: "linux", Architecture: "arm64", Labels: map[string]string{"arch": "arm64"}})
	if err != nil {
		t.Fatal(err)
	}
	for image, want := range map[string]string{multi: "amd64", other: "s390x"} {
		labels, err := Reader{}.Labels(context.Background(), image)
		if err != nil || labels["arch"] != want {
			t.Errorf("%s: %v %v", image, labels, err)
		}
	}
}

// The config blob, and a manifest asked for by digest, must have the digest they are asked for: a registry (or
// whatever is between) cannot hand out other labels.
func TestDigestMismatchRefused(t *testing.T) {
	reg := imagetest.Start("", "")
	defer reg.Close()
	image, err := reg.Push("apps/time:1.0", map[string]string{"a": "b"})
	if err != nil {
		t.Fatal(err)
	}
	digest, err := reg.Digest("apps/time:1.0")
	if err != nil {
		t.Fatal(err)
	}
	byDigest := reg.Host() + "/apps/time@" + digest
	labels, err := Reader{}.Labels(context.Background(), byDigest)
	if err != nil || labels["a"] != "b" {
		t.Fatalf("by digest: %v %v", labels, err)
	}
	tamper := func(part string) *redirect {
		return &redirect{alter: func(req *http.Request, body []byte) []byte {
			if strings.Contains(req.URL.Path, part) {
				return bytes.Replace(body, []byte(`"a":"b"`), []byte(`"a":"x"`), 1)
			}
			return body
		}}
	}
	_, err = Reader{Transport: tamper("/blobs/")}.Labels(context.Background(), image)
	if err == nil || !strings.Contains(err.Error(), "cannot read image "+image+": the registry sent an image config of digest sha256:") {
		t.Errorf("tampered config: %v", err)
	}
	other, err := reg.Push("apps/other:1.0", map[string]string{"a": "other"})
	if err != nil {
		t.Fatal(err)
	}
	otherDigest, err := reg.Digest("apps/other:1.0")
	if err != nil {
		t.Fatal(err)
	}
	// The manifest of another image, served for this digest.
	swapped := Reader{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if strings.HasSuffix(req.URL.Path, "/manifests/"+digest) {
			req = req.Clone(req.Context())
			req.URL.Path = strings.Replace(req.URL.Path, "apps/time/manifests/"+digest, "apps/other/manifests/"+otherDigest, 1)
		}
		return http.DefaultTransport.RoundTrip(req)
	})}
	_, err = swapped.Labels(context.Background(), byDigest)
	if err == nil || err.Error() != "cannot read image "+byDigest+": the registry sent a manifest of digest "+otherDigest+" for "+digest {
		t.Errorf("swapped manifest (%s): %v", other, err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
