package kubernetes

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
)

// A pod the API server refuses (Pod Security, a quota, a missing service account) never exists: the app has no
// instance to read a reason from, and SCDF showed it "deploying" for ever. Its controller says why it could not
// create it: a Deployment in its ReplicaFailure condition (copied from its ReplicaSet's, and removed once a pod
// is created again), a StatefulSet or a Job only in FailedCreate events. These are read only for apps without
// a pod, so the status of a healthy stream stays one request.

// workload is what an app's Deployment or StatefulSet says about its pods.
type workload struct {
	statefulSet bool
	replicas    int
	// failure is the Deployment's ReplicaFailure message: why its pods cannot be created right now.
	failure string
}

// workloads reads the Deployments and StatefulSets of the given app ids, side by side.
func (a *Apps) workloads(ctx context.Context, ids []string) (map[string]workload, error) {
	req, err := labels.NewRequirement(labelAppID, selection.In, ids)
	if err != nil {
		return nil, err
	}
	deps, sets := &appsv1.DeploymentList{}, &appsv1.StatefulSetList{}
	var depErr, setErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); depErr = a.deployments().list(ctx, req.String(), deps) }()
	go func() { defer wg.Done(); setErr = a.statefulSets().list(ctx, req.String(), sets) }()
	wg.Wait()
	if depErr != nil {
		return nil, fmt.Errorf("cannot list deployments in namespace %s: %w", a.Namespace, depErr)
	}
	if setErr != nil {
		return nil, fmt.Errorf("cannot list stateful sets in namespace %s: %w", a.Namespace, setErr)
	}
	out := map[string]workload{}
	for _, d := range deps.Items {
		if d.DeletionTimestamp != nil {
			continue
		}
		w := workload{replicas: replicasOf(d.Spec.Replicas)}
		for _, c := range d.Status.Conditions {
			if c.Type == appsv1.DeploymentReplicaFailure && c.Status == corev1.ConditionTrue {
				w.failure = failedCreate(c.Message)
			}
		}
		out[d.Name] = w
	}
	for _, s := range sets.Items {
		if s.DeletionTimestamp == nil {
			out[s.Name] = workload{statefulSet: true, replicas: replicasOf(s.Spec.Replicas)}
		}
	}
	return out, nil
}

// replicasOf is a workload's wanted replicas; unset is 1, the API server's default.
func replicasOf(n *int32) int {
	if n == nil {
		return 1
	}
	return int(*n)
}

// failedCreates reads the FailedCreate events of one kind of controller (StatefulSet, Job), optionally of one
// object: the newest message of each object, by name. A role that may not read events gets no reasons rather
// than no status.
func (c *Client) failedCreates(ctx context.Context, kind, name string) (map[string]string, error) {
	fields := "reason=FailedCreate,involvedObject.kind=" + kind
	if name != "" {
		fields += ",involvedObject.name=" + name
	}
	events := &corev1.EventList{}
	if err := c.events().listCached(ctx, "", fields, events); err != nil {
		if apierrors.IsForbidden(err) {
			return map[string]string{}, nil
		}
		return nil, fmt.Errorf("cannot list events in namespace %s: %w", c.Namespace, err)
	}
	out := map[string]string{}
	newest := map[string]time.Time{}
	for _, e := range events.Items {
		at := eventTime(e)
		if at.Before(newest[e.InvolvedObject.Name]) {
			continue
		}
		newest[e.InvolvedObject.Name] = at
		out[e.InvolvedObject.Name] = failedCreate(e.Message)
	}
	return out, nil
}

// eventTime is when an event last happened, whichever API wrote it.
func eventTime(e corev1.Event) time.Time {
	switch {
	case e.Series != nil:
		return e.Series.LastObservedTime.Time
	case !e.LastTimestamp.IsZero():
		return e.LastTimestamp.Time
	case !e.EventTime.IsZero():
		return e.EventTime.Time
	}
	return e.CreationTimestamp.Time
}

// failedCreate is a controller's pod creation error as one reason line; the controllers' own prefixes ("Error
// creating: ") say nothing the reason's name does not.
func failedCreate(message string) string {
	return "FailedCreate: " + oneLine(strings.TrimPrefix(strings.TrimSpace(message), "Error creating: "))
}
