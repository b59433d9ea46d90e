package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/jartest"
	"github.com/dataflow-cli/dataflow/internal/maven/maventest"
)

// A repository password in an app URI is never shown: not by `app info`, `app list -o yaml|json`, the audit
// records or the history, nor by an error that quotes the URI (a registration refused, a download that failed).
func TestAppURIPasswordIsMasked(t *testing.T) {
	dir := t.TempDir()
	repo := maventest.Start(filepath.Join(dir, "remote"))
	defer repo.Close()
	if err := repo.Publish("apps", "log", "1.0.0", "log-1.0.0-metadata.jar", jartest.Bytes(jartest.MetadataJar(jartest.TimeSourceMetadata, "")), true); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(repo.URL(), "http://")
	must := func(args ...string) string {
		t.Helper()
		out, stderr, code := run(t, dir, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, stderr)
		}
		return out
	}
	uri := "http://bob:PWURI@" + host + "/apps/log/1.0.0/log-1.0.0.jar"
	must("app", "register", "--name", "log", "--type", "sink", "--uri", uri,
		"--metadataUri", "http://bob:PWMETA@"+host+"/apps/log/1.0.0/log-1.0.0-metadata.jar")
	var shown strings.Builder
	for _, args := range [][]string{{"app", "info", "--name", "log", "--type", "sink"}, {"app", "list", "-o", "yaml"},
		{"app", "list", "--id", "sink:log", "-o", "json"}, {"audit-record", "list"}} {
		shown.WriteString(must(args...))
	}
	_, stderr, _ := run(t, dir, "", "app", "register", "--name", "log", "--type", "sink", "--uri", uri)
	shown.WriteString(stderr)
	_, stderr, code := run(t, dir, "", "app", "register", "--name", "gone", "--type", "sink", "--uri", "http://bob:PWGONE@"+host+"/apps/gone-1.0.0.jar")
	if code != 1 || !strings.Contains(stderr, "Could not download http://bob:******@"+host+"/apps/gone-1.0.0.jar: status code: 404") {
		t.Errorf("failed download: exit %d %q", code, stderr)
	}
	shown.WriteString(stderr)
	if strings.Contains(shown.String(), "PW") || !strings.Contains(shown.String(), "Resource URI: http://bob:******@"+host+"/apps/log/1.0.0/log-1.0.0.jar") {
		t.Errorf("shown:\n%s", shown.String())
	}
}
