package kubernetes

import (
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Render shows the objects Deploy would create, as YAML documents kubectl could apply; nothing is sent.
func (a *Apps) Render(app platforms.AppDeployment) (string, error) {
	objs, err := buildAppObjects(a.Account, a.Namespace, app)
	if err != nil {
		return "", err
	}
	objs.setTypes()
	docs := []any{}
	if objs.Secret != nil {
		docs = append(docs, objs.Secret)
	}
	docs = append(docs, objs.Service)
	if objs.StatefulSet != nil {
		docs = append(docs, objs.StatefulSet)
	} else {
		docs = append(docs, objs.Deployment)
	}
	var b strings.Builder
	for i, d := range docs {
		raw, err := yaml.Marshal(d)
		if err != nil {
			return "", err
		}
		if i > 0 {
			b.WriteString("---\n")
		}
		b.Write(cleanYAML(raw))
	}
	return b.String(), nil
}

// cleanYAML drops the empty status blocks (a claim template's too) and creation timestamps Go's zero values add.
func cleanYAML(raw []byte) []byte {
	var out []string
	skip := false
	for _, line := range strings.Split(string(raw), "\n") {
		switch {
		case strings.TrimSpace(line) == "status: {}" || strings.TrimSpace(line) == "creationTimestamp: null":
			continue
		case line == "status:":
			skip = true
			continue
		case skip && strings.HasPrefix(line, " "):
			continue
		}
		skip = false
		out = append(out, line)
	}
	return []byte(strings.Join(out, "\n"))
}
