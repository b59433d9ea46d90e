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

// urlVersion is SCDF's rule for jar URLs: in the file name without its extension, the version starts at the
// last dash followed by a digit (time-source-rabbit-3.2.1.jar, app-1.0.0-SNAPSHOT.jar, x-1.2.0.RELEASE.jar).
var urlVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.*)-(\d.*?)(-metadata)?$`) })

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
		if colon <= lastSlash {
			return "latest", nil // as SCDF's DockerImage: an image without a tag is "latest"
		}
		if colon == len(image)-1 {
			return "", fmt.Errorf("Could not extract tag from %s", uri)
		}
		return image[colon+1:], nil
	case "maven":
		coords := strings.Split(strings.TrimLeft(rest, "/"), ":")
		if len(coords) < 3 || len(coords) > 5 || coords[len(coords)-1] == "" || coords[0] == "" || coords[1] == "" {
			return "", fmt.Errorf("Bad artifact coordinates %s, expected format is <groupId>:<artifactId>[:<extension>[:<classifier>]]:<version>", strings.TrimLeft(rest, "/"))
		}
		return coords[len(coords)-1], nil
	default:
		name := path.Base(strings.SplitN(rest, "?", 2)[0])
		dot := strings.LastIndex(name, ".")
		var m []string
		if dot > 0 {
			m = urlVersion().FindStringSubmatch(name[:dot])
		}
		if m == nil {
			return "", fmt.Errorf("Could not parse version from %s, expected format is <artifactId>-<version>.jar or <artifactId>-<version>-metadata.jar", uri)
		}
		return m[2], nil
	}
}
