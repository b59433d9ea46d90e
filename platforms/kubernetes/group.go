package kubernetes

import (
	"context"
	"fmt"
	"sort"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ListGroup lists the apps of a stream that the namespace holds, whatever their version: the app ids in the
// spring-app-id label of the workloads, Secrets and Services labelled with the stream's group. flow compares
// them with the releases it recorded, to find what a failed or interrupted command left.
func (a *Apps) ListGroup(ctx context.Context, group string) ([]string, error) {
	sel := labelGroup + "=" + group
	var metas []metav1.ObjectMeta
	deps := &appsv1.DeploymentList{}
	if err := a.deployments().list(ctx, sel, deps); err != nil {
		return nil, fmt.Errorf("cannot list deployments in namespace %s: %w", a.Namespace, err)
	}
	for _, d := range deps.Items {
		metas = append(metas, d.ObjectMeta)
	}
	sets := &appsv1.StatefulSetList{}
	if err := a.statefulSets().list(ctx, sel, sets); err != nil {
		return nil, fmt.Errorf("cannot list stateful sets in namespace %s: %w", a.Namespace, err)
	}
	for _, s := range sets.Items {
		metas = append(metas, s.ObjectMeta)
	}
	secrets := &corev1.SecretList{}
	// A role that may not read Secrets still gets the workloads' and Services' apps: a Secret is never left
	// without its workload but by a failed deploy, whose cleanup is recorded anyway.
	if err := a.secrets().list(ctx, sel, secrets); err != nil && !apierrors.IsForbidden(err) {
		return nil, fmt.Errorf("cannot list secrets in namespace %s: %w", a.Namespace, err)
	}
	for _, s := range secrets.Items {
		metas = append(metas, s.ObjectMeta)
	}
	svcs := &corev1.ServiceList{}
	if err := a.services().list(ctx, sel, svcs); err != nil {
		return nil, fmt.Errorf("cannot list services in namespace %s: %w", a.Namespace, err)
	}
	for _, s := range svcs.Items {
		metas = append(metas, s.ObjectMeta)
	}
	seen := map[string]bool{}
	var ids []string
	for _, m := range metas {
		if id := m.Labels[labelAppID]; id != "" && !seen[id] && m.DeletionTimestamp == nil {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}
