package flow

import (
	"strconv"
	"strings"
)

// renderManifest writes a release's apps as Skipper stored its manifest: one SpringCloudDeployerApplication
// document per app in deployment order, every scalar double-quoted, documents separated by "---". Secret
// values are masked: the manifest is what users read, and it must never hold a password.
func renderManifest(c releaseConfig) string {
	var b strings.Builder
	for i, a := range c.Apps {
		if i > 0 {
			b.WriteString("---\n")
		}
		b.WriteString(`"apiVersion": "skipper.spring.io/v1"` + "\n")
		b.WriteString(`"kind": "SpringCloudDeployerApplication"` + "\n")
		b.WriteString(`"metadata":` + "\n")
		writeScalar(&b, "  ", "name", a.Label)
		b.WriteString(`"spec":` + "\n")
		resource := DisplayURI(a.Resource) // an http: jar's URI may hold a repository password
		writeScalar(&b, "  ", "resource", resource)
		// Skipper renders this for every app, docker images included (a quirk users see).
		writeScalar(&b, "  ", "resourceMetadata", resource+":jar:metadata:"+a.Version)
		writeScalar(&b, "  ", "version", a.Version)
		writeMap(&b, "applicationProperties", a.ApplicationProperties, RedactValue)
		writeMap(&b, "deploymentProperties", a.DeploymentProperties, RedactDeployerValue)
	}
	return b.String()
}

func writeMap(b *strings.Builder, name string, m map[string]string, redact func(k, v string) string) {
	if len(m) == 0 {
		b.WriteString("  " + quote(name) + ": {}\n")
		return
	}
	b.WriteString("  " + quote(name) + ":\n")
	for _, k := range sortedKeys(m) {
		writeScalar(b, "    ", k, redact(k, m[k]))
	}
}

func writeScalar(b *strings.Builder, indent, key, value string) {
	b.WriteString(indent + quote(key) + ": " + quote(value) + "\n")
}

// quote is a YAML double-quoted scalar; Go's escapes (\", \\, \n, \t, \xNN, \uNNNN) are all YAML escapes too.
func quote(s string) string { return strconv.Quote(s) }
