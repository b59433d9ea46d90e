package imagelabel

import (
	"strings"
	"testing"
)

func TestParseReferenceAsDockerDoes(t *testing.T) {
	digest := "sha256:" + strings.Repeat("ab", 32)
	cases := []struct {
		image                                  string
		registry, host, repository, identifier string
	}{
		{"busybox", dockerHubName, dockerHubHost, "library/busybox", "latest"},
		{"busybox:1.36", dockerHubName, dockerHubHost, "library/busybox", "1.36"},
		{"docker.io/busybox", dockerHubName, dockerHubHost, "library/busybox", "latest"},
		{"index.docker.io/library/busybox:1", dockerHubName, dockerHubHost, "library/busybox", "1"},
		{"springcloudstream/time-source-rabbit:5.0.0", dockerHubName, dockerHubHost, "springcloudstream/time-source-rabbit", "5.0.0"},
		{"busybox@" + digest, dockerHubName, dockerHubHost, "library/busybox", digest},
		{"busybox:1.36@" + digest, dockerHubName, dockerHubHost, "library/busybox", digest},
		{"localhost/apps/time", "localhost", "localhost", "apps/time", "latest"},
		{"localhost:5000/time:2", "localhost:5000", "localhost:5000", "time", "2"},
		{"registry.example.com:8443/a/b/c:v1.2_x-y", "registry.example.com:8443", "registry.example.com:8443", "a/b/c", "v1.2_x-y"},
		{"ghcr.io/org/app.name__x--y", "ghcr.io", "ghcr.io", "org/app.name__x--y", "latest"},
		{"[::1]:5000/time@" + digest, "[::1]:5000", "[::1]:5000", "time", digest},
		{"127.0.0.1:5000/apps/time:1.0", "127.0.0.1:5000", "127.0.0.1:5000", "apps/time", "1.0"},
	}
	for _, c := range cases {
		ref, err := parseReference(c.image)
		if err != nil {
			t.Errorf("%s: %v", c.image, err)
			continue
		}
		if ref.registry != c.registry || ref.host != c.host || ref.repository != c.repository || ref.identifier() != c.identifier || ref.String() != c.image {
			t.Errorf("%s: got %+v", c.image, ref)
		}
	}
}

func TestParseReferenceRefusesWhatDockerRefuses(t *testing.T) {
	for _, image := range []string{
		"", "Busybox", "busybox:", "busybox:-x", "busybox:" + strings.Repeat("t", 129), "busybox@sha256:abc",
		"busybox@md5:" + strings.Repeat("a", 32), "busybox@sha256:" + strings.Repeat("A", 64), "apps//time",
		"apps/time_", "example.com/", "example.com:/x", "example.com:99999/x", "exa_mple.com/x", "a/b c",
	} {
		if ref, err := parseReference(image); err == nil {
			t.Errorf("%q: parsed as %+v", image, ref)
		}
	}
}

func TestPlainHTTPOnlyForLoopbackAndPrivateRegistries(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost:5000": true, "localhost": true, "127.0.0.1:5000": true, "[::1]:5000": true, "10.1.2.3": true,
		"192.168.0.9:443": true, "registry.localhost": true, "ghcr.io": false, "8.8.8.8:5000": false, dockerHubHost: false,
	} {
		if got := plainHTTPAllowed(host); got != want {
			t.Errorf("%s: %v", host, got)
		}
	}
}

func TestParseChallenge(t *testing.T) {
	scheme, params := parseChallenge(`Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull,push", error="insufficient_scope"`)
	if scheme != "bearer" || params["realm"] != "https://auth.docker.io/token" || params["service"] != "registry.docker.io" ||
		params["scope"] != "repository:library/busybox:pull,push" || params["error"] != "insufficient_scope" {
		t.Fatalf("%s %v", scheme, params)
	}
	scheme, params = parseChallenge(`Basic realm="a \"quoted\" realm", charset=UTF-8`)
	if scheme != "basic" || params["realm"] != `a "quoted" realm` || params["charset"] != "UTF-8" {
		t.Fatalf("%s %v", scheme, params)
	}
}
