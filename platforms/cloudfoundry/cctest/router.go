package cctest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// The router (gorouter): a request whose host is a mapped route's (sent through this server as an HTTP proxy,
// HTTP_PROXY=<URL()>, since route hosts resolve nowhere) goes to the app the route maps, answered by the
// handler a test gave for it with ServeApp. Its answers when it cannot deliver are the gorouter's: an unknown
// route, a bad or unknown X-Cf-App-Instance, an app with no running instance, an app that does not answer.

// ServeApp makes h answer the requests that reach the named app through its routes (nil: the app does not
// listen, and the router answers 502).
func (s *Server) ServeApp(appName string, h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appHandlers[appName] = h
}

// routeFor finds the route whose host and domain make the request's host; it is nil for the server's own host.
func (s *Server) routeFor(r *http.Request) (*route, string) {
	host := strings.ToLower(r.Host)
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	if host == "" || host == "127.0.0.1" || host == "localhost" {
		return nil, host
	}
	for _, rt := range s.routes {
		d := s.domains[rt.domainGUID]
		if d != nil && strings.ToLower(rt.host+"."+d.name) == host && strings.HasPrefix(r.URL.Path, rt.path) {
			return rt, host
		}
	}
	return nil, host
}

// isRouted tells requests for apps from requests for the API.
func (s *Server) isRouted(r *http.Request) bool {
	host := strings.ToLower(r.Host)
	return host != "" && !strings.HasPrefix(host, "127.0.0.1") && !strings.HasPrefix(host, "localhost")
}

func routerError(w http.ResponseWriter, status int, kind, text string) {
	w.Header().Set("X-Cf-Routererror", kind)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "%d %s: %s\n", status, http.StatusText(status), text)
}

// serveRouted delivers a request to an app; it runs with s.mu held and lets it go while the app answers.
func (s *Server) serveRouted(w http.ResponseWriter, r *http.Request) {
	rt, host := s.routeFor(r)
	if rt == nil || len(rt.dests) == 0 {
		routerError(w, http.StatusNotFound, "unknown_route", fmt.Sprintf("Requested route ('%s') does not exist.", host))
		return
	}
	a := s.apps[rt.dests[0].appGUID]
	p := s.webProcess(a.guid)
	running := 0
	if a.state == "STARTED" && p != nil && s.instanceState[a.name] == "" {
		running = len(p.insts)
	}
	if header := r.Header.Get("X-Cf-App-Instance"); header != "" {
		guid, idx, ok := strings.Cut(header, ":")
		n, err := strconv.Atoi(idx)
		if !ok || err != nil || guid == "" {
			routerError(w, http.StatusBadRequest, "invalid_cf_app_instance_header", "Invalid X-CF-App-Instance Header")
			return
		}
		if guid != a.guid || n < 0 || n >= running {
			routerError(w, http.StatusNotFound, "unknown_route",
				fmt.Sprintf("Requested instance ('%s') with guid ('%s') does not exist for route ('%s')", idx, guid, host))
			return
		}
	}
	if running == 0 {
		routerError(w, http.StatusServiceUnavailable, "no_endpoints", fmt.Sprintf("Requested route ('%s') has no available endpoints.", host))
		return
	}
	h := s.appHandlers[a.name]
	if h == nil {
		routerError(w, http.StatusBadGateway, "endpoint_failure", "Registered endpoint failed to handle the request.")
		return
	}
	s.mu.Unlock()
	defer s.mu.Lock()
	h.ServeHTTP(w, r)
}

// webProcess is the app's web process (nil before it has one).
func (s *Server) webProcess(appGUID string) *process {
	for _, p := range s.processes {
		if p.appGUID == appGUID && p.ptype == "web" {
			return p
		}
	}
	return nil
}
