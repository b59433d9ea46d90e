package cloudfoundry

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/platforms"
)

// labelStore holds the identity of the store that made an app or a task (platforms.StoreLabel), in the CC v3
// metadata labels.
const labelStore = platforms.StoreLabel

// owner is the identity of the store the command runs for ("" when the environment has none).
func (c *Client) owner(ctx context.Context) (string, error) { return c.env.StoreOwner(ctx) }

// withOwner adds the store's identity to labels.
func withOwner(labels map[string]string, owner string) map[string]string {
	if owner == "" {
		return labels
	}
	out := make(map[string]string, len(labels)+1)
	for k, v := range labels {
		out[k] = v
	}
	out[labelStore] = owner
	return out
}

// ownerOf is the store identity an app carries ("" for none).
func ownerOf(m *resource.Metadata) string {
	if m == nil || m.Labels[labelStore] == nil {
		return ""
	}
	return *m.Labels[labelStore]
}

// selectOwner narrows a label selector to what the store made: apps and tasks found by a label (a deployment
// id, an execution id) that another store using the space may have used too.
func selectOwner(sel *client.LabelSelector, owner string) {
	if owner != "" {
		sel.EqualTo(labelStore, owner)
	}
}

// checkTaskApp refuses to use, stage again or delete a task's app that another store made, or that dataflow did
// not make (its staged digest annotation says dataflow did: an app of a store from before identities is
// claimed, since task apps are named after the task and have no release history to tell whose they are).
func (c *Client) checkTaskApp(app *resource.App, owner string) error {
	theirs := ownerOf(app.Metadata)
	madeByDataflow := app.Metadata != nil && app.Metadata.Annotations[stagedDigest] != nil
	if owner == "" || theirs == owner || theirs == "" && madeByDataflow {
		return nil
	}
	return &platforms.NotOursError{Object: c.describeApp(app.Name), Owner: theirs, Dataflow: madeByDataflow}
}

// describeApp names an app as users find it with cf.
func (c *Client) describeApp(name string) string {
	cf := c.Account.CloudFoundry
	if cf == nil {
		return "app " + name
	}
	return fmt.Sprintf("app %s in space %s", name, cf.Connection.Space)
}

// ListGroup lists the space's apps of a stream named under the account's prefix (platforms.GroupLister), with
// the store that made each: an app's deployment id label and the prefix give the name this store would give
// it, and only an app with that name is one its commands would make or remove. Apps of the stream under
// another store's prefix live beside them and are left out.
func (a *Apps) ListGroup(ctx context.Context, group, namePrefix string) ([]platforms.GroupObject, error) {
	api, space, err := a.connect(ctx)
	if err != nil {
		return nil, err
	}
	o := client.NewAppListOptions()
	o.SpaceGUIDs.EqualTo(space)
	o.LabelSel = client.LabelSelector{} // go-cfclient leaves it nil, and EqualTo would panic
	o.LabelSel.EqualTo("spring-group-id", group)
	apps, err := api.Applications.ListAll(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("cannot list the apps of stream %s: %s", group, describe(err))
	}
	var out []platforms.GroupObject
	for _, app := range apps {
		if app.Metadata == nil || app.Metadata.Labels[labelDeploymentID] == nil {
			continue
		}
		id := *app.Metadata.Labels[labelDeploymentID]
		if name, err := AppName(namePrefix, id); err != nil || !strings.EqualFold(name, app.Name) {
			continue
		}
		out = append(out, platforms.GroupObject{Object: a.describeApp(app.Name), DeploymentID: id, Owner: ownerOf(app.Metadata), Dataflow: true})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Object < out[j].Object })
	return out, nil
}
