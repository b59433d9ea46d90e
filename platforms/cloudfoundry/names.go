package cloudfoundry

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// maxAppName is the longest app name we make: the default route's host is the app name, and a host is one
// DNS label.
const maxAppName = 63

var (
	notNameChar = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^A-Za-z0-9-]+`) })
	versionTail = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`-v[0-9]+$`) })
	validName   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$`) })
)

// AppName is the CF app name of a stream app: <prefix>-<stream>-<label>-v<N>, as SCDF named it. Characters a
// host cannot hold become '-'. A name over 63 characters is cut, and the cut part replaced by a hash of the
// whole name, keeping the -v<N> tail: SCDF cut the tail off, so two versions could get one name.
func AppName(prefix, deploymentID string) (string, error) {
	full := deploymentID
	if prefix != "" {
		full = prefix + "-" + deploymentID
	}
	name := strings.Trim(notNameChar().ReplaceAllString(full, "-"), "-")
	if len(name) > maxAppName {
		tail := versionTail().FindString(name)
		sum := sha256.Sum256([]byte(full))
		hash := hex.EncodeToString(sum[:4])
		keep := maxAppName - len(tail) - len(hash) - 1
		name = strings.TrimRight(name[:keep], "-") + "-" + hash + tail
	}
	if err := validateAppName(name); err != nil {
		return "", err
	}
	return name, nil
}

// validateAppName checks a name before anything is sent, so a bad one creates nothing.
func validateAppName(name string) error {
	if len(name) > maxAppName || !validName().MatchString(name) {
		return fmt.Errorf("'%s' cannot be a Cloud Foundry app name: use at most %d letters, digits and '-', starting and ending with a letter or digit", name, maxAppName)
	}
	return nil
}
