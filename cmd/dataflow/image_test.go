package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/internal/imagelabel/imagetest"
	"github.com/dataflow-cli/dataflow/internal/jartest"
)

// A docker: app's options come from its image label, read from a registry that wants the user's Docker
// credentials (DOCKER_CONFIG); an image without the label registers nothing.
func TestRegisterReadsTheImageLabelWithDockerCredentials(t *testing.T) {
	dir := e2eDir(t)
	reg := imagetest.Start("ci", "s3cret")
	defer reg.Close()
	image, err := reg.Push("apps/time-source:1.0.0", map[string]string{flow.ImageMetadataLabel: jartest.TimeSourceMetadata})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := reg.Push("apps/plain:1.0.0", nil)
	if err != nil {
		t.Fatal(err)
	}
	docker := filepath.Join(dir, "docker")
	if err := os.MkdirAll(docker, 0o700); err != nil {
		t.Fatal(err)
	}
	auth := base64.StdEncoding.EncodeToString([]byte("ci:s3cret"))
	if err := os.WriteFile(filepath.Join(docker, "config.json"), []byte(`{"auths": {"`+reg.Host()+`": {"auth": "`+auth+`"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"DATAFLOW_IMAGE_METADATA=on", "DOCKER_CONFIG=" + docker}
	if out, stderr, code := runEnv(t, dir, "", env, "app", "register", "--name", "time", "--type", "source", "--uri", "docker:"+image); code != 0 {
		t.Fatalf("register: %s %s", out, stderr)
	}
	out, _, _ := runEnv(t, dir, "", env, "app", "info", "--name", "time", "--type", "source", "--exhaustive")
	if !strings.Contains(out, "║server.port ") || !strings.Contains(out, "║time.format ") {
		t.Errorf("app info:\n%s", out)
	}
	_, stderr, code := runEnv(t, dir, "", env, "app", "register", "--name", "plain", "--type", "source", "--uri", "docker:"+plain)
	if code != 1 || !strings.Contains(stderr, "has no "+flow.ImageMetadataLabel+" label") {
		t.Errorf("no label: exit %d %q", code, stderr)
	}
	_, stderr, code = runEnv(t, dir, "", []string{"DATAFLOW_IMAGE_METADATA=on", "DOCKER_CONFIG=" + t.TempDir()},
		"app", "register", "--name", "anon", "--type", "source", "--uri", "docker:"+image)
	if code != 1 || !strings.Contains(stderr, "refused the credentials (401)") {
		t.Errorf("anonymous: exit %d %q", code, stderr)
	}
	if list, _, _ := run(t, dir, "", "app", "list"); strings.Contains(list, "plain") || strings.Contains(list, "anon") {
		t.Errorf("registered:\n%s", list)
	}
}
