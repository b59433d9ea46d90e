package imagelabel

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/imagelabel/imagetest"
)

// installHelper puts docker-credential-<name> on PATH: a script that logs the server it is asked about and
// answers credentials for one server, "not found" (as real helpers say it) for the others.
func installHelper(t *testing.T, name, server, username, secret string) (log string) {
	t.Helper()
	dir := t.TempDir()
	log = filepath.Join(dir, "asked")
	script := `#!/bin/sh
[ "$1" = get ] || exit 2
read -r server
echo "$server" >> "` + log + `"
if [ "$server" = "` + server + `" ]; then
  printf '{"ServerURL":"%s","Username":"` + username + `","Secret":"` + secret + `"}' "$server"
else
  echo "credentials not found in native keychain"; exit 1
fi
`
	if err := os.WriteFile(filepath.Join(dir, "docker-credential-"+name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

func asked(t *testing.T, log string) string {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func TestCredentialHelpers(t *testing.T) {
	reg := imagetest.Start("ci", "s3cret")
	defer reg.Close()
	image, err := reg.Push("apps/time:1.0", map[string]string{"a": "b"})
	if err != nil {
		t.Fatal(err)
	}
	storeLog := installHelper(t, "teststore", reg.Host(), "ci", "s3cret")
	labels, err := Reader{DockerConfig: writeDockerConfig(t, `{"credsStore": "teststore"}`)}.Labels(context.Background(), image)
	if err != nil || labels["a"] != "b" {
		t.Fatalf("credsStore: %v %v", labels, err)
	}
	if got := asked(t, storeLog); got != reg.Host()+"/apps/time\n"+reg.Host() {
		t.Errorf("credsStore asked for:\n%s", got)
	}

	// credHelpers wins over credsStore for its registry; auths are not read when a helper is configured.
	helperLog := installHelper(t, "testhelper", reg.Host(), "ci", "s3cret")
	installHelper(t, "wrongstore", reg.Host(), "ci", "wrong")
	cfg := `{"credsStore": "wrongstore", "credHelpers": {"` + reg.Host() + `": "testhelper"},
		"auths": {"` + reg.Host() + `": {"auth": "` + basicAuth("ci", "wrong") + `"}}}`
	labels, err = Reader{DockerConfig: writeDockerConfig(t, cfg)}.Labels(context.Background(), image)
	if err != nil || labels["a"] != "b" || asked(t, helperLog) != reg.Host() {
		t.Fatalf("credHelpers: %v %v", labels, err)
	}

	// A helper that holds nothing for the registry: anonymous, which this registry refuses.
	installHelper(t, "empty", "elsewhere.example.com", "x", "y")
	_, err = Reader{DockerConfig: writeDockerConfig(t, `{"credsStore": "empty"}`)}.Labels(context.Background(), image)
	if err == nil || !strings.Contains(err.Error(), "refused the credentials (401)") {
		t.Errorf("not found in the helper: %v", err)
	}
	// A helper that is not installed is an error that names it.
	_, err = Reader{DockerConfig: writeDockerConfig(t, `{"credsStore": "absent"}`)}.Labels(context.Background(), image)
	if err == nil || !strings.Contains(err.Error(), "the credential helper docker-credential-absent failed for "+reg.Host()+"/apps/time") {
		t.Errorf("missing helper: %v", err)
	}
}

// An identity token from a helper (user <token>) is an OAuth2 refresh token.
func TestCredentialHelperIdentityToken(t *testing.T) {
	reg := imagetest.StartWithTokens("ci", "s3cret", "refresh-me")
	defer reg.Close()
	image, err := reg.Push("apps/time:1.0", map[string]string{"a": "b"})
	if err != nil {
		t.Fatal(err)
	}
	installHelper(t, "oauth", reg.Host(), "<token>", "refresh-me")
	labels, err := Reader{DockerConfig: writeDockerConfig(t, `{"credsStore": "oauth"}`)}.Labels(context.Background(), image)
	if err != nil || labels["a"] != "b" {
		t.Fatalf("%v %v", labels, err)
	}
}

func TestBrokenDockerConfig(t *testing.T) {
	reg := imagetest.Start("", "")
	defer reg.Close()
	image, err := reg.Push("apps/time:1.0", map[string]string{"a": "b"})
	if err != nil {
		t.Fatal(err)
	}
	notJSON := writeDockerConfig(t, `{"auths": `)
	_, err = Reader{DockerConfig: notJSON}.Labels(context.Background(), image)
	if err == nil || !strings.HasPrefix(err.Error(), "cannot read image "+image+": "+notJSON+": ") {
		t.Errorf("not JSON: %v", err)
	}
	badAuth := writeDockerConfig(t, `{"auths": {"`+reg.Host()+`": {"auth": "c2VjcmV0LXdpdGhvdXQtdXNlcg=="}}}`)
	_, err = Reader{DockerConfig: badAuth}.Labels(context.Background(), image)
	if err == nil || err.Error() != "cannot read image "+image+": "+badAuth+": the auth of "+reg.Host()+" is not base64 of user:password" ||
		strings.Contains(err.Error(), "secret") {
		t.Errorf("auth without user: %v", err)
	}
	// An empty file is no credentials, as for the Docker client.
	labels, err := Reader{DockerConfig: writeDockerConfig(t, "")}.Labels(context.Background(), image)
	if err != nil || labels["a"] != "b" {
		t.Errorf("empty config: %v %v", labels, err)
	}
}
