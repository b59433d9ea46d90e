package imagelabel

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/imagelabel/imagetest"
)

func TestLabelsAnonymously(t *testing.T) {
	reg := imagetest.Start("", "")
	defer reg.Close()
	image, err := reg.Push("apps/time:1.0", map[string]string{"a": "b"})
	if err != nil {
		t.Fatal(err)
	}
	labels, err := Reader{DockerConfig: filepath.Join(t.TempDir(), "none.json")}.Labels(context.Background(), image)
	if err != nil || labels["a"] != "b" {
		t.Fatalf("%v %v", labels, err)
	}
	_, err = Reader{}.Labels(context.Background(), reg.Host()+"/apps/nope:1.0")
	if err == nil || err.Error() != "cannot read image "+reg.Host()+"/apps/nope:1.0: not found in the registry "+reg.Host() {
		t.Fatalf("missing image: %v", err)
	}
}

func TestLabelsWithDockerCredentials(t *testing.T) {
	reg := imagetest.Start("ci", "s3cret")
	defer reg.Close()
	image, err := reg.Push("apps/time:1.0", map[string]string{"a": "b"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.json")
	write := func(user, pass string) {
		auth := base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
		if err := os.WriteFile(cfg, []byte(`{"auths": {"`+reg.Host()+`": {"auth": "`+auth+`"}}}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err = Reader{DockerConfig: filepath.Join(dir, "missing.json")}.Labels(context.Background(), image)
	if err == nil || !strings.Contains(err.Error(), "refused the credentials (401): log in with docker login") {
		t.Fatalf("anonymous: %v", err)
	}
	write("ci", "wrong")
	_, err = Reader{DockerConfig: cfg}.Labels(context.Background(), image)
	if err == nil || !strings.Contains(err.Error(), "refused the credentials (401)") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("wrong password: %v", err)
	}
	write("ci", "s3cret")
	labels, err := Reader{DockerConfig: cfg}.Labels(context.Background(), image)
	if err != nil || labels["a"] != "b" {
		t.Fatalf("%v %v", labels, err)
	}
}
