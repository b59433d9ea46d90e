package kubernetes

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/dataflow-cli/dataflow/platforms"
)

func podWith(phase corev1.PodPhase, cs corev1.ContainerStatus) corev1.Pod {
	cs.Name = "foo-log-v1"
	return corev1.Pod{Status: corev1.PodStatus{Phase: phase, ContainerStatuses: []corev1.ContainerStatus{cs}}}
}

func waiting(reason, message string) corev1.ContainerState {
	return corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: reason, Message: message}}
}

// States as SCDF derives them, except that waiting reasons which never clear fail at once, with the reason.
func TestPodStatus(t *testing.T) {
	lastExit := func(code int32) corev1.ContainerState {
		return corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: code, Reason: "Error"}}
	}
	cases := []struct {
		name   string
		pod    corev1.Pod
		state  platforms.DeploymentState
		reason string
	}{
		{"pending", podWith(corev1.PodPending, corev1.ContainerStatus{}), platforms.StateDeploying, ""},
		{"ready", podWith(corev1.PodRunning, corev1.ContainerStatus{Ready: true}), platforms.StateDeployed, ""},
		{"running, not ready", podWith(corev1.PodRunning, corev1.ContainerStatus{}), platforms.StateDeploying, ""},
		{"image pull back-off", podWith(corev1.PodPending, corev1.ContainerStatus{State: waiting("ImagePullBackOff", `Back-off pulling image "nope"`)}),
			platforms.StateFailed, `ImagePullBackOff: Back-off pulling image "nope"`},
		{"image pull error", podWith(corev1.PodPending, corev1.ContainerStatus{State: waiting("ErrImagePull", "")}), platforms.StateFailed, "ErrImagePull"},
		{"config error", podWith(corev1.PodPending, corev1.ContainerStatus{State: waiting("CreateContainerConfigError", `secret "db" not found`)}),
			platforms.StateFailed, `CreateContainerConfigError: secret "db" not found`},
		{"crash loop at the first restart", podWith(corev1.PodRunning, corev1.ContainerStatus{RestartCount: 1,
			State: waiting("CrashLoopBackOff", "back-off 10s restarting failed container"), LastTerminationState: lastExit(3)}),
			platforms.StateFailed, "CrashLoopBackOff: back-off 10s restarting failed container (last exit code 3, Error)"},
		{"crash loop after running out of memory", podWith(corev1.PodRunning, corev1.ContainerStatus{RestartCount: 4,
			State:                waiting("CrashLoopBackOff", "back-off 1m20s restarting\nfailed container"),
			LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled"}}}),
			platforms.StateFailed, "CrashLoopBackOff: back-off 1m20s restarting failed container (last exit code 137, OOMKilled)"},
		{"restarting after exit 1 three times", podWith(corev1.PodRunning, corev1.ContainerStatus{RestartCount: 3,
			LastTerminationState: lastExit(1)}), platforms.StateFailed, "the container keeps failing (restarted 3 times, last exit code 1, Error)"},
		{"no node fits", unschedulablePod("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."),
			platforms.StateDeploying, "Unschedulable: 0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."},
		{"scheduled, pending", corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{
			{Type: corev1.PodScheduled, Status: corev1.ConditionTrue}}}}, platforms.StateDeploying, ""},
		{"one restart after exit 1", podWith(corev1.PodRunning, corev1.ContainerStatus{RestartCount: 1,
			LastTerminationState: lastExit(1)}), platforms.StateDeploying, ""},
		{"failed pod", corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodFailed, Reason: "Evicted"}}, platforms.StateFailed, "Evicted"},
	}
	for _, c := range cases {
		got := podStatus(c.pod, "foo-log-v1")
		if got.State != c.state || got.Attributes["reason"] != c.reason {
			t.Errorf("%s: %s %q, want %s %q", c.name, got.State, got.Attributes["reason"], c.state, c.reason)
		}
	}
}

func unschedulablePod(message string) corev1.Pod {
	return corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{
		{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable, Message: message}}}}
}

// An app's reason is its first failed pod's, or else, while it is not deployed, the first that says why it
// waits; a deployed app has none, even if one of its pods waits.
func TestAppStatusReason(t *testing.T) {
	ready := podStatus(podWith(corev1.PodRunning, corev1.ContainerStatus{Ready: true}), "foo-log-v1")
	waitingForNode := podStatus(unschedulablePod("0/2 nodes are available: 2 Insufficient cpu."), "foo-log-v1")
	pulling := podStatus(podWith(corev1.PodPending, corev1.ContainerStatus{State: waiting("ImagePullBackOff", "nope")}), "foo-log-v1")
	cases := []struct {
		name      string
		instances []platforms.InstanceStatus
		state     platforms.DeploymentState
		reason    string
	}{
		{"all ready", []platforms.InstanceStatus{ready, ready}, platforms.StateDeployed, ""},
		{"one waits for a node", []platforms.InstanceStatus{ready, waitingForNode}, platforms.StateDeploying, "Unschedulable: 0/2 nodes are available: 2 Insufficient cpu."},
		{"failed before waiting", []platforms.InstanceStatus{waitingForNode, pulling}, platforms.StateDeploying, "ImagePullBackOff: nope"},
	}
	for _, c := range cases {
		got := appStatusOf("foo-log-v1", c.instances)
		if got.State != c.state || got.Reason != c.reason {
			t.Errorf("%s: %s %q, want %s %q", c.name, got.State, got.Reason, c.state, c.reason)
		}
	}
}

// A task run that has not ended says why it does not run; one that runs, or has ended, says nothing.
func TestTaskPodProblem(t *testing.T) {
	taskPod := func(st corev1.PodStatus) *corev1.Pod {
		return &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "t-abc"}}}, Status: st}
	}
	pulling := taskPod(corev1.PodStatus{Phase: corev1.PodPending, ContainerStatuses: []corev1.ContainerStatus{
		{Name: "t-abc", State: waiting("ErrImagePull", `pull access denied for "nope"`)}}})
	if got := podProblem(pulling); got != `ErrImagePull: pull access denied for "nope"` {
		t.Errorf("image pull: %q", got)
	}
	if got := podProblem(taskPod(unschedulablePod("0/2 nodes are available.").Status)); got != "Unschedulable: 0/2 nodes are available." {
		t.Errorf("unschedulable: %q", got)
	}
	running := taskPod(corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{Name: "t-abc", Ready: true}}})
	if got := podProblem(running); got != "" {
		t.Errorf("running: %q", got)
	}
}

// The account's maxTerminatedErrorRestarts is the threshold past which a container that keeps ending in error
// is failed; SCDF's 2 when unset.
func TestTerminatedRestartLimitIsTheAccounts(t *testing.T) {
	pod := podWith(corev1.PodRunning, corev1.ContainerStatus{RestartCount: 4,
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error"}}})
	def := platforms.Account{Name: "k", Type: platforms.Kubernetes, Kubernetes: &platforms.KubernetesAccount{}}
	if got := podStatusWithLimit(pod, "foo-log-v1", terminatedRestartLimit(def)).State; got != platforms.StateFailed {
		t.Fatalf("4 restarts past the default of 2: %s", got)
	}
	patient := platforms.Account{Name: "k", Type: platforms.Kubernetes, Kubernetes: &platforms.KubernetesAccount{
		Properties: map[string]string{"maxTerminatedErrorRestarts": "'10'"}}}
	if limit := terminatedRestartLimit(patient); limit != 10 {
		t.Fatalf("limit %d", limit)
	}
	if got := podStatusWithLimit(pod, "foo-log-v1", terminatedRestartLimit(patient)).State; got != platforms.StateDeploying {
		t.Fatalf("4 restarts under a limit of 10: %s", got)
	}
}
