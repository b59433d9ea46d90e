package cctest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Failure makes matching requests fail with a CF error instead of being handled.
type Failure struct {
	Method     string // "" matches any method
	PathPrefix string // matched against the URL path, e.g. "/v3/apps"
	Status     int    // HTTP status, e.g. 503
	Code       int    // CF error code, e.g. 10015
	Title      string // e.g. "CF-ServiceUnavailable"; derived from Code when empty
	Detail     string
	Times      int // how many requests fail; 0 means 1
	// Hang leaves the request unanswered until its client gives up or the server closes, as a foundation
	// whose router accepts connections and never answers does; Status, Code and Title are not used.
	Hang bool
}

// HangNext makes the next request matching method and path prefix wait for ever (see Failure.Hang).
func (s *Server) HangNext(method, pathPrefix string) {
	s.InjectFailure(Failure{Method: method, PathPrefix: pathPrefix, Hang: true})
}

// hang waits as a hung foundation would; it is called with mu held, and releases it while it waits so that
// other requests are still served.
func (s *Server) hang(r *http.Request) {
	s.mu.Unlock()
	defer s.mu.Lock()
	select {
	case <-r.Context().Done():
	case <-s.closing:
	}
}

// FailNext makes the next request matching method and path prefix fail with the given status, CF code
// and detail. The title comes from the CC's catalogue for well-known codes ("CF-Error" otherwise).
// Failures apply after authentication, so they are not spent on a 401 the client retries.
func (s *Server) FailNext(method, pathPrefix string, status, code int, detail string) {
	s.InjectFailure(Failure{Method: method, PathPrefix: pathPrefix, Status: status, Code: code, Detail: detail})
}

// InjectFailure queues a failure; the first matching queued failure wins.
func (s *Server) InjectFailure(f Failure) {
	if f.Title == "" {
		f.Title = titles[f.Code]
		if f.Title == "" {
			f.Title = "CF-Error"
		}
	}
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &f)
}

func (s *Server) takeFailure(r *http.Request) *Failure {
	for i, f := range s.failures {
		if (f.Method == "" || strings.EqualFold(f.Method, r.Method)) && strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			f.Times--
			if f.Times == 0 {
				s.failures = append(s.failures[:i], s.failures[i+1:]...)
			}
			c := *f
			return &c
		}
	}
	return nil
}

// Request is one logged request.
type Request struct {
	Method string
	Path   string
	Query  string
	Status int
}

func (r Request) String() string { return r.Method + " " + r.Path }

// Requests lists every request so far as "METHOD /path" (no query), in order, including token requests.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.String()
	}
	return out
}

// RequestLog is Requests with the query string and response status.
func (s *Server) RequestLog() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// CountRequests counts logged requests with this method ("" for any) whose path starts with prefix.
func (s *Server) CountRequests(method, pathPrefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if (method == "" || strings.EqualFold(method, r.Method)) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// ResetRequests clears the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// SetLatency delays every later request by d (0 turns it off).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// CrashInstances makes every instance of the named app report CRASHED in process stats.
func (s *Server) CrashInstances(appName string) { s.SetInstanceState(appName, "CRASHED") }

// SetInstanceState forces the state process stats report for the named app's instances (CRASHED, DOWN,
// STARTING, RUNNING); "" returns to the normal STARTING→RUNNING progression.
func (s *Server) SetInstanceState(appName, state string) {
	s.SetInstanceStateWithDetails(appName, state, "")
}

// SetInstanceStateWithDetails is SetInstanceState with the stats' details, CC's word on why the instances are
// in that state ("insufficient resources: memory" for instances DOWN that no cell can place); "" gives a
// CRASHED instance CC's usual exit details and others none.
func (s *Server) SetInstanceStateWithDetails(appName, state, details string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if state == "" {
		delete(s.instanceState, appName)
		delete(s.instanceDetails, appName)
		return
	}
	s.instanceState[appName] = state
	s.instanceDetails[appName] = details
}

// FailTask makes tasks of the app with this name, or tasks with this name, end FAILED with reason as
// result.failure_reason, instead of SUCCEEDED. An empty reason removes the rule.
func (s *Server) FailTask(name, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if reason == "" {
		delete(s.taskFailures, name)
		return
	}
	s.taskFailures[name] = reason
}

// FailStaging makes builds of the named app end FAILED with this error. An empty reason removes the rule.
func (s *Server) FailStaging(appName, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if reason == "" {
		delete(s.stageFailures, appName)
		return
	}
	s.stageFailures[appName] = reason
}

// DefaultOrgGUID, DefaultSpaceGUID and DefaultDomainGUID are the seeded org, space and shared domain.
func (s *Server) DefaultOrgGUID() string    { return s.defaultOrg }
func (s *Server) DefaultSpaceGUID() string  { return s.defaultSp }
func (s *Server) DefaultDomainGUID() string { return s.defaultDom }

// AddOrg seeds an org and returns its GUID.
func (s *Server) AddOrg(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addOrg(name).guid
}

// AddSpace seeds a space in an org and returns its GUID.
func (s *Server) AddSpace(orgGUID, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addSpace(orgGUID, name).guid
}

// AddSharedDomain seeds a shared domain and returns its GUID.
func (s *Server) AddSharedDomain(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addDomain(name, "").guid
}

// AddServiceInstance seeds a service instance in a space and returns its GUID. managed=false makes a
// user-provided instance; credentials are what binding details and VCAP_SERVICES report.
func (s *Server) AddServiceInstance(spaceGUID, name string, managed bool, credentials map[string]any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addServiceInstance(spaceGUID, name, managed, credentials).guid
}

// AppGUID finds an app by name in any space ("" if none).
func (s *Server) AppGUID(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.apps {
		if a.name == name {
			return a.guid
		}
	}
	return ""
}

// TaskCommands are the commands of the tasks run on the app with that name, in the order they were created.
func (s *Server) TaskCommands(appName string) []string {
	guid := s.AppGUID(appName)
	s.mu.Lock()
	defer s.mu.Unlock()
	var list []*task
	for _, t := range s.tasks {
		if t.appGUID == guid {
			list = append(list, t)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].seq < list[j].seq })
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.command
	}
	return out
}

// AppLabels is the metadata labels of the app with that name in any space (nil if there is none).
func (s *Server) AppLabels(name string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.apps {
		if a.name == name {
			out := map[string]string{}
			for k, v := range a.meta.labels {
				out[k] = v
			}
			return out
		}
	}
	return nil
}

// AppEnv is the environment variables of the app with that name (nil if there is none), values as text.
func (s *Server) AppEnv(name string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.apps {
		if a.name != name {
			continue
		}
		out := map[string]string{}
		for k, v := range a.env {
			if str, ok := v.(string); ok {
				out[k] = str
			} else {
				out[k] = fmt.Sprint(v)
			}
		}
		return out
	}
	return nil
}

// AppNames lists app names in creation order.
func (s *Server) AppNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, a := range ordered(s.apps, func(a *app) int64 { return a.seq }) {
		out = append(out, a.name)
	}
	return out
}

// UploadedBytes is the size of the bits uploaded to a package (-1 if there is no such package).
func (s *Server) UploadedBytes(packageGUID string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.packages[packageGUID]; ok {
		return p.size
	}
	return -1
}
