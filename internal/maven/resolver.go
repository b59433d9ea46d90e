package maven

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Resolver finds artifacts in the local repository and downloads the missing ones into it.
type Resolver struct {
	Config Config
	// Progress, when set (a terminal), shows a progress bar for downloads of at least ProgressFrom bytes.
	Progress     io.Writer
	ProgressFrom int64

	once   sync.Once
	client *http.Client
}

// NewResolver returns a resolver for the configuration.
func NewResolver(c Config) *Resolver { return &Resolver{Config: c, ProgressFrom: 8 << 20} }

// Resolve returns the path of the artifact in the local repository, downloading it first if it is not there.
func (r *Resolver) Resolve(ctx context.Context, c Coordinates) (string, error) {
	local := filepath.Join(r.Config.localRepository(), filepath.FromSlash(c.dir()), c.fileName(c.Version))
	if c.IsSnapshot() {
		return r.resolveSnapshot(ctx, c, local)
	}
	if fileExists(local) {
		return local, nil
	}
	if r.Config.Offline {
		return "", fmt.Errorf("Cannot resolve %s: it is not in the local repository %s and maven.offline is set", c, r.Config.localRepository())
	}
	var missing []string
	var failure error
	for _, repo := range r.Config.remotes() {
		err := r.download(ctx, repo, c.dir()+"/"+c.fileName(c.Version), local)
		if err == nil {
			return local, nil
		}
		var nf *notFoundError
		if errors.As(err, &nf) {
			missing = append(missing, repo.describe())
			continue
		}
		if failure == nil {
			failure = fmt.Errorf("Could not transfer artifact %s from/to %s: %w", c, repo.describe(), err)
		}
	}
	if failure != nil {
		return "", failure
	}
	return "", fmt.Errorf("Could not find artifact %s in %s", c, strings.Join(missing, ", "))
}

// resolveSnapshot asks each repository (online) for the newest build of a -SNAPSHOT version in its
// maven-metadata.xml and downloads it unless the local copy is that build already; offline, or when no
// repository answers, the local copy is used if there is one.
func (r *Resolver) resolveSnapshot(ctx context.Context, c Coordinates, local string) (string, error) {
	if r.Config.Offline {
		if fileExists(local) {
			return local, nil
		}
		return "", fmt.Errorf("Cannot resolve %s: it is not in the local repository %s and maven.offline is set", c, r.Config.localRepository())
	}
	stamp := local + ".build"
	var missing []string
	var failure error
	for _, repo := range r.Config.remotes() {
		data, err := r.get(ctx, repo, c.dir()+"/maven-metadata.xml")
		if err != nil {
			var nf *notFoundError
			if errors.As(err, &nf) {
				missing = append(missing, repo.describe())
			} else if failure == nil {
				failure = fmt.Errorf("Could not transfer metadata %s from/to %s: %w", c, repo.describe(), err)
			}
			continue
		}
		build, err := snapshotBuild(data, c)
		if err != nil {
			return "", fmt.Errorf("%s: maven-metadata.xml of %s: %w", repo.describe(), c, err)
		}
		if previous, _ := os.ReadFile(stamp); string(previous) == build && fileExists(local) {
			return local, nil
		}
		if err := r.download(ctx, repo, c.dir()+"/"+c.fileName(build), local); err != nil {
			return "", fmt.Errorf("Could not transfer artifact %s (build %s) from/to %s: %w", c, build, repo.describe(), err)
		}
		if err := os.WriteFile(stamp, []byte(build), 0o644); err != nil {
			return "", err
		}
		return local, nil
	}
	if fileExists(local) && failure != nil {
		return local, nil // the repository is out of reach: the copy we have is the best there is
	}
	if failure != nil {
		return "", failure
	}
	return "", fmt.Errorf("Could not find artifact %s in %s", c, strings.Join(missing, ", "))
}

type notFoundError struct{ status string }

func (e *notFoundError) Error() string { return "status code: 404, reason phrase: " + e.status }

func (repo namedRepository) describe() string {
	return fmt.Sprintf("%s (%s)", repo.name, redactedURL(repo.URL))
}

func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}

func fileExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

func (r *Resolver) httpClient() *http.Client {
	r.once.Do(func() {
		dialer := &net.Dialer{Timeout: r.Config.connectTimeout()}
		transport := &http.Transport{
			Proxy:                 r.proxy,
			DialContext:           dialer.DialContext,
			ResponseHeaderTimeout: r.Config.idleTimeout(),
			TLSHandshakeTimeout:   r.Config.connectTimeout(),
			MaxIdleConnsPerHost:   4,
			// A jar is already compressed: asking for gzip would only cost time.
			DisableCompression: true,
			ReadBufferSize:     256 << 10,
		}
		r.client = &http.Client{Transport: transport}
	})
	return r.client
}

// proxy applies maven.proxy.*, except for the nonProxyHosts.
func (r *Resolver) proxy(req *http.Request) (*url.URL, error) {
	p := r.Config.Proxy
	if p == nil || p.Host == "" {
		return nil, nil
	}
	if matchesHostList(p.NonProxyHosts, req.URL.Hostname()) {
		return nil, nil
	}
	scheme := p.Protocol
	if scheme == "" {
		scheme = "http"
	}
	host := p.Host
	if p.Port > 0 {
		host = net.JoinHostPort(p.Host, fmt.Sprint(p.Port))
	}
	u := &url.URL{Scheme: scheme, Host: host}
	if p.Auth != nil && p.Auth.Username != "" {
		u.User = url.UserPassword(p.Auth.Username, p.Auth.Password)
	}
	return u, nil
}

// matchesHostList reads Java's http.nonProxyHosts: names separated by |, * matching any characters.
func matchesHostList(list, host string) bool {
	for _, pattern := range strings.Split(list, "|") {
		pattern = strings.TrimSpace(pattern)
		if pattern == "" {
			continue
		}
		if ok, _ := filepath.Match(strings.ToLower(pattern), strings.ToLower(host)); ok {
			return true
		}
	}
	return false
}

// request builds a GET of a repository path with the repository's credentials.
func (r *Resolver) request(ctx context.Context, repo namedRepository, p string) (*http.Request, error) {
	u, err := url.Parse(strings.TrimRight(repo.URL, "/") + "/" + p)
	if err != nil {
		return nil, fmt.Errorf("bad repository URL: %v", err)
	}
	user, pass := "", ""
	if u.User != nil {
		user = u.User.Username()
		pass, _ = u.User.Password()
		u.User = nil
	}
	if repo.Auth != nil && repo.Auth.Username != "" {
		user, pass = repo.Auth.Username, repo.Auth.Password
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	req.Header.Set("User-Agent", "dataflow")
	return req, nil
}

// do sends a request and turns a status other than 200 into an error (404 into a notFoundError).
func (r *Resolver) do(ctx context.Context, repo namedRepository, p string) (*http.Response, error) {
	req, err := r.request(ctx, repo, p)
	if err != nil {
		return nil, err
	}
	resp, err := r.httpClient().Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is in the message already
		}
		return nil, err
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	reason := strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode)+" ")
	if resp.StatusCode == http.StatusNotFound {
		return nil, &notFoundError{status: reason}
	}
	return nil, fmt.Errorf("status code: %d, reason phrase: %s", resp.StatusCode, reason)
}

// get reads a small file of a repository (metadata, checksums).
func (r *Resolver) get(ctx context.Context, repo namedRepository, p string) ([]byte, error) {
	resp, err := r.do(ctx, repo, p)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(io.LimitReader(resp.Body, 4<<20))
}

// expectedChecksum fetches the checksum the repository serves for a file: SHA-1 first, MD5 if there is no
// SHA-1; none is no error (the check is skipped, as Maven's default policy does).
func (r *Resolver) expectedChecksum(ctx context.Context, repo namedRepository, p string) (algorithm string, sum string, err error) {
	if strings.Contains(p, "?") {
		return "", "", nil // a URL with a query (a signed link) has no checksum beside it
	}
	for _, alg := range []string{"sha1", "md5"} {
		data, err := r.get(ctx, repo, p+"."+alg)
		var nf *notFoundError
		if errors.As(err, &nf) {
			continue
		}
		if err != nil {
			return "", "", fmt.Errorf("checksum %s: %w", alg, err)
		}
		fields := strings.Fields(string(data))
		if len(fields) == 0 {
			return "", "", fmt.Errorf("the repository serves an empty %s checksum for %s", alg, p)
		}
		return alg, strings.ToLower(fields[0]), nil
	}
	return "", "", nil
}

// download fetches a repository file into dest, through a temporary file in dest's directory renamed into
// place only once it is whole and its checksum matches: a failed or interrupted download leaves nothing.
func (r *Resolver) download(ctx context.Context, repo namedRepository, p, dest string) error {
	resp, err := r.do(ctx, repo, p)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	alg, want, err := r.expectedChecksum(ctx, repo, p)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".part-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // fails once renamed into place, as it should
	var h hash.Hash
	switch alg {
	case "sha1":
		h = sha1.New()
	case "md5":
		h = md5.New()
	}
	var body io.Reader = resp.Body
	if r.Progress != nil && resp.ContentLength >= r.ProgressFrom && r.ProgressFrom > 0 {
		bar := newProgressBar(r.Progress, filepath.Base(dest), repo.name, resp.ContentLength)
		defer bar.done()
		body = io.TeeReader(body, bar)
	}
	var n int64
	if h != nil {
		n, err = copyHashing(tmp, body, h)
	} else {
		n, err = io.CopyBuffer(tmp, body, make([]byte, 1<<20))
	}
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("the download ended after %d of %d bytes", n, resp.ContentLength)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if h != nil {
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			return fmt.Errorf("Checksum validation failed, expected %s but is %s", want, got)
		}
	}
	return os.Rename(tmp.Name(), dest)
}

// Fetch downloads a file given by its http(s) URL into dest unless dest is there already, verifying it
// against the .sha1 or .md5 served beside it, as for an artifact (an app registered by URL).
func (r *Resolver) Fetch(ctx context.Context, rawURL, dest string) error {
	if fileExists(dest) {
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("Invalid URI '%s': no host", redactedURL(rawURL))
	}
	dir, file := path.Split(u.EscapedPath())
	if u.RawQuery != "" {
		file += "?" + u.RawQuery
	}
	u.Path, u.RawPath, u.RawQuery, u.Fragment = "", "", "", ""
	base := u.String() + dir
	repo := namedRepository{name: u.Host, RemoteRepository: RemoteRepository{URL: base}}
	if err := r.download(ctx, repo, file, dest); err != nil {
		return fmt.Errorf("Could not download %s: %w", redactedURL(rawURL), err)
	}
	return nil
}
