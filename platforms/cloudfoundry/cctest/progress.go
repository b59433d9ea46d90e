package cctest

import "time"

// Phase names one of the state machines the fake drives forward.
type Phase int

const (
	// PhaseInstanceStart: a started instance reports STARTING, then RUNNING. Observed by process stats calls.
	// Default Step{Polls: 1}: the first stats call after a start shows STARTING, the next RUNNING.
	PhaseInstanceStart Phase = iota
	// PhaseStaging: a build is STAGING, then STAGED (or FAILED). Observed by build GETs. Default Step{Polls: 1}.
	PhaseStaging
	// PhaseTask: a task is RUNNING, then SUCCEEDED or FAILED. Observed by task GETs and lists. Default Step{Polls: 1}.
	PhaseTask
	// PhaseJob: a /v3/jobs job is PROCESSING, then COMPLETE; the deletion it stands for happens then.
	// Observed by job GETs. Default Step{Polls: 1}.
	PhaseJob
	// PhaseUpload: an uploaded bits package is PROCESSING_UPLOAD, then READY. Default Step{} (at once).
	PhaseUpload
)

// Step says when a phase completes: after Polls observations that showed the intermediate state, or once
// Delay has passed since the phase began, whichever comes first. A zero field is not used; the zero Step
// completes at once. Counting observations rather than time keeps tests deterministic.
type Step struct {
	Polls int
	Delay time.Duration
}

func defaultSteps() map[Phase]Step {
	return map[Phase]Step{
		PhaseInstanceStart: {Polls: 1},
		PhaseStaging:       {Polls: 1},
		PhaseTask:          {Polls: 1},
		PhaseJob:           {Polls: 1},
		PhaseUpload:        {},
	}
}

// SetStep changes how a phase progresses from now on (things already under way keep their counts).
func (s *Server) SetStep(p Phase, st Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.steps[p] = st
}

// progress is where one object stands in its phase.
type progress struct {
	since time.Time
	polls int
}

func (s *Server) begin() progress { return progress{since: s.now()} }

// done reports whether the phase is over without counting an observation.
func (s *Server) done(p *progress, ph Phase) bool {
	st := s.steps[ph]
	switch {
	case st.Polls == 0 && st.Delay == 0:
		return true
	case st.Polls > 0 && p.polls >= st.Polls:
		return true
	case st.Delay > 0 && s.now().Sub(p.since) >= st.Delay:
		return true
	}
	return false
}

// observe is done plus counting this look, when the phase is not over yet.
func (s *Server) observe(p *progress, ph Phase) bool {
	if s.done(p, ph) {
		return true
	}
	p.polls++
	return false
}

// advance completes, before each request, whatever finished by time alone, so time-based side effects (an
// app deleted when its job completes) happen even if nobody polls the job.
func (s *Server) advance() {
	if s.steps[PhaseJob].Delay <= 0 { // jobs then complete on their polls, not on the clock
		return
	}
	for _, j := range s.jobs {
		if j.state == "PROCESSING" && s.steps[PhaseJob].Delay > 0 && s.done(&j.prog, PhaseJob) {
			s.completeJob(j)
		}
	}
}
