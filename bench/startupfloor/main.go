// Command startupfloor links the libraries dataflow cannot do without (client-go's REST client and the API types it uses, the pure-Go SQLite, the Cloud
// Foundry client, cobra) and does nothing else: its start-up is the floor for `dataflow version`, which
// bench/startup.sh measures beside it and beside a Go hello-world.
package main

import (
	"fmt"

	_ "github.com/cloudfoundry/go-cfclient/v3/client"
	_ "github.com/spf13/cobra"
	_ "k8s.io/api/apps/v1"
	_ "k8s.io/api/batch/v1"
	_ "k8s.io/api/core/v1"
	_ "k8s.io/client-go/rest"
	_ "k8s.io/client-go/tools/clientcmd"
	_ "modernc.org/sqlite"
)

func main() { fmt.Println("floor") }
