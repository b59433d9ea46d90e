package flow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/dataflow-cli/dataflow/internal/maven"
	"github.com/dataflow-cli/dataflow/platforms"
)

// artifactSettings say where downloaded artifacts go and who sees their progress.
type artifactSettings struct {
	progress io.Writer
	dir      string
	home     string
}

// MavenConfig is the maven.* configuration of the accounts file (the defaults when there is none).
func (f *Flow) MavenConfig() (maven.Config, error) {
	var cfg maven.Config
	if f.loadAcc != nil {
		acc, err := f.loadAcc()
		if err != nil {
			return maven.Config{}, err
		}
		cfg, err = resolveMavenSecrets(acc.Config().Maven, acc.env.Getenv)
		if err != nil {
			return maven.Config{}, err
		}
	}
	if cfg.LocalRepository == "" && f.artifacts.home != "" {
		cfg.LocalRepository = filepath.Join(f.artifacts.home, ".m2", "repository")
	}
	return cfg, nil
}

// resolveMavenSecrets expands the ${ENV} references of the repository and proxy passwords, as account secrets
// are expanded: the file keeps the reference, the resolver gets the value.
func resolveMavenSecrets(c maven.Config, getenv func(string) string) (maven.Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	expand := func(field string, a *maven.Auth) (*maven.Auth, error) {
		if a == nil {
			return nil, nil
		}
		out := *a
		v, err := platforms.ResolveSecret(a.Password, getenv)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", field, err)
		}
		out.Password = v
		return &out, nil
	}
	repos := make(map[string]maven.RemoteRepository, len(c.RemoteRepositories))
	for n, r := range c.RemoteRepositories {
		auth, err := expand("maven.remoteRepositories."+n+".auth.password", r.Auth)
		if err != nil {
			return maven.Config{}, err
		}
		r.Auth = auth
		repos[n] = r
	}
	c.RemoteRepositories = repos
	if c.Proxy != nil {
		p := *c.Proxy
		auth, err := expand("maven.proxy.auth.password", p.Auth)
		if err != nil {
			return maven.Config{}, err
		}
		p.Auth = auth
		c.Proxy = &p
	}
	return c, nil
}

func (f *Flow) resolver() (*maven.Resolver, error) {
	cfg, err := f.MavenConfig()
	if err != nil {
		return nil, err
	}
	r := maven.NewResolver(cfg)
	r.Progress = f.artifacts.progress
	return r, nil
}

// isFetchedArtifact says whether a URI names an artifact that is fetched as a file (maven and http), as opposed
// to a file already here or an image.
func isFetchedArtifact(uri string) bool {
	scheme, _, _ := strings.Cut(uri, ":")
	switch strings.ToLower(scheme) {
	case "maven", "http", "https":
		return true
	}
	return false
}

// ResolveArtifact returns the file on this machine holding a maven://, http(s):// or file: resource,
// downloading it first (once) if it is remote. A docker: image is not a file.
func (f *Flow) ResolveArtifact(ctx context.Context, uri string) (string, error) {
	scheme, rest, _ := strings.Cut(uri, ":")
	switch strings.ToLower(scheme) {
	case "file":
		p := filePath(rest)
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("the resource %s does not exist on this machine", uri)
		}
		return p, nil
	case "maven":
		c, err := maven.ParseURI(uri)
		if err != nil {
			return "", err
		}
		r, err := f.resolver()
		if err != nil {
			return "", err
		}
		return r.Resolve(ctx, c)
	case "http", "https":
		r, err := f.resolver()
		if err != nil {
			return "", err
		}
		dest, err := f.downloadPath(uri)
		if err != nil {
			return "", err
		}
		if err := r.Fetch(ctx, uri, dest); err != nil {
			return "", maskURIs(err)
		}
		return dest, nil
	}
	return "", fmt.Errorf("%s is not a file dataflow can download", DisplayURI(uri))
}

// filePath is the path of a file: URI (file:/x, file:///x, or a relative file:x).
func filePath(rest string) string {
	if u, err := url.Parse("file:" + rest); err == nil && u.Path != "" && strings.HasPrefix(rest, "//") {
		return filepath.FromSlash(u.Path)
	}
	p := strings.TrimPrefix(rest, "//")
	if abs, err := filepath.Abs(filepath.FromSlash(p)); err == nil {
		return abs
	}
	return p
}

// downloadPath is where an http(s) artifact is kept: a directory per URL (so two URLs ending in the same file
// name never share a file), the file under its own name.
func (f *Flow) downloadPath(uri string) (string, error) {
	dir := f.artifacts.dir
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no directory to download artifacts to: %v", err)
		}
		dir = filepath.Join(cache, "dataflow", "artifacts")
	}
	sum := sha256.Sum256([]byte(uri))
	name := path.Base(strings.SplitN(uri, "?", 2)[0])
	return filepath.Join(dir, hex.EncodeToString(sum[:8]), name), nil
}

// runnableURI is the resource a platform is handed for an app: for a platform that runs files (local, Cloud
// Foundry), a maven:// app resolved to its jar in the Maven local repository, and an http(s):// one
// downloaded unless the platform fetches URLs itself; anything else as registered. The Kubernetes platform
// runs images and refuses the rest itself, before any call.
func (f *Flow) runnableURI(ctx context.Context, platform any, uri string) (string, error) {
	runner, ok := platform.(platforms.FileRunner)
	if !ok || !isFetchedArtifact(uri) {
		return uri, nil
	}
	if runner.FetchesURLs() && !strings.HasPrefix(strings.ToLower(uri), "maven:") {
		return uri, nil
	}
	f.resolvedMu.Lock()
	defer f.resolvedMu.Unlock()
	if p, ok := f.resolved[uri]; ok {
		return p, nil
	}
	p, err := f.ResolveArtifact(ctx, uri)
	if err != nil {
		return "", maskURIs(err)
	}
	if f.resolved == nil {
		f.resolved = map[string]string{}
	}
	f.resolved[uri] = "file://" + p
	return "file://" + p, nil
}

// runnableConfig sets, for each app of a release, the resource its platform runs (runnableURI).
func (f *Flow) runnableConfig(ctx context.Context, platform any, config releaseConfig) (releaseConfig, error) {
	out := releaseConfig{Apps: make([]appSpec, len(config.Apps))}
	for i, a := range config.Apps {
		run, err := f.runnableURI(ctx, platform, a.URI)
		if err != nil {
			return releaseConfig{}, fmt.Errorf("app '%s': %w", a.Label, err)
		}
		a.runURI = run
		out.Apps[i] = a
	}
	return out, nil
}
