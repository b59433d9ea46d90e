package kubernetes

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// probeDefaults are SCDF's defaults per probe type and kind: delay, period, timeout, failure, success, path.
type probeDefaults struct {
	delay, period, timeout, failure, success int
	path                                     string
}

var httpProbeDefaults = map[string]probeDefaults{
	"startup":   {30, 3, 5, 20, 1, "/actuator/info"},
	"readiness": {1, 10, 5, 3, 1, "/actuator/info"},
	"liveness":  {1, 60, 5, 3, 1, "/actuator/health"},
}

var tcpProbeDefaults = map[string]probeDefaults{
	"startup":   {30, 3, 5, 20, 1, ""},
	"readiness": {1, 10, 3, 3, 1, ""},
	"liveness":  {10, 60, 5, 3, 1, ""},
}

var commandProbeDefaults = map[string]probeDefaults{
	"startup":   {30, 10, 1, 10, 1, ""},
	"readiness": {1, 10, 1, 3, 1, ""},
	"liveness":  {10, 10, 1, 3, 1, ""},
}

// probes builds the startup, readiness and liveness probes of a stream app (probeType HTTP, TCP or COMMAND),
// reading SCDF's property names: <kind><Type>Probe<Field>, and the legacy <kind>Probe<Field>.
func probes(s settings, port int) (startup, readiness, liveness *corev1.Probe, err error) {
	typ := strings.ToUpper(s.str("HTTP", "probeType"))
	out := map[string]*corev1.Probe{}
	for _, kind := range []string{"startup", "readiness", "liveness"} {
		var p *corev1.Probe
		switch typ {
		case "HTTP":
			p, err = httpProbe(s, kind, port)
		case "TCP":
			p, err = tcpProbe(s, kind, port)
		case "COMMAND":
			p, err = commandProbe(s, kind)
		default:
			return nil, nil, nil, fmt.Errorf("kubernetes.probeType must be HTTP, TCP or COMMAND, got '%s'", typ)
		}
		if err != nil {
			return nil, nil, nil, err
		}
		out[kind] = p
	}
	return out["startup"], out["readiness"], out["liveness"], nil
}

// timing reads the numeric fields of one probe, the typed name first, then the legacy one.
func timing(s settings, kind, typ string, d probeDefaults) (corev1.Probe, error) {
	p := corev1.Probe{}
	fields := []struct {
		name string
		def  int
		set  func(int32)
	}{
		{"Delay", d.delay, func(v int32) { p.InitialDelaySeconds = v }},
		{"Period", d.period, func(v int32) { p.PeriodSeconds = v }},
		{"Timeout", d.timeout, func(v int32) { p.TimeoutSeconds = v }},
		{"Failure", d.failure, func(v int32) { p.FailureThreshold = v }},
		{"Success", d.success, func(v int32) { p.SuccessThreshold = v }},
	}
	for _, f := range fields {
		v, err := s.integer(f.def, kind+typ+"Probe"+f.name, kind+"Probe"+f.name)
		if err != nil {
			return p, err
		}
		f.set(int32(v))
	}
	return p, nil
}

func probePort(s settings, kind, typ string, port int) (int, error) {
	return s.integer(port, kind+typ+"ProbePort", kind+"ProbePort")
}

func httpProbe(s settings, kind string, port int) (*corev1.Probe, error) {
	d := httpProbeDefaults[kind]
	if s.str("", "bootMajorVersion") == "1" { // Boot 1 apps serve /info and /health
		d.path = strings.TrimPrefix(d.path, "/actuator")
	}
	p, err := timing(s, kind, "Http", d)
	if err != nil {
		return nil, err
	}
	pp, err := probePort(s, kind, "Http", port)
	if err != nil {
		return nil, err
	}
	scheme := strings.ToUpper(s.str("HTTP", kind+"HttpProbeScheme", kind+"ProbeScheme"))
	p.HTTPGet = &corev1.HTTPGetAction{Path: s.str(d.path, kind+"HttpProbePath", kind+"ProbePath"), Port: intstr.FromInt(pp), Scheme: corev1.URIScheme(scheme)}
	return &p, nil
}

func tcpProbe(s settings, kind string, port int) (*corev1.Probe, error) {
	p, err := timing(s, kind, "Tcp", tcpProbeDefaults[kind])
	if err != nil {
		return nil, err
	}
	// SCDF's TCP probes have no default port: the port must be given, for each probe.
	if _, set := s.get(kind+"TcpProbePort", kind+"ProbePort"); !set {
		return nil, fmt.Errorf("kubernetes.probeType TCP needs kubernetes.%sTcpProbePort", kind)
	}
	pp, err := probePort(s, kind, "Tcp", port)
	if err != nil {
		return nil, err
	}
	if pp < 1 || pp > 65535 {
		return nil, fmt.Errorf("kubernetes.%sTcpProbePort must be a port number, got %d", kind, pp)
	}
	p.TCPSocket = &corev1.TCPSocketAction{Port: intstr.FromInt(pp)}
	return &p, nil
}

func commandProbe(s settings, kind string) (*corev1.Probe, error) {
	p, err := timing(s, kind, "Command", commandProbeDefaults[kind])
	if err != nil {
		return nil, err
	}
	cmd := s.str("", kind+"CommandProbeCommand", kind+"ProbeCommand")
	if cmd == "" {
		return nil, fmt.Errorf("kubernetes.probeType COMMAND needs kubernetes.%sCommandProbeCommand", kind)
	}
	p.Exec = &corev1.ExecAction{Command: strings.Fields(cmd)}
	return &p, nil
}
