package accounts

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/dataflow-cli/dataflow/internal/maven"
	"github.com/dataflow-cli/dataflow/platforms"
)

// applyMaven reads one maven.* property of SCDF's server configuration (Spring Cloud Deployer's
// MavenProperties) into im.Maven; false when the key is not a maven.* one. What dataflow does not use (update
// and checksum policies, wagon, resolvePom) is a warning, never silently dropped.
func applyMaven(im *Imported, segs []string, value string) (bool, error) {
	if len(segs) < 2 || relaxed(segs[0]) != "maven" {
		return false, nil
	}
	if im.Maven == nil {
		im.Maven = &maven.Config{}
	}
	m := im.Maven
	key := strings.Join(segs, ".")
	rest := segs[1:]
	var err error
	switch squash(rest[0]) {
	case "localrepository":
		m.LocalRepository = value
	case "offline":
		m.Offline, err = parseBool(key, value)
	case "connecttimeout":
		m.ConnectTimeout, err = parseInt(key, value)
	case "requesttimeout":
		m.RequestTimeout, err = parseInt(key, value)
	case "remoterepositories":
		if len(rest) < 3 {
			return true, fmt.Errorf("%s: expected maven.remoteRepositories.<name>.url", key)
		}
		name := rest[1]
		if m.RemoteRepositories == nil {
			m.RemoteRepositories = map[string]maven.RemoteRepository{}
		}
		r := m.RemoteRepositories[name]
		switch squash(strings.Join(rest[2:], ".")) {
		case "url":
			r.URL = value
		case "authusername":
			r.Auth = withAuth(r.Auth)
			r.Auth.Username = value
		case "authpassword":
			r.Auth = withAuth(r.Auth)
			r.Auth.Password = value
		default:
			im.Warnings = append(im.Warnings, fmt.Sprintf("%s is not used by dataflow (it resolves with Maven's defaults); ignored", key))
		}
		m.RemoteRepositories[name] = r
	case "proxy":
		if len(rest) < 2 {
			return true, fmt.Errorf("%s: expected maven.proxy.host and the like", key)
		}
		if m.Proxy == nil {
			m.Proxy = &maven.Proxy{}
		}
		p := m.Proxy
		switch squash(strings.Join(rest[1:], ".")) {
		case "protocol":
			p.Protocol = value
		case "host":
			p.Host = value
		case "port":
			p.Port, err = parseInt(key, value)
		case "nonproxyhosts":
			p.NonProxyHosts = value
		case "authusername":
			p.Auth = withAuth(p.Auth)
			p.Auth.Username = value
		case "authpassword":
			p.Auth = withAuth(p.Auth)
			p.Auth.Password = value
		default:
			im.Warnings = append(im.Warnings, fmt.Sprintf("%s is not a proxy setting dataflow knows; ignored", key))
		}
	default:
		im.Warnings = append(im.Warnings, fmt.Sprintf("%s is not used by dataflow (it resolves with Maven's defaults); ignored", key))
	}
	return true, err
}

func withAuth(a *maven.Auth) *maven.Auth {
	if a == nil {
		return &maven.Auth{}
	}
	return a
}

// mavenLiteralSecrets names the maven.* passwords written as plain text rather than as ${ENV} references.
func mavenLiteralSecrets(m *maven.Config) []string {
	if m == nil {
		return nil
	}
	var fields []string
	names := make([]string, 0, len(m.RemoteRepositories))
	for n := range m.RemoteRepositories {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if a := m.RemoteRepositories[n].Auth; a != nil && a.Password != "" && !platforms.IsSecretReference(a.Password) {
			fields = append(fields, "maven.remoteRepositories."+n+".auth.password")
		}
	}
	if m.Proxy != nil && m.Proxy.Auth != nil && m.Proxy.Auth.Password != "" && !platforms.IsSecretReference(m.Proxy.Auth.Password) {
		fields = append(fields, "maven.proxy.auth.password")
	}
	return fields
}

// overlayMaven applies the maven.* settings an import brought over the configured ones: repositories by name,
// the other settings where the import sets them.
func overlayMaven(base maven.Config, top *maven.Config) maven.Config {
	if top == nil {
		return base
	}
	if top.LocalRepository != "" {
		base.LocalRepository = top.LocalRepository
	}
	if top.Offline {
		base.Offline = true
	}
	if top.ConnectTimeout != 0 {
		base.ConnectTimeout = top.ConnectTimeout
	}
	if top.RequestTimeout != 0 {
		base.RequestTimeout = top.RequestTimeout
	}
	if top.Proxy != nil {
		base.Proxy = top.Proxy
	}
	if len(top.RemoteRepositories) > 0 {
		repos := make(map[string]maven.RemoteRepository, len(base.RemoteRepositories)+len(top.RemoteRepositories))
		for n, r := range base.RemoteRepositories {
			repos[n] = r
		}
		for n, r := range top.RemoteRepositories {
			repos[n] = r
		}
		base.RemoteRepositories = repos
	}
	return base
}

// validateMaven checks the maven.* settings of the accounts file.
func validateMaven(m maven.Config) error {
	for n, r := range m.RemoteRepositories {
		if r.URL == "" {
			return fmt.Errorf("maven.remoteRepositories.%s has no url", n)
		}
		if u, err := url.Parse(r.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("maven.remoteRepositories.%s.url must be an http(s):// URL", n)
		}
	}
	if p := m.Proxy; p != nil {
		if p.Host == "" {
			return fmt.Errorf("maven.proxy has no host")
		}
		if p.Port < 0 || p.Port > 65535 {
			return fmt.Errorf("maven.proxy.port must be a port number, got %s", strconv.Itoa(p.Port))
		}
	}
	return nil
}
