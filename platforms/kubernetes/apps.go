package kubernetes

import (
	"context"
	"fmt"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Apps deploys stream apps to one account's namespace.
type Apps struct{ *Client }

// NewApps connects to the account; no request is made until a method is called.
func NewApps(acc platforms.Account, env platforms.Environment) (*Apps, error) {
	c, err := Connect(acc, env)
	if err != nil {
		return nil, err
	}
	return &Apps{c}, nil
}

// Deploy creates or updates the app's Service, then creates its Deployment (or StatefulSet). If the workload
// cannot be created, a Service this call created is deleted again, so nothing is left half-made.
func (a *Apps) Deploy(ctx context.Context, app platforms.AppDeployment) (string, error) {
	objs, err := buildAppObjects(a.Account, a.Namespace, app)
	if err != nil {
		return "", err
	}
	svcCreated, err := a.applyService(ctx, objs.Service)
	if err != nil {
		return "", err
	}
	if objs.StatefulSet != nil {
		err = a.statefulSets().create(ctx, objs.StatefulSet, &appsv1.StatefulSet{})
	} else {
		err = a.deployments().create(ctx, objs.Deployment, &appsv1.Deployment{})
	}
	if err != nil {
		if svcCreated {
			_ = a.services().delete(context.WithoutCancel(ctx), objs.Service.Name)
		}
		return "", fmt.Errorf("cannot create %s in namespace %s: %w", objectName(app.DeploymentID), a.Namespace, err)
	}
	return "", nil
}

// applyService creates the Service, or updates the one an earlier version made (its labels move to the new
// version, so undeploying the old version leaves it); it says whether it created it.
func (a *Apps) applyService(ctx context.Context, svc *corev1.Service) (bool, error) {
	old := &corev1.Service{}
	err := a.services().get(ctx, svc.Name, old)
	if apierrors.IsNotFound(err) {
		if err := a.services().create(ctx, svc, &corev1.Service{}); err != nil {
			return false, fmt.Errorf("cannot create service %s in namespace %s: %w", svc.Name, a.Namespace, err)
		}
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("cannot read service %s in namespace %s: %w", svc.Name, a.Namespace, err)
	}
	old.Labels, old.Annotations = svc.Labels, svc.Annotations
	old.Spec.Selector, old.Spec.Ports, old.Spec.Type = svc.Spec.Selector, svc.Spec.Ports, svc.Spec.Type
	if err := a.services().update(ctx, svc.Name, old, old); err != nil {
		return false, fmt.Errorf("cannot update service %s in namespace %s: %w", svc.Name, a.Namespace, err)
	}
	return false, nil
}

// Undeploy deletes everything labelled with the app's id (Services, Deployments, StatefulSets, their pods and
// volume claims), as SCDF did; what is already gone is not an error.
func (a *Apps) Undeploy(ctx context.Context, ref platforms.AppRef) error {
	id := objectName(ref.DeploymentID)
	sel := labelAppID + "=" + id
	svcs := &corev1.ServiceList{}
	if err := a.services().list(ctx, sel, svcs); err != nil {
		return fmt.Errorf("cannot list the services of %s: %w", id, err)
	}
	for _, s := range svcs.Items {
		if err := a.services().delete(ctx, s.Name); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("cannot delete service %s: %w", s.Name, err)
		}
	}
	for _, r := range []struct {
		what string
		res  resources
	}{{"deployments", a.deployments()}, {"stateful sets", a.statefulSets()}, {"pods", a.pods()}, {"volume claims", a.claims()}} {
		if err := r.res.deleteCollection(ctx, sel); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("cannot delete the %s of %s: %w", r.what, id, err)
		}
	}
	return nil
}

// Status lists the pods of all the apps in one request and derives each app's state from them.
func (a *Apps) Status(ctx context.Context, refs []platforms.AppRef) ([]platforms.AppStatus, error) {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = objectName(r.DeploymentID)
	}
	out := make([]platforms.AppStatus, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	req, err := labels.NewRequirement(labelAppID, selection.In, ids)
	if err != nil {
		return nil, err
	}
	pods := &corev1.PodList{}
	if err := a.pods().list(ctx, req.String(), pods); err != nil {
		return nil, fmt.Errorf("cannot list pods in namespace %s: %w", a.Namespace, err)
	}
	byID := map[string][]corev1.Pod{}
	for _, p := range pods.Items {
		if p.DeletionTimestamp == nil { // a pod on its way out is no longer an instance
			byID[p.Labels[labelAppID]] = append(byID[p.Labels[labelAppID]], p)
		}
	}
	var scaledToZero map[string]bool
	for i, r := range refs {
		st := platforms.AppStatus{DeploymentID: r.DeploymentID}
		list := byID[ids[i]]
		sort.Slice(list, func(x, y int) bool { return list[x].Name < list[y].Name })
		for _, p := range list {
			in := podStatus(p, ids[i])
			if (in.State == platforms.StateFailed || in.State == platforms.StateError) && st.Reason == "" {
				st.Reason = in.Attributes["reason"]
			}
			st.Instances = append(st.Instances, in)
		}
		st.State = platforms.AggregateState(st.Instances)
		if len(list) == 0 {
			if scaledToZero == nil {
				if scaledToZero, err = a.scaledToZero(ctx); err != nil {
					return nil, err
				}
			}
			if scaledToZero[ids[i]] {
				st.State = platforms.StateDeployed
			}
		}
		out[i] = st
	}
	return out, nil
}

// scaledToZero finds the workloads that exist with no replica wanted: deployed, with nothing to wait for.
func (a *Apps) scaledToZero(ctx context.Context) (map[string]bool, error) {
	out := map[string]bool{}
	deps := &appsv1.DeploymentList{}
	if err := a.deployments().list(ctx, labelAppID, deps); err != nil {
		return nil, fmt.Errorf("cannot list deployments in namespace %s: %w", a.Namespace, err)
	}
	for _, d := range deps.Items {
		if d.Spec.Replicas != nil && *d.Spec.Replicas == 0 {
			out[d.Name] = true
		}
	}
	return out, nil
}

// Scale sets the replicas of the app's Deployment, or of its StatefulSet.
func (a *Apps) Scale(ctx context.Context, ref platforms.AppRef, count int) (string, error) {
	id := objectName(ref.DeploymentID)
	for _, r := range []resources{a.deployments(), a.statefulSets()} {
		scale := &autoscalingv1.Scale{}
		err := r.getScale(ctx, id, scale)
		if apierrors.IsNotFound(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		scale.Spec.Replicas = int32(count)
		return "", r.updateScale(ctx, id, scale)
	}
	return "", fmt.Errorf("no deployment or stateful set %s in namespace %s", id, a.Namespace)
}

// logTailLines bounds what Logs fetches per pod.
const logTailLines = 500

// Logs returns the app container's log of every pod of the app.
func (a *Apps) Logs(ctx context.Context, ref platforms.AppRef) (string, error) {
	id := objectName(ref.DeploymentID)
	pods := &corev1.PodList{}
	if err := a.pods().list(ctx, labelAppID+"="+id, pods); err != nil {
		return "", err
	}
	var b strings.Builder
	for _, p := range pods.Items {
		raw, err := a.pods().log(ctx, p.Name, id, logTailLines)
		if err != nil {
			return "", fmt.Errorf("cannot read the log of pod %s: %w", p.Name, err)
		}
		if len(pods.Items) > 1 {
			fmt.Fprintf(&b, "--- pod %s ---\n", p.Name)
		}
		b.Write(raw)
	}
	return b.String(), nil
}
