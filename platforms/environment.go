package platforms

import (
	"context"
	"os"
)

// Environment is what an account description may look at on this machine: environment variables and files.
// Describing an account never calls the network.
type Environment struct {
	Getenv   func(string) string
	ReadFile func(string) ([]byte, error)
	// DataDir is where dataflow keeps its state; local accounts work under DataDir/local/<account> by default.
	DataDir string
	// Memo, when set, keeps what a platform learnt about an account for the next command (see Memo).
	Memo Memo
	// Supervisor is the command line of the dataflow process that watches a local run and records its end.
	Supervisor []string
	// Owner, when set, is the identity of the store the command runs for (see StoreLabel): what the objects a
	// platform makes carry, and what it checks before it removes an object it finds by name.
	Owner func(ctx context.Context) (string, error)
	// SupervisorEnv are the variables (NAME=value) a supervisor needs to reach the store besides those a run
	// inherits: a PostgreSQL store's password and where libpq's files are. The supervisor removes them before
	// it starts the run (SupervisorOnlyVar), so a task never sees the store's credentials.
	SupervisorEnv []string
}

// SupervisorOnlyVar names, comma-separated, the variables a supervisor was given for itself alone.
const SupervisorOnlyVar = "DATAFLOW_SUPERVISOR_ONLY"

// SystemEnvironment reads this process's variables (through getenv) and files.
func SystemEnvironment(getenv func(string) string, dataDir string) Environment {
	return Environment{Getenv: getenv, ReadFile: os.ReadFile, DataDir: dataDir}
}
