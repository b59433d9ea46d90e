package main

import (
	"strings"
	"testing"
)

// A repository password in an app URI is never shown: not by `app info`, `app list -o yaml|json`, the audit
// records or the history, nor by an error that quotes the URI.
func TestAppURIPasswordIsMasked(t *testing.T) {
	dir := t.TempDir()
	must := func(args ...string) string {
		t.Helper()
		out, stderr, code := run(t, dir, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, stderr)
		}
		return out
	}
	must("app", "register", "--name", "log", "--type", "sink", "--uri", "https://bob:PWURI@repo.example/log-1.0.0.jar",
		"--metadataUri", "https://bob:PWMETA@repo.example/log-1.0.0-metadata.jar")
	var shown strings.Builder
	for _, args := range [][]string{{"app", "info", "--name", "log", "--type", "sink"}, {"app", "list", "-o", "yaml"},
		{"app", "list", "--id", "sink:log", "-o", "json"}, {"audit-record", "list"}} {
		shown.WriteString(must(args...))
	}
	_, stderr, _ := run(t, dir, "", "app", "register", "--name", "log", "--type", "sink", "--uri", "https://bob:PWURI@repo.example/log-1.0.0.jar")
	shown.WriteString(stderr)
	if strings.Contains(shown.String(), "PW") || !strings.Contains(shown.String(), "Resource URI: https://bob:******@repo.example/log-1.0.0.jar") {
		t.Errorf("shown:\n%s", shown.String())
	}
}
