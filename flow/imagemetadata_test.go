package flow

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/imagelabel/imagetest"
	"github.com/dataflow-cli/dataflow/internal/jartest"
)

// An image's options come from its label, read from the registry once at registration, anonymously or with
// the user's Docker credentials; the deploy qualifies with them.
func TestImageLabelOptionsAnonymousAndAuthenticated(t *testing.T) {
	for _, user := range []string{"", "ci"} {
		reg := imagetest.Start(user, "s3cret")
		defer reg.Close()
		image, err := reg.Push("apps/time-source:1.0.0", map[string]string{ImageMetadataLabel: jartest.TimeSourceMetadata})
		if err != nil {
			t.Fatal(err)
		}
		f, dep, _ := secretsFixture(t)
		dockerConfig := filepath.Join(t.TempDir(), "config.json")
		if user != "" {
			auth := base64.StdEncoding.EncodeToString([]byte("ci:s3cret"))
			if err := os.WriteFile(dockerConfig, []byte(`{"auths": {"`+reg.Host()+`": {"auth": "`+auth+`"}}}`), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		f.images = imageSettings{read: true, dockerConfig: dockerConfig}
		ctx := context.Background()
		if _, err := f.RegisterApp(ctx, RegisterRequest{Name: "tick", Type: AppTypeSource, URI: "docker:" + image}); err != nil {
			t.Fatalf("user %q: %v", user, err)
		}
		opts, err := f.AppOptionsOf(ctx, AppTypeSource, "tick", "", true)
		if err != nil || !opts.Found || len(opts.Options) != 6 || len(opts.Options.Visible()) != 6 {
			t.Fatalf("user %q: %+v %v", user, opts, err)
		}
		// Every option of the label is visible, so "format" is ambiguous there, as SCDF would find it.
		if _, err := f.CreateStream(ctx, "s", "tick --trigger.fixedDelay=3 --port=1 | log", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.DeployStream(ctx, StreamDeployRequest{Name: "s"}); err != nil {
			t.Fatal(err)
		}
		for _, d := range dep.deployed {
			if d.Label == "tick" && (d.AppProperties["trigger.fixed-delay"] != "3" || d.AppProperties["server.port"] != "1") {
				t.Errorf("user %q: %v", user, d.AppProperties)
			}
		}
	}
}

func TestImageFailuresRegisterNothing(t *testing.T) {
	reg := imagetest.Start("ci", "s3cret")
	defer reg.Close()
	plain, err := reg.Push("apps/plain:1.0.0", map[string]string{"maintainer": "someone"})
	if err != nil {
		t.Fatal(err)
	}
	broken, err := reg.Push("apps/broken:1.0.0", map[string]string{ImageMetadataLabel: "{not json"})
	if err != nil {
		t.Fatal(err)
	}
	f, ctx := bareFlow(t)
	dockerConfig := filepath.Join(t.TempDir(), "config.json")
	auth := base64.StdEncoding.EncodeToString([]byte("ci:s3cret"))
	if err := os.WriteFile(dockerConfig, []byte(`{"auths": {"`+reg.Host()+`": {"auth": "`+auth+`"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	f.images = imageSettings{read: true, dockerConfig: dockerConfig}
	cases := map[string]string{
		plain:                           "image " + plain + " has no " + ImageMetadataLabel + " label: give its options with --metadataUri",
		broken:                          "the label of " + broken + " is not valid configuration metadata",
		reg.Host() + "/apps/gone:1.0.0": "cannot read image " + reg.Host() + "/apps/gone:1.0.0: not found in the registry " + reg.Host(),
	}
	for image, want := range cases {
		_, err := f.RegisterApp(ctx, RegisterRequest{Name: "x", Type: AppTypeSource, URI: "docker:" + image})
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s:\n got %v\nwant %s", image, err, want)
		}
	}
	f.images.dockerConfig = filepath.Join(t.TempDir(), "none.json")
	_, err = f.RegisterApp(ctx, RegisterRequest{Name: "x", Type: AppTypeSource, URI: "docker:" + plain})
	if err == nil || !strings.Contains(err.Error(), "refused the credentials (401)") {
		t.Errorf("anonymous: %v", err)
	}
	reg.Close()
	_, err = f.RegisterApp(ctx, RegisterRequest{Name: "x", Type: AppTypeSource, URI: "docker:" + plain})
	if err == nil || !strings.Contains(err.Error(), "cannot read image "+plain) || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("unreachable: %v", err)
	}
	if apps, _ := f.ListApps(ctx); len(apps) != 0 {
		t.Errorf("registered %+v", apps)
	}
	// A metadata URI wins over the label, as SCDF picks the metadata resource.
	repo := withMavenRepo(t, f)
	publishTimeSource(t, repo)
	if _, err := f.RegisterApp(ctx, RegisterRequest{Name: "x", Type: AppTypeSource, URI: "docker:" + plain,
		MetadataURI: "maven://org.example:time-source:jar:metadata:1.0.0"}); err != nil {
		t.Fatal(err)
	}
}
