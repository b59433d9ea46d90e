package cctest

import (
	"net/http"
	"time"
)

// deployment is a /v3/deployments record. The fake models what the CC does for a STOPPED app: the droplet
// becomes current and the app starts, in the one request, and the deployment is DEPLOYED at once
// (DeploymentCreate.deployment_for_stopped_app). A rolling deployment of a started app is not modelled.
type deployment struct {
	guid, appGUID                string
	dropletGUID, previousDroplet string
	seq                          int64
	created, updated             time.Time
}

func (s *Server) deploymentRoutes(h handle) {
	h("POST /v3/deployments", s.createDeployment)
	h("GET /v3/deployments/{guid}", func(w http.ResponseWriter, r *http.Request) {
		d, ok := s.deploys[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Deployment"))
			return
		}
		writeJSON(w, http.StatusOK, s.renderDeployment(d))
	})
}

func (s *Server) createDeployment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Droplet *struct {
			GUID string `json:"guid"`
		} `json:"droplet"`
		Revision      any    `json:"revision"`
		Strategy      string `json:"strategy"`
		Relationships struct {
			App guidRef `json:"app"`
		} `json:"relationships"`
	}
	if e := decode(r, &in); e != nil {
		writeError(w, e)
		return
	}
	a, ok := s.apps[in.Relationships.App.guid()]
	if !ok {
		writeError(w, errUnprocessable("Unable to use app. Ensure that the app exists and you have access to it."))
		return
	}
	switch {
	case in.Revision != nil:
		writeError(w, errUnprocessable("Deployments of a revision are not modelled by this test server"))
		return
	case in.Strategy != "" && in.Strategy != "rolling":
		writeError(w, errUnprocessable("Strategy '%s' is not modelled by this test server (only rolling)", in.Strategy))
		return
	case a.state == "STARTED":
		writeError(w, errUnprocessable("Rolling deployments of a started app are not modelled by this test server"))
		return
	}
	previous := a.dropletGUID
	if in.Droplet != nil {
		d, ok := s.droplets[in.Droplet.GUID]
		if !ok || d.appGUID != a.guid || d.state != "STAGED" {
			writeError(w, errUnprocessable("Unable to assign current droplet. Ensure the droplet exists and belongs to this app."))
			return
		}
		s.setCurrentDroplet(a, d)
	}
	if a.dropletGUID == "" {
		writeError(w, errUnprocessable("Invalid droplet. Please specify a droplet in the request or set a current droplet for the app."))
		return
	}
	if e := s.startApp(a, false); e != nil {
		writeError(w, e)
		return
	}
	g, n := s.nextGUID()
	now := s.stamp()
	d := &deployment{guid: g, appGUID: a.guid, dropletGUID: a.dropletGUID, previousDroplet: previous, seq: n, created: now, updated: now}
	s.deploys[g] = d
	writeJSON(w, http.StatusCreated, s.renderDeployment(d))
}

func (s *Server) renderDeployment(d *deployment) obj {
	var previous any
	if d.previousDroplet != "" {
		previous = obj{"guid": d.previousDroplet}
	}
	return obj{
		"guid":             d.guid,
		"state":            "DEPLOYED",
		"status":           obj{"value": "FINALIZED", "reason": "DEPLOYED", "details": obj{}},
		"strategy":         "rolling",
		"droplet":          obj{"guid": d.dropletGUID},
		"previous_droplet": previous,
		"new_processes":    []obj{},
		"revision":         nil,
		"created_at":       ts(d.created),
		"updated_at":       ts(d.updated),
		"relationships":    obj{"app": rel(d.appGUID)},
		"metadata":         obj{"labels": obj{}, "annotations": obj{}},
		"links": obj{
			"self": s.href("/v3/deployments/%s", d.guid),
			"app":  s.href("/v3/apps/%s", d.appGUID),
		},
	}
}
