package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/internal/supervisor"
	"github.com/dataflow-cli/dataflow/platforms"
)

// Factory provides what commands are built from: the streams, the clock, the environment, the account
// configuration, the store and flow over it. The expensive ones are built on first use, so `dataflow --help`
// opens no database and builds no platform client. A Factory runs nothing; a Session runs the command lines.
type Factory struct {
	IO      *IOStreams
	Version string
	// DBPath and ConfigPath are the --db and --config options; when empty, the environment or the XDG
	// directories decide (dbPath, configPath).
	DBPath     string
	ConfigPath string
	// Getenv and Environ are the environment (Environ for `platform import --fromEnv`); tests give their own.
	Getenv  func(string) string
	Environ func() []string
	// Now is the clock; Location is the time zone tables show times in (the local one unless a test fixes it).
	Now      func() time.Time
	Location *time.Location
	// Drivers are the platform implementations cmd/dataflow wires in, by account type.
	Drivers map[platforms.AccountType]platforms.Driver
	// Executable is the dataflow binary that supervises local tasks (this process's executable by default).
	Executable string

	accounts *flow.Accounts

	// platforms are the clients of the command that runs; the session drops them before the next one.
	platformsMu sync.Mutex
	// taskdbs keeps the task database open across the session's commands.
	taskdbs   flow.TaskDBCache
	platforms *flow.Platforms

	storeMu sync.Mutex
	store   *flow.Store
}

// NewFactory is a factory over the process's environment and clock.
func NewFactory(io *IOStreams, version string) *Factory {
	return &Factory{IO: io, Version: version, Getenv: os.Getenv, Environ: os.Environ, Now: time.Now}
}

// Store opens the store (a SQLite file or a PostgreSQL database) on first use. A store that could not be
// opened is tried again on the next use: a database server may be back by then.
func (f *Factory) Store(ctx context.Context) (*flow.Store, error) {
	f.storeMu.Lock()
	defer f.storeMu.Unlock()
	if f.store == nil {
		if err := f.checkNamedStore(); err != nil {
			return nil, err
		}
		s, err := flow.OpenStore(ctx, f.dbPath())
		if err != nil {
			return nil, err
		}
		f.store = s
	}
	return f.store, nil
}

// Flow returns the use-case layer over the store, wired to the accounts and the platforms; it builds platform
// clients only when a command reaches a platform.
func (f *Factory) Flow(ctx context.Context) (*flow.Flow, error) {
	s, err := f.Store(ctx)
	if err != nil {
		return nil, err
	}
	var progress io.Writer
	if f.IO.ErrTTY {
		progress = f.IO.ErrOut
	}
	note := func(line string) { fmt.Fprintln(f.IO.ErrOut, line) }
	return flow.New(flow.Config{Store: s, Accounts: f.Accounts, Platforms: f.Platforms(), Clock: flow.ClockAt(f.Now), Actor: f.actor(),
		Note: note, Progress: progress, ArtifactDir: filepath.Join(f.dataDir(), "artifacts"), Home: f.Getenv("HOME"),
		ReadImageLabels: readImageLabels(f.Getenv), DockerConfig: dockerConfigPath(f.Getenv)}), nil
}

// readImageLabels says whether registration reads docker: apps' options from their registry:
// DATAFLOW_IMAGE_METADATA=off registers images without them (no registry within reach).
func readImageLabels(getenv func(string) string) bool {
	switch strings.ToLower(getenv("DATAFLOW_IMAGE_METADATA")) {
	case "off", "false", "0", "no":
		return false
	}
	return true
}

// dockerConfigPath is the Docker client's config.json: $DOCKER_CONFIG/config.json or ~/.docker/config.json.
func dockerConfigPath(getenv func(string) string) string {
	if dir := getenv("DOCKER_CONFIG"); dir != "" {
		return filepath.Join(dir, "config.json")
	}
	return filepath.Join(getenv("HOME"), ".docker", "config.json")
}

// Platforms returns the platform clients of the command that runs: built on first use, kept until the next
// command.
func (f *Factory) Platforms() *flow.Platforms {
	f.platformsMu.Lock()
	defer f.platformsMu.Unlock()
	if f.platforms == nil {
		f.platforms = flow.NewPlatforms(f.Drivers, f.platformEnvironment())
		f.platforms.UseTaskDBCache(&f.taskdbs)
	}
	return f.platforms
}

// forgetPlatforms drops the last command's platform clients, so the next command builds its own from the
// configuration as it is then.
func (f *Factory) forgetPlatforms() {
	f.platformsMu.Lock()
	f.platforms = nil
	f.platformsMu.Unlock()
}

// platformEnvironment is what platform clients get: this process's variables and files, the data directory,
// the command line of the supervisor of local runs, and the store's memo (opened when a platform first asks).
func (f *Factory) platformEnvironment() platforms.Environment {
	env := platforms.SystemEnvironment(f.Getenv, f.dataDir())
	env.Supervisor = f.Supervisor().SuperviseArgv()
	env.SupervisorEnv = flow.StoreEnv(f.dbPath(), f.Environ())
	env.Memo = factoryMemo{f}
	return env
}

// Supervisor is how this process starts dataflow processes of its own (the supervisor of a local run, the
// runner of a detached composed graph): this binary, on the same store and accounts.
func (f *Factory) Supervisor() supervisor.Binary {
	config := f.configPath()
	if _, err := os.Stat(config); err != nil {
		config = "" // the embedded default: naming a missing file would be refused
	}
	return supervisor.Binary{Executable: f.Executable, DBPath: f.dbPath(), ConfigPath: config}
}

// factoryMemo is the store's memo, reached through the factory so that building a platform client opens
// nothing.
type factoryMemo struct{ f *Factory }

func (m factoryMemo) Recall(ctx context.Context, account, key string) (string, bool) {
	fl, err := m.f.Flow(ctx)
	if err != nil {
		return "", false
	}
	return fl.Memo().Recall(ctx, account, key)
}

func (m factoryMemo) Remember(ctx context.Context, account, key, value string) {
	if fl, err := m.f.Flow(ctx); err == nil {
		fl.Memo().Remember(ctx, account, key, value)
	}
}

// Accounts loads the platform account configuration on first use; it needs no store and no network. A file
// named with --config must exist: a typo there would otherwise run the command on the embedded local account
// without a word. The default file and DATAFLOW_CONFIG's may be missing (as kubectl takes a KUBECONFIG that
// names no file): they say where `platform import` writes.
func (f *Factory) Accounts() (*flow.Accounts, error) {
	if f.accounts == nil {
		if err := f.checkNamedConfig(); err != nil {
			return nil, err
		}
	}
	return f.accountsAllowingNew()
}

// accountsAllowingNew is Accounts for `platform import`, which creates the file it is told to write.
func (f *Factory) accountsAllowingNew() (*flow.Accounts, error) {
	if f.accounts == nil {
		a, err := flow.LoadAccounts(f.configPath(), f.Getenv, f.dataDir())
		if err != nil {
			return nil, err
		}
		f.accounts = a
	}
	return f.accounts, nil
}

// checkNamedConfig refuses an accounts file named with --config that is not there.
func (f *Factory) checkNamedConfig() error {
	if f.ConfigPath == "" {
		return nil
	}
	if _, err := os.Stat(f.ConfigPath); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the accounts file %s (from --config) does not exist; 'platform import' creates it, or leave --config out for the embedded local account", f.ConfigPath)
	}
	return nil
}

// checkNamedStore refuses a store file named with --db in a directory that is not there: a mistyped path
// made the directories and an empty store without a word. The file itself may be new; the default place (and
// DATAFLOW_DB's) is created on first use.
func (f *Factory) checkNamedStore() error {
	if f.DBPath == "" || strings.Contains(f.DBPath, "://") {
		return nil
	}
	dir := filepath.Dir(f.DBPath)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("the directory of the store %s (from --db) does not exist; create it, or leave --db out for the default store", f.DBPath)
	}
	return nil
}

// foldWAL leaves an opened store as the next process wants it (see Main for why it is not closed).
func (f *Factory) foldWAL(ctx context.Context) {
	f.storeMu.Lock()
	defer f.storeMu.Unlock()
	if f.store != nil {
		f.store.FoldWAL(ctx)
	}
}

// Close releases what was opened; tests call it, the process does not (see Main).
func (f *Factory) Close() error {
	_ = f.taskdbs.Close() // connections only: nothing is written there on close
	f.storeMu.Lock()
	defer f.storeMu.Unlock()
	if f.store != nil {
		return f.store.Close()
	}
	return nil
}

// actor is who the audit records name: DATAFLOW_USER, else the login name.
func (f *Factory) actor() string {
	if a := f.Getenv("DATAFLOW_USER"); a != "" {
		return a
	}
	if a := f.Getenv("USER"); a != "" {
		return a
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}
