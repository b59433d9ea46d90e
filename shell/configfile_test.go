package shell

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// An accounts file named with --config must be there: a typo ran the command on the embedded local account.
// `platform import` creates the file it is named; DATAFLOW_CONFIG may name a file still to be made, as KUBECONFIG may.
func TestNamedAccountsFileMustExist(t *testing.T) {
	s, _, _, tmp := newTestSessionWithEnv(t)
	missing := filepath.Join(tmp, "nosuch.yaml")
	s.factory.ConfigPath = missing
	for _, line := range []string{"platform list", "stream platform-list", "task launch ts"} {
		wantError(t, line, s.RunLine(context.Background(), line),
			"the accounts file "+missing+" (from --config) does not exist; 'platform import' creates it, or leave --config out for the embedded local account", ExitFailure)
	}
	mustRun(t, s, "platform import --file ../testdata/accounts/server-config.yaml")
	if _, err := os.Stat(missing); err != nil {
		t.Fatalf("platform import did not create the named file: %v", err)
	}
	mustRun(t, s, "platform list")

	// The environment's file need not exist yet.
	s2, _, env2, tmp2 := newTestSessionWithEnv(t)
	env2["DATAFLOW_CONFIG"] = filepath.Join(tmp2, "later.yaml")
	mustRun(t, s2, "stream platform-list")
}

// A store named with --db in a directory that is not there is refused, and nothing is made.
func TestNamedStoreNeedsItsDirectory(t *testing.T) {
	s, _, _, tmp := newTestSessionWithEnv(t)
	s.factory.DBPath = filepath.Join(tmp, "missing", "dir", "x.db")
	wantError(t, "app list", s.RunLine(context.Background(), "app list"),
		"the directory of the store "+s.factory.DBPath+" (from --db) does not exist; create it, or leave --db out for the default store", ExitFailure)
	if _, err := os.Stat(filepath.Join(tmp, "missing")); !os.IsNotExist(err) {
		t.Fatalf("a refused --db made its directory: %v", err)
	}

	// A new file in a directory that is there is a new store.
	fresh, _, _, tmp2 := newTestSessionWithEnv(t)
	fresh.factory.DBPath = filepath.Join(tmp2, "new.db")
	mustRun(t, fresh, "app list")
}
