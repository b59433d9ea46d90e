package cloudfoundry

import (
	"context"
	"fmt"
	"sync"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"
)

// resolvedRoute is a route spec with its domain's GUID.
type resolvedRoute struct {
	routeSpec
	domainGUID string
}

// resolveDomains finds the GUID of every domain the routes name, before anything is created.
func (c *Client) resolveDomains(ctx context.Context, api *client.Client, org string, routes []routeSpec) ([]resolvedRoute, error) {
	out := make([]resolvedRoute, len(routes))
	guids := map[string]string{}
	for i, r := range routes {
		key := r.domain
		g, ok := guids[key]
		if !ok {
			var err error
			if key == "" {
				g, err = c.defaultDomain(ctx, api, org)
			} else {
				g, err = domainGUID(ctx, api, key)
			}
			if err != nil {
				return nil, err
			}
			guids[key] = g
		}
		out[i] = resolvedRoute{routeSpec: r, domainGUID: g}
	}
	return out, nil
}

// mapRoutes maps each route to the app, creating the routes that do not exist yet. It returns the routes it
// created (the ones a failed deploy must delete); a route that already exists (a fixed `route` shared by two
// versions during an update) is only mapped.
func (c *Client) mapRoutes(ctx context.Context, api *client.Client, space, appGUID string, routes []resolvedRoute) ([]string, error) {
	var mu sync.Mutex
	var created []string
	steps := make([]func() error, len(routes))
	for i, r := range routes {
		steps[i] = func() error {
			guid, made, err := c.ensureRoute(ctx, api, space, r)
			if err != nil {
				return err
			}
			if made {
				mu.Lock()
				created = append(created, guid)
				mu.Unlock()
			}
			dest := []*resource.RouteDestinationInsertOrReplace{resource.NewRouteDestinationInsertOrReplace(appGUID)}
			if _, err := api.Routes.InsertDestinations(ctx, guid, dest); err != nil {
				return fmt.Errorf("cannot map route %s: %s", r, describe(err))
			}
			return nil
		}
	}
	err := errGroup(steps...)
	return created, err
}

func (c *Client) ensureRoute(ctx context.Context, api *client.Client, space string, r resolvedRoute) (string, bool, error) {
	route, err := api.Routes.Create(ctx, resource.NewRouteCreateWithHost(r.domainGUID, space, r.host, r.path, 0))
	if err == nil {
		return route.GUID, true, nil
	}
	if !resource.IsUnprocessableEntityError(err) {
		return "", false, fmt.Errorf("cannot create route %s: %s", r, describe(err))
	}
	// Taken: use it if it is in our space, as cf push does.
	o := client.NewRouteListOptions()
	o.Hosts.EqualTo(r.host)
	o.DomainGUIDs.EqualTo(r.domainGUID)
	o.SpaceGUIDs.EqualTo(space)
	if r.path != "" {
		o.Paths.EqualTo(r.path)
	}
	list, _, lerr := api.Routes.List(ctx, o)
	if lerr != nil || len(list) == 0 {
		return "", false, fmt.Errorf("cannot create route %s: %s", r, describe(err))
	}
	for _, existing := range list {
		if existing.Path == r.path {
			return existing.GUID, false, nil
		}
	}
	return "", false, fmt.Errorf("cannot create route %s: %s", r, describe(err))
}

// unsharedRoutes lists the app's routes that map to no other app: the ones deleting the app may delete
// (deleteRoutes). SCDF deleted every route of the app, a fixed route shared with the next version included.
func unsharedRoutes(ctx context.Context, api *client.Client, appGUID string) (map[string]string, error) {
	routes, err := api.Routes.ListForAppAll(ctx, appGUID, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range routes {
		only := true
		for _, d := range r.Destinations {
			if d.App.GUID != nil && *d.App.GUID != appGUID {
				only = false
			}
		}
		if only {
			out[r.GUID] = r.URL
		}
	}
	return out, nil
}
