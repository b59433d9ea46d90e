package kubernetes

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/dataflow-cli/dataflow/platforms"
)

// How a task pod ended is read from its task container's terminated state; OOMKilled and eviction are failures
// whatever the exit code says (SCDF read neither), and a pod that has not ended has no end yet.
func TestPodEnd(t *testing.T) {
	containers := []corev1.Container{{Name: "t-abc"}}
	terminated := func(phase corev1.PodPhase, code int32, reason string) corev1.Pod {
		return corev1.Pod{Spec: corev1.PodSpec{Containers: containers}, Status: corev1.PodStatus{Phase: phase,
			ContainerStatuses: []corev1.ContainerStatus{
				{Name: "sidecar", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 9, Reason: "Error"}}},
				{Name: "t-abc", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: code, Reason: reason}}},
			}}}
	}
	evicted := corev1.Pod{Spec: corev1.PodSpec{Containers: containers}, Status: corev1.PodStatus{Phase: corev1.PodFailed,
		Reason: "Evicted", Message: "The node was low on resource: ephemeral-storage."}}
	for _, c := range []struct {
		name string
		pod  corev1.Pod
		want platforms.TaskEnd
	}{
		{"running", corev1.Pod{Spec: corev1.PodSpec{Containers: containers}, Status: corev1.PodStatus{Phase: corev1.PodRunning}}, platforms.TaskEnd{}},
		{"exit 0", terminated(corev1.PodSucceeded, 0, "Completed"), platforms.TaskEnd{Ended: true}},
		{"exit 3", terminated(corev1.PodFailed, 3, "Error"), platforms.TaskEnd{Ended: true, Failed: true, ExitCode: 3, Message: "exited with code 3"}},
		{"OOMKilled, code 0", terminated(corev1.PodFailed, 0, "OOMKilled"), platforms.TaskEnd{Ended: true, Failed: true, ExitCode: 137, Message: "exited with code 137 (OOMKilled: the container ran out of memory)"}},
		{"evicted", evicted, platforms.TaskEnd{Ended: true, Failed: true, ExitCode: -1, Message: "Evicted: The node was low on resource: ephemeral-storage."}},
	} {
		if got := podEnd(&c.pod); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
