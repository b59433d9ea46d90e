package shell

import (
	"context"
	"os"
	"os/user"
	"path/filepath"
	"sync"
	"time"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/platforms"
)

// Factory wires the parts once per process and builds the expensive ones only when a command needs them:
// `dataflow --help` opens no database and builds no platform client.
type Factory struct {
	IO      *IOStreams
	Version string
	// DBPath and ConfigPath are resolved from flags, environment and XDG directories.
	DBPath     string
	ConfigPath string
	Getenv     func(string) string
	// Environ lists the environment, for `platform import --fromEnv`.
	Environ func() []string
	Now     func() time.Time
	// Location is the time zone tables show times in (the local one unless a test fixes it).
	Location *time.Location
	// Drivers are the platform implementations cmd/dataflow wires in, by account type.
	Drivers map[platforms.AccountType]platforms.Driver
	// Executable is the dataflow binary that supervises local tasks (this process's executable by default).
	Executable string
	// supervisorSignals receives the stop signals of a supervisor process from its first instant.
	supervisorSignals chan os.Signal
	// Interactive is true inside the REPL: confirmations may be asked there.
	Interactive bool
	// Ask reads one answer line for a confirmation; the REPL points it at its line editor.
	Ask func(prompt string) (string, error)

	accounts *flow.Accounts

	platformsMu sync.Mutex
	platforms   *flow.Platforms

	// completion keeps what Tab proposes until the next command runs: go-prompt asks on every keystroke, and
	// between two commands the store cannot change under this shell except through another process.
	completionMu    sync.Mutex
	completionCache map[string]any

	storeOnce sync.Once
	store     *flow.Store
	storeErr  error
}

// NewFactory resolves paths from the environment.
func NewFactory(io *IOStreams, version string) *Factory {
	return &Factory{IO: io, Version: version, Getenv: os.Getenv, Environ: os.Environ, Now: time.Now}
}

// Store opens the SQLite file on first use.
func (f *Factory) Store(ctx context.Context) (*flow.Store, error) {
	f.storeOnce.Do(func() {
		f.store, f.storeErr = flow.OpenStore(ctx, f.dbPath())
	})
	return f.store, f.storeErr
}

// Flow returns the use-case layer over the store, wired to the accounts and the platforms; it builds platform
// clients only when a command reaches a platform.
func (f *Factory) Flow(ctx context.Context) (*flow.Flow, error) {
	s, err := f.Store(ctx)
	if err != nil {
		return nil, err
	}
	return flow.New(flow.Config{Store: s, Accounts: f.Accounts, Platforms: f.Platforms(), Clock: flow.ClockAt(f.Now), Actor: f.actor()}), nil
}

// Platforms returns the platform clients of the command that runs: built on first use, kept until the next
// command.
func (f *Factory) Platforms() *flow.Platforms {
	f.platformsMu.Lock()
	defer f.platformsMu.Unlock()
	if f.platforms == nil {
		f.platforms = flow.NewPlatforms(f.Drivers, f.platformEnvironment())
	}
	return f.platforms
}

// platformEnvironment is what platform clients get: this process's variables and files, the data directory,
// the command line of the supervisor of local runs, and the store's memo (opened when a platform first asks).
func (f *Factory) platformEnvironment() platforms.Environment {
	env := platforms.SystemEnvironment(f.Getenv, f.dataDir())
	env.Supervisor = f.supervisorCommand()
	env.Memo = factoryMemo{f}
	return env
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

// dataDir is the directory of the store: local accounts work, and keep their logs, under it.
func (f *Factory) dataDir() string { return filepath.Dir(f.dbPath()) }

// Accounts loads the platform account configuration on first use; it needs no store and no network.
func (f *Factory) Accounts() (*flow.Accounts, error) {
	if f.accounts == nil {
		a, err := flow.LoadAccounts(f.configPath(), f.Getenv, filepath.Dir(f.dbPath()))
		if err != nil {
			return nil, err
		}
		f.accounts = a
	}
	return f.accounts, nil
}

// Close releases what was opened.
func (f *Factory) Close() error {
	if f.store != nil {
		return f.store.Close()
	}
	return nil
}

func (f *Factory) dbPath() string {
	if f.DBPath != "" {
		return f.DBPath
	}
	if p := f.Getenv("DATAFLOW_DB"); p != "" {
		return p
	}
	return filepath.Join(xdgDir(f.Getenv, "XDG_DATA_HOME", ".local/share"), "dataflow", "dataflow.db")
}

func (f *Factory) configPath() string {
	if f.ConfigPath != "" {
		return f.ConfigPath
	}
	if p := f.Getenv("DATAFLOW_CONFIG"); p != "" {
		return p
	}
	return filepath.Join(xdgDir(f.Getenv, "XDG_CONFIG_HOME", ".config"), "dataflow", "config.yaml")
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

// cachedCompletion returns the value stored under key, computing it on first use since the last command.
func cachedCompletion[T any](f *Factory, key string, load func() T) T {
	f.completionMu.Lock()
	defer f.completionMu.Unlock()
	if v, ok := f.completionCache[key]; ok {
		return v.(T)
	}
	v := load()
	if f.completionCache == nil {
		f.completionCache = map[string]any{}
	}
	f.completionCache[key] = v
	return v
}

// forgetCommandState drops cached proposals and the last command's platform clients; every executed command
// calls it.
func (f *Factory) forgetCommandState() {
	f.completionMu.Lock()
	f.completionCache = nil
	f.completionMu.Unlock()
	f.platformsMu.Lock()
	f.platforms = nil
	f.platformsMu.Unlock()
}
