package cloudfoundry

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/platforms"
)

// actuatorClient reaches apps through their routes: the environment's proxy applies (HTTP_PROXY, as for the
// cf CLI), and an answer that takes longer than this is not coming.
var actuatorClient = &http.Client{Transport: http.DefaultTransport, Timeout: 30 * time.Second}

// Actuator calls an instance's actuator through the app's first route, with the X-Cf-App-Instance header that
// makes the router send the request to that instance, as SCDF's deployer does (over http, as it does). The
// instance is its id (<app>-<index>) or SCDF's guid (<app>:<index>); only a running instance is called.
func (a *Apps) Actuator(ctx context.Context, ref platforms.AppRef, req platforms.ActuatorRequest) (platforms.ActuatorResponse, error) {
	h, err := parseHandle(ref.Handle)
	if err != nil {
		return platforms.ActuatorResponse{}, err
	}
	api, err := a.session(ctx)
	if err != nil {
		return platforms.ActuatorResponse{}, err
	}
	stats, err := api.Processes.GetStatsForApp(ctx, h.GUID, "web")
	if err != nil {
		return platforms.ActuatorResponse{}, fmt.Errorf("cannot read the instances of %s: %s", h.Name, describe(err))
	}
	var known []string
	for _, s := range stats.Stats {
		in := instanceStatus(h, s)
		known = append(known, in.ID)
		if in.ID != req.Instance && in.Attributes["guid"] != req.Instance {
			continue
		}
		if in.State != platforms.StateDeployed {
			return platforms.ActuatorResponse{}, fmt.Errorf("instance %s of %s is %s, not deployed: its actuator cannot be called", in.ID, ref.DeploymentID, in.State)
		}
		route, err := api.Routes.FirstForApp(ctx, h.GUID, nil)
		if resource.IsResourceNotFoundError(err) || (err == nil && route == nil) {
			return platforms.ActuatorResponse{}, fmt.Errorf("%s has no route, so its actuator cannot be reached (deploy it with a route)", h.Name)
		}
		if err != nil {
			return platforms.ActuatorResponse{}, fmt.Errorf("cannot read the routes of %s: %s", h.Name, describe(err))
		}
		header := http.Header{"X-Cf-App-Instance": {fmt.Sprintf("%s:%d", h.GUID, s.Index)}}
		// The account's appAdmin credentials, which its apps were given, as SCDF's actuator template sends them.
		set := newSettings(a.Account, nil)
		if user, password := strings.TrimSpace(set.account[relaxed("appAdmin.user")]), strings.TrimSpace(set.account[relaxed("appAdmin.password")]); user != "" && password != "" {
			r := http.Request{Header: http.Header{}}
			r.SetBasicAuth(user, password)
			header.Set("Authorization", r.Header.Get("Authorization"))
		}
		resp, err := platforms.CallActuator(ctx, actuatorClient, "http://"+route.URL, header, req)
		if err != nil {
			return resp, fmt.Errorf("cannot reach %s through its route %s: %w", h.Name, route.URL, err)
		}
		return resp, nil
	}
	return platforms.ActuatorResponse{}, &platforms.NoSuchInstanceError{DeploymentID: ref.DeploymentID, Instance: req.Instance, Known: known}
}
