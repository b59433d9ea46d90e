package flow

import (
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// SupervisorOnlyVar names the variables a supervisor was given for itself alone (see platforms.Environment).
const SupervisorOnlyVar = platforms.SupervisorOnlyVar

// StoreEnv is what a process started by this one (a local run's supervisor) needs from the environment to open
// the same store: for a PostgreSQL store, the variable its URL takes the password from, libpq's PG* variables,
// and HOME (where ~/.pgpass and ~/.pg_service.conf are). A SQLite store needs nothing.
func StoreEnv(db string, environ []string) []string {
	if !store.IsPostgresURL(db) {
		return nil
	}
	ref := store.PasswordVariable(db)
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if name == ref || name == "HOME" || strings.HasPrefix(name, "PG") {
			out = append(out, kv)
		}
	}
	return out
}
