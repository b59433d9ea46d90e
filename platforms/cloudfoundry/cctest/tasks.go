package cctest

import (
	"net/http"
	"time"
)

// CancelledReason is the failure_reason of a cancelled task, as Diego reports it.
const CancelledReason = "task was cancelled"

type task struct {
	guid, appGUID, name, command string
	dropletGUID                  string
	state                        string // RUNNING, CANCELING, SUCCEEDED, FAILED
	failureReason                string
	memory, disk, logRate        int
	sequenceID                   int
	meta                         meta
	prog                         progress
	seq                          int64
	created, updated             time.Time
}

// stepTask ends a task when PhaseTask completes (a cancelled one at its next observation): FAILED if
// FailTask names its app or itself, otherwise SUCCEEDED.
func (s *Server) stepTask(t *task) {
	switch t.state {
	case "CANCELING":
		t.state, t.failureReason, t.updated = "FAILED", CancelledReason, s.stamp()
	case "RUNNING":
		if !s.observe(&t.prog, PhaseTask) {
			return
		}
		t.updated = s.stamp()
		reason, bad := s.taskFailures[t.name]
		if a, ok := s.apps[t.appGUID]; ok && !bad {
			reason, bad = s.taskFailures[a.name]
		}
		if bad {
			t.state, t.failureReason = "FAILED", reason
		} else {
			t.state = "SUCCEEDED"
		}
	}
}

// renderTask omits the command in lists, as the CC does.
func (s *Server) renderTask(t *task, inList bool) obj {
	var reason any
	if t.failureReason != "" {
		reason = t.failureReason
	}
	o := obj{
		"guid": t.guid, "created_at": ts(t.created), "updated_at": ts(t.updated), "sequence_id": t.sequenceID,
		"name": t.name, "state": t.state, "memory_in_mb": t.memory, "disk_in_mb": t.disk,
		"log_rate_limit_in_bytes_per_second": t.logRate,
		"result":                             obj{"failure_reason": reason}, "droplet_guid": t.dropletGUID,
		"relationships": obj{"app": rel(t.appGUID)}, "metadata": t.meta.render(),
		"links": obj{
			"self":    s.href("/v3/tasks/%s", t.guid),
			"app":     s.href("/v3/apps/%s", t.appGUID),
			"cancel":  obj{"href": s.url + "/v3/tasks/" + t.guid + "/actions/cancel", "method": "POST"},
			"droplet": s.href("/v3/droplets/%s", t.dropletGUID),
		},
	}
	if !inList {
		o["command"] = t.command
	}
	return o
}

func (s *Server) taskRoutes(h handle) {
	h("POST /v3/apps/{guid}/tasks", s.withApp(s.createTask))
	h("GET /v3/tasks", func(w http.ResponseWriter, r *http.Request) {
		s.listTasks(w, r, listParam(r.URL.Query(), "app_guids"))
	})
	h("GET /v3/apps/{guid}/tasks", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		s.listTasks(w, r, []string{a.guid})
	}))
	h("GET /v3/tasks/{guid}", func(w http.ResponseWriter, r *http.Request) {
		t, ok := s.tasks[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Task"))
			return
		}
		s.stepTask(t)
		writeJSON(w, http.StatusOK, s.renderTask(t, false))
	})
	cancel := func(w http.ResponseWriter, r *http.Request) {
		t, ok := s.tasks[r.PathValue("guid")]
		if !ok {
			writeError(w, errNotFound("Task"))
			return
		}
		if t.state == "SUCCEEDED" || t.state == "FAILED" {
			writeError(w, &cfError{status: 422, Code: 170021, Title: "CF-InvalidTaskRequest",
				Detail: "The task request is invalid: Task state is " + t.state + " and therefore cannot be canceled"})
			return
		}
		t.state, t.updated = "CANCELING", s.stamp()
		writeJSON(w, http.StatusAccepted, s.renderTask(t, false))
	}
	h("POST /v3/tasks/{guid}/actions/cancel", cancel)
	h("PUT /v3/tasks/{guid}/cancel", cancel) // the deprecated form older clients use
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request, a *app) {
	var in struct {
		Command     *string     `json:"command"`
		Name        *string     `json:"name"`
		Memory      *int        `json:"memory_in_mb"`
		Disk        *int        `json:"disk_in_mb"`
		LogRate     *int        `json:"log_rate_limit_in_bytes_per_second"`
		DropletGUID *string     `json:"droplet_guid"`
		Metadata    *metadataIn `json:"metadata"`
		Template    *struct {
			Process struct {
				GUID string `json:"guid"`
			} `json:"process"`
		} `json:"template"`
	}
	if e := decode(r, &in); e != nil {
		writeError(w, e)
		return
	}
	dropletGUID := a.dropletGUID
	if in.DropletGUID != nil {
		dropletGUID = *in.DropletGUID
	}
	if _, ok := s.droplets[dropletGUID]; !ok {
		writeError(w, errUnprocessable("Task must have a droplet. Assign current droplet to app."))
		return
	}
	t := s.newTask(a, dropletGUID)
	if in.Template != nil {
		p, ok := s.processes[in.Template.Process.GUID]
		if !ok || p.appGUID != a.guid {
			writeError(w, errUnprocessable("Process template must be a process of this app"))
			return
		}
		if c, ok := s.effectiveCommand(p).(string); ok {
			t.command = c
		}
		t.memory, t.disk = p.memory, p.disk
	}
	if in.Command != nil {
		t.command = *in.Command
	}
	if t.command == "" {
		writeError(w, errUnprocessable("The request is semantically invalid: command presence"))
		return
	}
	if in.Name != nil && *in.Name != "" {
		t.name = *in.Name
	}
	if in.Memory != nil {
		t.memory = *in.Memory
	}
	if in.Disk != nil {
		t.disk = *in.Disk
	}
	if in.LogRate != nil {
		t.logRate = *in.LogRate
	}
	t.meta.apply(in.Metadata)
	s.addTask(a, t)
	writeJSON(w, http.StatusAccepted, s.renderTask(t, false))
}

// newTask is a RUNNING task of the droplet with the CC's defaults (a random-looking name, 1 GB memory and
// disk); the caller sets the command and the rest before addTask.
func (s *Server) newTask(a *app, dropletGUID string) *task {
	g, n := s.nextGUID()
	now := s.stamp()
	return &task{guid: g, appGUID: a.guid, dropletGUID: dropletGUID, state: "RUNNING", name: g[:8], memory: 1024, disk: 1024,
		logRate: -1, prog: s.begin(), seq: n, created: now, updated: now}
}

// addTask keeps the task, numbered after the app's previous ones as the CC numbers them.
func (s *Server) addTask(a *app, t *task) {
	a.taskSeq++
	t.sequenceID = a.taskSeq
	s.tasks[t.guid] = t
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request, apps []string) {
	q := r.URL.Query()
	names, states, guids, spaces := listParam(q, "names"), listParam(q, "states"), listParam(q, "guids"), listParam(q, "space_guids")
	sel, e := labelFilter(q)
	if e != nil {
		writeError(w, e)
		return
	}
	var out []*task
	for _, t := range ordered(s.tasks, func(t *task) int64 { return t.seq }) {
		if !matches(apps, t.appGUID) || !matches(names, t.name) || !matches(guids, t.guid) ||
			!matches(spaces, s.apps[t.appGUID].spaceGUID) || !sel(t.meta.labels) {
			continue
		}
		s.stepTask(t) // a listing observes each task, so polling by list moves tasks on too
		if matches(states, t.state) {
			out = append(out, t)
		}
	}
	writeList(s, w, r, out, func(t *task) obj { return s.renderTask(t, true) }, nil)
}
