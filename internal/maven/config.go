// Package maven resolves maven://group:artifact[:extension[:classifier]]:version artifacts as Spring Cloud
// Deployer's Maven resource does: from the local repository first, then from the configured remote
// repositories (basic auth, a proxy, offline mode), -SNAPSHOT versions through maven-metadata.xml, each
// artifact downloaded once into the local repository with its checksum verified where the repository serves one.
package maven

import (
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Config is SCDF's maven.* settings (MavenProperties).
type Config struct {
	// LocalRepository is where artifacts are looked up and downloaded to; ~/.m2/repository when empty.
	LocalRepository string `yaml:"localRepository,omitempty" json:"localRepository,omitempty"`
	// RemoteRepositories by name; they are tried in name order, as SCDF's sorted map orders them. None means
	// Maven Central.
	RemoteRepositories map[string]RemoteRepository `yaml:"remoteRepositories,omitempty" json:"remoteRepositories,omitempty"`
	// Offline resolves from the local repository only.
	Offline bool   `yaml:"offline,omitempty" json:"offline,omitempty"`
	Proxy   *Proxy `yaml:"proxy,omitempty" json:"proxy,omitempty"`
	// ConnectTimeout and RequestTimeout are in milliseconds, as SCDF's; 0 means the defaults (10 s to connect,
	// no limit on a whole download, which may be large, but 60 s without a byte).
	ConnectTimeout int `yaml:"connectTimeout,omitempty" json:"connectTimeout,omitempty"`
	RequestTimeout int `yaml:"requestTimeout,omitempty" json:"requestTimeout,omitempty"`
}

// RemoteRepository is one maven.remoteRepositories.<name>.
type RemoteRepository struct {
	URL  string `yaml:"url" json:"url"`
	Auth *Auth  `yaml:"auth,omitempty" json:"auth,omitempty"`
}

// Auth is a user name and password.
type Auth struct {
	Username string `yaml:"username,omitempty" json:"username,omitempty"`
	Password string `yaml:"password,omitempty" json:"password,omitempty"`
}

// Proxy is maven.proxy.*.
type Proxy struct {
	Protocol string `yaml:"protocol,omitempty" json:"protocol,omitempty"`
	Host     string `yaml:"host" json:"host"`
	Port     int    `yaml:"port,omitempty" json:"port,omitempty"`
	// NonProxyHosts is Java's list: host names separated by |, * as a wildcard.
	NonProxyHosts string `yaml:"nonProxyHosts,omitempty" json:"nonProxyHosts,omitempty"`
	Auth          *Auth  `yaml:"auth,omitempty" json:"auth,omitempty"`
}

// MavenCentral is the repository used when none is configured.
const MavenCentral = "https://repo.maven.apache.org/maven2"

// IsZero says whether nothing is configured.
func (c Config) IsZero() bool {
	return c.LocalRepository == "" && len(c.RemoteRepositories) == 0 && !c.Offline && c.Proxy == nil &&
		c.ConnectTimeout == 0 && c.RequestTimeout == 0
}

// localRepository is the configured local repository or ~/.m2/repository.
func (c Config) localRepository() string {
	if c.LocalRepository != "" {
		return c.LocalRepository
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	return filepath.Join(home, ".m2", "repository")
}

type namedRepository struct {
	name string
	RemoteRepository
}

// remotes lists the remote repositories in the order they are tried.
func (c Config) remotes() []namedRepository {
	if len(c.RemoteRepositories) == 0 {
		return []namedRepository{{name: "mavenCentral", RemoteRepository: RemoteRepository{URL: MavenCentral}}}
	}
	names := make([]string, 0, len(c.RemoteRepositories))
	for n := range c.RemoteRepositories {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]namedRepository, len(names))
	for i, n := range names {
		out[i] = namedRepository{name: n, RemoteRepository: c.RemoteRepositories[n]}
	}
	return out
}

func (c Config) connectTimeout() time.Duration {
	if c.ConnectTimeout > 0 {
		return time.Duration(c.ConnectTimeout) * time.Millisecond
	}
	return 10 * time.Second
}

func (c Config) idleTimeout() time.Duration {
	if c.RequestTimeout > 0 {
		return time.Duration(c.RequestTimeout) * time.Millisecond
	}
	return 60 * time.Second
}
