package maven

import (
	"fmt"
	"path"
	"strings"
)

// Coordinates name one artifact.
type Coordinates struct {
	GroupID, ArtifactID, Extension, Classifier, Version string
}

// ParseURI reads maven://group:artifact[:extension[:classifier]]:version (the extension defaults to jar).
func ParseURI(uri string) (Coordinates, error) {
	rest, ok := strings.CutPrefix(uri, "maven:")
	if !ok {
		return Coordinates{}, fmt.Errorf("%s is not a maven: URI", uri)
	}
	return Parse(strings.TrimLeft(rest, "/"))
}

// Parse reads group:artifact[:extension[:classifier]]:version.
func Parse(coords string) (Coordinates, error) {
	parts := strings.Split(coords, ":")
	for _, p := range parts {
		if p == "" || strings.ContainsAny(p, "/\\ ") || p == "." || p == ".." {
			parts = nil
			break
		}
	}
	c := Coordinates{Extension: "jar"}
	switch len(parts) {
	case 3:
		c.GroupID, c.ArtifactID, c.Version = parts[0], parts[1], parts[2]
	case 4:
		c.GroupID, c.ArtifactID, c.Extension, c.Version = parts[0], parts[1], parts[2], parts[3]
	case 5:
		c.GroupID, c.ArtifactID, c.Extension, c.Classifier, c.Version = parts[0], parts[1], parts[2], parts[3], parts[4]
	default:
		return Coordinates{}, fmt.Errorf("Bad artifact coordinates %s, expected format is <groupId>:<artifactId>[:<extension>[:<classifier>]]:<version>", coords)
	}
	return c, nil
}

// String is the coordinates as Maven prints them: group:artifact:extension[:classifier]:version.
func (c Coordinates) String() string {
	s := c.GroupID + ":" + c.ArtifactID + ":" + c.Extension
	if c.Classifier != "" {
		s += ":" + c.Classifier
	}
	return s + ":" + c.Version
}

// IsSnapshot says whether the version is a -SNAPSHOT one.
func (c Coordinates) IsSnapshot() bool { return strings.HasSuffix(c.Version, "-SNAPSHOT") }

// dir is the artifact version's directory in a repository.
func (c Coordinates) dir() string {
	return path.Join(strings.ReplaceAll(c.GroupID, ".", "/"), c.ArtifactID, c.Version)
}

// fileName is the file of the artifact with the given version text (a snapshot's timestamped version, or the
// version itself).
func (c Coordinates) fileName(version string) string {
	name := c.ArtifactID + "-" + version
	if c.Classifier != "" {
		name += "-" + c.Classifier
	}
	return name + "." + c.Extension
}
