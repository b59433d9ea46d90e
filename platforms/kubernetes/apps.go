package kubernetes

import (
	"context"
	"fmt"
	"sort"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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

// DeploysConcurrently is true: a stream's apps are independent objects, and the API server answers each write
// in tens of milliseconds, so flow deploys them side by side.
func (a *Apps) DeploysConcurrently() bool { return true }

// Validate builds the app's objects without sending them: flow checks every app of a release first, so a bad
// name or property creates nothing even though the apps then deploy side by side.
func (a *Apps) Validate(app platforms.AppDeployment) error {
	_, err := buildAppObjects(a.Account, a.Namespace, app)
	return err
}

// Deploy applies the app's Service, and its Secret (when it has secret properties) then its Deployment (or
// StatefulSet), the two chains side by side, with server-side apply: a deploy that was interrupted converges
// when it is run again. If a step fails, what this call made is removed again, as Undeploy removes an app
// version: its own objects, and the Service unless another version of the app runs (it is handed back).
func (a *Apps) Deploy(ctx context.Context, app platforms.AppDeployment) (string, error) {
	objs, err := buildAppObjects(a.Account, a.Namespace, app)
	if err != nil {
		return "", err
	}
	if objs.probeSecret != "" {
		auth, err := a.probeAuthorization(ctx, objs.probeSecret)
		if err != nil {
			return "", err
		}
		setProbeAuthorization(&objs.podTemplate().Spec.Containers[0], auth)
	}
	objs.setTypes()
	owner, err := a.env.StoreOwner(ctx)
	if err != nil {
		return "", err
	}
	objs.own(owner)
	id := objectName(app.DeploymentID)
	svcErr := make(chan error, 1)
	go func() {
		if err := a.applyOwned(ctx, a.services(), "service", objs.Service.Name, objs.Service, &corev1.Service{}, owner, false); err != nil {
			svcErr <- fmt.Errorf("cannot apply service %s in namespace %s: %w", objs.Service.Name, a.Namespace, err)
			return
		}
		svcErr <- nil
	}()
	err = a.applyWorkload(ctx, id, objs, owner)
	if e := <-svcErr; err == nil {
		err = e
	}
	if err != nil {
		// A request that timed out may still have been carried out: what the cleanup cannot remove is said.
		if uerr := a.undeployByLabel(context.WithoutCancel(ctx), platforms.AppRef{DeploymentID: app.DeploymentID}, owner); uerr != nil {
			return "", fmt.Errorf("%w; and what it made may be left (%w): %v; delete what is labelled %s=%s in namespace %s",
				err, platforms.ErrLeftBehind, uerr, labelAppID, id, a.Namespace)
		}
		return "", err
	}
	return appHandle{statefulSet: objs.StatefulSet != nil, secret: objs.Secret != nil, service: objs.Service.Name}.String(), nil
}

// noSecretHandle marked an app deployed without a Secret, before handles named what was made (appHandle); such
// apps are undeployed by their labels, without a word about Secrets.
const noSecretHandle = "no-secret"

// applyWorkload applies the Secret the pods read, then the Deployment or StatefulSet.
func (a *Apps) applyWorkload(ctx context.Context, id string, objs appObjects, owner string) error {
	if objs.Secret != nil {
		if err := a.applyOwned(ctx, a.secrets(), "secret", id, objs.Secret, &corev1.Secret{}, owner, true); err != nil {
			return fmt.Errorf("cannot apply secret %s in namespace %s: %w", id, a.Namespace, err)
		}
	}
	var err error
	if objs.StatefulSet != nil {
		err = a.applyOwned(ctx, a.statefulSets(), "stateful set", id, objs.StatefulSet, &appsv1.StatefulSet{}, owner, true)
	} else {
		err = a.applyOwned(ctx, a.deployments(), "deployment", id, objs.Deployment, &appsv1.Deployment{}, owner, true)
	}
	if err != nil {
		return fmt.Errorf("cannot apply %s in namespace %s: %w", id, a.Namespace, err)
	}
	return nil
}

// pointService gives the un-versioned Service the labels of the app version it now belongs to, so that
// undeploying another version leaves it.
func (a *Apps) pointService(ctx context.Context, name, id string) error {
	patch := map[string]any{"metadata": map[string]any{"labels": map[string]string{labelAppID: id, labelDeployment: id}}}
	return a.services().mergePatch(ctx, name, patch, &corev1.Service{})
}

// Undeploy deletes an app version's objects; what is already gone is not an error. The un-versioned Service goes
// too, unless another version of the app still runs (a failed update's new version is removed while the old one
// serves): then it is handed over to that version. Apps deployed before handles named their objects are
// undeployed as SCDF did: everything labelled with the app's id (Deployments, StatefulSets, their pods, volume
// claims and Secret), the Service handed over to the newest other version the namespace runs.
func (a *Apps) Undeploy(ctx context.Context, ref platforms.AppRef) error {
	if h, ok := parseAppHandle(ref.Handle); ok {
		return a.undeployByName(ctx, ref, h)
	}
	return a.undeployByLabel(ctx, ref, "")
}

// undeployByName deletes what the handle says the deploy made, by name: the workload (its pods go with it), the
// volume claims of a StatefulSet, the Secret when there is one. The un-versioned Service is handed over to the
// version flow says keeps serving, or deleted when none does: a sibling's state comes from the releases, not
// from lists. Only an app the store says nothing else serves loses the Service.
func (a *Apps) undeployByName(ctx context.Context, ref platforms.AppRef, h appHandle) error {
	id := objectName(ref.DeploymentID)
	workload, what := a.deployments(), "deployment"
	if h.statefulSet {
		workload, what = a.statefulSets(), "stateful set"
	}
	if err := workload.delete(ctx, id); err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("cannot delete the %s %s: %w", what, id, err)
	}
	if h.statefulSet {
		if err := a.claims().deleteCollection(ctx, labelAppID+"="+id); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("cannot delete the volume claims of %s: %w", id, err)
		}
	}
	if h.secret {
		if err := a.secrets().delete(ctx, id); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("cannot delete the secret %s: %w", id, err)
		}
	}
	// A Service named with the version's id is that version's own (SCDF made one per version before 2.7; adopted
	// with it): it goes with it, as SCDF's undeploy deleted it, and the version that serves on has its own.
	if ref.ServingID != "" && h.service != id {
		if err := a.pointService(ctx, h.service, objectName(ref.ServingID)); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("cannot hand service %s over to %s: %w", h.service, objectName(ref.ServingID), err)
		}
		return nil
	}
	if err := a.services().delete(ctx, h.service); err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("cannot delete service %s: %w", h.service, err)
	}
	if h.service == id && ref.ServingID == "" {
		return a.deleteHandedService(ctx, id)
	}
	return nil
}

// deleteHandedService deletes the un-versioned Service of an app version that had a Service of its own (SCDF
// before 2.7) when that Service was handed to it: a failed update's new version brought the un-versioned one and
// left it to the version that served on. Only a Service labelled with the version's id is deleted.
func (a *Apps) deleteHandedService(ctx context.Context, id string) error {
	at := versionSuffix().FindStringIndex(id)
	if at == nil {
		return nil
	}
	shared := id[:at[0]]
	svc := &corev1.Service{}
	if err := a.services().get(ctx, shared, svc); err != nil {
		if apierrors.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("cannot read service %s: %w", shared, err)
	}
	owner, err := a.env.StoreOwner(ctx)
	if err != nil {
		return err
	}
	if svc.Labels[labelAppID] != id || svc.Labels[labelStore] != owner {
		return nil // another version's, or not the store's
	}
	if err := a.services().deleteExactly(ctx, shared, svc.UID); err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("cannot delete service %s: %w", shared, err)
	}
	return nil
}

// undeployByLabel undeploys an app deployed before handles named what was made, or (owner given) what a failed
// deploy made: only the objects that carry the store's identity, since another store's objects of the same id
// may have appeared since the ownership check.
func (a *Apps) undeployByLabel(ctx context.Context, ref platforms.AppRef, owner string) error {
	id := objectName(ref.DeploymentID)
	sel := labelAppID + "=" + id
	if owner != "" {
		sel += "," + labelStore + "=" + owner
	}
	for _, r := range []struct {
		what string
		res  resources
	}{{"deployments", a.deployments()}, {"stateful sets", a.statefulSets()}, {"pods", a.pods()}, {"volume claims", a.claims()},
		{"secrets", a.secrets()}} {
		if r.what == "secrets" && ref.Handle == noSecretHandle {
			continue
		}
		if err := r.res.deleteCollection(ctx, sel); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("cannot delete the %s of %s: %w", r.what, id, err)
		}
	}
	svcs := &corev1.ServiceList{}
	if err := a.services().list(ctx, sel, svcs); err != nil {
		return fmt.Errorf("cannot list the services of %s: %w", id, err)
	}
	for _, s := range svcs.Items {
		other, err := a.otherVersion(ctx, s.Labels, id)
		if err != nil {
			return err
		}
		if other != "" {
			if err := a.pointService(ctx, s.Name, other); err != nil && !apierrors.IsNotFound(err) {
				return fmt.Errorf("cannot hand service %s over to %s: %w", s.Name, other, err)
			}
			continue
		}
		if err := a.services().delete(ctx, s.Name); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("cannot delete service %s: %w", s.Name, err)
		}
	}
	return nil
}

// otherVersion finds the newest version of the same app (group and label) other than id that is not being
// deleted; "" when there is none.
func (a *Apps) otherVersion(ctx context.Context, svcLabels map[string]string, id string) (string, error) {
	sel := labelGroup + "=" + svcLabels[labelGroup] + "," + labelAppName + "=" + svcLabels[labelAppName]
	var metas []metav1.ObjectMeta
	deps := &appsv1.DeploymentList{}
	if err := a.deployments().list(ctx, sel, deps); err != nil {
		return "", fmt.Errorf("cannot list deployments in namespace %s: %w", a.Namespace, err)
	}
	for _, d := range deps.Items {
		metas = append(metas, d.ObjectMeta)
	}
	sets := &appsv1.StatefulSetList{}
	if err := a.statefulSets().list(ctx, sel, sets); err != nil {
		return "", fmt.Errorf("cannot list stateful sets in namespace %s: %w", a.Namespace, err)
	}
	for _, s := range sets.Items {
		metas = append(metas, s.ObjectMeta)
	}
	newest := ""
	var at metav1.Time
	for _, m := range metas {
		if m.Name == id || m.DeletionTimestamp != nil {
			continue
		}
		if newest == "" || at.Before(&m.CreationTimestamp) {
			newest, at = m.Labels[labelAppID], m.CreationTimestamp
		}
	}
	return newest, nil
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
	restartLimit := terminatedRestartLimit(a.Account)
	for i, r := range refs {
		list := byID[ids[i]]
		sort.Slice(list, func(x, y int) bool { return list[x].Name < list[y].Name })
		instances := make([]platforms.InstanceStatus, len(list))
		for j, p := range list {
			instances[j] = podStatusWithLimit(p, ids[i], restartLimit)
		}
		out[i] = appStatusOf(r.DeploymentID, instances)
	}
	if err := a.explainMissingPods(ctx, ids, byID, out); err != nil {
		return nil, err
	}
	return out, nil
}

// appStatusOf is an app's state from its pods, with the reason of the first failed one, or else of the first
// that says why it waits (no node fits it).
func appStatusOf(deploymentID string, instances []platforms.InstanceStatus) platforms.AppStatus {
	st := platforms.AppStatus{DeploymentID: deploymentID, Instances: instances, State: platforms.AggregateState(instances)}
	for _, in := range instances {
		if in.State == platforms.StateFailed || in.State == platforms.StateError {
			st.Reason = in.Attributes["reason"]
			return st
		}
	}
	for _, in := range instances {
		if st.Reason == "" && st.State != platforms.StateDeployed {
			st.Reason = in.Attributes["reason"]
		}
	}
	return st
}

// explainMissingPods reads the workloads of the apps that have no pod (none when every app has one, as a healthy
// stream does). An app whose workload wants none is deployed (scaled to zero: nothing to wait for); one whose
// controller cannot create its pods fails with the controller's reason.
func (a *Apps) explainMissingPods(ctx context.Context, ids []string, pods map[string][]corev1.Pod, out []platforms.AppStatus) error {
	var bare []string
	for _, id := range ids {
		if len(pods[id]) == 0 {
			bare = append(bare, id)
		}
	}
	if len(bare) == 0 {
		return nil
	}
	workloads, err := a.workloads(ctx, bare)
	if err != nil {
		return err
	}
	var setEvents map[string]string
	for i, id := range ids {
		w, ok := workloads[id]
		if !ok || len(pods[id]) > 0 {
			continue
		}
		if w.replicas == 0 {
			out[i].State = platforms.StateDeployed
			continue
		}
		why := w.failure
		if w.statefulSet {
			if setEvents == nil {
				if setEvents, err = a.failedCreates(ctx, "StatefulSet", ""); err != nil {
					return err
				}
			}
			why = setEvents[id]
		}
		if why != "" {
			out[i].State, out[i].Reason = platforms.StateFailed, why
		}
	}
	return nil
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
