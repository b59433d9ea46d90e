package local

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
)

// actuatorClient reaches instances on this machine: an answer that takes longer than this is not coming.
var actuatorClient = &http.Client{Timeout: 30 * time.Second}

// Actuator calls the instance's actuator on its port, as SCDF's local deployer does with the instance's url.
// Only a deployed instance (listening, healthy) is called.
func (a *Apps) Actuator(ctx context.Context, ref platforms.AppRef, req platforms.ActuatorRequest) (platforms.ActuatorResponse, error) {
	h, err := decodeHandle(ref)
	if err != nil {
		return platforms.ActuatorResponse{}, err
	}
	var known []string
	for _, in := range h.Instances {
		st := instanceStatus(ctx, ref.DeploymentID, h.Dir, in)
		known = append(known, st.ID)
		if st.ID != req.Instance {
			continue
		}
		if st.State != platforms.StateDeployed {
			return platforms.ActuatorResponse{}, fmt.Errorf("instance %s of %s is %s, not deployed: its actuator cannot be called", st.ID, ref.DeploymentID, st.State)
		}
		return platforms.CallActuator(ctx, actuatorClient, st.Attributes["url"], nil, req)
	}
	return platforms.ActuatorResponse{}, &platforms.NoSuchInstanceError{DeploymentID: ref.DeploymentID, Instance: req.Instance, Known: known}
}
