package cloudfoundry

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Apps deploys stream apps to one account's space.
type Apps struct{ *Client }

// NewApps keeps the account; it connects on the first call.
func NewApps(acc platforms.Account, env platforms.Environment, opts Options) (*Apps, error) {
	c, err := NewClient(acc, env, opts)
	if err != nil {
		return nil, err
	}
	return &Apps{c}, nil
}

// DeploysConcurrently is true: a deploy waits for staging, so flow deploys a stream's apps side by side.
func (a *Apps) DeploysConcurrently() bool { return true }

// Validate works out the app's name and push from its properties, sending nothing.
func (a *Apps) Validate(d platforms.AppDeployment) error {
	name, err := AppName(d.NamePrefix, d.DeploymentID)
	if err != nil {
		return err
	}
	_, err = planApp(a.Account, d, name)
	return err
}

// Deploy pushes the app and starts it, without waiting for its instances to run (status shows them come
// up). The order keeps the dependent chain short: the services (found before anything exists), then the app
// (with its environment) beside the routes' domains, then side by side its droplet, process settings, routes
// and bindings, then the droplet made current and the app started, in one request (startWith). If any step fails, the app and the routes this deploy created are deleted, and
// the failure is returned.
//
// When the org and space GUIDs were remembered, the push starts with them while their lookup runs beside it;
// the lookup must agree before the app is started. Where it does not (the space was deleted and made again),
// what was made is deleted and the push starts over in the space the lookup found.
func (a *Apps) Deploy(ctx context.Context, d platforms.AppDeployment) (string, error) {
	name, err := AppName(d.NamePrefix, d.DeploymentID)
	if err != nil {
		return "", err
	}
	plan, err := planApp(a.Account, d, name)
	if err != nil {
		return "", err
	}
	owner, err := a.owner(ctx)
	if err != nil {
		return "", err
	}
	plan.labels = withOwner(plan.labels, owner)
	api, at, lookup, err := a.guessPlace(ctx)
	if err != nil {
		return "", err
	}
	handle, err := a.push(ctx, api, at, lookup, name, plan)
	// Pushed again only when nothing of the first push is left in the wrong space (its undo may have failed).
	if errors.Is(err, errMovedSpace) && !errors.Is(err, platforms.ErrLeftBehind) {
		found, ferr := lookup.wait(ctx)
		if ferr != nil {
			return "", ferr
		}
		return a.push(ctx, api, found, nil, name, plan)
	}
	return handle, err
}

// errMovedSpace says a push used remembered GUIDs that the lookup did not confirm.
var errMovedSpace = errors.New("the remembered space of the account is not its space any more")

// push is Deploy in one org and space; lookup, when set, must confirm them before the app starts.
func (a *Apps) push(ctx context.Context, api *client.Client, at place, lookup *placeLookup, name string, plan appPlan) (string, error) {
	// checked turns a push's outcome into errMovedSpace when the place was a wrong guess, or into the
	// lookup's error when the space itself cannot be found: a failure in a wrong space says nothing.
	checked := func(cause error) error {
		if lookup == nil {
			return cause
		}
		ok, err := lookup.confirm(ctx)
		switch {
		case err != nil:
			return err
		case !ok:
			return errMovedSpace
		}
		return cause
	}
	services, err := resolveServices(ctx, api, at.space, plan.services)
	if err != nil {
		return "", checked(err)
	}
	bits, err := openSource(ctx, plan.source)
	if err != nil {
		return "", err
	}
	defer bits.Close()
	if plan.source != "" && jarHasCfEnv(bits) {
		if err := plan.useCfEnv(false); err != nil {
			return "", err
		}
	}
	var app *resource.App
	var routes []resolvedRoute
	err = errGroup(
		func() (err error) { app, err = createApp(ctx, api, at.space, plan, nil); return },
		func() (err error) { routes, err = a.resolveDomains(ctx, api, at.org, plan.routes); return },
	)
	if err != nil {
		err = checked(err)
		if app != nil {
			return "", a.undo(ctx, api, app.GUID, name, nil, err)
		}
		return "", err
	}
	var createdRoutes []string
	var droplet string
	err = checked(errGroup(
		func() (err error) { droplet, err = a.stage(ctx, api, app.GUID, plan, bits); return },
		func() error { return configureProcess(ctx, api, app.GUID, plan) },
		func() (err error) { createdRoutes, err = a.mapRoutes(ctx, api, at.space, app.GUID, routes); return },
		func() error { return a.bindServices(ctx, api, app.GUID, services) },
	))
	if err == nil {
		err = startWith(ctx, api, app.GUID, droplet, name)
	}
	if err != nil {
		return "", a.undo(ctx, api, app.GUID, name, createdRoutes, err)
	}
	return appHandle{Name: name, GUID: app.GUID}.String(), nil
}

// undo deletes what a failed deploy created; the deploy's failure comes first in what is returned.
func (a *Apps) undo(ctx context.Context, api *client.Client, appGUID, name string, routes []string, cause error) error {
	ctx = context.WithoutCancel(ctx)
	var cleanup []error
	if err := a.deleteApp(ctx, api, appGUID, name); err != nil {
		cleanup = append(cleanup, fmt.Errorf("and the app could not be removed (delete it with `cf delete %s`): %w", name, err))
	}
	for _, r := range routes {
		if err := a.deleteRoute(ctx, api, r, r); err != nil {
			cleanup = append(cleanup, fmt.Errorf("and a route it made could not be removed: %w", err))
		}
	}
	if len(cleanup) > 0 {
		return &platforms.LeftBehindError{Cause: cause, Cleanup: cleanup}
	}
	return cause
}

// configureProcess sets the web process's health check, instances, memory and disk. The web process has the
// app's GUID on every Cloud Controller v3.
func configureProcess(ctx context.Context, api *client.Client, guid string, p appPlan) error {
	update := resource.NewProcessUpdate().WithHealthCheckType(p.health.kind).WithHealthCheckTimeout(p.health.timeout)
	if p.health.endpoint != "" {
		update.WithHealthCheckEndpoint(p.health.endpoint)
	}
	if _, err := api.Processes.Update(ctx, guid, update); err != nil {
		return fmt.Errorf("cannot set the health check of %s: %s", p.name, describe(err))
	}
	scale := resource.NewProcessScale().WithInstances(p.instances).WithMemoryInMB(p.memoryMB).WithDiskInMB(p.diskMB)
	if _, err := api.Processes.Scale(ctx, guid, scale); err != nil {
		return fmt.Errorf("cannot size %s (%d x %dm memory, %dm disk): %s", p.name, p.instances, p.memoryMB, p.diskMB, describe(err))
	}
	return nil
}

// Undeploy deletes the app and, unless the account says deleteRoutes: false, the routes no other app uses.
// Unlike SCDF, it waits for the Cloud Controller's delete job and reports a failure.
func (a *Apps) Undeploy(ctx context.Context, ref platforms.AppRef) error {
	if ref.Handle == "" {
		// A deploy that was interrupted before flow kept its handle: find its apps by their label.
		api, space, err := a.connect(ctx)
		if err != nil {
			return err
		}
		owner, err := a.owner(ctx)
		if err != nil {
			return err
		}
		found, err := findByDeploymentID(ctx, api, space, ref.DeploymentID, owner)
		if err != nil {
			return err
		}
		var steps []func() error
		for _, h := range found {
			steps = append(steps, func() error { return a.undeploy(ctx, api, h) })
		}
		return errGroup(steps...)
	}
	h, err := parseHandle(ref.Handle)
	if err != nil {
		return err
	}
	api, err := a.session(ctx)
	if err != nil {
		return err
	}
	return a.undeploy(ctx, api, h)
}

// findByDeploymentID lists the space's apps labelled with the deployment id by this store (owner): another
// store sharing the space uses the same deployment ids under its own name prefix.
func findByDeploymentID(ctx context.Context, api *client.Client, space, id, owner string) ([]appHandle, error) {
	o := client.NewAppListOptions()
	o.SpaceGUIDs.EqualTo(space)
	o.LabelSel = client.LabelSelector{} // go-cfclient leaves it nil, and EqualTo would panic
	o.LabelSel.EqualTo(labelDeploymentID, id)
	selectOwner(&o.LabelSel, owner)
	apps, err := api.Applications.ListAll(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("cannot look up the apps of %s: %s", id, describe(err))
	}
	out := make([]appHandle, len(apps))
	for i, app := range apps {
		out[i] = appHandle{Name: app.Name, GUID: app.GUID}
	}
	return out, nil
}

func (a *Apps) undeploy(ctx context.Context, api *client.Client, h appHandle) error {
	deleteRoutes, err := newSettings(a.Account, nil).boolean(true, "deleteRoutes")
	if err != nil {
		return err
	}
	var routes map[string]string
	if deleteRoutes {
		routes, err = unsharedRoutes(ctx, api, h.GUID)
		if err != nil && !resource.IsResourceNotFoundError(err) {
			return fmt.Errorf("cannot list the routes of %s: %s", h.Name, describe(err))
		}
	}
	if err := a.deleteApp(ctx, api, h.GUID, h.Name); err != nil {
		return err
	}
	var steps []func() error
	for guid, url := range routes {
		steps = append(steps, func() error { return a.deleteRoute(ctx, api, guid, url) })
	}
	return errGroup(steps...)
}

// Status reads each app's web process stats: one request per app, sent side by side.
func (a *Apps) Status(ctx context.Context, refs []platforms.AppRef) ([]platforms.AppStatus, error) {
	out := make([]platforms.AppStatus, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	api, err := a.session(ctx)
	if err != nil {
		return nil, err
	}
	steps := make([]func() error, len(refs))
	for i, ref := range refs {
		steps[i] = func() error {
			out[i] = a.appStatus(ctx, api, ref)
			return nil
		}
	}
	_ = errGroup(steps...)
	return out, nil
}

func (a *Apps) appStatus(ctx context.Context, api *client.Client, ref platforms.AppRef) platforms.AppStatus {
	st := platforms.AppStatus{DeploymentID: ref.DeploymentID}
	h, err := parseHandle(ref.Handle)
	if err != nil {
		st.State, st.Reason = platforms.StateUnknown, err.Error()
		return st
	}
	stats, err := api.Processes.GetStatsForApp(ctx, h.GUID, "web")
	switch {
	case resource.IsResourceNotFoundError(err):
		// The app is gone: SCDF's empty status, shown as undeployed.
		st.State = platforms.StateUnknown
		return st
	case err != nil:
		st.State, st.Reason = platforms.StateError, describe(err)
		return st
	}
	var instances []platforms.InstanceStatus
	for _, s := range stats.Stats {
		instances = append(instances, instanceStatus(h, s))
	}
	return platforms.StatusOfInstances(ref.DeploymentID, instances)
}

// instanceStatus maps a CF instance as SCDF's CloudFoundryAppInstanceStatus does.
func instanceStatus(h appHandle, s resource.ProcessStat) platforms.InstanceStatus {
	idx := strconv.Itoa(s.Index)
	in := platforms.InstanceStatus{ID: h.Name + "-" + idx, Attributes: map[string]string{
		"guid": h.Name + ":" + idx, "cf-guid": h.GUID, "index": idx, "state": s.State,
	}}
	switch s.State {
	case "STARTING", "DOWN":
		in.State = platforms.StateDeploying
		// CC says why an instance is not running yet when it can ("insufficient resources: memory": no cell
		// can place it); it stays deploying, with the reason shown.
		if s.Details != nil && *s.Details != "" {
			in.Attributes["reason"] = s.State + ": " + *s.Details
		}
	case "CRASHED":
		in.State = platforms.StateFailed
		in.Attributes["reason"] = "CRASHED"
		if s.Details != nil && *s.Details != "" {
			in.Attributes["reason"] = "CRASHED: " + *s.Details
		}
	case "RUNNING", "FLAPPING":
		in.State = platforms.StateDeployed
	default:
		in.State = platforms.StateUnknown
	}
	if s.Host != "" {
		in.Attributes["host"] = s.Host
	}
	return in
}

// Scale sets the web process's instance count; the handle does not change.
func (a *Apps) Scale(ctx context.Context, ref platforms.AppRef, count int) (string, error) {
	h, err := parseHandle(ref.Handle)
	if err != nil {
		return "", err
	}
	api, err := a.session(ctx)
	if err != nil {
		return "", err
	}
	if _, err := api.Processes.Scale(ctx, h.GUID, resource.NewProcessScale().WithInstances(count)); err != nil {
		return "", fmt.Errorf("cannot scale %s to %d: %s", h.Name, count, describe(err))
	}
	return ref.Handle, nil
}

// FetchesURLs is true: an http(s):// jar is fetched by the push itself; flow resolves maven:// apps to the jar
// in the Maven local repository, which is pushed as SCDF's Cloud Foundry deployer pushed it.
func (a *Apps) FetchesURLs() bool { return true }
