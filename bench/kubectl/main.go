// Command kubectl is kubectl v0.36.4, the version of the project's test cluster, built here so the deploy
// benchmark (bench/k8s-deploy.sh) can compare `dataflow stream deploy` with `kubectl apply` of the same objects
// on this machine. It is its own module so that kubectl's dependencies never reach the project's go.mod.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
)

func main() {
	os.Exit(cli.Run(cmd.NewDefaultKubectlCommand()))
}
