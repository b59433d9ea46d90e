// Command dataflow is the Spring Cloud Data Flow shell, server and Skipper in one binary, with no server.
package main

import (
	"os"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry"
	"github.com/dataflow-cli/dataflow/platforms/kubernetes"
	"github.com/dataflow-cli/dataflow/platforms/local"
	"github.com/dataflow-cli/dataflow/shell"
)

// version is set by the build (-ldflags "-X main.version=...").
var version = "dev"

// wiring is the one place the platform implementations meet the rest.
var wiring = flow.PlatformWiring{
	Local: func(acc platforms.Account, supervisor []string) platforms.TaskLauncher {
		return local.NewLauncher(acc, supervisor)
	},
	LocalApps: func(acc platforms.Account, supervisor []string, dataDir string) platforms.AppDeployer {
		return local.NewApps(acc, supervisor, dataDir)
	},
	Kubernetes: func(acc platforms.Account, env platforms.Environment) (platforms.TaskLauncher, error) {
		return kubernetes.NewTasks(acc, env)
	},
	KubernetesApps: func(acc platforms.Account, env platforms.Environment) (platforms.AppDeployer, error) {
		return kubernetes.NewApps(acc, env)
	},
	KubernetesSchedules: func(acc platforms.Account, env platforms.Environment) (platforms.Scheduler, error) {
		return kubernetes.NewSchedules(acc, env)
	},
	CloudFoundry: func(acc platforms.Account, env platforms.Environment) (platforms.TaskLauncher, error) {
		return cloudfoundry.NewTasks(acc, env, cloudfoundry.DefaultOptions)
	},
	CloudFoundrySchedules: func(acc platforms.Account, env platforms.Environment) (platforms.Scheduler, error) {
		return cloudfoundry.NewSchedules(acc, env, cloudfoundry.DefaultOptions)
	},
	CloudFoundryApps: func(acc platforms.Account, env platforms.Environment) (platforms.AppDeployer, error) {
		return cloudfoundry.NewApps(acc, env, cloudfoundry.DefaultOptions)
	},
}

func main() {
	os.Exit(shell.Main(os.Args[1:], version, wiring))
}
