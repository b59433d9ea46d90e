package cloudfoundry

import (
	"context"
	"fmt"

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
