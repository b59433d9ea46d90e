package cctest

import (
	"context"
	"strings"
	"testing"

	"github.com/cloudfoundry/go-cfclient/v3/resource"
)

// A deployment of a stopped app with a staged droplet makes the droplet current and starts the app in one
// request, as the CC does; what the fake does not model is refused in the CC's error format.
func TestDeploymentStartsAStoppedApp(t *testing.T) {
	s, cf := newClient(t)
	ctx := context.Background()
	create := resource.NewAppCreate("web", s.DefaultSpaceGUID())
	create.Lifecycle = &resource.Lifecycle{Type: "docker", Data: resource.DockerLifecycle{}}
	app := must(cf.Applications.Create(ctx, create))(t)
	pkg := must(cf.Packages.Create(ctx, resource.NewDockerPackageCreate(app.GUID, "springcloud/app:1", "", "")))(t)
	b := must(cf.Builds.Create(ctx, resource.NewBuildCreate(pkg.GUID)))(t)
	for b.State == resource.BuildStateStaging {
		b = must(cf.Builds.Get(ctx, b.GUID))(t)
	}

	req := resource.NewDeploymentCreate(app.GUID)
	req.Droplet = &resource.Relationship{GUID: "not-a-droplet"}
	if _, err := cf.Deployments.Create(ctx, req); err == nil || !strings.Contains(err.Error(), "Unable to assign current droplet") {
		t.Fatalf("unknown droplet: %v", err)
	}
	req.Droplet = &resource.Relationship{GUID: b.Droplet.GUID}
	d := must(cf.Deployments.Create(ctx, req))(t)
	if d.Status.Value != "FINALIZED" || d.Status.Reason != "DEPLOYED" || d.Droplet.GUID != b.Droplet.GUID {
		t.Fatalf("deployment = %+v", d)
	}
	got := must(cf.Applications.Get(ctx, app.GUID))(t)
	if got.State != "STARTED" {
		t.Fatalf("app state = %s, want STARTED", got.State)
	}
	if cur := must(cf.Droplets.GetCurrentForApp(ctx, app.GUID))(t); cur.GUID != b.Droplet.GUID {
		t.Fatalf("current droplet = %s", cur.GUID)
	}
	if again := must(cf.Deployments.Get(ctx, d.GUID))(t); again.GUID != d.GUID {
		t.Fatalf("get = %+v", again)
	}
	if _, err := cf.Deployments.Create(ctx, resource.NewDeploymentCreate(app.GUID)); err == nil || !strings.Contains(err.Error(), "not modelled") {
		t.Fatalf("rolling deployment of a started app: %v", err)
	}
	if _, err := cf.Deployments.Create(ctx, resource.NewDeploymentCreate("no-such-app")); err == nil || !strings.Contains(err.Error(), "Unable to use app") {
		t.Fatalf("unknown app: %v", err)
	}
}
