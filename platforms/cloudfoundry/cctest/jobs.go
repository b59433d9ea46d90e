package cctest

import (
	"net/http"
	"time"
)

// job is a CC asynchronous job (/v3/jobs/:guid), returned in the Location header of a 202.
type job struct {
	guid, operation  string
	state            string // PROCESSING, COMPLETE, FAILED
	onComplete       func()
	prog             progress
	created, updated time.Time
}

func (s *Server) addJob(operation string, onComplete func()) *job {
	g, _ := s.nextGUID()
	now := s.stamp()
	j := &job{guid: g, operation: operation, state: "PROCESSING", onComplete: onComplete, prog: s.begin(), created: now, updated: now}
	s.jobs[g] = j
	if s.done(&j.prog, PhaseJob) { // a zero Step completes at once
		s.completeJob(j)
	}
	return j
}

func (s *Server) completeJob(j *job) {
	j.state, j.updated = "COMPLETE", s.stamp()
	if j.onComplete != nil {
		j.onComplete()
		j.onComplete = nil
	}
}

func (s *Server) jobRoutes(h handle) {
	h("GET /v3/jobs/{guid}", func(w http.ResponseWriter, r *http.Request) {
		j, ok := s.jobs[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Job"))
			return
		}
		if j.state == "PROCESSING" && s.observe(&j.prog, PhaseJob) {
			s.completeJob(j)
		}
		writeJSON(w, http.StatusOK, obj{
			"guid": j.guid, "created_at": ts(j.created), "updated_at": ts(j.updated), "operation": j.operation,
			"state": j.state, "errors": []obj{}, "warnings": []obj{},
			"links": obj{"self": s.href("/v3/jobs/%s", j.guid)},
		})
	})
}
