package kubernetes

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/dataflow-cli/dataflow/platforms"
)

// versionSuffix is the -v<N> SCDF's deployer (called by Skipper) puts at the end of an app id.
var versionSuffix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`-v([0-9]+)$`) })

// FindSCDFApps finds the Deployments and StatefulSets of a stream by SCDF's labels (spring-group-id, and
// spring-application-name for the app's label), each with the Service that carries its app id: SCDF's
// un-versioned <stream>-<label> Service, or the versioned one of a stream deployed before SCDF 2.7
// (platforms.SCDFAdopter).
func (a *Apps) FindSCDFApps(ctx context.Context, group string, labels []string) ([]platforms.SCDFApp, error) {
	sel := labelGroup + "=" + group
	deps, sets, svcs := &appsv1.DeploymentList{}, &appsv1.StatefulSetList{}, &corev1.ServiceList{}
	if err := a.deployments().list(ctx, sel, deps); err != nil {
		return nil, fmt.Errorf("cannot list deployments in namespace %s: %w", a.Namespace, err)
	}
	if err := a.statefulSets().list(ctx, sel, sets); err != nil {
		return nil, fmt.Errorf("cannot list stateful sets in namespace %s: %w", a.Namespace, err)
	}
	if err := a.services().list(ctx, sel, svcs); err != nil {
		return nil, fmt.Errorf("cannot list services in namespace %s: %w", a.Namespace, err)
	}
	want := map[string]bool{}
	for _, l := range labels {
		want[l] = true
	}
	var out []platforms.SCDFApp
	add := func(kind string, m metav1.ObjectMeta, replicas *int32, pod corev1.PodTemplateSpec) {
		label := m.Labels[labelAppName]
		if !want[label] || m.DeletionTimestamp != nil {
			return
		}
		n, ok := versionOf(m.Labels[labelAppID])
		if !ok || m.Labels[labelAppID] != objectName(fmt.Sprintf("%s-%s-v%d", group, label, n)) {
			return // not an app id SCDF's deployer made for this stream and label
		}
		app := platforms.SCDFApp{Label: label, DeploymentID: fmt.Sprintf("%s-%s-v%d", group, label, n), Version: n,
			Objects: []platforms.GroupObject{a.groupObject(kind, m)}, Instances: 1}
		if replicas != nil {
			app.Instances = int(*replicas)
		}
		if len(pod.Spec.Containers) > 0 {
			app.Running = pod.Spec.Containers[0].Image
		}
		h := appHandle{statefulSet: kind == "statefulset", service: objectName(group + "-" + label)}
		for _, s := range svcs.Items {
			if s.Labels[labelAppID] == m.Labels[labelAppID] && s.DeletionTimestamp == nil {
				app.Objects = append(app.Objects, a.groupObject("service", s.ObjectMeta))
				h.service = s.Name
			}
		}
		app.Handle = h.String()
		out = append(out, app)
	}
	for _, d := range deps.Items {
		add("deployment", d.ObjectMeta, d.Spec.Replicas, d.Spec.Template)
	}
	for _, s := range sets.Items {
		add("statefulset", s.ObjectMeta, s.Spec.Replicas, s.Spec.Template)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Label != out[j].Label {
			return out[i].Label < out[j].Label
		}
		return out[i].Version < out[j].Version
	})
	return out, nil
}

func versionOf(id string) (int, bool) {
	m := versionSuffix().FindStringSubmatch(id)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// CompareSCDFApp compares the running workload with the one a deploy of app would make: its kind, its
// container's image and its replicas (platforms.SCDFAdopter).
func (a *Apps) CompareSCDFApp(app platforms.AppDeployment, found platforms.SCDFApp) ([]string, error) {
	objs, err := buildAppObjects(a.Account, a.Namespace, app)
	if err != nil {
		return nil, err
	}
	var diffs []string
	h, _ := parseAppHandle(found.Handle)
	if want := objs.StatefulSet != nil; want != h.statefulSet {
		kinds := map[bool]string{true: "a stateful set", false: "a deployment"}
		diffs = append(diffs, fmt.Sprintf("%s runs as %s, a deploy here makes %s", objectName(found.DeploymentID), kinds[h.statefulSet], kinds[want]))
	}
	if image := objs.podTemplate().Spec.Containers[0].Image; image != found.Running {
		diffs = append(diffs, fmt.Sprintf("%s runs image %s, the definition with SCDF's deployment properties gives %s", objectName(found.DeploymentID), found.Running, image))
	}
	if app.Count != found.Instances {
		diffs = append(diffs, fmt.Sprintf("%s runs %d replicas, the deployment properties say %d", objectName(found.DeploymentID), found.Instances, app.Count))
	}
	return diffs, nil
}

// AdoptSCDFApp adds the store's identity label to the app's workload and Service (platforms.SCDFAdopter). The
// pod template is left as it is: changing it would restart every pod. Pods are found by SCDF's labels alone.
func (a *Apps) AdoptSCDFApp(ctx context.Context, found platforms.SCDFApp, owner string) (string, error) {
	h, ok := parseAppHandle(found.Handle)
	if !ok {
		return "", fmt.Errorf("app %s: unknown handle %q", found.DeploymentID, found.Handle)
	}
	patch := map[string]any{"metadata": map[string]any{"labels": map[string]string{labelStore: owner}}}
	workload, what := a.deployments(), "deployment"
	var out runtime.Object = &appsv1.Deployment{}
	if h.statefulSet {
		workload, what, out = a.statefulSets(), "stateful set", &appsv1.StatefulSet{}
	}
	id := objectName(found.DeploymentID)
	if err := workload.mergePatch(ctx, id, patch, out); err != nil {
		return "", fmt.Errorf("cannot label the %s %s in namespace %s: %w", what, id, a.Namespace, err)
	}
	err := a.services().mergePatch(ctx, h.service, patch, &corev1.Service{})
	if err != nil && !apierrors.IsNotFound(err) {
		return "", fmt.Errorf("cannot label the service %s in namespace %s: %w", h.service, a.Namespace, err)
	}
	return h.String(), nil
}
