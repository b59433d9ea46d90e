package maven

import (
	"encoding/xml"
	"errors"
	"strings"
)

// versionMetadata is the part of a snapshot version's maven-metadata.xml that names its newest build.
type versionMetadata struct {
	Versioning struct {
		Snapshot struct {
			Timestamp   string `xml:"timestamp"`
			BuildNumber string `xml:"buildNumber"`
			LocalCopy   bool   `xml:"localCopy"`
		} `xml:"snapshot"`
		SnapshotVersions []struct {
			Extension  string `xml:"extension"`
			Classifier string `xml:"classifier"`
			Value      string `xml:"value"`
		} `xml:"snapshotVersions>snapshotVersion"`
	} `xml:"versioning"`
}

// snapshotBuild reads which file version holds the newest build of a -SNAPSHOT artifact: the
// snapshotVersion entry for its extension and classifier (Maven 3), else the timestamp and build number
// (Maven 2), else the -SNAPSHOT name itself (a repository that keeps no timestamps).
func snapshotBuild(data []byte, c Coordinates) (string, error) {
	var m versionMetadata
	if err := xml.Unmarshal(data, &m); err != nil {
		return "", errors.New("not valid XML: " + err.Error())
	}
	for _, sv := range m.Versioning.SnapshotVersions {
		if sv.Extension == c.Extension && sv.Classifier == c.Classifier && sv.Value != "" {
			return sv.Value, nil
		}
	}
	s := m.Versioning.Snapshot
	if s.Timestamp != "" && s.BuildNumber != "" {
		return strings.TrimSuffix(c.Version, "-SNAPSHOT") + "-" + s.Timestamp + "-" + s.BuildNumber, nil
	}
	return c.Version, nil
}
