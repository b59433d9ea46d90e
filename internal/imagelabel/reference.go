package imagelabel

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Docker Hub is named docker.io (or index.docker.io) in references and serves the distribution API on another host.
const (
	dockerHubName = "index.docker.io"
	dockerHubHost = "registry-1.docker.io"
	defaultTag    = "latest"
)

// reference is an image reference resolved as `docker pull` resolves it.
type reference struct {
	original   string
	registry   string // the registry as users and the Docker config name it: index.docker.io for Docker Hub
	host       string // where its distribution API answers
	repository string // library/ for Docker Hub's official images
	tag        string
	digest     string // sha256:<hex>; wins over the tag when both are given, as in docker pull
}

func (r reference) String() string { return r.original }

// identifier is what the manifest is fetched by.
func (r reference) identifier() string {
	if r.digest != "" {
		return r.digest
	}
	return r.tag
}

// parseReference reads [registry[:port]/]path[:tag][@sha256:hex]. A first path component is a registry when it
// has a dot or a port, or is localhost, as Docker decides; otherwise the image is on Docker Hub.
func parseReference(s string) (reference, error) {
	ref := reference{original: s, tag: defaultTag}
	rest := s
	if at := strings.Index(rest, "@"); at >= 0 {
		ref.digest = rest[at+1:]
		rest = rest[:at]
		if err := checkDigest(ref.digest); err != nil {
			return reference{}, err
		}
	}
	if colon := strings.LastIndex(rest, ":"); colon > strings.LastIndex(rest, "/") {
		tag := rest[colon+1:]
		if !validTag(tag) {
			return reference{}, fmt.Errorf("tag %q is not valid: letters, digits, '_', '.' and '-', at most 128", tag)
		}
		ref.tag = tag
		rest = rest[:colon]
	}
	domain, path := "", rest
	if slash := strings.Index(rest, "/"); slash >= 0 {
		first := rest[:slash]
		if strings.ContainsAny(first, ".:") || first == "localhost" || strings.ToLower(first) != first {
			domain, path = first, rest[slash+1:]
		}
	}
	switch domain {
	case "", "docker.io", dockerHubName:
		ref.registry, ref.host = dockerHubName, dockerHubHost
		if !strings.Contains(path, "/") {
			path = "library/" + path
		}
	default:
		if err := checkDomain(domain); err != nil {
			return reference{}, err
		}
		ref.registry, ref.host = domain, domain
	}
	if path == "" {
		return reference{}, errors.New("no repository name")
	}
	for _, c := range strings.Split(path, "/") {
		if !validPathComponent(c) {
			return reference{}, fmt.Errorf("repository %q is not valid: lower-case letters, digits and separators ('.', '_', '__', '-') between them", path)
		}
	}
	if len(ref.registry)+1+len(path) > 255 {
		return reference{}, errors.New("the repository name is longer than 255 characters")
	}
	ref.repository = path
	return ref, nil
}

func checkDigest(d string) error {
	algorithm, hex, _ := strings.Cut(d, ":")
	if algorithm != "sha256" {
		return fmt.Errorf("digest %q is not a sha256 digest", d)
	}
	if !validSHA256Hex(hex) {
		return fmt.Errorf("digest %q does not have 64 lower-case hex digits", d)
	}
	return nil
}

// checkDomain accepts host[:port] with a DNS name or an IPv4 address, and [IPv6][:port].
func checkDomain(domain string) error {
	host, port := domain, ""
	if strings.HasPrefix(domain, "[") {
		end := strings.Index(domain, "]")
		if end < 0 || net.ParseIP(domain[1:end]) == nil {
			return fmt.Errorf("registry %q is not valid", domain)
		}
		host, port = "", strings.TrimPrefix(domain[end+1:], ":")
		if port == "" && len(domain) > end+1 {
			return fmt.Errorf("registry %q is not valid", domain)
		}
	} else if h, p, found := strings.Cut(domain, ":"); found {
		host, port = h, p
		if port == "" {
			return fmt.Errorf("registry %q has an empty port", domain)
		}
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("registry %q has no valid port", domain)
		}
	}
	if host != "" {
		for _, label := range strings.Split(host, ".") {
			if !validHostLabel(label) {
				return fmt.Errorf("registry %q is not valid", domain)
			}
		}
	}
	return nil
}

// plainHTTPAllowed says whether a registry may be reached over plain HTTP after HTTPS fails: loopback, as Docker
// allows by default, and private addresses, as go-containerregistry allowed before this package spoke the API.
func plainHTTPAllowed(domain string) bool {
	host := domain
	if h, _, err := net.SplitHostPort(domain); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate())
}
