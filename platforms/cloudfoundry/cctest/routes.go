package cctest

import (
	"net/http"
	"strings"
	"time"
)

type domain struct {
	guid, name string
	orgGUID    string // "" for a shared domain
	seq        int64
	created    time.Time
}

type route struct {
	guid, host, path      string
	spaceGUID, domainGUID string
	port                  *int
	dests                 []*destination
	meta                  meta
	seq                   int64
	created, updated      time.Time
}

type destination struct {
	guid, appGUID, processType string
	port                       int
	protocol                   string
}

func (s *Server) addDomain(name, orgGUID string) *domain {
	g, n := s.nextGUID()
	d := &domain{guid: g, name: name, orgGUID: orgGUID, seq: n, created: s.stamp()}
	s.domains[g] = d
	return d
}

func (s *Server) orderedDomains() []*domain {
	return ordered(s.domains, func(d *domain) int64 { return d.seq })
}

func (s *Server) renderDomain(d *domain) obj {
	rels := obj{"organization": rel(d.orgGUID), "shared_organizations": obj{"data": []obj{}}}
	return obj{
		"guid": d.guid, "created_at": ts(d.created), "updated_at": ts(d.created), "name": d.name,
		"internal": false, "router_group": nil, "supported_protocols": []string{"http"},
		"relationships": rels, "metadata": (&meta{}).render(),
		"links": obj{
			"self":               s.href("/v3/domains/%s", d.guid),
			"route_reservations": s.href("/v3/domains/%s/route_reservations", d.guid),
		},
	}
}

func (s *Server) routeURL(rt *route) string {
	u := s.domains[rt.domainGUID].name
	if rt.host != "" {
		u = rt.host + "." + u
	}
	return u + rt.path
}

// appURIs lists the URLs of the routes mapped to an app (for VCAP_APPLICATION).
func (s *Server) appURIs(appGUID string) []string {
	out := []string{}
	for _, rt := range ordered(s.routes, func(r *route) int64 { return r.seq }) {
		for _, d := range rt.dests {
			if d.appGUID == appGUID {
				out = append(out, s.routeURL(rt))
				break
			}
		}
	}
	return out
}

func (s *Server) renderDestination(d *destination) obj {
	return obj{"guid": d.guid, "app": obj{"guid": d.appGUID, "process": obj{"type": d.processType}},
		"weight": nil, "port": d.port, "protocol": d.protocol}
}

func (s *Server) renderDestinations(rt *route) obj {
	ds := []obj{}
	for _, d := range rt.dests {
		ds = append(ds, s.renderDestination(d))
	}
	return obj{"destinations": ds, "links": obj{
		"self":  s.href("/v3/routes/%s/destinations", rt.guid),
		"route": s.href("/v3/routes/%s", rt.guid),
	}}
}

func (s *Server) renderRoute(rt *route) obj {
	o := s.renderDestinations(rt)
	return obj{
		"guid": rt.guid, "created_at": ts(rt.created), "updated_at": ts(rt.updated), "protocol": "http",
		"host": rt.host, "path": rt.path, "port": rt.port, "url": s.routeURL(rt), "options": obj{},
		"destinations": o["destinations"], "metadata": rt.meta.render(),
		"relationships": obj{"space": rel(rt.spaceGUID), "domain": rel(rt.domainGUID)},
		"links": obj{
			"self":         s.href("/v3/routes/%s", rt.guid),
			"space":        s.href("/v3/spaces/%s", rt.spaceGUID),
			"domain":       s.href("/v3/domains/%s", rt.domainGUID),
			"destinations": s.href("/v3/routes/%s/destinations", rt.guid),
		},
	}
}

func (s *Server) routeRoutes(h handle) {
	h("GET /v3/domains", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		names, guids, orgs := listParam(q, "names"), listParam(q, "guids"), listParam(q, "organization_guids")
		var out []*domain
		for _, d := range s.orderedDomains() {
			if matches(names, d.name) && matches(guids, d.guid) && (orgs == nil || d.orgGUID == "" || matches(orgs, d.orgGUID)) {
				out = append(out, d)
			}
		}
		writeList(s, w, r, out, s.renderDomain, nil)
	})
	h("GET /v3/domains/{guid}", func(w http.ResponseWriter, r *http.Request) {
		d, ok := s.domains[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Domain"))
			return
		}
		writeJSON(w, http.StatusOK, s.renderDomain(d))
	})

	h("POST /v3/routes", s.createRoute)
	h("GET /v3/routes", func(w http.ResponseWriter, r *http.Request) {
		s.listRoutes(w, r, listParam(r.URL.Query(), "app_guids"))
	})
	h("GET /v3/apps/{guid}/routes", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		s.listRoutes(w, r, []string{a.guid})
	}))
	h("GET /v3/routes/{guid}", s.withRoute(func(w http.ResponseWriter, r *http.Request, rt *route) {
		body := s.renderRoute(rt)
		if r.URL.Query().Get("include") == "domain" {
			body["included"] = obj{"domains": []obj{s.renderDomain(s.domains[rt.domainGUID])}}
		}
		writeJSON(w, http.StatusOK, body)
	}))
	h("DELETE /v3/routes/{guid}", s.withRoute(func(w http.ResponseWriter, r *http.Request, rt *route) {
		guid := rt.guid
		j := s.addJob("route.delete", func() { delete(s.routes, guid) })
		w.Header().Set("Location", s.url+"/v3/jobs/"+j.guid)
		w.WriteHeader(http.StatusAccepted)
	}))
	h("GET /v3/routes/{guid}/destinations", s.withRoute(func(w http.ResponseWriter, r *http.Request, rt *route) {
		writeJSON(w, http.StatusOK, s.renderDestinations(rt))
	}))
	h("POST /v3/routes/{guid}/destinations", s.withRoute(func(w http.ResponseWriter, r *http.Request, rt *route) {
		s.setDestinations(w, r, rt, false)
	}))
	h("PATCH /v3/routes/{guid}/destinations", s.withRoute(func(w http.ResponseWriter, r *http.Request, rt *route) {
		s.setDestinations(w, r, rt, true)
	}))
	h("DELETE /v3/routes/{guid}/destinations/{dest}", s.withRoute(func(w http.ResponseWriter, r *http.Request, rt *route) {
		for i, d := range rt.dests {
			if d.guid == r.PathValue("dest") {
				rt.dests = append(rt.dests[:i], rt.dests[i+1:]...)
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		writeError(w, errUnprocessable("Unable to unmap route from destination. Ensure the route has a destination with this guid."))
	}))
}

func (s *Server) withRoute(fn func(http.ResponseWriter, *http.Request, *route)) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		rt, ok := s.routes[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Route"))
			return
		}
		fn(w, r, rt)
	}
}

func (s *Server) createRoute(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Host          string      `json:"host"`
		Path          string      `json:"path"`
		Port          *int        `json:"port"`
		Metadata      *metadataIn `json:"metadata"`
		Relationships struct {
			Space  guidRef `json:"space"`
			Domain guidRef `json:"domain"`
		} `json:"relationships"`
	}
	if e := decode(r, &in); e != nil {
		writeError(w, e)
		return
	}
	sp, ok := s.spaces[in.Relationships.Space.guid()]
	if !ok {
		writeError(w, errUnprocessable("Invalid space. Ensure that the space exists and you have access to it."))
		return
	}
	d, ok := s.domains[in.Relationships.Domain.guid()]
	if !ok {
		writeError(w, errUnprocessable("Invalid domain. Ensure that the domain exists and you have access to it."))
		return
	}
	if in.Path != "" && !strings.HasPrefix(in.Path, "/") {
		writeError(w, errUnprocessable("Path must begin with /"))
		return
	}
	// go-cfclient's NewRouteCreateWithHost always sends a port; 0 means none.
	if in.Port != nil && *in.Port != 0 {
		writeError(w, errUnprocessable("Routes with protocol 'http' do not support ports."))
		return
	}
	for _, rt := range s.routes {
		if rt.domainGUID == d.guid && rt.host == in.Host && rt.path == in.Path {
			writeError(w, &cfError{status: 422, Code: 10008, Title: "CF-UnprocessableEntity",
				Detail: "Route already exists for domain '" + d.name + "'."})
			return
		}
	}
	g, n := s.nextGUID()
	now := s.stamp()
	rt := &route{guid: g, host: in.Host, path: in.Path, spaceGUID: sp.guid, domainGUID: d.guid, seq: n, created: now, updated: now}
	rt.meta.apply(in.Metadata)
	s.routes[g] = rt
	writeJSON(w, http.StatusCreated, s.renderRoute(rt))
}

func (s *Server) listRoutes(w http.ResponseWriter, r *http.Request, apps []string) {
	q := r.URL.Query()
	hosts, paths := listParam(q, "hosts"), listParam(q, "paths")
	spaces, domains, orgs := listParam(q, "space_guids"), listParam(q, "domain_guids"), listParam(q, "organization_guids")
	sel, e := labelFilter(q)
	if e != nil {
		writeError(w, e)
		return
	}
	var out []*route
	for _, rt := range ordered(s.routes, func(r *route) int64 { return r.seq }) {
		mapped := apps == nil
		for _, d := range rt.dests {
			if matches(apps, d.appGUID) {
				mapped = true
			}
		}
		if mapped && matches(hosts, rt.host) && matches(paths, rt.path) && matches(spaces, rt.spaceGUID) &&
			matches(domains, rt.domainGUID) && matches(orgs, s.spaces[rt.spaceGUID].orgGUID) && sel(rt.meta.labels) {
			out = append(out, rt)
		}
	}
	var included obj
	if q.Get("include") == "domain" {
		ds := []obj{}
		seen := map[string]bool{}
		for _, rt := range out {
			if !seen[rt.domainGUID] {
				seen[rt.domainGUID] = true
				ds = append(ds, s.renderDomain(s.domains[rt.domainGUID]))
			}
		}
		included = obj{"domains": ds}
	}
	writeList(s, w, r, out, s.renderRoute, included)
}

// setDestinations is insert (POST) or replace (PATCH). Mapping an app already on the route is a no-op.
func (s *Server) setDestinations(w http.ResponseWriter, r *http.Request, rt *route, replace bool) {
	var in struct {
		Destinations []struct {
			App struct {
				GUID    string `json:"guid"`
				Process *struct {
					Type string `json:"type"`
				} `json:"process"`
			} `json:"app"`
			Port     *int    `json:"port"`
			Protocol *string `json:"protocol"`
		} `json:"destinations"`
	}
	if e := decode(r, &in); e != nil {
		writeError(w, e)
		return
	}
	var fresh []*destination
	for _, d := range in.Destinations {
		a, ok := s.apps[d.App.GUID]
		if !ok {
			writeError(w, errUnprocessable("App(s) with guid(s) \"%s\" do not exist or you do not have access.", d.App.GUID))
			return
		}
		if a.spaceGUID != rt.spaceGUID {
			writeError(w, errUnprocessable("Routes cannot be mapped to destinations in different spaces."))
			return
		}
		dest := &destination{appGUID: a.guid, processType: "web", port: 8080, protocol: "http1"}
		if d.App.Process != nil && d.App.Process.Type != "" {
			dest.processType = d.App.Process.Type
		}
		if d.Port != nil {
			dest.port = *d.Port
		}
		if d.Protocol != nil {
			dest.protocol = *d.Protocol
		}
		fresh = append(fresh, dest)
	}
	if replace {
		rt.dests = nil
	}
	for _, d := range fresh {
		dup := false
		for _, old := range rt.dests {
			if old.appGUID == d.appGUID && old.processType == d.processType && old.port == d.port {
				dup = true
			}
		}
		if !dup {
			d.guid, _ = s.nextGUID()
			rt.dests = append(rt.dests, d)
		}
	}
	rt.updated = s.stamp()
	writeJSON(w, http.StatusOK, s.renderDestinations(rt))
}
