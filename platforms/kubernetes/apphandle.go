package kubernetes

import "strings"

// appHandle is what a deploy made of an app version, kept by flow as the app's handle so that Undeploy deletes
// those objects by name: deleting by label lists first, and a list right after a write waits for the API
// server's watch cache. Written as "deployment;secret;service=<name>".
type appHandle struct {
	statefulSet bool
	secret      bool
	service     string
}

func (h appHandle) String() string {
	parts := []string{"deployment"}
	if h.statefulSet {
		parts[0] = "statefulset"
	}
	if h.secret {
		parts = append(parts, "secret")
	}
	return strings.Join(append(parts, "service="+h.service), ";")
}

// parseAppHandle reads a handle written by String; false for the handles of apps deployed before it ("" and
// noSecretHandle), which are undeployed by their labels.
func parseAppHandle(s string) (appHandle, bool) {
	parts := strings.Split(s, ";")
	if len(parts) < 2 || parts[0] != "deployment" && parts[0] != "statefulset" {
		return appHandle{}, false
	}
	h := appHandle{statefulSet: parts[0] == "statefulset"}
	for _, p := range parts[1:] {
		switch {
		case p == "secret":
			h.secret = true
		case strings.HasPrefix(p, "service="):
			h.service = strings.TrimPrefix(p, "service=")
		default:
			return appHandle{}, false
		}
	}
	return h, h.service != ""
}
