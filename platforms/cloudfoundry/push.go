package cloudfoundry

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/platforms"
)

// createApp creates the app, stopped, with its lifecycle, environment and labels in one request.
func createApp(ctx context.Context, api *client.Client, space string, p appPlan, annotations map[string]string) (*resource.App, error) {
	create := resource.NewAppCreate(p.name, space)
	if p.image != "" {
		create.Lifecycle = &resource.Lifecycle{Type: "docker", Data: resource.DockerLifecycle{}}
	} else {
		create.Lifecycle = &resource.Lifecycle{Type: "buildpack", Data: resource.BuildpackLifecycle{Buildpacks: p.buildpacks}}
	}
	create.EnvironmentVariables = p.env
	create.Metadata = metadata(p.labels, annotations)
	app, err := api.Applications.Create(ctx, create)
	if err != nil {
		if taken := nameTakenBy(ctx, api, space, p, err); taken != nil {
			return nil, taken
		}
		return nil, fmt.Errorf("cannot create app %s: %s", p.name, describe(err))
	}
	return app, nil
}

// nameTakenBy says whose the app is that already has the name a create was refused for (another store's, or
// one dataflow did not make); nil when that was not the refusal, or the app turns out to be this store's (an
// interrupted deploy's, which the caller's cleanup handles as before).
func nameTakenBy(ctx context.Context, api *client.Client, space string, p appPlan, err error) error {
	if !resource.IsUnprocessableEntityError(err) || !strings.Contains(err.Error(), "already exists") {
		return nil
	}
	o := client.NewAppListOptions()
	o.Names.EqualTo(p.name)
	o.SpaceGUIDs.EqualTo(space)
	apps, _, lerr := api.Applications.List(ctx, o)
	if lerr != nil || len(apps) == 0 {
		return nil
	}
	theirs, mine := ownerOf(apps[0].Metadata), p.labels[labelStore]
	if mine == "" || theirs == mine {
		return nil
	}
	return fmt.Errorf("cannot create app %s: one of that name already exists: %w", p.name, &platforms.NotOursError{Object: "app " + p.name, Owner: theirs,
		Dataflow: apps[0].Metadata != nil && apps[0].Metadata.Labels[labelDeploymentID] != nil})
}

func metadata(labels, annotations map[string]string) *resource.Metadata {
	m := resource.NewMetadata()
	for k, v := range labels {
		m.SetLabel("", k, v)
	}
	for k, v := range annotations {
		m.SetAnnotation("", k, v)
	}
	return m
}

// stage makes the app's droplet: a docker package pointing at the image, or the jar uploaded as bits; then a
// build, waited for. It returns the droplet; nothing is current yet. Even docker apps need the droplet (the CC
// will not start, nor run tasks on, an app without a current one). Docker credentials are never taken from
// CF_DOCKER_PASSWORD.
func (c *Client) stage(ctx context.Context, api *client.Client, appGUID string, p appPlan, bits io.Reader) (string, error) {
	pkg, err := c.uploadPackage(ctx, api, appGUID, p, bits)
	if err != nil {
		return "", err
	}
	build, err := api.Builds.Create(ctx, resource.NewBuildCreate(pkg))
	if err != nil {
		return "", fmt.Errorf("cannot stage %s: %s", p.name, describe(err))
	}
	err = c.waitFor(ctx, c.opts.StagingTimeout, "the staging of "+p.name, func(ctx context.Context) (bool, error) {
		if build.State == resource.BuildStateStaging || build.State == "STAGING" {
			b, err := api.Builds.Get(ctx, build.GUID)
			if err != nil {
				return false, fmt.Errorf("cannot follow the staging of %s: %s", p.name, describe(err))
			}
			build = b
		}
		switch build.State {
		case resource.BuildStateStaged:
			return true, nil
		case resource.BuildStateFailed:
			reason := "no reason given"
			if build.Error != nil {
				reason = *build.Error
			}
			return false, fmt.Errorf("staging %s failed: %s", p.name, reason)
		}
		return false, nil
	})
	if err != nil {
		return "", err
	}
	if build.Droplet == nil {
		return "", fmt.Errorf("staging %s gave no droplet", p.name)
	}
	return build.Droplet.GUID, nil
}

// stageCurrent is stage, then the droplet made current (a task app, which is never started).
func (c *Client) stageCurrent(ctx context.Context, api *client.Client, appGUID string, p appPlan, bits io.Reader) error {
	droplet, err := c.stage(ctx, api, appGUID, p, bits)
	if err != nil {
		return err
	}
	return setDroplet(ctx, api, appGUID, droplet, p.name)
}

func setDroplet(ctx context.Context, api *client.Client, appGUID, droplet, name string) error {
	if _, err := api.Droplets.SetCurrentAssociationForApp(ctx, appGUID, droplet); err != nil {
		return fmt.Errorf("cannot set the droplet of %s: %s", name, describe(err))
	}
	return nil
}

// startWith makes the droplet current and starts the stopped app in one request: a deployment, which the CC
// answers for a stopped app by assigning the droplet and starting it. A Cloud Controller that refuses that (an
// old one, without deployments to stopped apps) gets the two requests `cf push` sends: the droplet, then start.
func startWith(ctx context.Context, api *client.Client, appGUID, droplet, name string) error {
	req := resource.NewDeploymentCreate(appGUID)
	req.Droplet = &resource.Relationship{GUID: droplet}
	_, err := api.Deployments.Create(ctx, req)
	if err == nil {
		return nil
	}
	if !refusedRequest(err) {
		return fmt.Errorf("cannot start app %s: %s", name, describe(err))
	}
	if err := setDroplet(ctx, api, appGUID, droplet, name); err != nil {
		return err
	}
	if _, err := api.Applications.Start(ctx, appGUID); err != nil {
		return fmt.Errorf("cannot start app %s: %s", name, describe(err))
	}
	return nil
}

// refusedRequest is a CC that does not know the request (404) or will not take it (422).
func refusedRequest(err error) bool {
	cfErr, ok := ccError(err)
	return ok && (cfErr.Code == 10000 || cfErr.Code == 10010 || cfErr.Code == 10008)
}

func (c *Client) uploadPackage(ctx context.Context, api *client.Client, appGUID string, p appPlan, bits io.Reader) (string, error) {
	if p.image != "" {
		pkg, err := api.Packages.Create(ctx, resource.NewDockerPackageCreate(appGUID, p.image, "", ""))
		if err != nil {
			return "", fmt.Errorf("cannot create the docker package of %s: %s", p.name, describe(err))
		}
		return pkg.GUID, nil
	}
	pkg, err := api.Packages.Create(ctx, resource.NewPackageCreate(appGUID))
	if err != nil {
		return "", fmt.Errorf("cannot create the package of %s: %s", p.name, describe(err))
	}
	// A jar is a zip: the CC takes it as the app's bits, as `cf push -p app.jar` does.
	if _, err := api.Packages.Upload(ctx, pkg.GUID, bits); err != nil {
		return "", fmt.Errorf("cannot upload %s for %s: %s", p.source, p.name, describe(err))
	}
	err = c.waitFor(ctx, c.opts.StagingTimeout, "the upload of "+p.source, func(ctx context.Context) (bool, error) {
		got, err := api.Packages.Get(ctx, pkg.GUID)
		if err != nil {
			return false, fmt.Errorf("cannot follow the upload for %s: %s", p.name, describe(err))
		}
		switch got.State {
		case resource.PackageStateReady:
			return true, nil
		case resource.PackageStateFailed, resource.PackageStateExpired:
			return false, fmt.Errorf("the upload for %s ended %s", p.name, got.State)
		}
		return false, nil
	})
	return pkg.GUID, err
}

// openSource opens a jar on this machine, or downloads one from http(s) into an unlinked temp file; "" (a
// docker image) opens nothing. It runs before the app is created, so a missing jar creates nothing.
func openSource(ctx context.Context, src string) (io.ReadCloser, error) {
	if src == "" {
		return io.NopCloser(strings.NewReader("")), nil
	}
	if len(src) < 8 || (src[:7] != "http://" && src[:8] != "https://") {
		f, err := os.Open(src)
		if err != nil {
			return nil, fmt.Errorf("cannot read the app file: %w", err)
		}
		return f, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cannot download %s: %w", src, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("cannot download %s: %s", src, resp.Status)
	}
	tmp, err := os.CreateTemp("", "dataflow-cf-*.jar")
	if err != nil {
		return nil, err
	}
	_ = os.Remove(tmp.Name()) // the open file stays readable; nothing is left behind on any exit
	if _, err := io.Copy(tmp, resp.Body); err != nil {
		_ = tmp.Close() // given up, and already unlinked
		return nil, fmt.Errorf("cannot download %s: %w", src, err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		_ = tmp.Close()
		return nil, err
	}
	return tmp, nil
}

// deleteApp deletes an app and waits for the delete; an app already gone is not an error.
func (c *Client) deleteApp(ctx context.Context, api *client.Client, guid, name string) error {
	job, err := api.Applications.Delete(ctx, guid)
	if resource.IsResourceNotFoundError(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot delete app %s: %s", name, describe(err))
	}
	return c.waitJob(ctx, api, job, "the delete of app "+name)
}

// deleteRoute deletes a route and waits for it; a route already gone is not an error.
func (c *Client) deleteRoute(ctx context.Context, api *client.Client, guid, url string) error {
	job, err := api.Routes.Delete(ctx, guid)
	if resource.IsResourceNotFoundError(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot delete route %s: %s", url, describe(err))
	}
	return c.waitJob(ctx, api, job, "the delete of route "+url)
}

// errGroup runs steps side by side and returns their errors joined in step order.
func errGroup(steps ...func() error) error {
	errs := make([]error, len(steps))
	done := make(chan struct{}, len(steps))
	for i, step := range steps {
		go func() {
			defer func() { done <- struct{}{} }()
			errs[i] = step()
		}()
	}
	for range steps {
		<-done
	}
	return joinErrors(errs...)
}

// joinErrors is errors.Join on one line ("a; b"): a command's failure is one line for the user.
func joinErrors(errs ...error) error {
	var kept []any
	for _, err := range errs {
		if err != nil {
			kept = append(kept, err)
		}
	}
	switch len(kept) {
	case 0:
		return nil
	case 1:
		return kept[0].(error)
	}
	return fmt.Errorf(strings.TrimSuffix(strings.Repeat("%w; ", len(kept)), "; "), kept...)
}
