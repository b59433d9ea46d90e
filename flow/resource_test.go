package flow

import (
	"strings"
	"testing"
)

func TestResourceVersion(t *testing.T) {
	ok := map[string]string{
		"docker:springcloudstream/time-source-rabbit:3.2.1":                  "3.2.1",
		"docker://springcloudstream/time-source-rabbit:3.2.1":                "3.2.1",
		"docker:registry.example.com:5000/team/app:1.0-rc1":                  "1.0-rc1",
		"docker:example/app:2.0@sha256:abc":                                  "2.0",
		"maven://org.springframework.cloud.stream.app:log-sink-rabbit:3.2.1": "3.2.1",
		"maven://io.example:app:jar:exec:1.0.0":                              "1.0.0",
		"https://repo.example.com/apps/transform-processor-rabbit-3.2.1.jar": "3.2.1",
		"file:///opt/apps/file-sink-rabbit-1.2.0.RELEASE.jar":                "1.2.0.RELEASE",
		"file:///opt/apps/file-sink-rabbit-1.2.0-SNAPSHOT.jar":               "1.2.0-SNAPSHOT",
		"http://repo.example.com/x/app-2.jar?token=abc":                      "2",
	}
	for uri, want := range ok {
		got, err := ResourceVersion(uri)
		if err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", uri, got, err, want)
		}
	}
	bad := map[string]string{
		"docker:springcloudstream/untagged:": "Could not extract tag",
		"maven://org.example:only-two":       "Bad artifact coordinates org.example:only-two",
		"file:///opt/apps/noversion.jar":     "Could not parse version",
		"file:///opt/apps/app-1":             "Could not parse version",
		"ftp://example.com/x-1.0.jar":        "Unsupported URI scheme 'ftp'",
		"time-source":                        "Invalid URI",
		"https:///x-1.0.jar":                 "no host",
	}
	for uri, want := range bad {
		if _, err := ResourceVersion(uri); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", uri, err, want)
		}
	}
}
