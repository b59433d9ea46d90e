package local

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/dataflow-cli/dataflow/platforms"
)

// renderedApp is what `stream deploy --dry-run` shows of a local app: the processes it would start.
type renderedApp struct {
	DeploymentID string   `yaml:"deploymentId"`
	Instances    int      `yaml:"instances"`
	Command      []string `yaml:"command"`
	Args         []string `yaml:"args"`
	Env          []string `yaml:"env"`
	WorkingDir   string   `yaml:"workingDir"`
}

// Render shows the processes Deploy would start; nothing is started or written.
func (a *Apps) Render(app platforms.AppDeployment) (string, error) {
	command, err := a.launcher.Command(app.Resource)
	if err != nil {
		return "", err
	}
	r := renderedApp{DeploymentID: app.DeploymentID, Instances: app.Count, Command: command,
		Env:        []string{"SPRING_CLOUD_APPLICATION_GROUP=" + app.Group, "SPRING_CLOUD_APPLICATION_GUID=<id>-<index>", "INSTANCE_INDEX=<index>"},
		WorkingDir: fmt.Sprintf("%s/%s/%s", a.root, app.Group, app.DeploymentID)}
	for _, k := range sortedKeys(app.AppProperties) {
		if v := app.AppProperties[k]; v != "" && k != "server.port" {
			r.Args = append(r.Args, "--"+k+"="+v)
		}
	}
	port := "<a free port>"
	if p := app.AppProperties["server.port"]; p != "" {
		port = p
	}
	r.Args = append(r.Args, "--server.port="+port)
	raw, err := yaml.Marshal(r)
	return string(raw), err
}
