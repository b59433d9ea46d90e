package flow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// testDriver hands flow the clients a test made, as cmd/dataflow's drivers hand it the real ones.
type testDriver struct {
	apps      platforms.AppDeployer
	tasks     platforms.TaskLauncher
	schedules platforms.Scheduler
	traits    platforms.Traits
	// traitsOf, when set, gives each account its own traits.
	traitsOf func(platforms.Account) platforms.Traits
	built    *int
}

func (d testDriver) Apps(platforms.Account, platforms.Environment) (platforms.AppDeployer, error) {
	if d.apps == nil {
		return nil, errors.New("no deployer in this test")
	}
	return d.apps, nil
}

func (d testDriver) Tasks(platforms.Account, platforms.Environment) (platforms.TaskLauncher, error) {
	if d.tasks == nil {
		return nil, errors.New("no launcher in this test")
	}
	return d.tasks, nil
}

func (d testDriver) Schedules(platforms.Account, platforms.Environment) (platforms.Scheduler, error) {
	if d.schedules == nil {
		return nil, errors.New("no scheduler in this test")
	}
	if d.built != nil {
		*d.built++
	}
	return d.schedules, nil
}

func (d testDriver) Traits(acc platforms.Account) platforms.Traits {
	if d.traitsOf != nil {
		return d.traitsOf(acc)
	}
	return d.traits
}

// withAccounts is a flow over s with the accounts and drivers a test gives.
func withAccounts(f *Flow, accounts *Accounts, drivers map[platforms.AccountType]platforms.Driver) *Flow {
	f.loadAcc = func() (*Accounts, error) { return accounts, nil }
	f.platforms = NewPlatforms(drivers, platforms.Environment{DataDir: accounts.env.DataDir})
	return f
}

// closeStore closes a test's store, failing the test when that loses anything.
func closeStore(t testing.TB, s *store.Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Errorf("closing the store: %v", err)
	}
}

// tickingFlow is a flow over a fresh store in a temp dir whose clock moves a second at each reading, with the
// accounts of config (YAML, as the config file holds them) loaded; it returns the accounts for withAccounts.
func tickingFlow(t *testing.T, config string) (*Flow, *Accounts) {
	t.Helper()
	dir := t.TempDir()
	s, err := store.Open(context.Background(), filepath.Join(dir, "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeStore(t, s) })
	clock := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	f := New(Config{Store: s, Actor: "tester", Clock: ClockAt(func() time.Time { clock = clock.Add(time.Second); return clock })})
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	accounts, err := LoadAccounts(cfgPath, func(string) string { return "" }, dir)
	if err != nil {
		t.Fatal(err)
	}
	return f, accounts
}
