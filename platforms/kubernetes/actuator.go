package kubernetes

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/dataflow-cli/dataflow/platforms"
)

// defaultActuatorPort is the port of an app container that declares none (Spring Boot's server.port).
const defaultActuatorPort = 8080

// Actuator calls a pod's actuator through the API server's pod proxy (pods/<pod>:<port>/proxy/actuator/...):
// SCDF's deployer called the pod's IP, which only works from inside the cluster; the proxy works from wherever
// the API server can be reached, with the user's own rights (get on pods/proxy). The instance is the pod's name
// (or its UID, SCDF's guid), and only a deployed pod is called.
func (a *Apps) Actuator(ctx context.Context, ref platforms.AppRef, req platforms.ActuatorRequest) (platforms.ActuatorResponse, error) {
	id := objectName(ref.DeploymentID)
	pods := &corev1.PodList{}
	if err := a.pods().list(ctx, labelAppID+"="+id, pods); err != nil {
		return platforms.ActuatorResponse{}, err
	}
	var known []string
	for _, p := range pods.Items {
		known = append(known, p.Name)
		if p.Name != req.Instance && string(p.UID) != req.Instance {
			continue
		}
		if st := podStatus(p, id); st.State != platforms.StateDeployed {
			return platforms.ActuatorResponse{}, fmt.Errorf("instance %s of %s is %s, not deployed: its actuator cannot be called", p.Name, ref.DeploymentID, st.State)
		}
		var body []byte
		if req.Method == "POST" {
			body = req.Body
		}
		code, answer, err := a.pods().proxy(ctx, req.Method, p.Name, podAppPort(p, id), platforms.ActuatorPath(req.Endpoint), body)
		if err != nil {
			return platforms.ActuatorResponse{}, fmt.Errorf("the API server could not reach pod %s through its proxy: %w", p.Name, err)
		}
		return platforms.ActuatorResponse{StatusCode: code, Body: answer}, nil
	}
	return platforms.ActuatorResponse{}, &platforms.NoSuchInstanceError{DeploymentID: ref.DeploymentID, Instance: req.Instance, Known: known}
}

// podAppPort is the first port the app's container declares (its server.port, as the deploy set it).
func podAppPort(p corev1.Pod, id string) int32 {
	for _, c := range p.Spec.Containers {
		if c.Name == id && len(c.Ports) > 0 {
			return c.Ports[0].ContainerPort
		}
	}
	return defaultActuatorPort
}
