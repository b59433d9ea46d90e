// Package scdftest serves the part of Spring Cloud Data Flow 2.x's REST API that `scdf import` reads, shaped as
// SCDF's REST API guide shows it: HAL JSON with the items under _embedded.<kind>ResourceList, _links with self,
// first, next, last, and a page object; basic or bearer authentication. For tests only; it listens on 127.0.0.1.
package scdftest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// App is one app registration.
type App struct {
	Type, Name, URI, Version string
	Default                  bool
	BootVersion              string // "2" or "3"
	MetadataURI              string
}

// Stream is one stream definition; DeploymentProperties (with the Skipper platform name among them, as SCDF
// keeps it) are served by /streams/deployments/{name} when not nil.
type Stream struct {
	Name, DSL, Description string
	DeploymentProperties   map[string]string
	// Status is the stream's status as SCDF reports it (deployed, partial, failed, ...); "" is deployed when
	// there are deployment properties, else undeployed.
	Status string
	// Releases are Skipper's releases of the stream, served newest first by /streams/deployments/history/{name}.
	Releases []Release
}

// Release is one of Skipper's releases of a stream: its version, status code (DEPLOYED, DELETED, FAILED,
// UNKNOWN) and platform; Description is Skipper's ("Install complete", "Upgrade complete" when empty); Manifest
// is what /streams/deployments/manifest/{name}/{version} answers, as Skipper stored it (a 404 when empty).
type Release struct {
	Version     int
	Status      string
	Platform    string
	Description string
	Manifest    string
	// ManifestStatus, when set, is the HTTP status the manifest endpoint answers for this release instead (an
	// SCDF whose Skipper fails, or a role that may not read it).
	ManifestStatus int
}

// Task is one task definition.
type Task struct{ Name, DSL, Description string }

// Schedule is one schedule.
type Schedule struct {
	Name, TaskName, Cron, Platform string
}

// Estate is what the server holds.
type Estate struct {
	Apps      []App
	Streams   []Stream
	Tasks     []Task
	Schedules []Schedule
	// Executions are served by /tasks/executions in the order given (SCDF lists the newest first).
	Executions []Execution
	// NoScheduler serves the server as SCDF runs with scheduling disabled: no schedules link, 404 on the path.
	NoScheduler bool
}

// Server is a running test SCDF.
type Server struct {
	*httptest.Server
	Estate Estate
	// PageSize is the largest page served whatever size is asked for (SCDF pages at the size asked; a small
	// one here makes every listing span pages).
	PageSize int
	// Username and Password, when set, are required as basic authentication; Token as a bearer token.
	Username, Password, Token string
	requests                  atomic.Int64
	manifests                 atomic.Int64
	// mu keeps a request from seeing a Change half made.
	mu sync.Mutex
}

// Change changes what the server holds or requires (Estate, Username, Password, Token) between requests.
func (s *Server) Change(fn func(*Server)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s)
}

// New starts a server holding est, serving pages of at most pageSize items.
func New(est Estate, pageSize int) *Server {
	s := &Server{Estate: est, PageSize: pageSize}
	// Under the lock the handler takes: a request from another process has no other order with this write.
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// NewTLS starts a server as New does, over TLS with a certificate no client trusts.
func NewTLS(est Estate, pageSize int) *Server {
	s := &Server{Estate: est, PageSize: pageSize}
	// Under the lock the handler takes: a request from another process has no other order with this write.
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Server = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	return s
}

// Requests says how many requests the server answered.
func (s *Server) Requests() int64 { return s.requests.Load() }

// ManifestRequests says how many of them asked for a release's manifest.
func (s *Server) ManifestRequests() int64 { return s.manifests.Load() }

func (s *Server) authorized(r *http.Request) bool {
	if s.Token != "" {
		return r.Header.Get("Authorization") == "Bearer "+s.Token
	}
	if s.Username != "" {
		u, p, ok := r.BasicAuth()
		return ok && u == s.Username && p == s.Password
	}
	return true
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="Spring Cloud Data Flow"`)
		http.Error(w, `{"timestamp":"2024-01-01T00:00:00.000+00:00","status":401,"error":"Unauthorized","path":"`+r.URL.Path+`"}`, http.StatusUnauthorized)
		return
	}
	path := strings.TrimRight(r.URL.Path, "/")
	switch {
	case path == "":
		s.root(w)
	case path == "/apps":
		s.page(w, r, "appRegistrationResourceList", len(s.Estate.Apps), func(i int) any { return appResource(s.URL, s.Estate.Apps[i]) })
	case path == "/streams/definitions":
		s.page(w, r, "streamDefinitionResourceList", len(s.Estate.Streams), func(i int) any { return streamResource(s.URL, s.Estate.Streams[i]) })
	case strings.HasPrefix(path, "/streams/deployments/history/"):
		s.history(w, strings.TrimPrefix(path, "/streams/deployments/history/"))
	case strings.HasPrefix(path, "/streams/deployments/manifest/"):
		s.manifest(w, strings.TrimPrefix(path, "/streams/deployments/manifest/"))
	case strings.HasPrefix(path, "/streams/deployments/"):
		s.deployment(w, strings.TrimPrefix(path, "/streams/deployments/"))
	case path == "/tasks/definitions":
		s.page(w, r, "taskDefinitionResourceList", len(s.Estate.Tasks), func(i int) any { return taskResource(s.URL, s.Estate.Tasks[i]) })
	case path == "/tasks/schedules" && !s.Estate.NoScheduler:
		s.page(w, r, "scheduleInfoResourceList", len(s.Estate.Schedules), func(i int) any { return scheduleResource(s.URL, s.Estate.Schedules[i]) })
	case path == "/tasks/executions":
		s.page(w, r, "taskExecutionResourceList", len(s.Estate.Executions), func(i int) any { return executionResource(s.URL, s.Estate.Executions[i]) })
	default:
		http.Error(w, `{"status":404,"error":"Not Found"}`, http.StatusNotFound)
	}
}

type link struct {
	Href      string `json:"href"`
	Templated bool   `json:"templated,omitempty"`
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/hal+json")
	_ = json.NewEncoder(w).Encode(v)
}

// root is SCDF's RootController answer: its endpoints as links (a selection).
func (s *Server) root(w http.ResponseWriter) {
	links := map[string]link{
		"dashboard":                          {Href: s.URL + "/dashboard"},
		"about":                              {Href: s.URL + "/about"},
		"apps":                               {Href: s.URL + "/apps"},
		"streams/definitions":                {Href: s.URL + "/streams/definitions"},
		"streams/deployments/{name}":         {Href: s.URL + "/streams/deployments/{name}{?reuse-deployment-properties}", Templated: true},
		"streams/deployments/history/{name}": {Href: s.URL + "/streams/deployments/history/{name}", Templated: true},
		"streams/deployments/manifest/{name}/{version}": {Href: s.URL + "/streams/deployments/manifest/{name}/{version}", Templated: true},
		"tasks/definitions":                             {Href: s.URL + "/tasks/definitions"},
		"tasks/executions":                              {Href: s.URL + "/tasks/executions"},
	}
	if !s.Estate.NoScheduler {
		links["tasks/schedules"] = link{Href: s.URL + "/tasks/schedules"}
	}
	writeJSON(w, map[string]any{"_links": links, "api.revision": 14})
}

// page serves one page of a listing as Spring HATEOAS's PagedModel does.
func (s *Server) page(w http.ResponseWriter, r *http.Request, key string, total int, item func(int) any) {
	q := r.URL.Query()
	number, _ := strconv.Atoi(q.Get("page"))
	size, err := strconv.Atoi(q.Get("size"))
	if err != nil || size <= 0 {
		size = 20 // Spring Data's default
	}
	if s.PageSize > 0 && size > s.PageSize {
		size = s.PageSize
	}
	pages := (total + size - 1) / size
	start := number * size
	items := []any{}
	for i := start; i < total && i < start+size; i++ {
		items = append(items, item(i))
	}
	self := s.URL + r.URL.Path
	at := func(n int) link { return link{Href: fmt.Sprintf("%s?page=%d&size=%d", self, n, size)} }
	links := map[string]link{"self": at(number)}
	if pages > 0 {
		links["first"], links["last"] = at(0), at(pages-1)
	}
	if number+1 < pages {
		links["next"] = at(number + 1)
	}
	if number > 0 {
		links["prev"] = at(number - 1)
	}
	body := map[string]any{
		"_links": links,
		"page":   map[string]int{"size": size, "totalElements": total, "totalPages": pages, "number": number},
	}
	if len(items) > 0 { // Spring HATEOAS leaves _embedded out of an empty page
		body["_embedded"] = map[string]any{key: items}
	}
	writeJSON(w, body)
}

func (s *Server) deployment(w http.ResponseWriter, name string) {
	name, _ = url.PathUnescape(name)
	for _, st := range s.Estate.Streams {
		if st.Name != name {
			continue
		}
		props := "{}"
		if st.DeploymentProperties != nil {
			b, _ := json.Marshal(st.DeploymentProperties)
			props = string(b)
		}
		writeJSON(w, map[string]any{
			"streamName": st.Name, "dslText": st.DSL, "description": st.Description, "status": st.status(),
			"deploymentProperties": props,
			"_links":               map[string]link{"self": {Href: s.URL + "/streams/deployments/" + url.PathEscape(st.Name)}},
		})
		return
	}
	http.Error(w, `{"status":404,"error":"Not Found","message":"Could not find stream definition named `+name+`"}`, http.StatusNotFound)
}

func appResource(base string, a App) map[string]any {
	boot := a.BootVersion
	if boot == "" {
		boot = "2"
	}
	out := map[string]any{
		"name": a.Name, "type": a.Type, "uri": a.URI, "version": a.Version, "defaultVersion": a.Default,
		"versions": nil, "label": nil, "bootVersion": boot,
		"_links": map[string]link{"self": {Href: base + "/apps/" + a.Type + "/" + a.Name + "/" + a.Version}},
	}
	if a.MetadataURI != "" {
		out["metaDataUri"] = a.MetadataURI
	}
	return out
}

func (st Stream) status() string {
	switch {
	case st.Status != "":
		return st.Status
	case len(st.DeploymentProperties) > 0:
		return "deployed"
	}
	return "undeployed"
}

// history serves Skipper's releases of a stream as SCDF's StreamDeploymentController.history does: a JSON array
// of Skipper's Release (not HAL). SCDF's Skipper client asks Skipper's findByNameIgnoreCaseContaining search, so
// the releases of every stream whose name contains the name come back, ordered by name, then newest first.
func (s *Server) history(w http.ResponseWriter, name string) {
	name, _ = url.PathUnescape(name)
	streams := append([]Stream{}, s.Estate.Streams...)
	sort.SliceStable(streams, func(i, j int) bool { return streams[i].Name < streams[j].Name })
	out := []any{}
	for _, st := range streams {
		if !strings.Contains(strings.ToLower(st.Name), strings.ToLower(name)) {
			continue
		}
		for i := len(st.Releases) - 1; i >= 0; i-- {
			r := st.Releases[i]
			description := r.Description
			if description == "" {
				description = defaultDescription(r)
			}
			day := fmt.Sprintf("2024-01-%02dT10:00:00.000+00:00", min(r.Version, 28))
			out = append(out, map[string]any{
				"name": st.Name, "version": r.Version, "platformName": r.Platform,
				"info": map[string]any{
					"status":        map[string]any{"statusCode": r.Status, "platformStatus": nil},
					"firstDeployed": day, "lastDeployed": day, "deleted": nil, "description": description,
				},
				"pkg":          map[string]any{"metadata": map[string]any{"name": st.Name, "version": "1.0.0", "kind": "SpringCloudDeployerApplication"}},
				"configValues": map[string]any{"raw": nil},
				"manifest":     map[string]any{"data": ""},
			})
		}
	}
	writeJSON(w, out)
}

// defaultDescription is what Skipper's release info says of a release of that status.
func defaultDescription(r Release) string {
	switch r.Status {
	case "DELETED":
		return "Delete complete"
	case "FAILED":
		return "Could not deploy app."
	case "UNKNOWN":
		return "Upgrade install underway"
	case "DEPLOYED":
		if r.Version == 1 {
			return "Install complete"
		}
	}
	return "Upgrade complete"
}

// manifest serves a release's manifest as SCDF's StreamDeploymentController.manifest does: Skipper's stored
// manifest as the body, as it is (values in the clear: SCDF masks nothing there). path is {name}/{version}.
func (s *Server) manifest(w http.ResponseWriter, path string) {
	s.manifests.Add(1)
	name, version, _ := strings.Cut(path, "/")
	name, _ = url.PathUnescape(name)
	v, _ := strconv.Atoi(version)
	for _, st := range s.Estate.Streams {
		for _, r := range st.Releases {
			if st.Name == name && r.Version == v && r.ManifestStatus != 0 {
				http.Error(w, fmt.Sprintf(`{"status":%d,"error":"%s"}`, r.ManifestStatus, http.StatusText(r.ManifestStatus)), r.ManifestStatus)
				return
			}
			if st.Name == name && r.Version == v && r.Manifest != "" {
				w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
				_, _ = w.Write([]byte(r.Manifest))
				return
			}
		}
	}
	http.Error(w, `{"status":404,"error":"Not Found","message":"Release with the name [`+name+`] and version [`+version+`] does not exist"}`, http.StatusNotFound)
}

// SkipperManifest renders apps as Skipper stores a stream's manifest (every scalar double-quoted, one
// SpringCloudDeployerApplication document per app, sink first as given): what the manifest endpoint serves.
func SkipperManifest(apps ...ManifestApp) string {
	var b strings.Builder
	q := strconv.Quote
	for i, a := range apps {
		if i > 0 {
			b.WriteString("---\n")
		}
		b.WriteString(q("apiVersion") + ": " + q("skipper.spring.io/v1") + "\n" + q("kind") + ": " + q("SpringCloudDeployerApplication") + "\n")
		b.WriteString(q("metadata") + ":\n  " + q("name") + ": " + q(a.Label) + "\n" + q("spec") + ":\n")
		b.WriteString("  " + q("resource") + ": " + q(a.Resource) + "\n")
		b.WriteString("  " + q("resourceMetadata") + ": " + q(a.Resource+":jar:metadata:"+a.Version) + "\n")
		b.WriteString("  " + q("version") + ": " + q(a.Version) + "\n")
		for _, m := range []struct {
			name  string
			props map[string]string
		}{{"applicationProperties", a.ApplicationProperties}, {"deploymentProperties", a.DeploymentProperties}} {
			if len(m.props) == 0 {
				b.WriteString("  " + q(m.name) + ": {}\n")
				continue
			}
			b.WriteString("  " + q(m.name) + ":\n")
			keys := make([]string, 0, len(m.props))
			for k := range m.props {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				b.WriteString("    " + q(k) + ": " + q(m.props[k]) + "\n")
			}
		}
	}
	return b.String()
}

// ManifestApp is one app of a Skipper manifest.
type ManifestApp struct {
	Label, Resource, Version                    string
	ApplicationProperties, DeploymentProperties map[string]string
}

func streamResource(base string, st Stream) map[string]any {
	return map[string]any{
		"name": st.Name, "dslText": st.DSL, "originalDslText": st.DSL, "status": st.status(), "description": st.Description,
		"statusDescription": "The app or group is known to the system, but is not currently deployed",
		"_links":            map[string]link{"self": {Href: base + "/streams/definitions/" + url.PathEscape(st.Name)}},
	}
}

func taskResource(base string, t Task) map[string]any {
	return map[string]any{
		"name": t.Name, "dslText": t.DSL, "description": t.Description, "composed": strings.ContainsAny(t.DSL, "&|>"),
		"composedTaskElement": false, "lastTaskExecution": nil, "status": "UNKNOWN",
		"_links": map[string]link{"self": {Href: base + "/tasks/definitions/" + url.PathEscape(t.Name)}},
	}
}

func scheduleResource(base string, s Schedule) map[string]any {
	return map[string]any{
		"scheduleName": s.Name, "taskDefinitionName": s.TaskName, "platform": s.Platform,
		"scheduleProperties": map[string]string{"spring.cloud.scheduler.cron.expression": s.Cron},
		"_links":             map[string]link{"self": {Href: base + "/tasks/schedules/" + url.PathEscape(s.Name)}},
	}
}

// NewPlain starts a server that answers every GET with body: a server that is not SCDF, or one whose listings
// have another shape.
func NewPlain(body string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
}
