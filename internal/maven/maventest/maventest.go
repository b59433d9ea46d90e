// Package maventest serves a Maven repository over HTTP from a directory in the standard layout, for tests:
// artifacts with their .sha1 and .md5 files, snapshots with maven-metadata.xml, optional basic auth, and a log
// of the requests it answered.
package maventest

import (
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Repo is a repository on disk served over HTTP on 127.0.0.1.
type Repo struct {
	Dir    string
	Server *httptest.Server
	// User and Password, when set, are required (basic auth).
	User, Password string

	mu       sync.Mutex
	requests []string
}

// Start serves dir; Close the server when done.
func Start(dir string) *Repo {
	r := &Repo{Dir: dir}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	return r
}

// URL is the repository's root URL.
func (r *Repo) URL() string { return r.Server.URL }

// Close stops the server.
func (r *Repo) Close() { r.Server.Close() }

// Requests lists the paths requested so far.
func (r *Repo) Requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

// Count says how many requests asked for paths ending in suffix.
func (r *Repo) Count(suffix string) int {
	n := 0
	for _, p := range r.Requests() {
		if strings.HasSuffix(p, suffix) {
			n++
		}
	}
	return n
}

func (r *Repo) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests = append(r.requests, req.URL.Path)
	r.mu.Unlock()
	if r.User != "" {
		if u, p, ok := req.BasicAuth(); !ok || u != r.User || p != r.Password {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
	}
	http.ServeFile(w, req, filepath.Join(r.Dir, filepath.FromSlash(filepath.Clean("/"+req.URL.Path))))
}

// Path is where an artifact file lives in the repository.
func Path(group, artifact, version, file string) string {
	return filepath.Join(strings.ReplaceAll(group, ".", "/"), artifact, version, file)
}

// Publish writes an artifact file with its .sha1 and .md5 (checksums false leaves them out).
func (r *Repo) Publish(group, artifact, version, file string, data []byte, checksums bool) error {
	p := filepath.Join(r.Dir, Path(group, artifact, version, file))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	if !checksums {
		return nil
	}
	s1 := sha1.Sum(data)
	m5 := md5.Sum(data)
	if err := os.WriteFile(p+".sha1", []byte(hex.EncodeToString(s1[:])), 0o644); err != nil {
		return err
	}
	return os.WriteFile(p+".md5", []byte(hex.EncodeToString(m5[:])+"  "+file), 0o644)
}

// PublishSnapshot writes build number build of a -SNAPSHOT jar (timestamped file and checksums) and the
// version's maven-metadata.xml naming it the newest.
func (r *Repo) PublishSnapshot(group, artifact, version string, build int, data []byte) error {
	base := strings.TrimSuffix(version, "-SNAPSHOT")
	stamp := fmt.Sprintf("20261206.0500%02d", build)
	value := fmt.Sprintf("%s-%s-%d", base, stamp, build)
	if err := r.Publish(group, artifact, version, artifact+"-"+value+".jar", data, true); err != nil {
		return err
	}
	metadata := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<metadata modelVersion="1.1.0">
  <groupId>%s</groupId>
  <artifactId>%s</artifactId>
  <version>%s</version>
  <versioning>
    <snapshot><timestamp>%s</timestamp><buildNumber>%d</buildNumber></snapshot>
    <lastUpdated>%s</lastUpdated>
    <snapshotVersions>
      <snapshotVersion><extension>jar</extension><value>%s</value><updated>%s</updated></snapshotVersion>
      <snapshotVersion><extension>pom</extension><value>%s</value><updated>%s</updated></snapshotVersion>
    </snapshotVersions>
  </versioning>
</metadata>
`, group, artifact, version, stamp, build, strings.ReplaceAll(stamp, ".", ""), value, strings.ReplaceAll(stamp, ".", ""), value, strings.ReplaceAll(stamp, ".", ""))
	return os.WriteFile(filepath.Join(r.Dir, Path(group, artifact, version, "maven-metadata.xml")), []byte(metadata), 0o644)
}
