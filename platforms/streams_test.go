package platforms

import "testing"

func instances(states ...DeploymentState) []InstanceStatus {
	out := make([]InstanceStatus, len(states))
	for i, s := range states {
		out[i] = InstanceStatus{State: s}
	}
	return out
}

// The deployer SPI's AppStatus.getState and SCDF's StreamDeployerUtil.aggregateState, rule by rule.
func TestAggregateStates(t *testing.T) {
	app := []struct {
		in   []DeploymentState
		want DeploymentState
	}{
		{nil, StateUnknown},
		{[]DeploymentState{StateDeployed, StateDeployed}, StateDeployed},
		{[]DeploymentState{StateDeployed, StateError, StateDeploying}, StateError},
		{[]DeploymentState{StateDeployed, StateDeploying}, StateDeploying},
		{[]DeploymentState{StateDeployed, StateFailed}, StatePartial},
		{[]DeploymentState{StateFailed, StateUndeployed}, StateFailed},
		{[]DeploymentState{StateUndeployed, StateUnknown}, StateUnknown},
	}
	for _, c := range app {
		if got := AggregateState(instances(c.in...)); got != c.want {
			t.Errorf("app %v: %s, want %s", c.in, got, c.want)
		}
	}
	stream := []struct {
		in   []DeploymentState
		want DeploymentState
	}{
		{[]DeploymentState{StateUnknown, StateUnknown}, StateUndeployed},
		{[]DeploymentState{StateDeployed, StateDeployed}, StateDeployed},
		{[]DeploymentState{StateDeployed, StateError}, StateError},
		{[]DeploymentState{StateDeployed, StateFailed}, StatePartial},
		{[]DeploymentState{StateDeploying, StateFailed}, StateFailed},
		{[]DeploymentState{StateDeploying, StateDeployed}, StateDeploying},
		{[]DeploymentState{StateDeployed, StateUndeployed}, StatePartial},
	}
	for _, c := range stream {
		if got := StreamState(c.in); got != c.want {
			t.Errorf("stream %v: %s, want %s", c.in, got, c.want)
		}
	}
}
