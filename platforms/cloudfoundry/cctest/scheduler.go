package cctest

import (
	"net/http"
	"strings"
	"time"
)

// The PCF Scheduler API (the /jobs API SCDF's CloudFoundryAppScheduler drives through pcf-java-client; the
// open-source ocf-scheduler serves the same one). It shares the UAA bearer token with the CC. Shapes follow
// pcf-java-client's fixtures: jobs carry app_guid, space_guid, name, command, state; schedules carry
// enabled, expression, expression_type ("cron_expression") and job_guid.

type schedJob struct {
	guid, name, command string
	appGUID, spaceGUID  string
	seq                 int64
	created, updated    time.Time
}

type schedule struct {
	guid, jobGUID  string
	expression     string
	expressionType string
	enabled        bool
	seq            int64
	created        time.Time
}

// writeSchedulerError uses the scheduler's own error shape, not the CC's.
func writeSchedulerError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, obj{"description": message, "errors": []obj{{"resource": "request", "messages": []string{message}}}})
}

func (s *Server) renderSchedule(sc *schedule) obj {
	return obj{"guid": sc.guid, "job_guid": sc.jobGUID, "enabled": sc.enabled, "expression": sc.expression,
		"expression_type": sc.expressionType, "created_at": ts(sc.created), "updated_at": ts(sc.created)}
}

func (s *Server) jobSchedules(jobGUID string) []*schedule {
	var out []*schedule
	for _, sc := range ordered(s.schedules, func(sc *schedule) int64 { return sc.seq }) {
		if sc.jobGUID == jobGUID {
			out = append(out, sc)
		}
	}
	return out
}

func (s *Server) renderSchedJob(j *schedJob, detailed bool) obj {
	o := obj{"guid": j.guid, "name": j.name, "command": j.command, "app_guid": j.appGUID, "space_guid": j.spaceGUID,
		"state": "AWAITING", "created_at": ts(j.created), "updated_at": ts(j.updated)}
	if detailed {
		scs := []obj{}
		for _, sc := range s.jobSchedules(j.guid) {
			scs = append(scs, s.renderSchedule(sc))
		}
		o["job_schedules"] = scs
	}
	return o
}

func (s *Server) schedulerRoutes(h handle) {
	// POST /jobs?app_guid=... {"name", "command"}; app_guid may also come in the body.
	h("POST /jobs", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Name    string `json:"name"`
			Command string `json:"command"`
			AppGUID string `json:"app_guid"`
		}
		if e := decode(r, &in); e != nil {
			writeSchedulerError(w, http.StatusBadRequest, e.Detail)
			return
		}
		appGUID := r.URL.Query().Get("app_guid")
		if appGUID == "" {
			appGUID = in.AppGUID
		}
		a, ok := s.apps[appGUID]
		if !ok {
			writeSchedulerError(w, http.StatusNotFound, "app not found: "+appGUID)
			return
		}
		if in.Name == "" || in.Command == "" {
			writeSchedulerError(w, http.StatusUnprocessableEntity, "name and command are required")
			return
		}
		for _, j := range s.schedJobs {
			if j.spaceGUID == a.spaceGUID && j.name == in.Name {
				writeSchedulerError(w, http.StatusUnprocessableEntity, "a job named '"+in.Name+"' already exists in this space")
				return
			}
		}
		g, n := s.nextGUID()
		now := s.stamp()
		j := &schedJob{guid: g, name: in.Name, command: in.Command, appGUID: a.guid, spaceGUID: a.spaceGUID, seq: n, created: now, updated: now}
		s.schedJobs[g] = j
		writeJSON(w, http.StatusCreated, s.renderSchedJob(j, false))
	})
	// GET /jobs?space_guid=...[&app_guid=...][&detailed=true][&page=N]: detailed adds job_schedules.
	h("GET /jobs", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		spaces, apps, names := listParam(q, "space_guid"), listParam(q, "app_guid"), listParam(q, "name")
		if spaces == nil && apps == nil {
			writeSchedulerError(w, http.StatusBadRequest, "space_guid is required")
			return
		}
		detailed := q.Get("detailed") == "true"
		var out []*schedJob
		for _, j := range ordered(s.schedJobs, func(j *schedJob) int64 { return j.seq }) {
			if matches(spaces, j.spaceGUID) && matches(apps, j.appGUID) && matches(names, j.name) {
				out = append(out, j)
			}
		}
		writeList(s, w, r, out, func(j *schedJob) obj { return s.renderSchedJob(j, detailed) }, nil)
	})
	withJob := func(fn func(http.ResponseWriter, *http.Request, *schedJob)) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			j, ok := s.schedJobs[r.PathValue("guid")]
			if !ok {
				writeSchedulerError(w, http.StatusNotFound, "job not found")
				return
			}
			fn(w, r, j)
		}
	}
	h("GET /jobs/{guid}", withJob(func(w http.ResponseWriter, r *http.Request, j *schedJob) {
		writeJSON(w, http.StatusOK, s.renderSchedJob(j, true))
	}))
	h("DELETE /jobs/{guid}", withJob(func(w http.ResponseWriter, r *http.Request, j *schedJob) {
		for _, sc := range s.jobSchedules(j.guid) {
			delete(s.schedules, sc.guid)
		}
		for _, run := range s.jobRuns(j.guid) {
			delete(s.jobRunsByGUID, run.guid) // the scheduler deletes a job's history with it
		}
		delete(s.schedJobs, j.guid)
		w.WriteHeader(http.StatusNoContent)
	}))
	h("POST /jobs/{guid}/schedules", withJob(func(w http.ResponseWriter, r *http.Request, j *schedJob) {
		var in struct {
			Enabled        *bool  `json:"enabled"`
			Expression     string `json:"expression"`
			ExpressionType string `json:"expression_type"`
		}
		if e := decode(r, &in); e != nil {
			writeSchedulerError(w, http.StatusBadRequest, e.Detail)
			return
		}
		if in.ExpressionType != "cron_expression" && in.ExpressionType != "cron" {
			writeSchedulerError(w, http.StatusUnprocessableEntity, "expression_type must be cron_expression")
			return
		}
		expr := strings.TrimSpace(in.Expression)
		if n := len(strings.Fields(expr)); n != 5 {
			writeSchedulerError(w, http.StatusUnprocessableEntity, "The cron expression '"+in.Expression+"' is invalid.")
			return
		}
		g, n := s.nextGUID()
		sc := &schedule{guid: g, jobGUID: j.guid, expression: expr, expressionType: in.ExpressionType, enabled: true, seq: n, created: s.stamp()}
		if in.Enabled != nil {
			sc.enabled = *in.Enabled
		}
		s.schedules[g] = sc
		writeJSON(w, http.StatusCreated, s.renderSchedule(sc))
	}))
	h("GET /jobs/{guid}/schedules", withJob(func(w http.ResponseWriter, r *http.Request, j *schedJob) {
		writeList(s, w, r, s.jobSchedules(j.guid), s.renderSchedule, nil)
	}))
	h("DELETE /jobs/{guid}/schedules/{sched}", withJob(func(w http.ResponseWriter, r *http.Request, j *schedJob) {
		sc, ok := s.schedules[r.PathValue("sched")]
		if !ok || sc.jobGUID != j.guid {
			writeSchedulerError(w, http.StatusNotFound, "schedule not found")
			return
		}
		delete(s.schedules, sc.guid)
		w.WriteHeader(http.StatusNoContent)
	}))
}

// ScheduledJob is a read-only view of a scheduler job, for assertions.
type ScheduledJob struct {
	GUID, Name, Command, AppGUID, SpaceGUID string
	Expressions                             []string
}

// ScheduledJobs lists the scheduler's jobs in creation order.
func (s *Server) ScheduledJobs() []ScheduledJob {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ScheduledJob
	for _, j := range ordered(s.schedJobs, func(j *schedJob) int64 { return j.seq }) {
		sj := ScheduledJob{GUID: j.guid, Name: j.name, Command: j.command, AppGUID: j.appGUID, SpaceGUID: j.spaceGUID}
		for _, sc := range s.jobSchedules(j.guid) {
			sj.Expressions = append(sj.Expressions, sc.expression)
		}
		out = append(out, sj)
	}
	return out
}
