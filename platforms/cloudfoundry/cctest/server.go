// Package cctest is a stateful, in-memory fake of the Cloud Foundry Cloud Controller v3 API, its UAA token
// endpoint and the PCF Scheduler /jobs API, served by net/http/httptest on 127.0.0.1.
//
// It exists so the Cloud Foundry platform code can be tested end to end with the real go-cfclient/v3 client,
// without a foundation: resources are created, move forward through their states (instances STARTING then
// RUNNING, tasks RUNNING then SUCCEEDED or FAILED, builds STAGING then STAGED, jobs PROCESSING then COMPLETE)
// and can be made to fail on demand. Shapes follow the public CC v3 API docs as go-cfclient decodes them.
//
// State advances lazily, when a client observes it (see Step and Phase), so tests are deterministic: no
// goroutine moves anything behind the test's back.
package cctest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Defaults seeded by New unless options say otherwise.
const (
	DefaultUsername     = "admin"
	DefaultPassword     = "admin-secret"
	DefaultOrg          = "test-org"
	DefaultSpace        = "test-space"
	DefaultSharedDomain = "apps.test.local"
	// DefaultClientID is the UAA client the cf CLI and go-cfclient use for password grants (empty secret).
	DefaultClientID = "cf"
	// DetectedStartCommand is the web start command a buildpack droplet reports, like the java buildpack's.
	DetectedStartCommand = "JAVA_OPTS=\"-Xmx512m\" java -jar /home/vcap/app/app.jar"
)

// Server is the fake. All state lives behind mu; handlers hold it for their whole run, which keeps the model
// simple and makes every request atomic, as a test wants.
type Server struct {
	srv       *httptest.Server
	url       string
	router    *http.ServeMux
	closing   chan struct{} // closed by Close, to let hanging requests go
	closeOnce sync.Once

	mu      sync.Mutex
	now     func() time.Time
	latency time.Duration
	logf    func(format string, args ...any)
	seq     int64 // GUID and ordering counter

	steps map[Phase]Step

	// auth
	users         map[string]string // username -> password
	clients       map[string]string // client id -> secret
	tokenTTL      time.Duration
	tokens        map[string]*token // access token -> info
	refreshTokens map[string]string // refresh token -> subject
	grants        map[string]int    // grant type -> successful token requests

	// knobs
	failures      []*Failure
	requests      []Request
	instanceState map[string]string // app name -> forced instance state (CRASHED, DOWN, ...)
	// instanceDetails are the forced instances' stats details, by app name.
	instanceDetails map[string]string
	taskFailures    map[string]string // app or task name -> failure reason
	stageFailures   map[string]string // app name -> staging error

	// model
	orgs      map[string]*org
	spaces    map[string]*space
	domains   map[string]*domain
	apps      map[string]*app
	processes map[string]*process
	packages  map[string]*pkg
	builds    map[string]*build
	droplets  map[string]*droplet
	deploys   map[string]*deployment
	tasks     map[string]*task
	routes    map[string]*route
	instances map[string]*serviceInstance
	bindings  map[string]*binding
	jobs      map[string]*job
	schedJobs map[string]*schedJob
	schedules map[string]*schedule
	// logs are Log Cache's envelopes, by source (app GUID), oldest first.
	logs map[string][]logEnvelope
	// appHandlers answer what the router delivers to an app, by app name.
	appHandlers map[string]http.Handler
	// jobRunsByGUID is every job's history, by execution GUID.
	jobRunsByGUID map[string]*jobRun
	defaultOrg    string
	defaultSp     string
	defaultDom    string
	seedOrgs      [][2]string
	seedDomains   []string
}

// Option configures a Server at construction.
type Option func(*Server)

// WithUser adds a UAA user for the password grant (the default admin user stays).
func WithUser(username, password string) Option {
	return func(s *Server) { s.users[username] = password }
}

// WithClient adds a UAA client for the client_credentials grant.
func WithClient(id, secret string) Option {
	return func(s *Server) { s.clients[id] = secret }
}

// WithOrgSpace seeds an org and a space in it. The first one given becomes the default org and space, and the
// built-in test-org/test-space is then not created.
func WithOrgSpace(org, space string) Option {
	return func(s *Server) { s.seedOrgs = append(s.seedOrgs, [2]string{org, space}) }
}

// WithSharedDomain seeds a shared domain. The first one given replaces apps.test.local as the default.
func WithSharedDomain(name string) Option {
	return func(s *Server) { s.seedDomains = append(s.seedDomains, name) }
}

// WithLatency delays every request by d before it is handled.
func WithLatency(d time.Duration) Option {
	return func(s *Server) { s.latency = d }
}

// WithTokenTTL sets the lifetime of issued access tokens (default one hour). Note that golang.org/x/oauth2
// treats a token as expired 10 s before its expiry, so a TTL under 10 s makes the client refresh before
// every call, which is how tests exercise the refresh_token grant.
func WithTokenTTL(d time.Duration) Option {
	return func(s *Server) { s.tokenTTL = d }
}

// WithClock replaces time.Now, for tests that drive Step delays by hand.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithStep sets how a phase progresses (see Phase for the defaults).
func WithStep(p Phase, st Step) Option {
	return func(s *Server) { s.steps[p] = st }
}

// WithLogf logs each request (method, path, status), e.g. WithLogf(t.Logf).
func WithLogf(logf func(format string, args ...any)) Option {
	return func(s *Server) { s.logf = logf }
}

// New starts a server on 127.0.0.1 and seeds it: a user, an org with a space, and a shared domain.
func New(opts ...Option) *Server {
	s := &Server{
		closing:       make(chan struct{}),
		now:           time.Now,
		steps:         defaultSteps(),
		users:         map[string]string{DefaultUsername: DefaultPassword},
		clients:       map[string]string{DefaultClientID: ""},
		tokenTTL:      time.Hour,
		tokens:        map[string]*token{},
		refreshTokens: map[string]string{},
		grants:        map[string]int{},
		instanceState: map[string]string{}, instanceDetails: map[string]string{},
		taskFailures:  map[string]string{},
		stageFailures: map[string]string{},
		orgs:          map[string]*org{},
		spaces:        map[string]*space{},
		domains:       map[string]*domain{},
		apps:          map[string]*app{},
		processes:     map[string]*process{},
		packages:      map[string]*pkg{},
		builds:        map[string]*build{},
		droplets:      map[string]*droplet{},
		deploys:       map[string]*deployment{},
		tasks:         map[string]*task{},
		routes:        map[string]*route{},
		instances:     map[string]*serviceInstance{},
		bindings:      map[string]*binding{},
		jobs:          map[string]*job{},
		schedJobs:     map[string]*schedJob{},
		schedules:     map[string]*schedule{},
		jobRunsByGUID: map[string]*jobRun{},
		logs:          map[string][]logEnvelope{},
		appHandlers:   map[string]http.Handler{},
	}
	for _, o := range opts {
		o(s)
	}
	if len(s.seedOrgs) == 0 {
		s.seedOrgs = [][2]string{{DefaultOrg, DefaultSpace}}
	}
	if len(s.seedDomains) == 0 {
		s.seedDomains = []string{DefaultSharedDomain}
	}
	for i, os := range s.seedOrgs {
		o := s.orgByName(os[0])
		if o == nil {
			o = s.addOrg(os[0])
		}
		sp := s.addSpace(o.guid, os[1])
		if i == 0 {
			s.defaultOrg, s.defaultSp = o.guid, sp.guid
		}
	}
	for i, d := range s.seedDomains {
		dom := s.addDomain(d, "")
		if i == 0 {
			s.defaultDom = dom.guid
		}
	}

	// httptest.NewServer listens on 127.0.0.1 (never all interfaces), over plain http: go-cfclient accepts
	// an http:// API URL, and SkipTLSValidation is harmless there.
	s.router = s.mux()
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.url = s.srv.URL
	return s
}

// URL is the API root (also the UAA, login and scheduler root): http://127.0.0.1:port.
func (s *Server) URL() string { return s.url }

// Close shuts the server down; requests left hanging are let go first, since Close waits for them.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.srv.Close()
}

// statusRecorder remembers the status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// serveHTTP is the middleware chain: latency, auth, injected failures, then the route table.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w}
	defer func() {
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Status: rec.status})
		logf := s.logf
		s.mu.Unlock()
		if logf != nil {
			logf("cctest: %s %s -> %d", r.Method, r.URL.RequestURI(), rec.status)
		}
	}()

	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	if latency > 0 {
		// Sleep outside the lock so a slow request does not stall the others.
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	if s.isRouted(r) {
		s.serveRouted(rec, r)
		return
	}
	scheduler := r.URL.Path == "/jobs" || strings.HasPrefix(r.URL.Path, "/jobs/")
	if needsAuth(r.URL.Path) {
		if e := s.authenticate(r); e != nil {
			if scheduler {
				writeSchedulerError(rec, e.status, e.Detail)
			} else {
				writeError(rec, e)
			}
			return
		}
	}
	if f := s.takeFailure(r); f != nil {
		if f.Hang {
			s.hang(r)
			return
		}
		if scheduler {
			writeSchedulerError(rec, f.Status, f.Detail)
		} else {
			writeError(rec, &cfError{status: f.Status, Code: f.Code, Title: f.Title, Detail: f.Detail})
		}
		return
	}
	s.advance()
	s.router.ServeHTTP(rec, r)
}

// needsAuth: every /v3 call and the scheduler need a bearer token; the roots and the token endpoint do not.
func needsAuth(p string) bool {
	switch p {
	case "/v3", "/v3/", "/v3/info":
		return false
	}
	return strings.HasPrefix(p, "/v3/") || strings.HasPrefix(p, "/api/v1/") || p == "/jobs" || strings.HasPrefix(p, "/jobs/")
}

// mux builds the route table once; handlers run with s.mu held.
func (s *Server) mux() *http.ServeMux {
	m := http.NewServeMux()
	h := func(pattern string, fn func(http.ResponseWriter, *http.Request)) { m.HandleFunc(pattern, fn) }

	h("GET /{$}", s.getRoot)
	h("GET /v3", s.getV3Root)
	h("GET /v3/{$}", s.getV3Root)
	h("GET /v3/info", s.getInfo)
	h("POST /oauth/token", s.postToken)

	s.orgRoutes(h)
	s.appRoutes(h)
	s.packageRoutes(h)
	s.buildRoutes(h)
	s.deploymentRoutes(h)
	s.processRoutes(h)
	s.taskRoutes(h)
	s.routeRoutes(h)
	s.serviceRoutes(h)
	s.jobRoutes(h)
	s.schedulerRoutes(h)
	s.historyRoutes(h)
	s.logCacheRoutes(h)

	// Anything else answers like the CC does for an unknown path, in the CF error format.
	h("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &cfError{status: http.StatusNotFound, Code: 10000, Title: "CF-NotFound", Detail: "Unknown request"})
	})
	return m
}

type handle func(pattern string, fn func(http.ResponseWriter, *http.Request))

// href makes an absolute link, as the CC does.
func (s *Server) href(format string, args ...any) map[string]any {
	return map[string]any{"href": s.url + fmt.Sprintf(format, args...)}
}

// nextGUID returns a deterministic GUID-shaped id; the counter also orders list results by creation.
func (s *Server) nextGUID() (string, int64) {
	s.seq++
	return fmt.Sprintf("%08x-cc7e-4000-8000-%012x", s.seq, s.seq), s.seq
}

// stamp is the CC's timestamp form: UTC, whole seconds.
func (s *Server) stamp() time.Time { return s.now().UTC().Truncate(time.Second) }
