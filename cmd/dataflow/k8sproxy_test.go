//go:build k8sintegration

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// apiProxy stands between dataflow and the test cluster's API server: it records every request dataflow makes
// and can fail one of them, so tests count requests, check that no cluster-scoped call is made, and inject API
// failures into a real deploy. It authenticates upstream with its own credentials; dataflow reaches it with a
// kubeconfig that holds no credentials at all.
type apiProxy struct {
	mu       sync.Mutex
	requests []string
	// failNext fails the n-th mutating request (POST, PUT, PATCH, DELETE) from now, once; 0 fails none.
	// holdNext holds it instead, until the client goes away (a test kills it meanwhile), and says so on held.
	failNext  int
	holdNext  int
	held      chan struct{}
	closing   chan struct{}
	mutations int
	// writes are the mutating requests since the last reset, as writeKey names them.
	writes []string
	// fault is armed by arm: it fires on the occurrence-th mutating request whose key is fault.key.
	fault    *proxyFault
	occurred map[string]int
	// fired is closed when the armed fault fires.
	fired chan struct{}
	// released, closed, lets a held request through to the API server.
	released chan struct{}
	// outage fails every request, reads too, until lift.
	outage bool
	// subject is the stream or task name the keys replace with "S".
	subject string
	// inflight counts the requests being passed to the API server (a held one is not).
	inflight atomic.Int32
	// Kubeconfig points at the proxy.
	Kubeconfig string
}

// faultMode is what the proxy does to the request a fault fires on.
type faultMode string

const (
	// faultFail answers it with a 500 Status, once.
	faultFail faultMode = "fail"
	// faultOutage answers it and every request after it (reads too) with a 500 Status, until lift. The request
	// is kept until the others in flight have been answered (and none came for a moment), so that what the
	// outage meets does not depend on how concurrent requests happened to be ordered.
	faultOutage faultMode = "outage"
	// faultCut passes it to the API server, then closes the connection without an answer: the change is
	// made, the client does not know it.
	faultCut faultMode = "cut"
	// faultHold keeps it, unanswered and not passed on, until the client goes away or release lets it through;
	// held says so.
	faultHold faultMode = "hold"
)

type proxyFault struct {
	mode       faultMode
	key        string
	occurrence int
}

// proxyAction is what the handler does with one request.
type proxyAction int

const (
	actPass proxyAction = iota
	actFail
	actHold
	actCut
	actOutage
)

var (
	upstreamMu         sync.Mutex
	upstreamTransports = map[string]http.RoundTripper{}
)

// upstreamTransport is one transport per kubeconfig for every proxy of the test process: a fault matrix starts
// a proxy per cell, and they share the connections to the API server.
func upstreamTransport(t testing.TB, kubeconfig string) (*url.URL, http.RoundTripper) {
	t.Helper()
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	upstream, err := url.Parse(cfg.Host)
	if err != nil {
		t.Fatal(err)
	}
	upstreamMu.Lock()
	defer upstreamMu.Unlock()
	if rt, ok := upstreamTransports[kubeconfig]; ok {
		return upstream, rt
	}
	rt, err := rest.TransportFor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	upstreamTransports[kubeconfig] = rt
	return upstream, rt
}

// upstreamProxy passes requests on to the API server of a kubeconfig, with its credentials.
func upstreamProxy(t testing.TB, upstreamKubeconfig string) *httputil.ReverseProxy {
	t.Helper()
	upstream, transport := upstreamTransport(t, upstreamKubeconfig)
	rp := httputil.NewSingleHostReverseProxy(upstream)
	rp.Transport = transport
	rp.ErrorLog = log.New(io.Discard, "", 0) // a killed client's requests end in "context canceled": expected here
	return rp
}

func startAPIProxy(t testing.TB, upstreamKubeconfig, dir string) *apiProxy {
	t.Helper()
	rp := upstreamProxy(t, upstreamKubeconfig)
	p := &apiProxy{held: make(chan struct{}, 1), closing: make(chan struct{}), occurred: map[string]int{}, fired: make(chan struct{}),
		released: make(chan struct{})}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p.record(r) {
		case actHold:
			// The body is read first: only then does the server watch the connection, and cancel the request's
			// context when the client dies.
			body, _ := io.ReadAll(r.Body)
			p.mu.Lock()
			released := p.released
			p.mu.Unlock()
			p.held <- struct{}{}
			select {
			case <-r.Context().Done():
				return
			case <-p.closing:
				return
			case <-released: // passed on after all
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
		case actOutage:
			_, _ = io.Copy(io.Discard, r.Body)
			p.quiet(300 * time.Millisecond)
			p.mu.Lock()
			p.outage = true
			p.mu.Unlock()
			fallthrough
		case actFail:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"injected failure","reason":"InternalError","code":500}`)
			return
		case actCut:
			p.inflight.Add(1)
			rp.ServeHTTP(httptest.NewRecorder(), r.WithContext(context.WithoutCancel(r.Context())))
			p.inflight.Add(-1)
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
			}
			return
		}
		p.inflight.Add(1)
		defer p.inflight.Add(-1)
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(p.closing) }) // runs first: a request still held lets go
	p.Kubeconfig = filepath.Join(dir, "proxy.kubeconfig")
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters: [{name: proxy, cluster: {server: %q, insecure-skip-tls-verify: true}}]
users: [{name: nobody, user: {}}]
contexts: [{name: proxy, context: {cluster: proxy, user: nobody}}]
current-context: proxy
`, srv.URL)
	if err := os.WriteFile(p.Kubeconfig, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func mutating(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// record notes a request and says what to do with it.
func (p *apiProxy) record(r *http.Request) proxyAction {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests = append(p.requests, r.Method+" "+r.URL.Path)
	if p.outage {
		return actFail
	}
	if !mutating(r.Method) {
		return actPass
	}
	p.mutations++
	key := p.writeKey(r)
	p.writes = append(p.writes, key)
	p.occurred[key]++
	switch p.mutations {
	case p.failNext:
		p.failNext = 0
		return actFail
	case p.holdNext:
		p.holdNext = 0
		return actHold
	}
	if f := p.fault; f != nil && f.key == key && f.occurrence == p.occurred[key] {
		p.fault = nil
		close(p.fired)
		switch f.mode {
		case faultOutage:
			return actOutage
		case faultFail:
			return actFail
		case faultCut:
			return actCut
		case faultHold:
			return actHold
		}
	}
	return actPass
}

var (
	// namespacedPath is the part of an API path after the namespace: "deployments/fx-snk-v1".
	namespacedPath = regexp.MustCompile(`^/apis?/(?:[^/]+/)*namespaces/[^/]+/`)
	// randomTaskSuffix is the 10 random characters of a task pod's name.
	randomTaskSuffix = regexp.MustCompile(`\bS-[a-z0-9]{10}\b`)
)

// writeKey names a mutating request so that the same request of another run of the same command, on another
// stream or namespace, has the same name: "PATCH services/S-snk", "DELETE deployments?labelSelector=spring-app-id=S-snk-v1".
// Called with mu held.
func (p *apiProxy) writeKey(r *http.Request) string {
	path := namespacedPath.ReplaceAllString(r.URL.Path, "")
	if sel := r.URL.Query().Get("labelSelector"); sel != "" {
		path += "?labelSelector=" + sel
	}
	if p.subject != "" {
		path = strings.ReplaceAll(path, p.subject, "S")
	}
	return r.Method + " " + randomTaskSuffix.ReplaceAllString(path, "S-*")
}

// setSubject names the stream or task that writeKey replaces with "S".
func (p *apiProxy) setSubject(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.subject = name
}

// reset forgets the requests so far and arms a failure of the n-th mutating request to come (0: none).
func (p *apiProxy) reset(failAt int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests, p.writes, p.mutations, p.failNext, p.holdNext = nil, nil, 0, failAt, 0
	p.fault, p.occurred, p.outage, p.fired, p.released = nil, map[string]int{}, false, make(chan struct{}), make(chan struct{})
}

// holdAt is reset, with the n-th mutating request to come held instead of failed.
func (p *apiProxy) holdAt(n int) {
	p.reset(0)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.holdNext = n
}

// arm is reset, with a fault on the occurrence-th mutating request named key to come; it returns the channel
// closed when the fault fires.
func (p *apiProxy) arm(mode faultMode, key string, occurrence int) <-chan struct{} {
	p.reset(0)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault = &proxyFault{mode: mode, key: key, occurrence: occurrence}
	return p.fired
}

// quiet waits until no request has been in flight for d (at most 10 s).
func (p *apiProxy) quiet(d time.Duration) {
	const step = 20 * time.Millisecond
	calm := time.Duration(0)
	for deadline := time.Now().Add(10 * time.Second); calm < d && time.Now().Before(deadline); time.Sleep(step) {
		if p.inflight.Load() != 0 {
			calm = 0
		} else {
			calm += step
		}
	}
}

// release lets a held request through to the API server.
func (p *apiProxy) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.released)
}

// lift ends an outage and disarms a fault that has not fired.
func (p *apiProxy) lift() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.outage, p.fault = false, nil
}

// mutatingRequests are the keys of the mutating requests since the last reset, in the order they came.
func (p *apiProxy) mutatingRequests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.writes...)
}

func (p *apiProxy) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// writeAccounts writes a config with one Kubernetes account, "team", for streams and tasks.
func writeAccounts(t testing.TB, dir, kubeconfig, namespace string) {
	t.Helper()
	account := fmt.Sprintf("  - name: team\n    type: kubernetes\n    kubernetes: {kubeconfig: %q, namespace: %s}\n", kubeconfig, namespace)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("streams:\n"+account+"tasks:\n"+account), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A deploy that fails at any of its API calls leaves nothing of the stream behind, says why, and records the
// release as FAILED; once nothing fails, the same deploy succeeds.
func TestKubernetesFailedDeployLeavesNothing(t *testing.T) {
	api := cluster(t, "inject-ns")
	dir := t.TempDir()
	proxy := startAPIProxy(t, os.Getenv("KUBECONFIG"), dir)
	writeAccounts(t, dir, proxy.Kubeconfig, "inject-ns")
	for _, a := range []struct{ name, typ string }{{"src", "source"}, {"proc", "processor"}, {"snk", "sink"}} {
		mustRunK(t, dir, "app", "register", "--name", a.name, "--type", a.typ, "--uri", "docker:myorg/"+a.name+":1.0.0")
	}
	mustRunK(t, dir, "stream", "create", "inj", "--definition", "src | proc | snk")
	props := "app.snk.spring.datasource.password=hunter2"
	for n := 1; ; n++ {
		proxy.reset(n)
		out, stderr, code := runK(t, dir, "stream", "deploy", "inj", "--properties", props)
		if code == 0 {
			if n < 7 { // 3 apps: a Service and a Deployment each, and the sink's Secret
				t.Fatalf("the deploy succeeded with a failure injected at mutation %d: %s", n, proxy.seen())
			}
			break
		}
		if !strings.Contains(stderr, "injected failure") || !strings.Contains(stderr, "nothing was left running") || strings.Count(stderr, "\n") != 1 {
			t.Fatalf("failure at mutation %d: %s%s", n, out, stderr)
		}
		eventuallyK(t, fmt.Sprintf("nothing left after a failure at mutation %d", n), func() string {
			return leftovers(t, api, "inject-ns", "spring-group-id=inj")
		})
		var hist []releaseRow
		if err := json.Unmarshal([]byte(mustRunK(t, dir, "stream", "history", "inj", "-o", "json")), &hist); err != nil || hist[0].Status != "FAILED" {
			t.Fatalf("history after failure %d: %+v %v", n, hist, err)
		}
	}
	if got := deploymentNames(t, api, "inject-ns", "spring-group-id=inj"); got != "inj-proc-v8,inj-snk-v8,inj-src-v8" {
		t.Fatalf("deployments after the clean deploy: %s", got)
	}

	// The password is in the sink's Secret and nowhere else: not in the Deployment, the manifest, the info or
	// the audit records.
	ctx := context.Background()
	secret, err := api.CoreV1().Secrets("inject-ns").Get(ctx, "inj-snk-v8", metav1.GetOptions{})
	if err != nil || string(secret.Data["SPRING_DATASOURCE_PASSWORD"]) != "hunter2" {
		t.Fatalf("secret: %+v %v", secret, err)
	}
	d, err := api.AppsV1().Deployments("inject-ns").Get(ctx, "inj-snk-v8", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(d)
	if strings.Contains(string(raw), "hunter2") || !strings.Contains(string(raw), `"secretKeyRef":{"name":"inj-snk-v8","key":"SPRING_DATASOURCE_PASSWORD"}`) ||
		!strings.Contains(string(raw), `"--spring.datasource.password=$(SPRING_DATASOURCE_PASSWORD)"`) {
		t.Fatalf("deployment: %s", raw)
	}
	for _, args := range [][]string{{"stream", "manifest", "inj"}, {"stream", "info", "inj"}, {"audit-record", "list"}, {"stream", "history", "inj"}} {
		if out := mustRunK(t, dir, args...); strings.Contains(out, "hunter2") {
			t.Errorf("%v shows the password:\n%s", args, out)
		}
	}
	proxy.reset(0)
	mustRunK(t, dir, "stream", "undeploy", "inj")
	eventuallyK(t, "undeploy leaves nothing", func() string { return leftovers(t, api, "inject-ns", "spring-group-id=inj") })

	// A deploy killed half-way (its apps are deployed in parallel: three of its seven objects are made or being
	// made) is taken over by the next command: what the killed one made is removed, its release is FAILED, and
	// the new deploy runs to the end.
	proxy.holdAt(4)
	cmd := exec.Command(binary, "stream", "deploy", "inj")
	cmd.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"), "HOME="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-proxy.held
	// Kill it once everything else it sent has been answered: it is then waiting on the held request only.
	quiet := 0
	eventuallyK(t, "the other requests answered", func() string {
		if proxy.inflight.Load() != 0 {
			quiet = 0
			return "requests in flight"
		}
		if quiet++; quiet < 5 {
			return "settling"
		}
		return ""
	})
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if left := leftovers(t, api, "inject-ns", "spring-group-id=inj"); left == "" {
		t.Fatal("the killed deploy made nothing: the test proves nothing")
	}
	proxy.reset(0)
	mustRunK(t, dir, "stream", "deploy", "inj")
	var hist []releaseRow
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "stream", "history", "inj", "-o", "json")), &hist); err != nil ||
		hist[0].Version != 10 || hist[0].Status != "DEPLOYED" || hist[1].Status != "FAILED" || !strings.Contains(hist[1].Description, "Interrupted") {
		t.Fatalf("history after the interrupted deploy: %+v %v", hist, err)
	}
	eventuallyK(t, "only release 10 runs", func() string {
		if got := deploymentNames(t, api, "inject-ns", "spring-group-id=inj"); got != "inj-proc-v10,inj-snk-v10,inj-src-v10" {
			return got
		}
		if left := leftovers(t, api, "inject-ns", "spring-app-id in (inj-src-v9,inj-proc-v9,inj-snk-v9)"); left != "" {
			return left
		}
		return ""
	})
	mustRunK(t, dir, "stream", "undeploy", "inj")
	eventuallyK(t, "undeploy leaves nothing", func() string { return leftovers(t, api, "inject-ns", "spring-group-id=inj") })
}

// leftovers names the objects matching selector that are not on their way out; "" when there are none.
func leftovers(t *testing.T, api kubernetes.Interface, ns, selector string) string {
	t.Helper()
	ctx := context.Background()
	opts := metav1.ListOptions{LabelSelector: selector}
	var left []string
	add := func(kind string, metas ...metav1.ObjectMeta) {
		for _, m := range metas {
			if m.DeletionTimestamp == nil {
				left = append(left, kind+"/"+m.Name)
			}
		}
	}
	deps, err1 := api.AppsV1().Deployments(ns).List(ctx, opts)
	sets, err2 := api.AppsV1().StatefulSets(ns).List(ctx, opts)
	svcs, err3 := api.CoreV1().Services(ns).List(ctx, opts)
	secrets, err4 := api.CoreV1().Secrets(ns).List(ctx, opts)
	pods, err5 := api.CoreV1().Pods(ns).List(ctx, opts)
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range deps.Items {
		add("deployment", d.ObjectMeta)
	}
	for _, s := range sets.Items {
		add("statefulset", s.ObjectMeta)
	}
	for _, s := range svcs.Items {
		add("service", s.ObjectMeta)
	}
	for _, s := range secrets.Items {
		add("secret", s.ObjectMeta)
	}
	for _, p := range pods.Items {
		add("pod", p.ObjectMeta)
	}
	return strings.Join(left, ",")
}

// With only a namespace-scoped Role (the harness mints its token), a 20-app stream deploys, reports, scales
// and undeploys, and a task launches, without one cluster-scoped request; the status of the whole stream costs
// at most three requests.
func TestKubernetesNamespaceScopedTokenAndRequestCounts(t *testing.T) {
	api := cluster(t, "team-ns")
	dir := t.TempDir()
	harness := os.Getenv("K8S_HARNESS_BIN")
	if harness == "" {
		t.Fatal("K8S_HARNESS_BIN is not set: run these tests with `make test`, which starts the test cluster")
	}
	token := filepath.Join(dir, "team.kubeconfig")
	if out, err := exec.Command(harness, "token", "-kubeconfig", os.Getenv("KUBECONFIG"), "-namespace", "team-ns", "-out", token).CombinedOutput(); err != nil {
		t.Fatalf("minting the token: %v\n%s", err, out)
	}
	proxy := startAPIProxy(t, token, dir)
	writeAccounts(t, dir, proxy.Kubeconfig, "team-ns")
	var all []string
	step := func(args ...string) string {
		t.Helper()
		proxy.reset(0)
		out := mustRunK(t, dir, args...)
		all = append(all, proxy.seen()...)
		return out
	}
	for _, a := range []struct{ name, typ string }{{"src", "source"}, {"proc", "processor"}, {"snk", "sink"}, {"job", "task"}} {
		mustRunK(t, dir, "app", "register", "--name", a.name, "--type", a.typ, "--uri", "docker:myorg/"+a.name+":1.0.0")
	}
	def := []string{"src"}
	for i := 1; i <= 18; i++ {
		def = append(def, fmt.Sprintf("p%d: proc", i))
	}
	mustRunK(t, dir, "stream", "create", "big", "--definition", strings.Join(append(def, "snk"), " | "))
	step("stream", "deploy", "big", "--wait", "--timeout", "60s")

	var apps []runtimeApp
	if err := json.Unmarshal([]byte(step("runtime", "apps", "--name", "big", "-o", "json")), &apps); err != nil || len(apps) != 20 {
		t.Fatalf("runtime apps: %d %v", len(apps), err)
	}
	for _, a := range apps {
		if a.State != "deployed" {
			t.Errorf("%s: %s", a.ID, a.State)
		}
	}
	if n := len(proxy.seen()); n > 3 {
		t.Errorf("runtime apps of 20 apps made %d requests: %v", n, proxy.seen())
	}
	if info := step("stream", "info", "big"); !strings.Contains(info, "deployed") {
		t.Errorf("stream info:\n%s", info)
	}
	if n := len(proxy.seen()); n > 3 {
		t.Errorf("stream info of 20 apps made %d requests: %v", n, proxy.seen())
	}
	step("stream", "scale", "app", "instances", "big", "--applicationName", "p7", "--count", "2")
	step("stream", "undeploy", "big")
	eventuallyK(t, "undeploy leaves nothing", func() string { return leftovers(t, api, "team-ns", "spring-group-id=big") })

	mustRunK(t, dir, "task", "create", "t", "--definition", "job")
	id := launched.FindStringSubmatch(step("task", "launch", "t"))[2]
	eventuallyK(t, "the task ends", func() string {
		if out := step("task", "execution", "status", id); !strings.Contains(out, "COMPLETE") {
			return out
		}
		return ""
	})
	for _, r := range all {
		_, path, _ := strings.Cut(r, " ")
		if !strings.HasPrefix(path, "/api/v1/namespaces/team-ns/") && !namespacedGroupPath(path, "team-ns") {
			t.Errorf("a request outside the namespace: %s", r)
		}
	}
}

// namespacedGroupPath is /apis/<group>/<version>/namespaces/<ns>/...
func namespacedGroupPath(path, ns string) bool {
	parts := strings.Split(path, "/")
	return len(parts) > 6 && parts[1] == "apis" && parts[4] == "namespaces" && parts[5] == ns
}
