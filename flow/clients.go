package flow

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/dataflow-cli/dataflow/platforms"
)

// errNoAccounts is what a command that needs a platform says when the flow was built without accounts.
var errNoAccounts = errors.New("no platform accounts are configured for this command")

// accounts is the account configuration, loaded on first use.
func (f *Flow) accounts() (*Accounts, error) {
	if f.loadAcc == nil {
		return nil, errNoAccounts
	}
	return f.loadAcc()
}

// Platforms builds each account's deployer, launcher and scheduler once, on first use, and keeps them: a
// listing asks the same account about many executions, and a Cloud Foundry client holds its login (a token
// grant) and the org and space it looked up. The shell makes one per command and hands it to its Flow.
type Platforms struct {
	drivers map[platforms.AccountType]platforms.Driver
	env     platforms.Environment

	// identity is the store's identity, read once (see storeOwner).
	identity lazyClient[string]
	store    storeIdentity

	mu         sync.Mutex
	deployers  map[string]*lazyClient[platforms.AppDeployer]
	launchers  map[string]*lazyClient[platforms.TaskLauncher]
	schedulers map[string]*lazyClient[platforms.Scheduler]
	// taskdbs holds the task database: the session's (UseTaskDBCache), or one of these clients' own.
	taskdbs *TaskDBCache
}

// UseTaskDBCache shares a session's open task database with these clients.
func (p *Platforms) UseTaskDBCache(c *TaskDBCache) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.taskdbs = c
}

func (p *Platforms) taskDBCache() *TaskDBCache {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.taskdbs == nil {
		p.taskdbs = &TaskDBCache{}
	}
	return p.taskdbs
}

// NewPlatforms returns the clients of the wired drivers, each built with env when first needed.
func NewPlatforms(drivers map[platforms.AccountType]platforms.Driver, env platforms.Environment) *Platforms {
	p := &Platforms{drivers: drivers, env: env}
	if p.env.Owner == nil {
		p.env.Owner = p.storeOwner
	}
	return p
}

// driver is the driver of an account's type.
func (f *Flow) driver(acc platforms.Account) (platforms.Driver, bool) {
	d, ok := f.platforms.drivers[acc.Type]
	return d, ok
}

// traits are the account's platform traits; an account type with no driver has the zero traits.
func (f *Flow) traits(acc platforms.Account) platforms.Traits {
	if d, ok := f.driver(acc); ok {
		return d.Traits(acc)
	}
	return platforms.Traits{}
}

// lazyClient is one account's client, built once: concurrent callers (the steps of a composed split, a launch
// warming its account) wait for the same build.
type lazyClient[T any] struct {
	once   sync.Once
	client T
	err    error
}

func (c *lazyClient[T]) get(build func() (T, error)) (T, error) {
	c.once.Do(func() { c.client, c.err = build() })
	return c.client, c.err
}

// clientOf returns the slot of an account's client in one of the maps, making it when needed.
func clientOf[T any](p *Platforms, m *map[string]*lazyClient[T], account string) *lazyClient[T] {
	p.mu.Lock()
	defer p.mu.Unlock()
	if *m == nil {
		*m = map[string]*lazyClient[T]{}
	}
	c, ok := (*m)[account]
	if !ok {
		c = &lazyClient[T]{}
		(*m)[account] = c
	}
	return c
}

// deployer is the stream app deployer of an account.
func (f *Flow) deployer(acc platforms.Account) (platforms.AppDeployer, error) {
	f.platforms.bindStore(f.Store)
	return f.platforms.deployer(acc)
}

func (p *Platforms) deployer(acc platforms.Account) (platforms.AppDeployer, error) {
	return clientOf(p, &p.deployers, acc.Name).get(func() (platforms.AppDeployer, error) {
		d, ok := p.drivers[acc.Type]
		if !ok {
			return nil, fmt.Errorf("deploying streams on %s accounts ('%s') is not available in this version", acc.Type, acc.Name)
		}
		return d.Apps(acc, p.env)
	})
}

// launcher is the task launcher of an account.
func (f *Flow) launcher(acc platforms.Account) (platforms.TaskLauncher, error) {
	f.platforms.bindStore(f.Store)
	return f.platforms.launcher(acc)
}

func (p *Platforms) launcher(acc platforms.Account) (platforms.TaskLauncher, error) {
	return clientOf(p, &p.launchers, acc.Name).get(func() (platforms.TaskLauncher, error) {
		d, ok := p.drivers[acc.Type]
		if !ok {
			return nil, fmt.Errorf("launching tasks on %s accounts ('%s') is not available in this version", acc.Type, acc.Name)
		}
		return d.Tasks(acc, p.env)
	})
}

// scheduler is the task scheduler of an account.
func (f *Flow) scheduler(acc platforms.Account) (platforms.Scheduler, error) {
	f.platforms.bindStore(f.Store)
	return f.platforms.scheduler(acc)
}

func (p *Platforms) scheduler(acc platforms.Account) (platforms.Scheduler, error) {
	return clientOf(p, &p.schedulers, acc.Name).get(func() (platforms.Scheduler, error) {
		d, ok := p.drivers[acc.Type]
		if !ok {
			return nil, noSchedulerError(acc)
		}
		if err := d.Traits(acc).NoSchedules; err != nil {
			return nil, err
		}
		return d.Schedules(acc, p.env)
	})
}

// streamDeployer is the deployer of the stream account named platform.
func (f *Flow) streamDeployer(platform string) (platforms.Account, platforms.AppDeployer, error) {
	acc, err := f.streamAccount(platform)
	if err != nil {
		return acc, nil, err
	}
	d, err := f.deployer(acc)
	return acc, d, err
}

// taskAccount is the task account named platform (the only one, or "default", when platform is empty).
func (f *Flow) taskAccount(platform string) (platforms.Account, error) {
	accounts, err := f.accounts()
	if err != nil {
		return platforms.Account{}, err
	}
	return accounts.TaskAccount(platform)
}

// streamAccount is the stream account named platform (the only one, or "default", when platform is empty).
func (f *Flow) streamAccount(platform string) (platforms.Account, error) {
	accounts, err := f.accounts()
	if err != nil {
		return platforms.Account{}, err
	}
	return accounts.StreamAccount(platform)
}

// taskLauncher is the launcher of the task account named platform.
func (f *Flow) taskLauncher(platform string) (platforms.Account, platforms.TaskLauncher, error) {
	acc, err := f.taskAccount(platform)
	if err != nil {
		return acc, nil, err
	}
	l, err := f.launcher(acc)
	return acc, l, err
}

// WarmLauncher builds, in the background, the launcher of the account a launch will use and lets it connect
// (platforms.Connector: a Kubernetes account starts its TLS handshake and the count of running task pods), so
// that this work overlaps opening the store and recording the execution instead of following them. Nothing is
// written anywhere: a launch refused later (an unknown task) has at most sent that one read. The launch then
// finds the launcher built, or waits for it.
func (p *Platforms) WarmLauncher(ctx context.Context, acc platforms.Account) {
	go func() {
		l, err := p.launcher(acc)
		if c, ok := l.(platforms.Connector); ok && err == nil {
			c.Connect(ctx)
		}
	}()
}
