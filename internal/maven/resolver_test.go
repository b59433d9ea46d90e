package maven

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/maven/maventest"
)

const group, artifact = "org.example.apps", "time-source"

func repoWith(t *testing.T) *maventest.Repo {
	t.Helper()
	r := maventest.Start(t.TempDir())
	t.Cleanup(r.Close)
	return r
}

func resolverFor(t *testing.T, repos map[string]RemoteRepository) *Resolver {
	t.Helper()
	return NewResolver(Config{LocalRepository: t.TempDir(), RemoteRepositories: repos})
}

func mustParse(t *testing.T, uri string) Coordinates {
	t.Helper()
	c, err := ParseURI(uri)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseCoordinates(t *testing.T) {
	c := mustParse(t, "maven://org.example:app:war:exec:1.0")
	if c != (Coordinates{"org.example", "app", "war", "exec", "1.0"}) || c.String() != "org.example:app:war:exec:1.0" {
		t.Errorf("got %+v", c)
	}
	if c := mustParse(t, "maven:org.example:app:1.0"); c.Extension != "jar" || c.fileName(c.Version) != "app-1.0.jar" {
		t.Errorf("got %+v", c)
	}
	for _, bad := range []string{"maven://a:b", "maven://a::1.0", "maven://a:b:c:d:e:f", "maven://../x:y:1"} {
		if _, err := ParseURI(bad); err == nil || !strings.Contains(err.Error(), "Bad artifact coordinates") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestDownloadsOnceIntoTheLocalRepositoryWithChecksums(t *testing.T) {
	repo := repoWith(t)
	if err := repo.Publish(group, artifact, "1.0.0", "time-source-1.0.0.jar", []byte("jar bytes"), true); err != nil {
		t.Fatal(err)
	}
	r := resolverFor(t, map[string]RemoteRepository{"repo1": {URL: repo.URL()}})
	c := mustParse(t, "maven://org.example.apps:time-source:1.0.0")
	for range 2 {
		p, err := r.Resolve(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(p); string(data) != "jar bytes" || !strings.HasPrefix(p, r.Config.LocalRepository) {
			t.Fatalf("%s holds %q", p, data)
		}
	}
	if n := repo.Count(".jar"); n != 1 {
		t.Errorf("the jar was downloaded %d times (requests %v)", n, repo.Requests())
	}
	if n := repo.Count(".jar.sha1"); n != 1 {
		t.Errorf("sha1 fetched %d times", n)
	}
}

func TestTriesRepositoriesInNameOrderAndUsesMD5WithoutSHA1(t *testing.T) {
	empty, full := repoWith(t), repoWith(t)
	if err := full.Publish(group, artifact, "1.0.0", "time-source-1.0.0.jar", []byte("jar"), true); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(full.Dir, maventest.Path(group, artifact, "1.0.0", "time-source-1.0.0.jar.sha1"))); err != nil {
		t.Fatal(err)
	}
	r := resolverFor(t, map[string]RemoteRepository{"b": {URL: full.URL()}, "a": {URL: empty.URL()}})
	if _, err := r.Resolve(context.Background(), mustParse(t, "maven://org.example.apps:time-source:1.0.0")); err != nil {
		t.Fatal(err)
	}
	if empty.Count(".jar") != 1 || full.Count(".jar.md5") != 1 {
		t.Errorf("requests: a %v, b %v", empty.Requests(), full.Requests())
	}
}

func TestChecksumMismatchLeavesNothing(t *testing.T) {
	repo := repoWith(t)
	if err := repo.Publish(group, artifact, "1.0.0", "time-source-1.0.0.jar", []byte("jar"), true); err != nil {
		t.Fatal(err)
	}
	jar := filepath.Join(repo.Dir, maventest.Path(group, artifact, "1.0.0", "time-source-1.0.0.jar"))
	if err := os.WriteFile(jar, []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := resolverFor(t, map[string]RemoteRepository{"repo1": {URL: repo.URL()}})
	_, err := r.Resolve(context.Background(), mustParse(t, "maven://org.example.apps:time-source:1.0.0"))
	if err == nil || !strings.Contains(err.Error(), "Checksum validation failed, expected") || !strings.Contains(err.Error(), "repo1 (http://127.0.0.1") {
		t.Fatalf("got %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(r.Config.LocalRepository, "org/example/apps/time-source/1.0.0/*"))
	if len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestBasicAuthAndUnauthorized(t *testing.T) {
	repo := repoWith(t)
	repo.User, repo.Password = "deployer", "s3cret"
	if err := repo.Publish(group, artifact, "1.0.0", "time-source-1.0.0.jar", []byte("jar"), true); err != nil {
		t.Fatal(err)
	}
	c := mustParse(t, "maven://org.example.apps:time-source:1.0.0")
	r := resolverFor(t, map[string]RemoteRepository{"private": {URL: repo.URL(), Auth: &Auth{Username: "deployer", Password: "wrong"}}})
	_, err := r.Resolve(context.Background(), c)
	if err == nil || err.Error() != "Could not transfer artifact org.example.apps:time-source:jar:1.0.0 from/to private ("+repo.URL()+"): status code: 401, reason phrase: Unauthorized" {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Error("the password leaked")
	}
	r = resolverFor(t, map[string]RemoteRepository{"private": {URL: repo.URL(), Auth: &Auth{Username: "deployer", Password: "s3cret"}}})
	if _, err := r.Resolve(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

func TestNotFoundNamesEveryRepository(t *testing.T) {
	a, b := repoWith(t), repoWith(t)
	r := resolverFor(t, map[string]RemoteRepository{"a": {URL: a.URL()}, "b": {URL: b.URL()}})
	_, err := r.Resolve(context.Background(), mustParse(t, "maven://org.example.apps:time-source:9.9"))
	want := "Could not find artifact org.example.apps:time-source:jar:9.9 in a (" + a.URL() + "), b (" + b.URL() + ")"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestUnreachableRepository(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r := resolverFor(t, map[string]RemoteRepository{"gone": {URL: "http://" + addr}})
	_, err = r.Resolve(context.Background(), mustParse(t, "maven://org.example.apps:time-source:1.0"))
	if err == nil || !strings.Contains(err.Error(), "Could not transfer artifact org.example.apps:time-source:jar:1.0 from/to gone (http://"+addr+"): ") || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("got %v", err)
	}
}

func TestOfflineUsesOnlyTheLocalRepository(t *testing.T) {
	repo := repoWith(t)
	if err := repo.Publish(group, artifact, "1.0.0", "time-source-1.0.0.jar", []byte("jar"), true); err != nil {
		t.Fatal(err)
	}
	r := resolverFor(t, map[string]RemoteRepository{"repo1": {URL: repo.URL()}})
	r.Config.Offline = true
	c := mustParse(t, "maven://org.example.apps:time-source:1.0.0")
	if _, err := r.Resolve(context.Background(), c); err == nil || !strings.Contains(err.Error(), "maven.offline is set") {
		t.Fatalf("got %v", err)
	}
	if len(repo.Requests()) != 0 {
		t.Errorf("offline resolution asked the repository: %v", repo.Requests())
	}
	local := filepath.Join(r.Config.LocalRepository, maventest.Path(group, artifact, "1.0.0", "time-source-1.0.0.jar"))
	if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(local, []byte("local"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := r.Resolve(context.Background(), c); err != nil || p != local {
		t.Fatalf("got %s, %v", p, err)
	}
}

func TestSnapshotsFollowMavenMetadata(t *testing.T) {
	repo := repoWith(t)
	if err := repo.PublishSnapshot(group, artifact, "2.0.0-SNAPSHOT", 1, []byte("build 1")); err != nil {
		t.Fatal(err)
	}
	r := resolverFor(t, map[string]RemoteRepository{"snapshots": {URL: repo.URL()}})
	c := mustParse(t, "maven://org.example.apps:time-source:2.0.0-SNAPSHOT")
	read := func() string {
		t.Helper()
		p, err := r.Resolve(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(p) != "time-source-2.0.0-SNAPSHOT.jar" {
			t.Errorf("local file %s", p)
		}
		data, _ := os.ReadFile(p)
		return string(data)
	}
	if got := read(); got != "build 1" {
		t.Fatalf("got %q", got)
	}
	if got := read(); got != "build 1" || repo.Count("-1.jar") != 1 {
		t.Fatalf("the same build was downloaded again: %v", repo.Requests())
	}
	if err := repo.PublishSnapshot(group, artifact, "2.0.0-SNAPSHOT", 2, []byte("build 2")); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "build 2" {
		t.Fatalf("a newer build was not fetched: %q", got)
	}
	repo.Close() // out of reach: the local copy serves
	if got := read(); got != "build 2" {
		t.Fatalf("got %q", got)
	}
}

func TestProxyAndNonProxyHosts(t *testing.T) {
	var proxied []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		proxied = append(proxied, req.URL.String()+" "+req.Header.Get("Proxy-Authorization"))
		http.NotFound(w, req)
	}))
	defer proxy.Close()
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(proxy.URL, "http://"))
	var portN int
	for _, ch := range port {
		portN = portN*10 + int(ch-'0')
	}
	r := NewResolver(Config{LocalRepository: t.TempDir(),
		RemoteRepositories: map[string]RemoteRepository{"far": {URL: "http://repo.invalid/maven2"}},
		Proxy:              &Proxy{Host: host, Port: portN, Auth: &Auth{Username: "p", Password: "q"}}})
	_, err := r.Resolve(context.Background(), mustParse(t, "maven://org.example:a:1.0"))
	if err == nil || !strings.Contains(err.Error(), "Could not find artifact") {
		t.Fatalf("got %v", err)
	}
	if len(proxied) != 1 || !strings.HasPrefix(proxied[0], "http://repo.invalid/maven2/org/example/a/1.0/a-1.0.jar Basic ") {
		t.Fatalf("proxied %v", proxied)
	}
	if !matchesHostList("localhost|*.internal", "repo.internal") || matchesHostList("localhost|*.internal", "repo.example.com") {
		t.Error("nonProxyHosts")
	}
}

func TestProgressBarOnLargeDownloads(t *testing.T) {
	repo := repoWith(t)
	data := bytes.Repeat([]byte("x"), 3<<20)
	if err := repo.Publish(group, artifact, "1.0.0", "time-source-1.0.0.jar", data, true); err != nil {
		t.Fatal(err)
	}
	r := resolverFor(t, map[string]RemoteRepository{"repo1": {URL: repo.URL()}})
	var out bytes.Buffer
	r.Progress, r.ProgressFrom = &out, 1<<20
	if _, err := r.Resolve(context.Background(), mustParse(t, "maven://org.example.apps:time-source:1.0.0")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Downloading time-source-1.0.0.jar from repo1 [==============================]   3.1/3.1 MB\n") {
		t.Errorf("progress: %q", out.String())
	}
}
