// Command dataflow is the Spring Cloud Data Flow shell, server and Skipper in one binary, with no server.
package main

import (
	"os"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry"
	"github.com/dataflow-cli/dataflow/platforms/kubernetes"
	"github.com/dataflow-cli/dataflow/platforms/local"
	"github.com/dataflow-cli/dataflow/shell"
)

// version is set by the build (-ldflags "-X main.version=...").
var version = "dev"

// drivers are the one place the platform implementations meet the rest.
var drivers = map[platforms.AccountType]platforms.Driver{
	platforms.Local:        local.Driver{},
	platforms.Kubernetes:   kubernetes.Driver{},
	platforms.CloudFoundry: cloudfoundry.Driver{Options: cloudfoundry.DefaultOptions},
}

func main() {
	os.Exit(shell.Main(os.Args[1:], version, drivers))
}
