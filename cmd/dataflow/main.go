// Command dataflow is the Spring Cloud Data Flow shell, server and Skipper in one binary, with no server.
package main

import (
	"os"

	"github.com/dataflow-cli/dataflow/shell"
)

// version is set by the build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	os.Exit(shell.Main(os.Args[1:], version))
}
