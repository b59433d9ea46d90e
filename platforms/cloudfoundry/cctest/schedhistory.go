package cctest

import (
	"fmt"
	"net/http"
	"time"
)

// A job's history: one execution per time the scheduler ran the job. The shape is the ocf-scheduler's
// Execution (core/executions.go: guid, task_guid, schedule_guid, scheduled_time, message, state,
// execution_start_time, execution_end_time) and pcf-java-client's GET /jobs/{id}/history fixture, which also
// carries job_guid. Its states are the ocf-scheduler's: PENDING when recorded (and while the task runs),
// SUCCEEDED or FAILED when the task ends (postgres/execution_service.go).

type jobRun struct {
	guid, jobGUID, scheduleGUID, taskGUID string
	scheduled, started                    time.Time
	seq                                   int64
}

// renderJobRun reads the state from the run's CF task, observing it as the scheduler watches the task it
// started, so a run ends when its task does (and the failure knobs fail it).
func (s *Server) renderJobRun(r *jobRun) obj {
	o := obj{"guid": r.guid, "job_guid": r.jobGUID, "schedule_guid": r.scheduleGUID, "task_guid": r.taskGUID,
		"scheduled_time": ts(r.scheduled), "execution_start_time": ts(r.started), "execution_end_time": nil,
		"state": "PENDING", "message": ""}
	t, ok := s.tasks[r.taskGUID]
	if !ok {
		return o
	}
	s.stepTask(t)
	switch t.state {
	case "SUCCEEDED":
		o["state"], o["execution_end_time"] = "SUCCEEDED", ts(t.updated)
	case "FAILED":
		o["state"], o["execution_end_time"], o["message"] = "FAILED", ts(t.updated), t.failureReason
	}
	return o
}

func (s *Server) jobRuns(jobGUID string) []*jobRun {
	var out []*jobRun
	for _, r := range ordered(s.jobRunsByGUID, func(r *jobRun) int64 { return r.seq }) {
		if r.jobGUID == jobGUID {
			out = append(out, r)
		}
	}
	return out
}

// historyRoutes serves GET /jobs/{guid}/history[?page=N], paginated like the scheduler's other lists.
func (s *Server) historyRoutes(h handle) {
	h("GET /jobs/{guid}/history", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.schedJobs[r.PathValue("guid")]; !ok {
			writeSchedulerError(w, http.StatusNotFound, "job not found")
			return
		}
		writeList(s, w, r, s.jobRuns(r.PathValue("guid")), s.renderJobRun, nil)
	})
}

// FireSchedule runs the named scheduler job now, as its schedule would: it starts a CF task of the job's app
// with the job's command (an ordinary task, so FailTask and the task phases apply to it) and records the run in
// the job's history. It returns the task's GUID.
func (s *Server) FireSchedule(jobName string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var job *schedJob
	for _, j := range s.schedJobs {
		if j.name == jobName {
			job = j
		}
	}
	if job == nil {
		return "", fmt.Errorf("no scheduler job named %q", jobName)
	}
	a, ok := s.apps[job.appGUID]
	if !ok {
		return "", fmt.Errorf("the app of job %q is gone", jobName)
	}
	if _, ok := s.droplets[a.dropletGUID]; !ok {
		return "", fmt.Errorf("the app of job %q has no droplet", jobName)
	}
	t := s.newTask(a, a.dropletGUID)
	t.command = job.command
	s.addTask(a, t)
	var scheduleGUID string
	if scs := s.jobSchedules(job.guid); len(scs) > 0 {
		scheduleGUID = scs[0].guid
	}
	g, n := s.nextGUID()
	now := s.stamp()
	// The scheduler fires on the minute (ocf-scheduler's scheduled_time drops the seconds).
	s.jobRunsByGUID[g] = &jobRun{guid: g, jobGUID: job.guid, scheduleGUID: scheduleGUID, taskGUID: t.guid,
		scheduled: now.Truncate(time.Minute), started: now, seq: n}
	return t.guid, nil
}
