package shell

import (
	"os"
	"path/filepath"

	"github.com/dataflow-cli/dataflow/flow"
)

// dbPath is the store's file: --db, else DATAFLOW_DB, else dataflow.db under XDG_DATA_HOME.
func (f *Factory) dbPath() string {
	if f.DBPath != "" {
		return f.DBPath
	}
	if p := f.Getenv("DATAFLOW_DB"); p != "" {
		return p
	}
	return filepath.Join(xdgDir(f.Getenv, "XDG_DATA_HOME", ".local/share"), "dataflow", "dataflow.db")
}

// configPath is the platform accounts file: --config, else DATAFLOW_CONFIG, else config.yaml under
// XDG_CONFIG_HOME.
func (f *Factory) configPath() string {
	if f.ConfigPath != "" {
		return f.ConfigPath
	}
	if p := f.Getenv("DATAFLOW_CONFIG"); p != "" {
		return p
	}
	return filepath.Join(xdgDir(f.Getenv, "XDG_CONFIG_HOME", ".config"), "dataflow", "config.yaml")
}

// dataDir is where local accounts work and keep their logs: the directory of the SQLite store, or dataflow
// under XDG_DATA_HOME when the store is a PostgreSQL database (local runs are this machine's own).
func (f *Factory) dataDir() string {
	if db := f.dbPath(); !flow.IsStoreURL(db) {
		return filepath.Dir(db)
	}
	return filepath.Join(xdgDir(f.Getenv, "XDG_DATA_HOME", ".local/share"), "dataflow")
}

func xdgDir(getenv func(string) string, env, fallback string) string {
	if d := getenv(env); d != "" {
		return d
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, fallback)
}
