package shell

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

func newRuntimeActuatorCommand(d *cmdDeps) *cobra.Command {
	return noun("actuator", "Call the actuator endpoints of app instances", newRuntimeActuatorGetCommand(d), newRuntimeActuatorPostCommand(d))
}

// actuatorOptions are what `runtime actuator get` and `post` share.
type actuatorOptions struct {
	appID, instanceID, endpoint string
	data                        string
}

func addActuatorFlags(cmd *cobra.Command, d *cmdDeps, o *actuatorOptions) {
	cmd.Flags().StringVar(&o.appID, "appId", "", "app id of the app instance (runtime apps lists them)")
	cmd.Flags().StringVar(&o.instanceID, "instanceId", "", "instance id of the app instance")
	cmd.Flags().StringVar(&o.endpoint, "endpoint", "", "endpoint to invoke, below /actuator (info, health, loggers/org.example)")
	require(cmd, "appId", "instanceId", "endpoint")
	completeFlagWith(cmd, "appId", d, completeDeploymentIDs)
	completeFlagWith(cmd, "endpoint", d, func(context.Context, *Factory) []string {
		return []string{"bindings", "configprops", "env", "health", "info", "loggers", "metrics", "prometheus"}
	})
}

func newRuntimeActuatorGetCommand(d *cmdDeps) *cobra.Command {
	o := &actuatorOptions{}
	cmd := leaf("get", "Invoke actuator GET endpoint on app instance", groupRuntime, func(cmd *cobra.Command, args []string) error {
		return runActuator(cmd.Context(), d, d.IO.Out, http.MethodGet, o)
	})
	addActuatorFlags(cmd, d, o)
	return cmd
}

func newRuntimeActuatorPostCommand(d *cmdDeps) *cobra.Command {
	o := &actuatorOptions{}
	cmd := leaf("post", "Invoke actuator POST endpoint on app instance", groupRuntime, func(cmd *cobra.Command, args []string) error {
		return runActuator(cmd.Context(), d, d.IO.Out, http.MethodPost, o)
	})
	addActuatorFlags(cmd, d, o)
	cmd.Flags().StringVar(&o.data, "data", "", "optional data to include in the request body, a JSON object ('{\"configuredLevel\":\"DEBUG\"}')")
	return cmd
}

// runActuator calls the endpoint and prints the instance's answer as it came; an answer outside 2xx fails the
// command with the status and the endpoint.
func runActuator(ctx context.Context, d *cmdDeps, out io.Writer, method string, o *actuatorOptions) error {
	var body []byte
	if method == http.MethodPost {
		// SCDF posts a map: the data as a JSON object, an empty one when none is given.
		m := map[string]any{}
		if strings.TrimSpace(o.data) != "" {
			var v any
			if err := json.Unmarshal([]byte(o.data), &v); err != nil {
				return usageErrorf("Unable to parse 'data' into map: %v", err)
			}
			obj, ok := v.(map[string]any)
			if !ok {
				return usageErrorf("Unable to parse 'data' into map: give a JSON object such as {\"configuredLevel\":\"DEBUG\"}")
			}
			m = obj
		}
		body, _ = json.Marshal(m)
	}
	fl, err := d.Flow(ctx)
	if err != nil {
		return err
	}
	resp, err := fl.Actuator(ctx, flow.ActuatorRequest{AppID: o.appID, Instance: o.instanceID, Method: method, Endpoint: o.endpoint, Body: body})
	if err != nil {
		return err
	}
	if len(resp.Body) > 0 && resp.StatusCode >= 200 && resp.StatusCode < 300 {
		fmt.Fprint(out, string(resp.Body))
		if !strings.HasSuffix(string(resp.Body), "\n") {
			fmt.Fprintln(out)
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("The actuator of %s answered %d %s to %s %s", o.instanceID, resp.StatusCode, http.StatusText(resp.StatusCode),
			method, "/actuator/"+strings.TrimLeft(o.endpoint, "/"))
	}
	return nil
}

func completeDeploymentIDs(ctx context.Context, f *Factory) []string {
	fl, err := f.Flow(ctx)
	if err != nil {
		return nil
	}
	ids, _ := fl.DeploymentIDs(ctx)
	return ids
}
