//go:build k8sharness

// Package smoke proves that the harness cluster behaves as dataflow's tests need (see ../README.md):
//
//	source .ci/k8s-harness.sh && k8s_harness_start
//	(cd tools/k8s-harness && go test -tags k8sharness -count=1 -v ./smoke/)
//	k8s_harness_stop
//
// Under the tag a missing KUBECONFIG is a failure, not a skip, so CI cannot silently test nothing.
package smoke

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

var api kubernetes.Interface

func TestMain(m *testing.M) {
	path := os.Getenv("KUBECONFIG")
	if path == "" {
		fmt.Fprintln(os.Stderr, "KUBECONFIG is not set: start the cluster with .ci/k8s-harness.sh (k8s_harness_start)")
		os.Exit(1)
	}
	var err error
	if api, err = client(path); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func client(kubeconfig string) (kubernetes.Interface, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, err
	}
	return kubernetes.NewForConfig(cfg)
}

// namespace makes a fresh namespace for one test and deletes it afterwards.
func namespace(t *testing.T) string {
	t.Helper()
	name := "smoke-" + rand.String(6)
	if _, err := api.CoreV1().Namespaces().Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = api.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	return name
}

// until polls cond every 20 ms until it holds or timeout passes.
func until(t *testing.T, timeout time.Duration, what string, cond func(ctx context.Context) (bool, error)) {
	t.Helper()
	if err := wait.PollUntilContextTimeout(context.Background(), 20*time.Millisecond, timeout, true, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func podSpec(restart corev1.RestartPolicy) corev1.PodSpec {
	return corev1.PodSpec{RestartPolicy: restart, Containers: []corev1.Container{{Name: "app", Image: "busybox:1.36"}}}
}

func deployment(name string, annotations map[string]string) *appsv1.Deployment {
	labels := map[string]string{"app": name}
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: appsv1.DeploymentSpec{
		Selector: &metav1.LabelSelector{MatchLabels: labels},
		Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: annotations}, Spec: podSpec(corev1.RestartPolicyAlways)},
	}}
}

func available(d *appsv1.Deployment) bool {
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentAvailable && c.Status == corev1.ConditionTrue {
			return d.Status.AvailableReplicas == *d.Spec.Replicas
		}
	}
	return false
}

func TestDeploymentAvailableLogsAndDelete(t *testing.T) {
	ns, ctx, start := namespace(t), context.Background(), time.Now()
	if _, err := api.AppsV1().Deployments(ns).Create(ctx, deployment("web", nil), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	until(t, 30*time.Second, "deployment available", func(ctx context.Context) (bool, error) {
		d, err := api.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
		return err == nil && available(d), nil
	})
	t.Logf("FIGURE deployment_available_s=%.3f", time.Since(start).Seconds())

	pods, err := api.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=web"})
	if err != nil || len(pods.Items) != 1 {
		t.Fatalf("pods: %v %v", pods, err)
	}
	p := pods.Items[0]
	t.Logf("pod %s phase=%s node=%s podIP=%s", p.Name, p.Status.Phase, p.Spec.NodeName, p.Status.PodIP)
	logs, err := api.CoreV1().Pods(ns).GetLogs(p.Name, &corev1.PodLogOptions{Container: "app"}).DoRaw(ctx)
	if err != nil || !strings.Contains(string(logs), "log line") {
		t.Fatalf("pods/log: %q %v", logs, err)
	}
	t.Logf("pods/log: %q", logs)

	// Deleting the deployment (foreground) must remove its pods: KWOK's pod-delete stage.
	fg := metav1.DeletePropagationForeground
	if err := api.AppsV1().Deployments(ns).Delete(ctx, "web", metav1.DeleteOptions{PropagationPolicy: &fg}); err != nil {
		t.Fatal(err)
	}
	until(t, 30*time.Second, "deployment and pods gone", func(ctx context.Context) (bool, error) {
		_, err := api.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
		pods, lerr := api.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		return apierrors.IsNotFound(err) && lerr == nil && len(pods.Items) == 0, nil
	})
}

func TestStatefulSetReady(t *testing.T) {
	ns, ctx, replicas := namespace(t), context.Background(), int32(2)
	labels := map[string]string{"app": "indexed"}
	ss := &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: "indexed"}, Spec: appsv1.StatefulSetSpec{
		Replicas: &replicas, ServiceName: "indexed", Selector: &metav1.LabelSelector{MatchLabels: labels},
		Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: podSpec(corev1.RestartPolicyAlways)},
	}}
	if _, err := api.AppsV1().StatefulSets(ns).Create(ctx, ss, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	until(t, 30*time.Second, "statefulset ready", func(ctx context.Context) (bool, error) {
		got, err := api.AppsV1().StatefulSets(ns).Get(ctx, "indexed", metav1.GetOptions{})
		return err == nil && got.Status.ReadyReplicas == replicas, nil
	})
}

func TestNeverReadyDeployment(t *testing.T) {
	ns, ctx := namespace(t), context.Background()
	d := deployment("stuck", map[string]string{"kwok.dataflow.test/never-ready": "true"})
	if _, err := api.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	until(t, 30*time.Second, "pod running", func(ctx context.Context) (bool, error) {
		pods, err := api.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		return err == nil && len(pods.Items) == 1 && pods.Items[0].Status.Phase == corev1.PodRunning, nil
	})
	time.Sleep(3 * time.Second)
	got, err := api.AppsV1().Deployments(ns).Get(ctx, "stuck", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if available(got) || got.Status.ReadyReplicas != 0 {
		t.Fatalf("never-ready deployment became available: %+v", got.Status)
	}
	pods, _ := api.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	cs := pods.Items[0].Status.ContainerStatuses
	if len(cs) != 1 || cs[0].Ready || cs[0].State.Running == nil {
		t.Fatalf("container should be running, not ready: %+v", cs)
	}
}

// waiting-reason: the containers wait with it, never running; with last-exit-code they ended before and the pod
// is Running, as a crash loop is. A task pod that waits does not end.
func TestWaitingPods(t *testing.T) {
	ns, ctx := namespace(t), context.Background()
	pull := deployment("pull", map[string]string{"kwok.dataflow.test/waiting-reason": "ImagePullBackOff",
		"kwok.dataflow.test/waiting-message": "Back-off pulling image"})
	loop := deployment("loop", map[string]string{"kwok.dataflow.test/waiting-reason": "CrashLoopBackOff",
		"kwok.dataflow.test/last-exit-code": "137", "kwok.dataflow.test/last-reason": "OOMKilled", "kwok.dataflow.test/restart-count": "4"})
	for _, d := range []*appsv1.Deployment{pull, loop} {
		if _, err := api.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	task := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "task", Annotations: map[string]string{"kwok.dataflow.test/waiting-reason": "ErrImagePull"}},
		Spec: podSpec(corev1.RestartPolicyNever)}
	if _, err := api.CoreV1().Pods(ns).Create(ctx, task, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waiting := func(p corev1.Pod) *corev1.ContainerStatus {
		if len(p.Status.ContainerStatuses) == 1 && p.Status.ContainerStatuses[0].State.Waiting != nil {
			return &p.Status.ContainerStatuses[0]
		}
		return nil
	}
	until(t, 30*time.Second, "three waiting pods", func(ctx context.Context) (bool, error) {
		pods, err := api.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil || len(pods.Items) != 3 {
			return false, err
		}
		for _, p := range pods.Items {
			if waiting(p) == nil {
				return false, nil
			}
		}
		return true, nil
	})
	time.Sleep(2 * time.Second) // nothing moves them on
	pods, err := api.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pods.Items {
		cs := waiting(p)
		switch {
		case cs == nil:
			t.Errorf("%s moved on: %+v", p.Name, p.Status)
		case p.Name == "task":
			if cs.State.Waiting.Reason != "ErrImagePull" || p.Status.Phase != corev1.PodPending {
				t.Errorf("task: %s %+v", p.Status.Phase, cs)
			}
		case strings.HasPrefix(p.Name, "pull-"):
			if cs.State.Waiting.Reason != "ImagePullBackOff" || cs.State.Waiting.Message != "Back-off pulling image" || p.Status.Phase != corev1.PodPending || cs.Ready {
				t.Errorf("pull: %s %+v", p.Status.Phase, cs)
			}
		case strings.HasPrefix(p.Name, "loop-"):
			last := cs.LastTerminationState.Terminated
			if cs.State.Waiting.Reason != "CrashLoopBackOff" || p.Status.Phase != corev1.PodRunning || cs.RestartCount != 4 ||
				last == nil || last.ExitCode != 137 || last.Reason != "OOMKilled" {
				t.Errorf("loop: %s %+v", p.Status.Phase, cs)
			}
		}
	}
}

// taskPod creates a bare restartPolicy=Never pod (what a task launch creates) and waits until it ended.
func taskPod(t *testing.T, ns string, annotations map[string]string) (*corev1.Pod, time.Duration) {
	t.Helper()
	ctx, start := context.Background(), time.Now()
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "task", Annotations: annotations}, Spec: podSpec(corev1.RestartPolicyNever)}
	if _, err := api.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var got *corev1.Pod
	until(t, 30*time.Second, "task pod ended", func(ctx context.Context) (bool, error) {
		var err error
		got, err = api.CoreV1().Pods(ns).Get(ctx, "task", metav1.GetOptions{})
		return err == nil && (got.Status.Phase == corev1.PodSucceeded || got.Status.Phase == corev1.PodFailed), nil
	})
	return got, time.Since(start)
}

func terminated(t *testing.T, p *corev1.Pod) *corev1.ContainerStateTerminated {
	t.Helper()
	if len(p.Status.ContainerStatuses) != 1 || p.Status.ContainerStatuses[0].State.Terminated == nil {
		t.Fatalf("no terminated container: %+v", p.Status.ContainerStatuses)
	}
	return p.Status.ContainerStatuses[0].State.Terminated
}

func TestTaskPodEnds(t *testing.T) {
	cases := []struct {
		name        string
		annotations map[string]string
		phase       corev1.PodPhase
		code        int32
		reason      string
	}{
		{"default", nil, corev1.PodSucceeded, 0, "Completed"},
		{"exit-code", map[string]string{"kwok.dataflow.test/exit-code": "3"}, corev1.PodFailed, 3, "Error"},
		{"oom", map[string]string{"kwok.dataflow.test/exit-code": "137", "kwok.dataflow.test/reason": "OOMKilled"}, corev1.PodFailed, 137, "OOMKilled"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, took := taskPod(t, namespace(t), c.annotations)
			term := terminated(t, p)
			if p.Status.Phase != c.phase || term.ExitCode != c.code || term.Reason != c.reason {
				t.Fatalf("got phase=%s exitCode=%d reason=%s, want %s %d %s", p.Status.Phase, term.ExitCode, term.Reason, c.phase, c.code, c.reason)
			}
			t.Logf("phase=%s exitCode=%d reason=%s after %v", p.Status.Phase, term.ExitCode, term.Reason, took.Round(time.Millisecond))
		})
	}
}

func TestTaskPodRunMs(t *testing.T) {
	ns, ctx, checked := namespace(t), context.Background(), make(chan struct{})
	go func() {
		// While the task "runs" it must be Running for at least a second.
		defer close(checked)
		time.Sleep(time.Second)
		p, err := api.CoreV1().Pods(ns).Get(ctx, "task", metav1.GetOptions{})
		if err != nil || p.Status.Phase != corev1.PodRunning {
			t.Errorf("after 1 s the pod should still run: %v %v", p.Status.Phase, err)
		}
	}()
	p, took := taskPod(t, ns, map[string]string{"kwok.dataflow.test/run-ms": "1500"})
	<-checked
	if p.Status.Phase != corev1.PodSucceeded || took < 1400*time.Millisecond {
		t.Fatalf("phase %s after %v, want Succeeded after >= 1.5 s", p.Status.Phase, took)
	}
	t.Logf("FIGURE run_ms_1500_ended_s=%.3f", took.Seconds())
}

func TestDeleteTaskPod(t *testing.T) {
	ns, ctx := namespace(t), context.Background()
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "task", Annotations: map[string]string{"kwok.dataflow.test/run-ms": "600000"}}, Spec: podSpec(corev1.RestartPolicyNever)}
	if _, err := api.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	until(t, 30*time.Second, "pod running", func(ctx context.Context) (bool, error) {
		p, err := api.CoreV1().Pods(ns).Get(ctx, "task", metav1.GetOptions{})
		return err == nil && p.Status.Phase == corev1.PodRunning, nil
	})
	if err := api.CoreV1().Pods(ns).Delete(ctx, "task", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	until(t, 30*time.Second, "pod gone", func(ctx context.Context) (bool, error) {
		_, err := api.CoreV1().Pods(ns).Get(ctx, "task", metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
}

func jobSpec(annotations map[string]string) batchv1.JobSpec {
	backoff := int32(0)
	return batchv1.JobSpec{BackoffLimit: &backoff, Template: corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Annotations: annotations}, Spec: podSpec(corev1.RestartPolicyNever)}}
}

// waitJob waits until the job has the condition (Complete or Failed) and returns how long it took.
func waitJob(t *testing.T, ns, name string, want batchv1.JobConditionType) time.Duration {
	t.Helper()
	start := time.Now()
	until(t, 60*time.Second, "job "+string(want), func(ctx context.Context) (bool, error) {
		j, err := api.BatchV1().Jobs(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		for _, c := range j.Status.Conditions {
			if c.Type == want && c.Status == corev1.ConditionTrue {
				return true, nil
			}
		}
		return false, nil
	})
	return time.Since(start)
}

func TestJob(t *testing.T) {
	ns, ctx := namespace(t), context.Background()
	for name, annotations := range map[string]map[string]string{"ok": nil, "fails": {"kwok.dataflow.test/exit-code": "3"}} {
		start := time.Now()
		j := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: jobSpec(annotations)}
		if _, err := api.BatchV1().Jobs(ns).Create(ctx, j, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		want := batchv1.JobComplete
		if annotations != nil {
			want = batchv1.JobFailed
		}
		waitJob(t, ns, name, want)
		t.Logf("FIGURE job_%s_%s_s=%.3f", name, strings.ToLower(string(want)), time.Since(start).Seconds())
	}
}

// TestCronJobTemplate creates a Job from a CronJob's jobTemplate, as `kubectl create job --from=cronjob/x` does.
func TestCronJobTemplate(t *testing.T) {
	ns, ctx := namespace(t), context.Background()
	cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "nightly"}, Spec: batchv1.CronJobSpec{
		Schedule: "0 3 * * *", JobTemplate: batchv1.JobTemplateSpec{Spec: jobSpec(nil)}}}
	cj, err := api.BatchV1().CronJobs(ns).Create(ctx, cj, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	j := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "nightly-manual",
		OwnerReferences: []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "CronJob", Name: cj.Name, UID: cj.UID, Controller: &yes}}},
		Spec: cj.Spec.JobTemplate.Spec}
	if _, err := api.BatchV1().Jobs(ns).Create(ctx, j, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("FIGURE cronjob_template_job_complete_s=%.3f", waitJob(t, ns, j.Name, batchv1.JobComplete).Seconds())
}

// TestTokenKubeconfig checks the least-privilege kubeconfig `k8s-harness token` writes.
func TestTokenKubeconfig(t *testing.T) {
	bin := os.Getenv("K8S_HARNESS_BIN")
	if bin == "" {
		t.Fatal("K8S_HARNESS_BIN is not set (k8s_harness_start exports it)")
	}
	ns, ctx := "smoke-rbac-"+rand.String(6), context.Background()
	t.Cleanup(func() { _ = api.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	out := filepath.Join(t.TempDir(), "sa.kubeconfig")
	for i := 0; i < 2; i++ { // twice: it must be idempotent
		if b, err := exec.Command(bin, "token", "-kubeconfig", os.Getenv("KUBECONFIG"), "-namespace", ns, "-out", out).CombinedOutput(); err != nil {
			t.Fatalf("token: %v\n%s", err, b)
		}
	}
	sa, err := client(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sa.AppsV1().Deployments(ns).Create(ctx, deployment("web", nil), metav1.CreateOptions{}); err != nil {
		t.Fatalf("create deployment in own namespace: %v", err)
	}
	if _, err := sa.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{}); err != nil {
		t.Fatalf("list pods in own namespace: %v", err)
	}
	forbidden := map[string]error{}
	_, forbidden["list pods in default"] = sa.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
	_, forbidden["list namespaces"] = sa.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	_, forbidden["create deployment in default"] = sa.AppsV1().Deployments("default").Create(ctx, deployment("web", nil), metav1.CreateOptions{})
	_, forbidden["list nodes"] = sa.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	for what, err := range forbidden {
		if !apierrors.IsForbidden(err) {
			t.Errorf("%s: want Forbidden, got %v", what, err)
		}
	}
}
