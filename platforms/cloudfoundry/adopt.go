package cloudfoundry

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/platforms"
)

// FindSCDFApps finds a stream's apps by SCDF's app names, <prefix>-<stream>-<label>-v<N>, in the account's space
// (platforms.SCDFAdopter). SCDF's deployer pushed through the CC v2 API and set no labels, so the space's apps
// are matched by name; an app is taken only when its environment says it belongs to the stream
// (SPRING_CLOUD_APPLICATION_GROUP, which SCDF's deployer always sets): the prefix is free, and 'a-foo-time-v1'
// could be stream foo's under prefix 'a' or stream a-foo's under none.
func (a *Apps) FindSCDFApps(ctx context.Context, group string, labels []string) ([]platforms.SCDFApp, error) {
	api, space, err := a.connect(ctx)
	if err != nil {
		return nil, err
	}
	o := client.NewAppListOptions()
	o.SpaceGUIDs.EqualTo(space)
	apps, err := api.Applications.ListAll(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("cannot list the apps of space %s: %s", a.Account.CloudFoundry.Connection.Space, describe(err))
	}
	var out []platforms.SCDFApp
	for _, label := range labels {
		name := regexp.MustCompile(`(?i)^(?:(.+)-)?` + regexp.QuoteMeta(notNameChar().ReplaceAllString(group+"-"+label, "-")) + `-v([0-9]+)$`)
		for _, app := range apps {
			m := name.FindStringSubmatch(app.Name)
			if m == nil {
				continue
			}
			env, err := api.Applications.GetEnvironmentVariables(ctx, app.GUID)
			if err != nil {
				return nil, fmt.Errorf("cannot read the environment of app %s: %s", app.Name, describe(err))
			}
			if g := env[envGroup]; g == nil || *g != group {
				continue
			}
			n, _ := strconv.Atoi(m[2])
			found := platforms.SCDFApp{Label: label, DeploymentID: fmt.Sprintf("%s-%s-v%d", group, label, n), Version: n, NamePrefix: m[1],
				Objects: []platforms.GroupObject{{Object: a.describeApp(app.Name), DeploymentID: fmt.Sprintf("%s-%s-v%d", group, label, n),
					Owner: ownerOf(app.Metadata), Dataflow: app.Metadata != nil && app.Metadata.Labels[labelDeploymentID] != nil}},
				Handle: appHandle{Name: app.Name, GUID: app.GUID}.String()}
			if found.Running, found.Instances, err = running(ctx, api, app); err != nil {
				return nil, err
			}
			out = append(out, found)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Label != out[j].Label {
			return out[i].Label < out[j].Label
		}
		return out[i].Version < out[j].Version
	})
	return out, nil
}

// running is what an app runs: the image of a docker app's current droplet ("" for a buildpack app, whose
// droplet does not say which jar it was staged from), and its web process's instance count.
func running(ctx context.Context, api *client.Client, app *resource.App) (string, int, error) {
	image := ""
	if app.Lifecycle.Type == "docker" {
		d, err := api.Droplets.GetCurrentForApp(ctx, app.GUID)
		if err != nil && !resource.IsResourceNotFoundError(err) {
			return "", 0, fmt.Errorf("cannot read the droplet of app %s: %s", app.Name, describe(err))
		}
		if d != nil && d.Image != nil {
			image = *d.Image
		}
	}
	procs, err := api.Processes.ListForAppAll(ctx, app.GUID, nil)
	if err != nil {
		return "", 0, fmt.Errorf("cannot read the processes of app %s: %s", app.Name, describe(err))
	}
	for _, p := range procs {
		if p.Type == "web" {
			return image, p.Instances, nil
		}
	}
	return image, 0, nil
}

// CompareSCDFApp compares a running app with what a push of app would make: its name, its image (docker apps;
// a buildpack app's jar cannot be told from its droplet) and its instance count (platforms.SCDFAdopter).
func (a *Apps) CompareSCDFApp(d platforms.AppDeployment, found platforms.SCDFApp) ([]string, error) {
	name, err := AppName(d.NamePrefix, d.DeploymentID)
	if err != nil {
		return nil, err
	}
	plan, err := planApp(a.Account, d, name)
	if err != nil {
		return nil, err
	}
	h, _ := parseHandle(found.Handle)
	var diffs []string
	if h.Name != name {
		diffs = append(diffs, fmt.Sprintf("app %s would be named %s here", h.Name, name))
	}
	switch {
	case plan.image != "" && plan.image != found.Running:
		running := found.Running
		if running == "" {
			running = "no docker image"
		}
		diffs = append(diffs, fmt.Sprintf("app %s runs %s, the definition with SCDF's deployment properties gives image %s", h.Name, running, plan.image))
	case plan.image == "" && found.Running != "":
		diffs = append(diffs, fmt.Sprintf("app %s runs image %s, the definition with SCDF's deployment properties gives a jar", h.Name, found.Running))
	}
	if plan.instances != found.Instances {
		diffs = append(diffs, fmt.Sprintf("app %s runs %d instances, the deployment properties say %d", h.Name, found.Instances, plan.instances))
	}
	return diffs, nil
}

// AdoptSCDFApp adds the labels this store's commands find a stream's apps by, with the store's identity, to the
// app's metadata; nothing else of the app changes (platforms.SCDFAdopter).
func (a *Apps) AdoptSCDFApp(ctx context.Context, found platforms.SCDFApp, owner string) (string, error) {
	h, err := parseHandle(found.Handle)
	if err != nil {
		return "", err
	}
	api, err := a.session(ctx)
	if err != nil {
		return "", err
	}
	group := found.DeploymentID[:len(found.DeploymentID)-len(found.Label)-len("-v"+strconv.Itoa(found.Version))-1]
	labels := validLabels(map[string]string{"spring-group-id": group, "spring-application-name": found.Label, labelDeploymentID: found.DeploymentID})
	if _, err := api.Applications.Update(ctx, h.GUID, &resource.AppUpdate{Metadata: metadata(withOwner(labels, owner), nil)}); err != nil {
		return "", fmt.Errorf("cannot label app %s: %s", h.Name, describe(err))
	}
	return found.Handle, nil
}
