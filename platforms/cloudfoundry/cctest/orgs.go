package cctest

import (
	"net/http"
	"time"
)

type org struct {
	guid, name string
	seq        int64
	created    time.Time
}

type space struct {
	guid, name, orgGUID string
	seq                 int64
	created             time.Time
}

func (s *Server) addOrg(name string) *org {
	g, n := s.nextGUID()
	o := &org{guid: g, name: name, seq: n, created: s.stamp()}
	s.orgs[g] = o
	return o
}

func (s *Server) orgByName(name string) *org {
	for _, o := range s.orgs {
		if o.name == name {
			return o
		}
	}
	return nil
}

func (s *Server) addSpace(orgGUID, name string) *space {
	g, n := s.nextGUID()
	sp := &space{guid: g, name: name, orgGUID: orgGUID, seq: n, created: s.stamp()}
	s.spaces[g] = sp
	return sp
}

func (s *Server) renderOrg(o *org) obj {
	return obj{
		"guid": o.guid, "created_at": ts(o.created), "updated_at": ts(o.created), "name": o.name, "suspended": false,
		"relationships": obj{"quota": rel("")},
		"metadata":      (&meta{}).render(),
		"links": obj{
			"self":           s.href("/v3/organizations/%s", o.guid),
			"domains":        s.href("/v3/organizations/%s/domains", o.guid),
			"default_domain": s.href("/v3/organizations/%s/domains/default", o.guid),
		},
	}
}

func (s *Server) renderSpace(sp *space) obj {
	return obj{
		"guid": sp.guid, "created_at": ts(sp.created), "updated_at": ts(sp.created), "name": sp.name,
		"relationships": obj{"organization": rel(sp.orgGUID), "quota": rel("")},
		"metadata":      (&meta{}).render(),
		"links": obj{
			"self":         s.href("/v3/spaces/%s", sp.guid),
			"organization": s.href("/v3/organizations/%s", sp.orgGUID),
		},
	}
}

func (s *Server) orgRoutes(h handle) {
	h("GET /v3/organizations", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		names, guids := listParam(q, "names"), listParam(q, "guids")
		var out []*org
		for _, o := range ordered(s.orgs, func(o *org) int64 { return o.seq }) {
			if matches(names, o.name) && matches(guids, o.guid) {
				out = append(out, o)
			}
		}
		writeList(s, w, r, out, s.renderOrg, nil)
	})
	h("GET /v3/organizations/{guid}", func(w http.ResponseWriter, r *http.Request) {
		o, ok := s.orgs[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Organization"))
			return
		}
		writeJSON(w, http.StatusOK, s.renderOrg(o))
	})
	h("GET /v3/organizations/{guid}/domains", func(w http.ResponseWriter, r *http.Request) {
		guid := r.PathValue("guid")
		if _, ok := s.orgs[guid]; !ok {
			writeError(w, errNotFound("Organization"))
			return
		}
		names := listParam(r.URL.Query(), "names")
		var out []*domain
		for _, d := range s.orderedDomains() {
			if (d.orgGUID == "" || d.orgGUID == guid) && matches(names, d.name) {
				out = append(out, d)
			}
		}
		writeList(s, w, r, out, s.renderDomain, nil)
	})
	h("GET /v3/organizations/{guid}/domains/default", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.orgs[r.PathValue("guid")]; !ok {
			writeError(w, errNotFound("Organization"))
			return
		}
		writeJSON(w, http.StatusOK, s.renderDomain(s.domains[s.defaultDom]))
	})

	h("GET /v3/spaces", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		names, guids, orgs := listParam(q, "names"), listParam(q, "guids"), listParam(q, "organization_guids")
		var out []*space
		for _, sp := range ordered(s.spaces, func(sp *space) int64 { return sp.seq }) {
			if matches(names, sp.name) && matches(guids, sp.guid) && matches(orgs, sp.orgGUID) {
				out = append(out, sp)
			}
		}
		var included obj
		if q.Get("include") == "organization" {
			included = obj{"organizations": s.includeOrgs(out)}
		}
		writeList(s, w, r, out, s.renderSpace, included)
	})
	h("GET /v3/spaces/{guid}", func(w http.ResponseWriter, r *http.Request) {
		sp, ok := s.spaces[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Space"))
			return
		}
		body := s.renderSpace(sp)
		if r.URL.Query().Get("include") == "organization" {
			body["included"] = obj{"organizations": s.includeOrgs([]*space{sp})}
		}
		writeJSON(w, http.StatusOK, body)
	})
}

// includeOrgs renders the distinct orgs of some spaces, for include=organization.
func (s *Server) includeOrgs(spaces []*space) []obj {
	seen := map[string]bool{}
	out := []obj{}
	for _, sp := range spaces {
		if !seen[sp.orgGUID] {
			seen[sp.orgGUID] = true
			out = append(out, s.renderOrg(s.orgs[sp.orgGUID]))
		}
	}
	return out
}
