package cctest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"time"
)

type pkg struct {
	guid, appGUID, ptype string // ptype: bits or docker
	state                string
	image, username      string
	size                 int64
	sha256               string
	prog                 progress // PhaseUpload, from the upload
	seq                  int64
	created, updated     time.Time
}

func (s *Server) renderPackage(p *pkg) obj {
	// An uploaded package becomes READY once PhaseUpload completes.
	if p.state == "PROCESSING_UPLOAD" && s.observe(&p.prog, PhaseUpload) {
		p.state = "READY"
	}
	var data obj
	if p.ptype == "docker" {
		data = obj{"image": p.image}
		if p.username != "" {
			data["username"] = p.username
			data["password"] = "***" // the CC redacts the registry password
		}
	} else {
		var sum any
		if p.sha256 != "" {
			sum = p.sha256
		}
		data = obj{"checksum": obj{"type": "sha256", "value": sum}, "error": nil}
	}
	return obj{
		"guid": p.guid, "created_at": ts(p.created), "updated_at": ts(p.updated), "type": p.ptype, "data": data,
		"state": p.state, "relationships": obj{"app": rel(p.appGUID)}, "metadata": (&meta{}).render(),
		"links": obj{
			"self":     s.href("/v3/packages/%s", p.guid),
			"upload":   obj{"href": s.url + "/v3/packages/" + p.guid + "/upload", "method": "POST"},
			"download": obj{"href": s.url + "/v3/packages/" + p.guid + "/download", "method": "GET"},
			"app":      s.href("/v3/apps/%s", p.appGUID),
		},
	}
}

func (s *Server) packageRoutes(h handle) {
	h("POST /v3/packages", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Type          string `json:"type"`
			Relationships struct {
				App guidRef `json:"app"`
			} `json:"relationships"`
			Data *struct {
				Image    string `json:"image"`
				Username string `json:"username"`
				Password string `json:"password"`
			} `json:"data"`
		}
		if e := decode(r, &in); e != nil {
			writeError(w, e)
			return
		}
		a, ok := s.apps[in.Relationships.App.guid()]
		if !ok {
			writeError(w, errUnprocessable("App must exist"))
			return
		}
		g, n := s.nextGUID()
		now := s.stamp()
		p := &pkg{guid: g, appGUID: a.guid, ptype: in.Type, seq: n, created: now, updated: now}
		switch in.Type {
		case "docker":
			if a.lifecycleType != "docker" {
				writeError(w, errUnprocessable("Cannot create a docker package for a buildpack app."))
				return
			}
			if in.Data == nil || in.Data.Image == "" {
				writeError(w, errUnprocessable("Data Image required"))
				return
			}
			p.image, p.username, p.state = in.Data.Image, in.Data.Username, "READY"
		case "bits":
			if a.lifecycleType == "docker" {
				writeError(w, errUnprocessable("Cannot create bits package for a Docker app."))
				return
			}
			p.state = "AWAITING_UPLOAD"
		default:
			writeError(w, errUnprocessable("Type must be one of 'bits', 'docker'"))
			return
		}
		s.packages[g] = p
		writeJSON(w, http.StatusCreated, s.renderPackage(p))
	})
	h("GET /v3/packages", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		s.writePackages(w, r, listParam(q, "app_guids"), listParam(q, "states"), listParam(q, "types"), listParam(q, "guids"))
	})
	h("GET /v3/apps/{guid}/packages", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		q := r.URL.Query()
		s.writePackages(w, r, []string{a.guid}, listParam(q, "states"), listParam(q, "types"), listParam(q, "guids"))
	}))
	h("GET /v3/packages/{guid}", s.withPackage(func(w http.ResponseWriter, r *http.Request, p *pkg) {
		writeJSON(w, http.StatusOK, s.renderPackage(p))
	}))
	h("DELETE /v3/packages/{guid}", s.withPackage(func(w http.ResponseWriter, r *http.Request, p *pkg) {
		guid := p.guid
		j := s.addJob("package.delete", func() { delete(s.packages, guid) })
		w.Header().Set("Location", s.url+"/v3/jobs/"+j.guid)
		w.WriteHeader(http.StatusAccepted)
	}))
	// upload takes multipart form data with the zip in "bits"; the fake keeps only its size and checksum.
	h("POST /v3/packages/{guid}/upload", s.withPackage(func(w http.ResponseWriter, r *http.Request, p *pkg) {
		if p.ptype != "bits" {
			writeError(w, errUnprocessable("Package type must be bits."))
			return
		}
		if p.state != "AWAITING_UPLOAD" && p.state != "READY" && p.state != "FAILED" {
			writeError(w, errUnprocessable("Package may be uploaded only once it is AWAITING_UPLOAD."))
			return
		}
		mr, err := r.MultipartReader()
		if err != nil {
			writeError(w, errUnprocessable("Upload must be sent as multipart/form-data: %v", err))
			return
		}
		var size int64
		h := sha256.New()
		found := false
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				writeError(w, errParse(err))
				return
			}
			if part.FormName() == "bits" {
				found = true
				n, err := io.Copy(h, part)
				if err != nil {
					writeError(w, errParse(err))
					return
				}
				size += n
			}
			_ = part.Close()
		}
		if !found {
			writeError(w, errUnprocessable("Upload must include either resources or bits"))
			return
		}
		p.size, p.sha256 = size, hex.EncodeToString(h.Sum(nil))
		p.state, p.prog, p.updated = "PROCESSING_UPLOAD", s.begin(), s.stamp()
		writeJSON(w, http.StatusOK, s.renderPackage(p))
	}))
	h("GET /v3/packages/{guid}/droplets", s.withPackage(func(w http.ResponseWriter, r *http.Request, p *pkg) {
		var out []*droplet
		for _, d := range s.orderedDroplets() {
			if d.pkgGUID == p.guid {
				out = append(out, d)
			}
		}
		writeList(s, w, r, out, s.renderDroplet, nil)
	}))
}

func (s *Server) withPackage(fn func(http.ResponseWriter, *http.Request, *pkg)) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.packages[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Package"))
			return
		}
		fn(w, r, p)
	}
}

func (s *Server) writePackages(w http.ResponseWriter, r *http.Request, apps, states, types, guids []string) {
	var out []*pkg
	for _, p := range ordered(s.packages, func(p *pkg) int64 { return p.seq }) {
		if p.state == "PROCESSING_UPLOAD" && s.done(&p.prog, PhaseUpload) {
			p.state = "READY"
		}
		if matches(apps, p.appGUID) && matches(states, p.state) && matches(types, p.ptype) && matches(guids, p.guid) {
			out = append(out, p)
		}
	}
	writeList(s, w, r, out, s.renderPackage, nil)
}
