package kubernetes

import (
	"context"
	"fmt"
	"sort"
	"sync"

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
	// The four lists go side by side: an undeploy ends with this sweep, and each list is a round trip.
	deps, sets, secrets, svcs := &appsv1.DeploymentList{}, &appsv1.StatefulSetList{}, &corev1.SecretList{}, &corev1.ServiceList{}
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i, l := range []func() error{
		func() error { return a.deployments().list(ctx, sel, deps) },
		func() error { return a.statefulSets().list(ctx, sel, sets) },
		// A role that may not read Secrets still gets the workloads' and Services' apps: a Secret is never left
		// without its workload but by a failed deploy, whose cleanup is recorded anyway.
		func() error {
			if err := a.secrets().list(ctx, sel, secrets); err != nil && !apierrors.IsForbidden(err) {
				return err
			}
			return nil
		},
		func() error { return a.services().list(ctx, sel, svcs) },
	} {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = l() }()
	}
	wg.Wait()
	for i, what := range []string{"deployments", "stateful sets", "secrets", "services"} {
		if errs[i] != nil {
			return nil, fmt.Errorf("cannot list %s in namespace %s: %w", what, a.Namespace, errs[i])
		}
	}
	var metas []metav1.ObjectMeta
	for _, d := range deps.Items {
		metas = append(metas, d.ObjectMeta)
	}
	for _, s := range sets.Items {
		metas = append(metas, s.ObjectMeta)
	}
	for _, s := range secrets.Items {
		metas = append(metas, s.ObjectMeta)
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
