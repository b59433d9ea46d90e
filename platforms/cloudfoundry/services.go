package cloudfoundry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"
)

// resolvedService is a service to bind with its instance's GUID.
type resolvedService struct {
	serviceSpec
	guid string
}

// resolveServices finds every service instance in one request, before anything is created: a missing service
// fails the deploy while nothing exists.
func resolveServices(ctx context.Context, api *client.Client, space string, services []serviceSpec) ([]resolvedService, error) {
	if len(services) == 0 {
		return nil, nil
	}
	names := make([]string, len(services))
	for i, s := range services {
		names[i] = s.name
	}
	o := client.NewServiceInstanceListOptions()
	o.Names.EqualTo(names...)
	o.SpaceGUIDs.EqualTo(space)
	list, err := api.ServiceInstances.ListAll(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("cannot look up services %s: %s", strings.Join(names, ", "), describe(err))
	}
	byName := map[string]string{}
	for _, si := range list {
		byName[si.Name] = si.GUID
	}
	out := make([]resolvedService, len(services))
	var missing []string
	for i, s := range services {
		g, ok := byName[s.name]
		if !ok {
			missing = append(missing, s.name)
		}
		out[i] = resolvedService{serviceSpec: s, guid: g}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no service instance named %s in the space (create it with `cf create-service`)", strings.Join(missing, ", "))
	}
	return out, nil
}

// bindServices binds the app to each service, with its parameters; bindings to managed services are
// asynchronous, and waited for.
func (c *Client) bindServices(ctx context.Context, api *client.Client, appGUID string, services []resolvedService) error {
	steps := make([]func() error, len(services))
	for i, s := range services {
		steps[i] = func() error {
			create := resource.NewServiceCredentialBindingCreateApp(s.guid, appGUID)
			if len(s.params) > 0 {
				raw, err := json.Marshal(s.params)
				if err != nil {
					return err
				}
				msg := json.RawMessage(raw)
				create.Parameters = &msg
			}
			var job string
			err := c.retryConcurrency(ctx, func() (err error) {
				job, _, err = api.ServiceCredentialBindings.Create(ctx, create)
				return err
			})
			if err != nil {
				return fmt.Errorf("cannot bind service %s: %s", s.name, describe(err))
			}
			return c.waitJob(ctx, api, job, "the binding of service "+s.name)
		}
	}
	return errGroup(steps...)
}

// concurrencyRetry is how long a binding is retried on CF-ConcurrencyError (10001), as SCDF retried it: a
// service broker busy with another binding of the same instance answers so, and succeeds a moment later.
const concurrencyRetry = 30 * time.Second

func (c *Client) retryConcurrency(ctx context.Context, call func() error) error {
	deadline := time.Now().Add(concurrencyRetry)
	delay := c.opts.PollInterval / 4
	for {
		err := call()
		var cfErr resource.CloudFoundryError
		if err == nil || !errors.As(err, &cfErr) || cfErr.Code != 10001 || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(delay):
		}
	}
}
