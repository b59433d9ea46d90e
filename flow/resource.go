package flow

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
)

// ValidateResourceURI checks that an app or metadata URI has a scheme dataflow can resolve.
func ValidateResourceURI(uri string) error {
	scheme, rest, ok := strings.Cut(uri, ":")
	if !ok || rest == "" {
		return fmt.Errorf("Invalid URI '%s': expected docker:, maven://, http(s):// or file:", uri)
	}
	switch strings.ToLower(scheme) {
	case "docker", "maven", "file", "http", "https":
	default:
		return fmt.Errorf("Unsupported URI scheme '%s' in '%s': expected docker:, maven://, http(s):// or file:", scheme, uri)
	}
	if scheme == "http" || scheme == "https" {
		u, err := url.Parse(uri)
		if err != nil || u.Host == "" {
			return fmt.Errorf("Invalid URI '%s': no host", uri)
		}
	}
	return nil
}

// jarVersion finds the version in a jar file name such as time-source-rabbit-3.2.1.jar or app-1.0.0-SNAPSHOT.jar.
var jarVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`-(\d+(?:\.\d+)*(?:[.-][A-Za-z0-9]+)*)\.jar$`) })

// ResourceVersion derives the app version from its URI, as SCDF's registry does: the docker tag, the maven
// coordinates' version, or the version in a jar file name.
func ResourceVersion(uri string) (string, error) {
	if err := ValidateResourceURI(uri); err != nil {
		return "", err
	}
	scheme, rest, _ := strings.Cut(uri, ":")
	switch strings.ToLower(scheme) {
	case "docker":
		image := strings.TrimLeft(rest, "/")
		if at := strings.Index(image, "@"); at >= 0 {
			image = image[:at]
		}
		lastSlash := strings.LastIndex(image, "/")
		colon := strings.LastIndex(image, ":")
		if colon <= lastSlash || colon == len(image)-1 {
			return "", fmt.Errorf("The docker image '%s' has no tag: register it with an explicit tag such as '%s:1.0.0'", uri, uri)
		}
		return image[colon+1:], nil
	case "maven":
		coords := strings.Split(strings.TrimLeft(rest, "/"), ":")
		if len(coords) < 3 || coords[len(coords)-1] == "" {
			return "", fmt.Errorf("Invalid maven coordinates '%s': expected maven://<groupId>:<artifactId>[:<extension>[:<classifier>]]:<version>", uri)
		}
		return coords[len(coords)-1], nil
	default:
		name := path.Base(strings.SplitN(rest, "?", 2)[0])
		m := jarVersion().FindStringSubmatch(name)
		if m == nil {
			return "", fmt.Errorf("Could not determine the version of '%s': its file name must end in -<version>.jar", uri)
		}
		return m[1], nil
	}
}
