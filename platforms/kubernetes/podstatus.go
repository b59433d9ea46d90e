package kubernetes

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/dataflow-cli/dataflow/platforms"
)

// SCDF's restart threshold for a container that keeps ending in error (maxTerminatedErrorRestarts). Its
// maxCrashLoopBackOffRestarts has no counterpart: CrashLoopBackOff fails at once (stuckReasons).
const maxTerminatedErrorRestarts = 2

// stuckReasons are waiting reasons that do not resolve by themselves: SCDF kept such pods "deploying" until the
// upgrade timed out (and a crash-looping one until its fifth restart, minutes later); they are failures here at
// once, with the reason.
var stuckReasons = map[string]bool{"ImagePullBackOff": true, "ErrImagePull": true, "InvalidImageName": true,
	"CreateContainerConfigError": true, "CreateContainerError": true, "CrashLoopBackOff": true}

// podStatus maps a pod to an instance state as SCDF's KubernetesAppInstanceStatus and its running-phase
// resolver do, reading the container that carries the app's id (sidecars do not count).
func podStatus(p corev1.Pod, id string) platforms.InstanceStatus {
	attrs := map[string]string{"pod.name": p.Name, "pod.ip": p.Status.PodIP, "host.ip": p.Status.HostIP,
		"phase": string(p.Status.Phase), "guid": string(p.UID)}
	if p.Status.StartTime != nil {
		attrs["pod.startTime"] = p.Status.StartTime.UTC().Format("2006-01-02T15:04:05Z")
	}
	st := platforms.InstanceStatus{ID: p.Name, Attributes: attrs}
	var cs *corev1.ContainerStatus
	for i := range p.Status.ContainerStatuses {
		if c := &p.Status.ContainerStatuses[i]; c.Name == id || cs == nil {
			cs = c
		}
	}
	if cs != nil {
		attrs["container.restartCount"] = strconv.Itoa(int(cs.RestartCount))
		if t := cs.LastTerminationState.Terminated; t != nil {
			attrs["container.lastState.terminated.exitCode"] = strconv.Itoa(int(t.ExitCode))
			attrs["container.lastState.terminated.reason"] = t.Reason
		}
		if w := cs.State.Waiting; w != nil && stuckReasons[w.Reason] {
			st.State = platforms.StateFailed
			attrs["reason"] = strings.TrimSuffix(strings.TrimSpace(w.Reason+": "+w.Message), ":")
			if t := cs.LastTerminationState.Terminated; t != nil {
				attrs["reason"] += " (last exit code " + strconv.Itoa(int(t.ExitCode)) + ")"
			}
			return st
		}
	}
	switch p.Status.Phase {
	case corev1.PodPending:
		st.State = platforms.StateDeploying
	case corev1.PodFailed:
		st.State = platforms.StateFailed
		attrs["reason"] = firstNonEmpty(p.Status.Reason, "the pod failed")
	case corev1.PodRunning:
		st.State = runningState(cs)
		if st.State == platforms.StateFailed {
			attrs["reason"] = "the container keeps failing (restarted " + attrs["container.restartCount"] + " times)"
		}
	case corev1.PodSucceeded:
		st.State = platforms.StateUndeployed
	default:
		st.State = platforms.StateUnknown
	}
	return st
}

// runningState is SCDF's resolver for a running pod, rule by rule.
func runningState(cs *corev1.ContainerStatus) platforms.DeploymentState {
	if cs == nil {
		return platforms.StateDeploying
	}
	if cs.Ready {
		return platforms.StateDeployed
	}
	last, current := cs.LastTerminationState.Terminated, cs.State.Terminated
	if cs.RestartCount > maxTerminatedErrorRestarts && last != nil {
		switch last.ExitCode {
		case 1, 137, 143:
			return platforms.StateFailed
		}
		if current != nil && strings.Contains(last.Reason, "Error") && strings.Contains(current.Reason, "Error") && last.ExitCode == current.ExitCode {
			return platforms.StateFailed
		}
	}
	if cs.RestartCount == 0 && current != nil {
		return platforms.StateUndeployed
	}
	return platforms.StateDeploying
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
