package flow

import (
	"context"
	"sync"

	"github.com/dataflow-cli/dataflow/platforms"
)

// WarmLauncher builds, in the background, the launcher of the account a launch names and lets it connect
// (platforms.Connector: a Kubernetes account starts its TLS handshake and the count of running task pods), so
// that this work overlaps opening the store and recording the execution instead of following them. Nothing is
// written anywhere: a launch refused later (an unknown task) has at most sent that one read. The factory it
// returns hands the warm launcher to the first launch on that account, and builds the others as launchers does.
func WarmLauncher(ctx context.Context, accounts *Accounts, platform string, launchers LauncherFactory) LauncherFactory {
	acc, err := accounts.TaskAccount(platform)
	if err != nil {
		return launchers // the launch reports it
	}
	type built struct {
		l   platforms.TaskLauncher
		err error
	}
	ready := make(chan built, 1)
	go func() {
		l, err := launchers(acc)
		if c, ok := l.(platforms.Connector); ok && err == nil {
			c.Connect(ctx)
		}
		ready <- built{l, err}
	}()
	var once sync.Once
	return func(a platforms.Account) (platforms.TaskLauncher, error) {
		var warm *built
		if a.Name == acc.Name {
			once.Do(func() { b := <-ready; warm = &b })
		}
		if warm != nil {
			return warm.l, warm.err
		}
		return launchers(a)
	}
}
