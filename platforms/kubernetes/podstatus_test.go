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
			platforms.StateFailed, "CrashLoopBackOff: back-off 10s restarting failed container (last exit code 3)"},
		{"restarting after exit 1 three times", podWith(corev1.PodRunning, corev1.ContainerStatus{RestartCount: 3,
			LastTerminationState: lastExit(1)}), platforms.StateFailed, "the container keeps failing (restarted 3 times)"},
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
