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

	"github.com/dataflow-cli/dataflow/platforms"
)

// ListGroup lists the objects of a stream that the namespace holds, whatever their version: the workloads,
// Secrets and Services labelled with the stream's group, each with its app id (the spring-app-id label) and the
// store that made it. flow checks that they are its store's before it changes anything, and compares them with
// the releases it recorded, to find what a failed or interrupted command left.
func (a *Apps) ListGroup(ctx context.Context, group, _ string) ([]platforms.GroupObject, error) {
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
	var out []platforms.GroupObject
	add := func(kind string, m metav1.ObjectMeta) {
		if m.Labels[labelAppID] != "" && m.DeletionTimestamp == nil {
			out = append(out, a.groupObject(kind, m))
		}
	}
	for _, d := range deps.Items {
		add("deployment", d.ObjectMeta)
	}
	for _, s := range sets.Items {
		add("statefulset", s.ObjectMeta)
	}
	for _, s := range secrets.Items {
		add("secret", s.ObjectMeta)
	}
	for _, s := range svcs.Items {
		add("service", s.ObjectMeta)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Object < out[j].Object })
	return out, nil
}
