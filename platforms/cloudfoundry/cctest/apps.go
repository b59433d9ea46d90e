package cctest

import (
	"net/http"
	"time"
)

type app struct {
	guid, name, spaceGUID string
	state                 string // STOPPED or STARTED
	lifecycleType         string // buildpack or docker
	lifecycleData         map[string]any
	env                   map[string]any
	meta                  meta
	dropletGUID           string
	taskSeq               int
	seq                   int64
	created, updated      time.Time
}

type guidRef struct {
	Data *struct {
		GUID string `json:"guid"`
	} `json:"data"`
}

func (g guidRef) guid() string {
	if g.Data == nil {
		return ""
	}
	return g.Data.GUID
}

type lifecycleIn struct {
	Type string         `json:"type"`
	Data map[string]any `json:"data"`
}

func (s *Server) renderApp(a *app) obj {
	data := obj{}
	for k, v := range a.lifecycleData {
		if k != "password" { // the CC never echoes the docker password
			data[k] = v
		}
	}
	if a.lifecycleType == "buildpack" {
		if _, ok := data["buildpacks"]; !ok {
			data["buildpacks"] = []string{}
		}
		if _, ok := data["stack"]; !ok {
			data["stack"] = "cflinuxfs4"
		}
	}
	return obj{
		"guid": a.guid, "created_at": ts(a.created), "updated_at": ts(a.updated),
		"name": a.name, "state": a.state,
		"lifecycle":     obj{"type": a.lifecycleType, "data": data},
		"relationships": obj{"space": rel(a.spaceGUID), "current_droplet": rel(a.dropletGUID)},
		"metadata":      a.meta.render(),
		"links": obj{
			"self":                  s.href("/v3/apps/%s", a.guid),
			"environment_variables": s.href("/v3/apps/%s/environment_variables", a.guid),
			"space":                 s.href("/v3/spaces/%s", a.spaceGUID),
			"processes":             s.href("/v3/apps/%s/processes", a.guid),
			"packages":              s.href("/v3/apps/%s/packages", a.guid),
			"current_droplet":       s.href("/v3/apps/%s/droplets/current", a.guid),
			"droplets":              s.href("/v3/apps/%s/droplets", a.guid),
			"tasks":                 s.href("/v3/apps/%s/tasks", a.guid),
			"start":                 obj{"href": s.url + "/v3/apps/" + a.guid + "/actions/start", "method": "POST"},
			"stop":                  obj{"href": s.url + "/v3/apps/" + a.guid + "/actions/stop", "method": "POST"},
		},
	}
}

// appIncluded renders include=space or include=space.organization for some apps.
func (s *Server) appIncluded(include string, apps []*app) obj {
	if include != "space" && include != "space.organization" {
		return nil
	}
	seen := map[string]bool{}
	var spaces []*space
	for _, a := range apps {
		if !seen[a.spaceGUID] {
			seen[a.spaceGUID] = true
			spaces = append(spaces, s.spaces[a.spaceGUID])
		}
	}
	rs := []obj{}
	for _, sp := range spaces {
		rs = append(rs, s.renderSpace(sp))
	}
	inc := obj{"spaces": rs}
	if include == "space.organization" {
		inc["organizations"] = s.includeOrgs(spaces)
	}
	return inc
}

func (s *Server) appRoutes(h handle) {
	h("POST /v3/apps", s.createApp)
	h("GET /v3/apps", s.listApps)
	h("GET /v3/apps/{guid}", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		body := s.renderApp(a)
		if inc := s.appIncluded(r.URL.Query().Get("include"), []*app{a}); inc != nil {
			body["included"] = inc
		}
		writeJSON(w, http.StatusOK, body)
	}))
	h("PATCH /v3/apps/{guid}", s.withApp(s.updateApp))
	h("DELETE /v3/apps/{guid}", s.withApp(s.deleteApp))
	h("POST /v3/apps/{guid}/actions/start", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		if e := s.startApp(a, false); e != nil {
			writeError(w, e)
			return
		}
		writeJSON(w, http.StatusOK, s.renderApp(a))
	}))
	h("POST /v3/apps/{guid}/actions/stop", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		s.stopApp(a)
		writeJSON(w, http.StatusOK, s.renderApp(a))
	}))
	h("POST /v3/apps/{guid}/actions/restart", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		if e := s.startApp(a, true); e != nil {
			writeError(w, e)
			return
		}
		writeJSON(w, http.StatusOK, s.renderApp(a))
	}))
	h("GET /v3/apps/{guid}/environment_variables", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		writeJSON(w, http.StatusOK, s.renderEnvVars(a))
	}))
	h("PATCH /v3/apps/{guid}/environment_variables", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		var in struct {
			Var map[string]any `json:"var"`
		}
		if e := decode(r, &in); e != nil {
			writeError(w, e)
			return
		}
		for k, v := range in.Var {
			if v == nil {
				delete(a.env, k) // null unsets, as in the CC
			} else {
				a.env[k] = v
			}
		}
		a.updated = s.stamp()
		writeJSON(w, http.StatusOK, s.renderEnvVars(a))
	}))
	h("GET /v3/apps/{guid}/env", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		writeJSON(w, http.StatusOK, obj{
			"staging_env_json":      obj{},
			"running_env_json":      obj{},
			"environment_variables": a.env,
			"system_env_json":       obj{"VCAP_SERVICES": s.vcapServices(a)},
			"application_env_json": obj{"VCAP_APPLICATION": obj{
				"application_id": a.guid, "application_name": a.name, "name": a.name,
				"space_id": a.spaceGUID, "space_name": s.spaces[a.spaceGUID].name,
				"organization_id": s.spaces[a.spaceGUID].orgGUID, "uris": s.appURIs(a.guid),
			}},
		})
	}))
	h("GET /v3/apps/{guid}/relationships/current_droplet", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		if a.dropletGUID == "" {
			writeError(w, errNotFound("Droplet"))
			return
		}
		writeJSON(w, http.StatusOK, s.renderCurrentDroplet(a))
	}))
	h("PATCH /v3/apps/{guid}/relationships/current_droplet", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		var in guidRef
		if e := decode(r, &in); e != nil {
			writeError(w, e)
			return
		}
		d, ok := s.droplets[in.guid()]
		if !ok || d.appGUID != a.guid || d.state != "STAGED" {
			writeError(w, errUnprocessable("Unable to assign current droplet. Ensure the droplet exists and belongs to this app."))
			return
		}
		s.setCurrentDroplet(a, d)
		writeJSON(w, http.StatusOK, s.renderCurrentDroplet(a))
	}))
	h("GET /v3/apps/{guid}/droplets/current", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		d, ok := s.droplets[a.dropletGUID]
		if !ok {
			writeError(w, errNotFound("Droplet"))
			return
		}
		writeJSON(w, http.StatusOK, s.renderDroplet(d))
	}))
}

// withApp resolves {guid} to an app or answers 404.
func (s *Server) withApp(fn func(http.ResponseWriter, *http.Request, *app)) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		a, ok := s.apps[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("App"))
			return
		}
		fn(w, r, a)
	}
}

func (s *Server) createApp(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name          string `json:"name"`
		Relationships struct {
			Space guidRef `json:"space"`
		} `json:"relationships"`
		EnvironmentVariables map[string]any `json:"environment_variables"`
		Lifecycle            *lifecycleIn   `json:"lifecycle"`
		Metadata             *metadataIn    `json:"metadata"`
	}
	if e := decode(r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Name == "" {
		writeError(w, errUnprocessable("Name can't be blank"))
		return
	}
	sp, ok := s.spaces[in.Relationships.Space.guid()]
	if !ok {
		writeError(w, errUnprocessable("Invalid space. Ensure that the space exists and you have access to it."))
		return
	}
	if s.appInSpace(sp.guid, in.Name) != nil {
		writeError(w, errUnprocessable("App with the name '%s' already exists.", in.Name))
		return
	}
	lt, ld := "buildpack", map[string]any{}
	if in.Lifecycle != nil && in.Lifecycle.Type != "" {
		if in.Lifecycle.Type != "buildpack" && in.Lifecycle.Type != "docker" && in.Lifecycle.Type != "cnb" {
			writeError(w, errUnprocessable("Lifecycle type is not included in the list: buildpack, docker, cnb"))
			return
		}
		lt = in.Lifecycle.Type
		if in.Lifecycle.Data != nil {
			ld = in.Lifecycle.Data
		}
	}
	g, n := s.nextGUID()
	now := s.stamp()
	a := &app{guid: g, name: in.Name, spaceGUID: sp.guid, state: "STOPPED", lifecycleType: lt, lifecycleData: ld,
		env: map[string]any{}, seq: n, created: now, updated: now}
	for k, v := range in.EnvironmentVariables {
		a.env[k] = v
	}
	a.meta.apply(in.Metadata)
	s.apps[g] = a
	// The CC gives every new app a web process; its GUID is the app's GUID.
	s.addProcess(a, "web", nil)
	writeJSON(w, http.StatusCreated, s.renderApp(a))
}

func (s *Server) appInSpace(spaceGUID, name string) *app {
	for _, a := range s.apps {
		if a.spaceGUID == spaceGUID && a.name == name {
			return a
		}
	}
	return nil
}

func (s *Server) listApps(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	names, guids := listParam(q, "names"), listParam(q, "guids")
	spaces, orgs := listParam(q, "space_guids"), listParam(q, "organization_guids")
	lifecycle := q.Get("lifecycle_type")
	sel, e := labelFilter(q)
	if e != nil {
		writeError(w, e)
		return
	}
	var out []*app
	for _, a := range ordered(s.apps, func(a *app) int64 { return a.seq }) {
		if matches(names, a.name) && matches(guids, a.guid) && matches(spaces, a.spaceGUID) &&
			matches(orgs, s.spaces[a.spaceGUID].orgGUID) && (lifecycle == "" || lifecycle == a.lifecycleType) &&
			sel(a.meta.labels) {
			out = append(out, a)
		}
	}
	// Included resources are for the page's apps; computing them over all matches is close enough here.
	writeList(s, w, r, out, s.renderApp, s.appIncluded(q.Get("include"), out))
}

func (s *Server) updateApp(w http.ResponseWriter, r *http.Request, a *app) {
	var in struct {
		Name      string       `json:"name"`
		Lifecycle *lifecycleIn `json:"lifecycle"`
		Metadata  *metadataIn  `json:"metadata"`
	}
	if e := decode(r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Name != "" && in.Name != a.name {
		if s.appInSpace(a.spaceGUID, in.Name) != nil {
			writeError(w, errUnprocessable("App with the name '%s' already exists.", in.Name))
			return
		}
		a.name = in.Name
	}
	if in.Lifecycle != nil {
		if in.Lifecycle.Type != "" && in.Lifecycle.Type != a.lifecycleType {
			writeError(w, errUnprocessable("Lifecycle type cannot be changed"))
			return
		}
		if in.Lifecycle.Data != nil {
			a.lifecycleData = in.Lifecycle.Data
		}
	}
	a.meta.apply(in.Metadata)
	a.updated = s.stamp()
	writeJSON(w, http.StatusOK, s.renderApp(a))
}

// deleteApp answers 202 with a job; the app and everything under it go when the job completes, so a
// caller that does not wait for the job can still see the app, as on a real foundation.
func (s *Server) deleteApp(w http.ResponseWriter, r *http.Request, a *app) {
	guid := a.guid
	j := s.addJob("app.delete", func() { s.removeApp(guid) })
	w.Header().Set("Location", s.url+"/v3/jobs/"+j.guid)
	w.WriteHeader(http.StatusAccepted)
}

func (s *Server) removeApp(guid string) {
	delete(s.apps, guid)
	for k, p := range s.processes {
		if p.appGUID == guid {
			delete(s.processes, k)
		}
	}
	for k, p := range s.packages {
		if p.appGUID == guid {
			delete(s.packages, k)
		}
	}
	for k, b := range s.builds {
		if b.appGUID == guid {
			delete(s.builds, k)
		}
	}
	for k, d := range s.droplets {
		if d.appGUID == guid {
			delete(s.droplets, k)
		}
	}
	for k, t := range s.tasks {
		if t.appGUID == guid {
			delete(s.tasks, k)
		}
	}
	for k, b := range s.bindings {
		if b.appGUID == guid {
			delete(s.bindings, k)
		}
	}
	for _, rt := range s.routes {
		kept := rt.dests[:0]
		for _, d := range rt.dests {
			if d.appGUID != guid {
				kept = append(kept, d)
			}
		}
		rt.dests = kept
	}
}

// startApp starts (or, with restart, restarts) every process: instances begin again at STARTING.
func (s *Server) startApp(a *app, restart bool) *cfError {
	if a.dropletGUID == "" {
		return errUnprocessable("Assign a droplet before starting this app.")
	}
	if a.state == "STARTED" && !restart {
		return nil
	}
	a.state = "STARTED"
	a.updated = s.stamp()
	for _, p := range s.processes {
		if p.appGUID == a.guid {
			p.restartInstances(s)
		}
	}
	return nil
}

func (s *Server) stopApp(a *app) {
	a.state = "STOPPED"
	a.updated = s.stamp()
	for _, p := range s.processes {
		if p.appGUID == a.guid {
			p.insts = nil
		}
	}
}

func (s *Server) renderEnvVars(a *app) obj {
	return obj{"var": a.env, "links": obj{
		"self": s.href("/v3/apps/%s/environment_variables", a.guid),
		"app":  s.href("/v3/apps/%s", a.guid),
	}}
}

func (s *Server) renderCurrentDroplet(a *app) obj {
	return obj{"data": obj{"guid": a.dropletGUID}, "links": obj{
		"self":    s.href("/v3/apps/%s/relationships/current_droplet", a.guid),
		"related": s.href("/v3/apps/%s/droplets/current", a.guid),
	}}
}

// setCurrentDroplet also creates a process for each process type the droplet declares, as the CC does.
func (s *Server) setCurrentDroplet(a *app, d *droplet) {
	a.dropletGUID = d.guid
	a.updated = s.stamp()
	for t := range d.processTypes {
		if s.processOf(a.guid, t) == nil {
			s.addProcess(a, t, nil)
		}
	}
}

// vcapServices groups the app's bindings by offering label, as VCAP_SERVICES does.
func (s *Server) vcapServices(a *app) obj {
	out := obj{}
	for _, b := range ordered(s.bindings, func(b *binding) int64 { return b.seq }) {
		if b.appGUID != a.guid {
			continue
		}
		si := s.instances[b.siGUID]
		label := "user-provided"
		if si.managed {
			label = "managed"
		}
		entry := obj{"name": si.name, "instance_name": si.name, "binding_name": b.name, "credentials": si.credentials,
			"label": label, "tags": si.tags}
		list, _ := out[label].([]obj)
		out[label] = append(list, entry)
	}
	return out
}
