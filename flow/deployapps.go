package flow

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// deployParallelism bounds how many apps of one stream are deployed at once: a 20-app stream then takes not
// much longer than a 3-app one, without a burst that a platform's rate limits would refuse.
const deployParallelism = 16

// deployApps deploys the apps whose ids are new in this release (the others run already) and returns every
// app with its handle; on an error it returns those it deployed and those whose deploy failed (a platform's own
// cleanup of a failed deploy may fail too; not one refused at an object that is not the store's), for the caller
// to remove. Apps go one after the
// other, sink first, unless the deployer says it deploys concurrently (platforms.ConcurrentDeployer); then they
// go side by side, up to deployParallelism at once; after a failure no more are started and those underway are
// waited for, so the caller knows all that was created.
func (f *Flow) deployApps(ctx context.Context, deployer platforms.AppDeployer, stream, prefix string, config releaseConfig, apps []store.ReleaseApp) ([]store.ReleaseApp, error) {
	config, err := f.runnableConfig(ctx, deployer, config)
	if err != nil {
		return nil, err
	}
	deploy := func(app store.ReleaseApp) (store.ReleaseApp, error) {
		spec, _ := config.app(app.Label)
		d, err := spec.deploymentOf(stream, app.DeploymentID)
		if err == nil {
			d.NamePrefix = prefix
			app.Handle, err = deployer.Deploy(ctx, d)
		}
		if err != nil {
			return app, fmt.Errorf("app '%s': %w", app.Label, err)
		}
		if app.Handle == "" {
			app.Handle = "-" // deployed; the platform finds it by its id
		}
		return app, nil
	}
	pending := func(app store.ReleaseApp) bool { return app.Handle == "" && app.DeploymentID != "" }
	var fresh []store.ReleaseApp
	for _, app := range apps {
		if pending(app) {
			fresh = append(fresh, app)
		}
	}
	if err := validateReleaseApps(deployer, stream, prefix, config, fresh); err != nil {
		return nil, err
	}
	out := make([]store.ReleaseApp, len(apps))
	errs := make([]error, len(apps))
	skipped := make([]bool, len(apps))
	if c, ok := deployer.(platforms.ConcurrentDeployer); ok && c.DeploysConcurrently() {
		var wg sync.WaitGroup
		var failed atomic.Bool
		slots := make(chan struct{}, deployParallelism)
		for i, app := range apps {
			if !pending(app) {
				out[i] = app
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				slots <- struct{}{}
				defer func() { <-slots }()
				if failed.Load() {
					skipped[i] = true // one app failed: start no more, let those underway finish
					return
				}
				if out[i], errs[i] = deploy(app); errs[i] != nil {
					failed.Store(true)
				}
			}()
		}
		wg.Wait()
	} else {
		for i, app := range apps {
			if !pending(app) {
				out[i] = app
				continue
			}
			if out[i], errs[i] = deploy(app); errs[i] != nil {
				out = out[:i+1]
				break
			}
		}
	}
	var created []store.ReleaseApp
	var first error
	for i, app := range out {
		switch {
		case errs[i] != nil:
			if first == nil {
				first = errs[i]
			}
			// Refused at another's object: the platform removed what it had made, and a removal by the app's id
			// would reach the other's object.
			if !errors.Is(errs[i], platforms.ErrNotOurs) {
				created = append(created, app)
			}
		case pending(apps[i]) && !skipped[i]:
			created = append(created, app)
		}
	}
	if first != nil {
		return created, first
	}
	return out, nil
}

// validateApps checks every app of a new release with the deployer, before anything is written or sent.
func validateApps(deployer platforms.AppDeployer, stream, prefix string, config releaseConfig) error {
	apps := make([]store.ReleaseApp, len(config.Apps))
	for i, a := range config.Apps {
		apps[i] = store.ReleaseApp{Label: a.Label, DeploymentID: deploymentID(stream, a.Label, 1)}
	}
	return validateReleaseApps(deployer, stream, prefix, config, apps)
}

// validateReleaseApps asks a deployer that can check apps without sending anything (platforms.AppValidator)
// about each of them, so that bad input creates nothing even where apps deploy side by side.
func validateReleaseApps(deployer platforms.AppDeployer, stream, prefix string, config releaseConfig, apps []store.ReleaseApp) error {
	v, ok := deployer.(platforms.AppValidator)
	if !ok {
		return nil
	}
	for _, app := range apps {
		spec, _ := config.app(app.Label)
		d, err := spec.deploymentOf(stream, app.DeploymentID)
		if err == nil {
			d.NamePrefix = prefix
			err = v.Validate(d)
		}
		if err != nil {
			return fmt.Errorf("app '%s': %w", app.Label, err)
		}
	}
	return nil
}
