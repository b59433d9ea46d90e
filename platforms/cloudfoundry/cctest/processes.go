package cctest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// redacted is what the CC shows instead of a process command in list responses.
const redacted = "[PRIVATE DATA HIDDEN IN LISTS]"

type process struct {
	guid, appGUID, ptype string
	command              *string // nil: the droplet's detected command
	instances            int
	memory, disk         int
	logRate              int
	hcType               string
	hcEndpoint           *string
	hcTimeout            *int
	hcInvocationTimeout  *int
	hcInterval           *int
	insts                []*instance // running instances; empty while the app is stopped
	seq                  int64
	created, updated     time.Time
}

type instance struct {
	guid string
	prog progress
}

func (s *Server) addProcess(a *app, ptype string, cmd *string) *process {
	g, n := s.nextGUID()
	if ptype == "web" {
		g = a.guid
	}
	inst := 0
	if ptype == "web" {
		inst = 1
	}
	now := s.stamp()
	p := &process{guid: g, appGUID: a.guid, ptype: ptype, command: cmd, instances: inst, memory: 1024, disk: 1024,
		logRate: -1, hcType: "port", seq: n, created: now, updated: now}
	if ptype != "web" {
		p.hcType = "process"
	}
	s.processes[g] = p
	if a.state == "STARTED" {
		p.restartInstances(s)
	}
	return p
}

func (s *Server) processOf(appGUID, ptype string) *process {
	for _, p := range s.processes {
		if p.appGUID == appGUID && p.ptype == ptype {
			return p
		}
	}
	return nil
}

// restartInstances replaces every instance with a new one at the start of PhaseInstanceStart.
func (p *process) restartInstances(s *Server) {
	p.insts = nil
	p.resize(s)
}

// resize adds or drops instances to match p.instances, keeping the ones that run.
func (p *process) resize(s *Server) {
	for len(p.insts) < p.instances {
		g, _ := s.nextGUID()
		p.insts = append(p.insts, &instance{guid: g, prog: s.begin()})
	}
	p.insts = p.insts[:p.instances]
}

// effectiveCommand is the custom command, else the current droplet's command for this process type.
func (s *Server) effectiveCommand(p *process) any {
	if p.command != nil {
		return *p.command
	}
	if a, ok := s.apps[p.appGUID]; ok {
		if d, ok := s.droplets[a.dropletGUID]; ok {
			if c, ok := d.processTypes[p.ptype]; ok && c != "" {
				return c
			}
		}
	}
	return nil
}

func (s *Server) renderProcess(p *process, inList bool) obj {
	cmd := s.effectiveCommand(p)
	if inList && cmd != nil {
		cmd = redacted
	}
	hc := obj{"timeout": p.hcTimeout, "invocation_timeout": p.hcInvocationTimeout, "interval": p.hcInterval}
	if p.hcType == "http" {
		hc["endpoint"] = p.hcEndpoint
	}
	spaceGUID := ""
	if a, ok := s.apps[p.appGUID]; ok {
		spaceGUID = a.spaceGUID
	}
	return obj{
		"guid": p.guid, "created_at": ts(p.created), "updated_at": ts(p.updated), "type": p.ptype,
		"command": cmd, "instances": p.instances, "memory_in_mb": p.memory, "disk_in_mb": p.disk,
		"log_rate_limit_in_bytes_per_second": p.logRate,
		"health_check":                       obj{"type": p.hcType, "data": hc},
		"readiness_health_check":             obj{"type": "process", "data": obj{"invocation_timeout": nil, "interval": nil}},
		"relationships":                      obj{"app": rel(p.appGUID), "revision": rel("")},
		"metadata":                           (&meta{}).render(),
		"version":                            p.guid,
		"links": obj{
			"self":  s.href("/v3/processes/%s", p.guid),
			"scale": obj{"href": s.url + "/v3/processes/" + p.guid + "/actions/scale", "method": "POST"},
			"app":   s.href("/v3/apps/%s", p.appGUID),
			"space": s.href("/v3/spaces/%s", spaceGUID),
			"stats": s.href("/v3/processes/%s/stats", p.guid),
		},
	}
}

func (s *Server) processRoutes(h handle) {
	h("GET /v3/processes", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		guids, types, apps, spaces := listParam(q, "guids"), listParam(q, "types"), listParam(q, "app_guids"), listParam(q, "space_guids")
		var out []*process
		for _, p := range s.orderedProcesses() {
			if matches(guids, p.guid) && matches(types, p.ptype) && matches(apps, p.appGUID) && matches(spaces, s.apps[p.appGUID].spaceGUID) {
				out = append(out, p)
			}
		}
		writeList(s, w, r, out, func(p *process) obj { return s.renderProcess(p, true) }, nil)
	})
	h("GET /v3/apps/{guid}/processes", s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
		types := listParam(r.URL.Query(), "types")
		var out []*process
		for _, p := range s.orderedProcesses() {
			if p.appGUID == a.guid && matches(types, p.ptype) {
				out = append(out, p)
			}
		}
		writeList(s, w, r, out, func(p *process) obj { return s.renderProcess(p, true) }, nil)
	}))

	byGUID := func(fn func(http.ResponseWriter, *http.Request, *process)) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			p, ok := s.processes[r.PathValue("guid")]
			if !ok {
				writeError(w, errNotFound("Process"))
				return
			}
			fn(w, r, p)
		}
	}
	byType := func(fn func(http.ResponseWriter, *http.Request, *process)) func(http.ResponseWriter, *http.Request) {
		return s.withApp(func(w http.ResponseWriter, r *http.Request, a *app) {
			p := s.processOf(a.guid, r.PathValue("type"))
			if p == nil {
				writeError(w, errNotFound("Process"))
				return
			}
			fn(w, r, p)
		})
	}
	get := func(w http.ResponseWriter, r *http.Request, p *process) {
		writeJSON(w, http.StatusOK, s.renderProcess(p, false))
	}
	h("GET /v3/processes/{guid}", byGUID(get))
	h("GET /v3/apps/{guid}/processes/{type}", byType(get))
	h("PATCH /v3/processes/{guid}", byGUID(s.updateProcess))
	h("PATCH /v3/apps/{guid}/processes/{type}", byType(s.updateProcess))
	h("POST /v3/processes/{guid}/actions/scale", byGUID(s.scaleProcess))
	h("POST /v3/apps/{guid}/processes/{type}/actions/scale", byType(s.scaleProcess))
	h("GET /v3/processes/{guid}/stats", byGUID(s.processStats))
	h("GET /v3/apps/{guid}/processes/{type}/stats", byType(s.processStats))
	h("DELETE /v3/processes/{guid}/instances/{index}", byGUID(func(w http.ResponseWriter, r *http.Request, p *process) {
		i, err := strconv.Atoi(r.PathValue("index"))
		if err != nil || i < 0 || i >= len(p.insts) {
			writeError(w, errNotFound("Instance"))
			return
		}
		g, _ := s.nextGUID()
		p.insts[i] = &instance{guid: g, prog: s.begin()} // Diego replaces a terminated instance
		w.WriteHeader(http.StatusNoContent)
	}))
}

func (s *Server) orderedProcesses() []*process {
	return ordered(s.processes, func(p *process) int64 { return p.seq })
}

// updateProcess is PATCH: command and health check. A present "command": null reverts to the detected
// command, which is what go-cfclient's ProcessUpdate always sends unless WithCommand was used.
func (s *Server) updateProcess(w http.ResponseWriter, r *http.Request, p *process) {
	var raw map[string]json.RawMessage
	if e := decode(r, &raw); e != nil {
		writeError(w, e)
		return
	}
	if c, ok := raw["command"]; ok {
		var cmd *string
		if err := json.Unmarshal(c, &cmd); err != nil {
			writeError(w, errParse(err))
			return
		}
		if cmd != nil && *cmd == "" {
			cmd = nil
		}
		p.command = cmd
	}
	if hcRaw, ok := raw["health_check"]; ok {
		var hc struct {
			Type string `json:"type"`
			Data struct {
				Timeout           *int    `json:"timeout"`
				InvocationTimeout *int    `json:"invocation_timeout"`
				Interval          *int    `json:"interval"`
				Endpoint          *string `json:"endpoint"`
			} `json:"data"`
		}
		if err := json.Unmarshal(hcRaw, &hc); err != nil {
			writeError(w, errParse(err))
			return
		}
		switch hc.Type {
		case "", "port", "process", "http", "none":
		default:
			writeError(w, errUnprocessable("Health check type must be \"port\", \"process\", or \"http\""))
			return
		}
		newType := p.hcType
		if hc.Type != "" {
			newType = hc.Type
		}
		if newType != "http" && hc.Data.Endpoint != nil {
			writeError(w, errUnprocessable("Health check endpoint can only be set for http health checks"))
			return
		}
		p.hcType = newType
		if hc.Data.Timeout != nil {
			p.hcTimeout = hc.Data.Timeout
		}
		if hc.Data.InvocationTimeout != nil {
			p.hcInvocationTimeout = hc.Data.InvocationTimeout
		}
		if hc.Data.Interval != nil {
			p.hcInterval = hc.Data.Interval
		}
		if hc.Data.Endpoint != nil {
			p.hcEndpoint = hc.Data.Endpoint
		}
		if p.hcType == "http" && p.hcEndpoint == nil {
			root := "/"
			p.hcEndpoint = &root
		}
	}
	p.updated = s.stamp()
	writeJSON(w, http.StatusOK, s.renderProcess(p, false))
}

func (s *Server) scaleProcess(w http.ResponseWriter, r *http.Request, p *process) {
	var in struct {
		Instances *int `json:"instances"`
		Memory    *int `json:"memory_in_mb"`
		Disk      *int `json:"disk_in_mb"`
		LogRate   *int `json:"log_rate_limit_in_bytes_per_second"`
	}
	if e := decode(r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Instances != nil && *in.Instances < 0 {
		writeError(w, errUnprocessable("Instances must be greater than or equal to 0"))
		return
	}
	if (in.Memory != nil && *in.Memory < 1) || (in.Disk != nil && *in.Disk < 1) {
		writeError(w, errUnprocessable("Memory in mb and disk in mb must be greater than 0"))
		return
	}
	a := s.apps[p.appGUID]
	restart := false
	if in.Memory != nil && *in.Memory != p.memory {
		p.memory, restart = *in.Memory, true
	}
	if in.Disk != nil && *in.Disk != p.disk {
		p.disk, restart = *in.Disk, true
	}
	if in.LogRate != nil {
		p.logRate = *in.LogRate
	}
	if in.Instances != nil {
		p.instances = *in.Instances
	}
	if a.state == "STARTED" {
		if restart {
			p.restartInstances(s) // new limits mean new containers
		} else {
			p.resize(s)
		}
	}
	p.updated = s.stamp()
	writeJSON(w, http.StatusAccepted, s.renderProcess(p, false))
}

// processStats reports one entry per desired instance. A stopped app's instances are DOWN; a started one's
// are STARTING until PhaseInstanceStart completes, then RUNNING, unless a knob forces a state.
func (s *Server) processStats(w http.ResponseWriter, r *http.Request, p *process) {
	a := s.apps[p.appGUID]
	forced := s.instanceState[a.name]
	res := []obj{}
	for i := 0; i < p.instances; i++ {
		state, uptime, guid := "DOWN", 0, ""
		var details any
		if a.state == "STARTED" && i < len(p.insts) {
			in := p.insts[i]
			guid = in.guid
			if s.observe(&in.prog, PhaseInstanceStart) {
				state = "RUNNING"
				uptime = int(s.now().Sub(in.prog.since) / time.Second)
			} else {
				state = "STARTING"
			}
		}
		if forced != "" {
			state = forced
			if forced == "CRASHED" {
				uptime = 0
				details = "APP/PROC/WEB: Exited with status 1"
			}
			if d := s.instanceDetails[a.name]; d != "" {
				details = d
			}
		}
		res = append(res, obj{
			"type": p.ptype, "index": i, "instance_guid": guid, "state": state, "routable": state == "RUNNING",
			"usage": obj{"time": ts(s.now()), "cpu": 0.01, "cpu_entitlement": 0.02, "mem": 128 << 20, "disk": 64 << 20, "log_rate": 0},
			"host":  "10.0.0.1", "instance_internal_ip": "10.255.0.1",
			"instance_ports": []obj{{"external": 61000 + i, "internal": 8080, "external_tls_proxy_port": 0, "internal_tls_proxy_port": 0}},
			"uptime":         uptime, "mem_quota": p.memory << 20, "disk_quota": p.disk << 20, "log_rate_limit": p.logRate,
			"fds_quota": 16384, "isolation_segment": nil, "details": details,
		})
	}
	writeJSON(w, http.StatusOK, obj{"resources": res})
}
