//go:build k8sintegration

package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// lossyProxy stands in front of the apiProxy (which fails a request before the API server sees it) for the
// failures it cannot make: the n-th mutating request is carried out but its answer is lost (as when a timeout
// strikes after the request was sent), and DELETEs fail, so a launch's cleanup fails too.
type lossyProxy struct {
	mu          sync.Mutex
	mutations   int
	loseAt      int
	failDeletes bool
	Kubeconfig  string
}

func startLossyProxy(t *testing.T, upstreamKubeconfig, dir string) *lossyProxy {
	t.Helper()
	rp := upstreamProxy(t, upstreamKubeconfig)
	p := &lossyProxy{}
	fail := func(w http.ResponseWriter, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","message":%q,"reason":"InternalError","code":500}`, msg)
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lose, failDelete := p.decide(r)
		switch {
		case failDelete:
			fail(w, "injected delete failure")
		case lose:
			rp.ServeHTTP(httptest.NewRecorder(), r) // carried out; its answer goes nowhere
			fail(w, "injected failure after the request was carried out")
		default:
			rp.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	p.Kubeconfig = filepath.Join(dir, "lossy.kubeconfig")
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters: [{name: lossy, cluster: {server: %q, insecure-skip-tls-verify: true}}]
users: [{name: nobody, user: {}}]
contexts: [{name: lossy, context: {cluster: lossy, user: nobody}}]
current-context: lossy
`, srv.URL)
	if err := os.WriteFile(p.Kubeconfig, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *lossyProxy) decide(r *http.Request) (lose, failDelete bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.Method == http.MethodDelete {
		return false, p.failDeletes
	}
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return false, false
	}
	p.mutations++
	return p.mutations == p.loseAt, false
}

// reset loses the n-th mutating request to come (0: none) and lets DELETEs through or fails them.
func (p *lossyProxy) reset(loseAt int, failDeletes bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mutations, p.loseAt, p.failDeletes = 0, loseAt, failDeletes
}

var didNotStart = regexp.MustCompile(`execution (\d+)\) did not start`)

// runObjects names the pods, Jobs and Secrets labelled with an execution id that are not on their way out.
func runObjects(t *testing.T, api kubernetes.Interface, ns, id string) string {
	t.Helper()
	ctx := context.Background()
	opts := metav1.ListOptions{LabelSelector: "dataflow-execution-id=" + id}
	var left []string
	pods, err1 := api.CoreV1().Pods(ns).List(ctx, opts)
	jobs, err2 := api.BatchV1().Jobs(ns).List(ctx, opts)
	secrets, err3 := api.CoreV1().Secrets(ns).List(ctx, opts)
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range pods.Items {
		if p.DeletionTimestamp == nil {
			left = append(left, "pod/"+p.Name)
		}
	}
	for _, j := range jobs.Items {
		if j.DeletionTimestamp == nil {
			left = append(left, "job/"+j.Name)
		}
	}
	for _, s := range secrets.Items {
		if s.DeletionTimestamp == nil {
			left = append(left, "secret/"+s.Name)
		}
	}
	return strings.Join(left, ",")
}

// A task launch that fails at any of its API calls, whether the call was refused or carried out with its answer
// lost, leaves no pod, Job or Secret of its execution behind, and records the execution as ERROR. When even the
// cleanup fails, the error names what is left and `task execution cleanup` removes it.
func TestKubernetesFailedLaunchLeavesNothing(t *testing.T) {
	const ns = "launchfail-ns"
	api := cluster(t, ns)
	dir := t.TempDir()
	inject := startAPIProxy(t, os.Getenv("KUBECONFIG"), dir)
	lossy := startLossyProxy(t, inject.Kubeconfig, dir)
	writeAccounts(t, dir, lossy.Kubeconfig, ns)
	mustRunK(t, dir, "app", "register", "--name", "job", "--type", "task", "--uri", "docker:myorg/job:1.0.0")
	mustRunK(t, dir, "task", "create", "t", "--definition", "job")
	secret := "app.job.db.password=hunter2"

	// launch runs a launch that must fail and returns its execution id and the error line.
	launch := func(what, props string) (string, string) {
		t.Helper()
		out, stderr, code := runK(t, dir, "task", "launch", "t", "--properties", props)
		m := didNotStart.FindStringSubmatch(stderr)
		if code != 1 || m == nil || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || strings.Contains(stderr, "hunter2") {
			t.Fatalf("%s: exit %d\n%s%s", what, code, out, stderr)
		}
		if e := executionStatus(t, dir, m[1]); e.Status != "ERROR" {
			t.Fatalf("%s: execution %+v", what, e)
		}
		return m[1], stderr
	}
	for _, mode := range []struct{ name, props string }{{"pod", secret}, {"job", secret + ",deployer.job.kubernetes.createJob=true"}} {
		// A launch makes two mutating requests: the run's Secret, then its pod or Job.
		for n := 1; n <= 2; n++ {
			for _, lost := range []bool{false, true} {
				what := fmt.Sprintf("%s mode, request %d refused", mode.name, n)
				inject.reset(n)
				lossy.reset(0, false)
				if lost {
					what = fmt.Sprintf("%s mode, request %d carried out and its answer lost", mode.name, n)
					inject.reset(0)
					lossy.reset(n, false)
				}
				id, stderr := launch(what, mode.props)
				if !strings.Contains(stderr, "injected failure") || strings.Contains(stderr, "left in namespace") {
					t.Errorf("%s: %s", what, stderr)
				}
				eventuallyK(t, what+": nothing of the execution left", func() string { return runObjects(t, api, ns, id) })
			}
		}
		inject.reset(0)
		lossy.reset(0, false)
		id := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t", "--properties", mode.props))[2]
		if left := runObjects(t, api, ns, id); !strings.Contains(left, "secret/") || !strings.Contains(left, mode.name+"/") {
			t.Fatalf("%s mode: the launch that succeeded made %q", mode.name, left)
		}

		// The run is made, its answer lost, and the deletes fail: the error names both objects, and the record
		// keeps the run's handle, so that cleanup removes them once the API server lets it.
		lossy.reset(2, true)
		what := mode.name + " mode, cleanup failing"
		id, stderr := launch(what, mode.props)
		for _, want := range []string{"injected failure after the request was carried out", "the failed launch could not remove all it made",
			mode.name + " t-", "Secret t-", "left in namespace " + ns, "task execution cleanup --id " + id} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: the error lacks %q: %s", what, want, stderr)
			}
		}
		if left := runObjects(t, api, ns, id); !strings.Contains(left, "secret/") || !strings.Contains(left, mode.name+"/") {
			t.Fatalf("%s: left %q", what, left)
		}
		if e := executionStatus(t, dir, id); e.ExternalID == "" || !strings.Contains(e.ExitMessage, "Secret t-") {
			t.Errorf("%s: execution %+v", what, e)
		}
		lossy.reset(0, false)
		mustRunK(t, dir, "task", "execution", "cleanup", "--id", id, "--force")
		eventuallyK(t, what+": cleanup removes what was left", func() string { return runObjects(t, api, ns, id) })
	}
}
