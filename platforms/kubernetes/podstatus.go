package kubernetes

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/dataflow-cli/dataflow/platforms"
)

// SCDF's default restart threshold for a container that keeps ending in error: the account's
// maxTerminatedErrorRestarts sets another. Its maxCrashLoopBackOffRestarts has no counterpart:
// CrashLoopBackOff fails at once (stuckReasons).
const maxTerminatedErrorRestarts = 2

// terminatedRestartLimit is the account's maxTerminatedErrorRestarts, SCDF's default when unset (a value that
// is not a number was refused when the account was checked).
func terminatedRestartLimit(acc platforms.Account) int32 {
	if acc.Kubernetes != nil {
		if v, ok := acc.Kubernetes.Properties["maxTerminatedErrorRestarts"]; ok {
			if n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(v), "'\"")); err == nil && n >= 0 {
				return int32(n)
			}
		}
	}
	return maxTerminatedErrorRestarts
}

// stuckReasons are waiting reasons that do not resolve by themselves: SCDF kept such pods "deploying" until the
// upgrade timed out (and a crash-looping one until its fifth restart, minutes later); they are failures here at
// once, with the reason.
var stuckReasons = map[string]bool{"ImagePullBackOff": true, "ErrImagePull": true, "InvalidImageName": true,
	"CreateContainerConfigError": true, "CreateContainerError": true, "CrashLoopBackOff": true}

// podStatus maps a pod to an instance state as SCDF's KubernetesAppInstanceStatus and its running-phase
// resolver do, reading the container that carries the app's id (sidecars do not count).
func podStatus(p corev1.Pod, id string) platforms.InstanceStatus {
	return podStatusWithLimit(p, id, maxTerminatedErrorRestarts)
}

// podStatusWithLimit is podStatus with the account's restart threshold for a container that keeps failing.
func podStatusWithLimit(p corev1.Pod, id string, restartLimit int32) platforms.InstanceStatus {
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
			attrs["reason"] = oneLine(strings.TrimSuffix(strings.TrimSpace(w.Reason+": "+w.Message), ":"))
			if last := lastExit(cs); last != "" {
				attrs["reason"] += " (" + last + ")"
			}
			return st
		}
	}
	switch p.Status.Phase {
	case corev1.PodPending:
		st.State = platforms.StateDeploying
		if why := unscheduled(p); why != "" {
			attrs["reason"] = why
		}
	case corev1.PodFailed:
		st.State = platforms.StateFailed
		attrs["reason"] = firstNonEmpty(p.Status.Reason, "the pod failed")
	case corev1.PodRunning:
		st.State = runningState(cs, restartLimit)
		if st.State == platforms.StateFailed {
			attrs["reason"] = "the container keeps failing (restarted " + attrs["container.restartCount"] + " times, " + lastExit(cs) + ")"
		}
	case corev1.PodSucceeded:
		st.State = platforms.StateUndeployed
	default:
		st.State = platforms.StateUnknown
	}
	return st
}

// runningState is SCDF's resolver for a running pod, rule by rule.
func runningState(cs *corev1.ContainerStatus, restartLimit int32) platforms.DeploymentState {
	if cs == nil {
		return platforms.StateDeploying
	}
	if cs.Ready {
		return platforms.StateDeployed
	}
	last, current := cs.LastTerminationState.Terminated, cs.State.Terminated
	if cs.RestartCount > restartLimit && last != nil {
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

// lastExit is how the container last ended, "last exit code 137, OOMKilled"; "" when it has not ended yet.
func lastExit(cs *corev1.ContainerStatus) string {
	t := cs.LastTerminationState.Terminated
	if t == nil {
		return ""
	}
	out := "last exit code " + strconv.Itoa(int(t.ExitCode))
	if t.Reason != "" {
		out += ", " + t.Reason
	}
	return out
}

// unscheduled is why the scheduler found no node for a pending pod ("Unschedulable: 0/2 nodes are available:
// 2 node(s) didn't match Pod's node affinity/selector"); "" when it has one or has not tried yet. The pod stays
// deploying: a node may come (an autoscaler), but the user sees why it waits.
func unscheduled(p corev1.Pod) string {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason != "" {
			return oneLine(strings.TrimSuffix(strings.TrimSpace(c.Reason+": "+c.Message), ":"))
		}
	}
	return ""
}

// oneLine joins the lines of a platform's message: every reason is shown on one line per app.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
