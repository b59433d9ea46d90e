package cctest

import (
	"encoding/json"
	"net/http"
	"time"
)

type serviceInstance struct {
	guid, name, spaceGUID string
	managed               bool
	credentials           map[string]any
	tags                  []string
	seq                   int64
	created               time.Time
}

type binding struct {
	guid, name, kind string // kind: app or key
	appGUID, siGUID  string
	parameters       json.RawMessage
	state            string // last_operation.state: in progress, succeeded
	seq              int64
	created, updated time.Time
}

func (s *Server) addServiceInstance(spaceGUID, name string, managed bool, creds map[string]any) *serviceInstance {
	g, n := s.nextGUID()
	if creds == nil {
		creds = map[string]any{}
	}
	si := &serviceInstance{guid: g, name: name, spaceGUID: spaceGUID, managed: managed, credentials: creds,
		tags: []string{}, seq: n, created: s.stamp()}
	s.instances[g] = si
	return si
}

func (s *Server) renderServiceInstance(si *serviceInstance) obj {
	kind := "user-provided"
	rels := obj{"space": rel(si.spaceGUID)}
	if si.managed {
		kind = "managed"
		rels["service_plan"] = rel("cctest-plan")
	}
	return obj{
		"guid": si.guid, "created_at": ts(si.created), "updated_at": ts(si.created), "name": si.name,
		"tags": si.tags, "type": kind,
		"last_operation": obj{"type": "create", "state": "succeeded", "description": "",
			"created_at": ts(si.created), "updated_at": ts(si.created)},
		"relationships": rels, "metadata": (&meta{}).render(),
		"links": obj{
			"self":                        s.href("/v3/service_instances/%s", si.guid),
			"space":                       s.href("/v3/spaces/%s", si.spaceGUID),
			"service_credential_bindings": s.href("/v3/service_credential_bindings?service_instance_guids=%s", si.guid),
		},
	}
}

func (s *Server) renderBinding(b *binding) obj {
	var name any
	if b.name != "" {
		name = b.name
	}
	rels := obj{"service_instance": rel(b.siGUID)}
	links := obj{
		"self":             s.href("/v3/service_credential_bindings/%s", b.guid),
		"details":          s.href("/v3/service_credential_bindings/%s/details", b.guid),
		"parameters":       s.href("/v3/service_credential_bindings/%s/parameters", b.guid),
		"service_instance": s.href("/v3/service_instances/%s", b.siGUID),
	}
	if b.appGUID != "" {
		rels["app"] = rel(b.appGUID)
		links["app"] = s.href("/v3/apps/%s", b.appGUID)
	}
	return obj{
		"guid": b.guid, "created_at": ts(b.created), "updated_at": ts(b.updated), "name": name, "type": b.kind,
		"last_operation": obj{"type": "create", "state": b.state, "description": "",
			"created_at": ts(b.created), "updated_at": ts(b.updated)},
		"metadata": (&meta{}).render(), "relationships": rels, "links": links,
	}
}

func (s *Server) serviceRoutes(h handle) {
	h("GET /v3/service_instances", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		names, guids, spaces := listParam(q, "names"), listParam(q, "guids"), listParam(q, "space_guids")
		orgs, kind := listParam(q, "organization_guids"), q.Get("type")
		var out []*serviceInstance
		for _, si := range ordered(s.instances, func(si *serviceInstance) int64 { return si.seq }) {
			k := "user-provided"
			if si.managed {
				k = "managed"
			}
			if matches(names, si.name) && matches(guids, si.guid) && matches(spaces, si.spaceGUID) &&
				matches(orgs, s.spaces[si.spaceGUID].orgGUID) && (kind == "" || kind == k) {
				out = append(out, si)
			}
		}
		writeList(s, w, r, out, s.renderServiceInstance, nil)
	})
	h("GET /v3/service_instances/{guid}", func(w http.ResponseWriter, r *http.Request) {
		si, ok := s.instances[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Service instance"))
			return
		}
		writeJSON(w, http.StatusOK, s.renderServiceInstance(si))
	})

	h("POST /v3/service_credential_bindings", s.createBinding)
	h("GET /v3/service_credential_bindings", s.listBindings)
	withBinding := func(fn func(http.ResponseWriter, *http.Request, *binding)) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			b, ok := s.bindings[r.PathValue("guid")]
			if !ok {
				writeError(w, errNotFound("Service credential binding"))
				return
			}
			fn(w, r, b)
		}
	}
	h("GET /v3/service_credential_bindings/{guid}", withBinding(func(w http.ResponseWriter, r *http.Request, b *binding) {
		body := s.renderBinding(b)
		if inc := s.bindingIncluded(r.URL.Query().Get("include"), []*binding{b}); inc != nil {
			body["included"] = inc
		}
		writeJSON(w, http.StatusOK, body)
	}))
	h("GET /v3/service_credential_bindings/{guid}/details", withBinding(func(w http.ResponseWriter, r *http.Request, b *binding) {
		writeJSON(w, http.StatusOK, obj{"credentials": s.instances[b.siGUID].credentials})
	}))
	h("GET /v3/service_credential_bindings/{guid}/parameters", withBinding(func(w http.ResponseWriter, r *http.Request, b *binding) {
		if !s.instances[b.siGUID].managed {
			writeError(w, &cfError{status: 502, Code: 10009, Title: "CF-UnableToPerform",
				Detail: "Cannot get parameters of a user-provided service instance binding"})
			return
		}
		if len(b.parameters) == 0 {
			writeJSON(w, http.StatusOK, obj{})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b.parameters)
	}))
	h("DELETE /v3/service_credential_bindings/{guid}", withBinding(func(w http.ResponseWriter, r *http.Request, b *binding) {
		guid := b.guid
		if !s.instances[b.siGUID].managed {
			delete(s.bindings, guid) // user-provided: synchronous, 204
			w.WriteHeader(http.StatusNoContent)
			return
		}
		j := s.addJob("service_bindings.delete", func() { delete(s.bindings, guid) })
		w.Header().Set("Location", s.url+"/v3/jobs/"+j.guid)
		w.WriteHeader(http.StatusAccepted)
	}))
}

// createBinding: a binding to a managed instance is asynchronous (202 and a job, as the broker is asked),
// one to a user-provided instance is created at once (201 and the binding).
func (s *Server) createBinding(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Type          string          `json:"type"`
		Name          *string         `json:"name"`
		Parameters    json.RawMessage `json:"parameters"`
		Relationships struct {
			App             guidRef `json:"app"`
			ServiceInstance guidRef `json:"service_instance"`
		} `json:"relationships"`
	}
	if e := decode(r, &in); e != nil {
		writeError(w, e)
		return
	}
	si, ok := s.instances[in.Relationships.ServiceInstance.guid()]
	if !ok {
		writeError(w, errUnprocessable("The service instance could not be found: %s", in.Relationships.ServiceInstance.guid()))
		return
	}
	b := &binding{kind: in.Type, siGUID: si.guid}
	if in.Name != nil {
		b.name = *in.Name
	}
	switch in.Type {
	case "app":
		a, ok := s.apps[in.Relationships.App.guid()]
		if !ok {
			writeError(w, errUnprocessable("Could not find app with guid: %s", in.Relationships.App.guid()))
			return
		}
		if a.spaceGUID != si.spaceGUID {
			writeError(w, errUnprocessable("The service instance and the app are in different spaces"))
			return
		}
		for _, old := range s.bindings {
			if old.appGUID == a.guid && old.siGUID == si.guid {
				writeError(w, &cfError{status: 422, Code: 90003, Title: "CF-ServiceBindingAppServiceTaken",
					Detail: "The app is already bound to the service instance"})
				return
			}
		}
		b.appGUID = a.guid
	case "key":
		if b.name == "" {
			writeError(w, errUnprocessable("Name can't be blank"))
			return
		}
		if !si.managed {
			writeError(w, errUnprocessable("Service credential bindings of type 'key' are not supported for user-provided service instances."))
			return
		}
	default:
		writeError(w, errUnprocessable("Type must be 'app' or 'key'"))
		return
	}
	if len(in.Parameters) > 0 && string(in.Parameters) != "null" {
		if !si.managed {
			writeError(w, errUnprocessable("Binding parameters are not supported for user-provided service instances"))
			return
		}
		var probe map[string]any
		if err := json.Unmarshal(in.Parameters, &probe); err != nil {
			writeError(w, errUnprocessable("Parameters must be an object"))
			return
		}
		b.parameters = in.Parameters
	}
	g, n := s.nextGUID()
	now := s.stamp()
	b.guid, b.seq, b.created, b.updated = g, n, now, now
	s.bindings[g] = b
	if !si.managed {
		b.state = "succeeded"
		writeJSON(w, http.StatusCreated, s.renderBinding(b))
		return
	}
	b.state = "in progress"
	j := s.addJob("service_bindings.create", func() { b.state, b.updated = "succeeded", s.stamp() })
	w.Header().Set("Location", s.url+"/v3/jobs/"+j.guid)
	w.WriteHeader(http.StatusAccepted)
}

func (s *Server) listBindings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	names, guids, kinds := listParam(q, "names"), listParam(q, "guids"), listParam(q, "type")
	apps, appNames := listParam(q, "app_guids"), listParam(q, "app_names")
	sis, siNames := listParam(q, "service_instance_guids"), listParam(q, "service_instance_names")
	var out []*binding
	for _, b := range ordered(s.bindings, func(b *binding) int64 { return b.seq }) {
		appName := ""
		if a, ok := s.apps[b.appGUID]; ok {
			appName = a.name
		}
		if matches(names, b.name) && matches(guids, b.guid) && matches(kinds, b.kind) && matches(apps, b.appGUID) &&
			matches(appNames, appName) && matches(sis, b.siGUID) && matches(siNames, s.instances[b.siGUID].name) {
			out = append(out, b)
		}
	}
	writeList(s, w, r, out, s.renderBinding, s.bindingIncluded(q.Get("include"), out))
}

func (s *Server) bindingIncluded(include string, bs []*binding) obj {
	switch include {
	case "app":
		as := []obj{}
		for _, b := range bs {
			if a, ok := s.apps[b.appGUID]; ok {
				as = append(as, s.renderApp(a))
			}
		}
		return obj{"apps": as}
	case "service_instance":
		sis := []obj{}
		for _, b := range bs {
			sis = append(sis, s.renderServiceInstance(s.instances[b.siGUID]))
		}
		return obj{"service_instances": sis}
	}
	return nil
}
