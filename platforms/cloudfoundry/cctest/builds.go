package cctest

import (
	"net/http"
	"time"
)

type build struct {
	guid, appGUID, pkgGUID string
	state                  string // STAGING, STAGED, FAILED
	errMsg                 string
	dropletGUID            string
	memory, disk           int
	prog                   progress
	seq                    int64
	created, updated       time.Time
}

type droplet struct {
	guid, appGUID, pkgGUID string
	state                  string
	lifecycleType          string
	image                  string
	processTypes           map[string]string
	seq                    int64
	created, updated       time.Time
}

// stepBuild moves a STAGING build on when PhaseStaging completes: it fails if FailStaging names the app,
// otherwise it stages a droplet (not yet current: the client assigns it, as on a real foundation).
func (s *Server) stepBuild(b *build, count bool) {
	if b.state != "STAGING" {
		return
	}
	var over bool
	if count {
		over = s.observe(&b.prog, PhaseStaging)
	} else {
		over = s.done(&b.prog, PhaseStaging)
	}
	if !over {
		return
	}
	a, ok := s.apps[b.appGUID]
	if !ok {
		return
	}
	b.updated = s.stamp()
	if reason, bad := s.stageFailures[a.name]; bad {
		b.state, b.errMsg = "FAILED", "StagingError - "+reason
		return
	}
	p := s.packages[b.pkgGUID]
	g, n := s.nextGUID()
	d := &droplet{guid: g, appGUID: a.guid, pkgGUID: b.pkgGUID, state: "STAGED", lifecycleType: a.lifecycleType,
		seq: n, created: b.updated, updated: b.updated}
	if a.lifecycleType == "docker" {
		if p != nil {
			d.image = p.image
		}
		d.processTypes = map[string]string{"web": ""} // the image's own entrypoint
	} else {
		d.processTypes = map[string]string{"web": DetectedStartCommand}
	}
	s.droplets[g] = d
	b.state, b.dropletGUID = "STAGED", g
}

func (s *Server) renderBuild(b *build) obj {
	var errMsg, dropletRef any
	if b.errMsg != "" {
		errMsg = b.errMsg
	}
	if b.dropletGUID != "" {
		dropletRef = obj{"guid": b.dropletGUID, "href": s.url + "/v3/droplets/" + b.dropletGUID}
	}
	lt := "buildpack"
	if a, ok := s.apps[b.appGUID]; ok {
		lt = a.lifecycleType
	}
	return obj{
		"guid": b.guid, "created_at": ts(b.created), "updated_at": ts(b.updated),
		"created_by": obj{"guid": "cctest-user", "name": DefaultUsername, "email": DefaultUsername + "@test.local"},
		"state":      b.state, "error": errMsg,
		"staging_memory_in_mb": b.memory, "staging_disk_in_mb": b.disk, "staging_log_rate_limit_bytes_per_second": -1,
		"lifecycle":     obj{"type": lt, "data": obj{}},
		"package":       obj{"guid": b.pkgGUID},
		"droplet":       dropletRef,
		"relationships": obj{"app": rel(b.appGUID)},
		"metadata":      (&meta{}).render(),
		"links": obj{
			"self": s.href("/v3/builds/%s", b.guid),
			"app":  s.href("/v3/apps/%s", b.appGUID),
		},
	}
}

func (s *Server) renderDroplet(d *droplet) obj {
	var image any
	if d.lifecycleType == "docker" {
		image = d.image
	}
	data := obj{}
	var buildpacks []obj
	stack := any(nil)
	if d.lifecycleType == "buildpack" {
		data = obj{"buildpacks": []string{"java_buildpack"}, "stack": "cflinuxfs4"}
		buildpacks = []obj{{"name": "java_buildpack", "buildpack_name": "java", "detect_output": "java", "version": "4.77.0"}}
		stack = "cflinuxfs4"
	}
	return obj{
		"guid": d.guid, "created_at": ts(d.created), "updated_at": ts(d.updated), "state": d.state, "error": nil,
		"lifecycle": obj{"type": d.lifecycleType, "data": data}, "execution_metadata": "",
		"process_types": d.processTypes, "checksum": obj{"type": "sha256", "value": "0000"},
		"buildpacks": buildpacks, "stack": stack, "image": image,
		"relationships": obj{"app": rel(d.appGUID)}, "metadata": (&meta{}).render(),
		"links": obj{
			"self":                   s.href("/v3/droplets/%s", d.guid),
			"package":                s.href("/v3/packages/%s", d.pkgGUID),
			"app":                    s.href("/v3/apps/%s", d.appGUID),
			"assign_current_droplet": obj{"href": s.url + "/v3/apps/" + d.appGUID + "/relationships/current_droplet", "method": "PATCH"},
		},
	}
}

func (s *Server) orderedDroplets() []*droplet {
	return ordered(s.droplets, func(d *droplet) int64 { return d.seq })
}

func (s *Server) buildRoutes(h handle) {
	h("POST /v3/builds", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Package struct {
				GUID string `json:"guid"`
			} `json:"package"`
			StagingMemoryInMB int `json:"staging_memory_in_mb"`
			StagingDiskInMB   int `json:"staging_disk_in_mb"`
		}
		if e := decode(r, &in); e != nil {
			writeError(w, e)
			return
		}
		p, ok := s.packages[in.Package.GUID]
		if !ok {
			writeError(w, errUnprocessable("Unable to use package. Ensure that the package exists and you have access to it."))
			return
		}
		if p.state == "PROCESSING_UPLOAD" && s.done(&p.prog, PhaseUpload) {
			p.state = "READY"
		}
		if p.state != "READY" {
			writeError(w, errUnprocessable("Unable to stage package: package state must be READY, not %s.", p.state))
			return
		}
		g, n := s.nextGUID()
		now := s.stamp()
		b := &build{guid: g, appGUID: p.appGUID, pkgGUID: p.guid, state: "STAGING", memory: 1024, disk: 4096,
			prog: s.begin(), seq: n, created: now, updated: now}
		if in.StagingMemoryInMB > 0 {
			b.memory = in.StagingMemoryInMB
		}
		if in.StagingDiskInMB > 0 {
			b.disk = in.StagingDiskInMB
		}
		s.builds[g] = b
		s.stepBuild(b, false) // a zero Step stages at once
		writeJSON(w, http.StatusCreated, s.renderBuild(b))
	})
	h("GET /v3/builds/{guid}", func(w http.ResponseWriter, r *http.Request) {
		b, ok := s.builds[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Build"))
			return
		}
		s.stepBuild(b, true)
		writeJSON(w, http.StatusOK, s.renderBuild(b))
	})
	listBuilds := func(w http.ResponseWriter, r *http.Request, apps []string) {
		q := r.URL.Query()
		states, pkgs := listParam(q, "states"), listParam(q, "package_guids")
		var out []*build
		for _, b := range ordered(s.builds, func(b *build) int64 { return b.seq }) {
			s.stepBuild(b, true)
			if matches(apps, b.appGUID) && matches(states, b.state) && matches(pkgs, b.pkgGUID) {
				out = append(out, b)
			}
		}
		writeList(s, w, r, out, s.renderBuild, nil)
	}
	h("GET /v3/builds", func(w http.ResponseWriter, r *http.Request) {
		listBuilds(w, r, listParam(r.URL.Query(), "app_guids"))
	})
	h("GET /v3/apps/{guid}/builds", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		listBuilds(w, r, []string{a.guid})
	}))

	h("GET /v3/droplets/{guid}", func(w http.ResponseWriter, r *http.Request) {
		d, ok := s.droplets[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Droplet"))
			return
		}
		writeJSON(w, http.StatusOK, s.renderDroplet(d))
	})
	h("DELETE /v3/droplets/{guid}", func(w http.ResponseWriter, r *http.Request) {
		d, ok := s.droplets[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Droplet"))
			return
		}
		guid := d.guid
		j := s.addJob("droplet.delete", func() { delete(s.droplets, guid) })
		w.Header().Set("Location", s.url+"/v3/jobs/"+j.guid)
		w.WriteHeader(http.StatusAccepted)
	})
	listDroplets := func(w http.ResponseWriter, r *http.Request, apps []string, current string) {
		q := r.URL.Query()
		states, guids := listParam(q, "states"), listParam(q, "guids")
		var out []*droplet
		for _, d := range s.orderedDroplets() {
			if matches(apps, d.appGUID) && matches(states, d.state) && matches(guids, d.guid) && (current == "" || d.guid == current) {
				out = append(out, d)
			}
		}
		writeList(s, w, r, out, s.renderDroplet, nil)
	}
	h("GET /v3/droplets", func(w http.ResponseWriter, r *http.Request) {
		listDroplets(w, r, listParam(r.URL.Query(), "app_guids"), "")
	})
	h("GET /v3/apps/{guid}/droplets", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		current := ""
		if r.URL.Query().Get("current") == "true" {
			current = a.dropletGUID
			if current == "" {
				current = "-" // matches nothing
			}
		}
		listDroplets(w, r, []string{a.guid}, current)
	}))
}
