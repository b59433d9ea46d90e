package kubernetes

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/dataflow-cli/dataflow/platforms"
)

// labelStore holds the identity of the store that made an object (platforms.StoreLabel).
const labelStore = platforms.StoreLabel

// ownerLabel adds the store's identity to labels (made when nil); no identity (a dry run) adds nothing.
func ownerLabel(labels map[string]string, owner string) map[string]string {
	if owner == "" {
		return labels
	}
	if labels == nil {
		labels = map[string]string{}
	}
	labels[labelStore] = owner
	return labels
}

// madeByDataflow says whether dataflow's field manager wrote the object: how an object of a store from before
// identities is told from one SCDF, Skipper or a person made with the same labels.
func madeByDataflow(m metav1.ObjectMeta) bool {
	return managedByDataflow(m.ManagedFields)
}

func managedByDataflow(fields []metav1.ManagedFieldsEntry) bool {
	for _, f := range fields {
		if f.Manager == fieldManager {
			return true
		}
	}
	return false
}

// apiObject is a typed API object whose metadata can be read.
type apiObject interface {
	runtime.Object
	metav1.Object
}

// applyOwned writes one of an app's objects, and refuses, untouched, an object of that name that is not this
// store's. The ownership check before a deploy finds a stream's objects by their labels; an object that only
// has a name the deploy uses (made by hand, with none of the labels), or one another store's deploy of the same
// stream made since the check, is met here. A server-side apply cannot be asked to stop at it (its fields merge
// with ours where they do not collide), so an object is made by creating it, which fails if it is there: a
// versioned object (Deployment, StatefulSet, Secret) is new in all but a re-run deploy, so it is created at
// once; the un-versioned Service, there whenever another version of the app runs, is read first. An object
// that is there is this store's when it carries the store's identity or, from before identities, was written by
// dataflow; it is then applied, taking over fields others changed (a `kubectl scale`). Without an identity (a
// dry run) the apply forces, as it always did.
func (c *Client) applyOwned(ctx context.Context, res resources, kind, name string, obj apiObject, out apiObject, owner string, createFirst bool) error {
	if owner == "" {
		return res.apply(ctx, name, obj, out, true)
	}
	if !createFirst {
		switch err := res.get(ctx, name, out); {
		case apierrors.IsNotFound(err):
		case err != nil:
			return err
		default:
			return c.applyIfOwned(ctx, res, kind, name, obj, out, owner)
		}
	}
	if err := res.create(ctx, obj, out); !apierrors.IsAlreadyExists(err) {
		return err
	}
	if err := res.get(ctx, name, out); err != nil {
		return err
	}
	return c.applyIfOwned(ctx, res, kind, name, obj, out, owner)
}

// applyIfOwned applies obj over the object read into out when that one is this store's.
func (c *Client) applyIfOwned(ctx context.Context, res resources, kind, name string, obj, out apiObject, owner string) error {
	theirs, made := out.GetLabels()[labelStore], managedByDataflow(out.GetManagedFields())
	if theirs != owner && (theirs != "" || !made) {
		return &platforms.NotOursError{Object: c.describe(kind, name), Owner: theirs, Dataflow: made}
	}
	return res.apply(ctx, name, obj, out, true)
}

// groupObject describes an object of a stream for flow's ownership check.
func (c *Client) groupObject(kind string, m metav1.ObjectMeta) platforms.GroupObject {
	return platforms.GroupObject{Object: c.describe(kind, m.Name), DeploymentID: m.Labels[labelAppID], Owner: m.Labels[labelStore],
		Dataflow: madeByDataflow(m)}
}

// describe names an object as users find it with kubectl.
func (c *Client) describe(kind, name string) string {
	return fmt.Sprintf("%s %s in namespace %s", kind, name, c.Namespace)
}

// checkRunOwner refuses to remove a task's run (or a schedule's CronJob) found by a name its store recorded,
// unless it carries this store's identity, or none while bearing dataflow's own label for runs (a run launched
// before identities: its random name came from this store's record).
func (c *Client) checkRunOwner(ctx context.Context, kind string, m metav1.ObjectMeta, dataflowLabel string) error {
	owner, err := c.env.StoreOwner(ctx)
	if err != nil {
		return err
	}
	theirs := m.Labels[labelStore]
	switch {
	case owner == "" || theirs == owner:
		return nil
	case theirs == "" && m.Labels[dataflowLabel] != "":
		return nil
	}
	return &platforms.NotOursError{Object: c.describe(kind, m.Name), Owner: theirs, Dataflow: madeByDataflow(m)}
}

// readsSecret says whether a pod spec reads the Secret name (a run's or a schedule's secret values).
func readsSecret(spec corev1.PodSpec, name string) bool {
	for _, c := range append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...) {
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && e.ValueFrom.SecretKeyRef.Name == name {
				return true
			}
		}
		for _, e := range c.EnvFrom {
			if e.SecretRef != nil && e.SecretRef.Name == name {
				return true
			}
		}
	}
	return false
}

// own labels every object of an app, its pods and volume claims, with the identity of the store that deploys it.
func (o appObjects) own(owner string) {
	if o.Secret != nil {
		o.Secret.Labels = ownerLabel(o.Secret.Labels, owner)
	}
	o.Service.Labels = ownerLabel(o.Service.Labels, owner)
	if o.Deployment != nil {
		o.Deployment.Labels = ownerLabel(o.Deployment.Labels, owner)
		o.Deployment.Spec.Template.Labels = ownerLabel(o.Deployment.Spec.Template.Labels, owner)
	}
	if o.StatefulSet != nil {
		o.StatefulSet.Labels = ownerLabel(o.StatefulSet.Labels, owner)
		o.StatefulSet.Spec.Template.Labels = ownerLabel(o.StatefulSet.Spec.Template.Labels, owner)
		for i := range o.StatefulSet.Spec.VolumeClaimTemplates { // the claims the controller makes of them
			c := &o.StatefulSet.Spec.VolumeClaimTemplates[i]
			c.Labels = ownerLabel(c.Labels, owner)
		}
	}
}
