//go:build k8sintegration

package main

// The fault matrix of the issue "Under faults: no orphan, no clobbered app, no leaked secret, no hang": every
// write an operation makes (its mutating API requests, deletes included, learned from a run with no fault) x
// {fail once (a 500 Status), outage from there (every request fails, reads too, until the command has ended),
// cut (the write reaches the API server, the answer is lost), hang + Ctrl-C, hang + kill -9}, for stream deploy
// (of two apps, and of one), update, rollback, undeploy and task launch (a pod, and a Job with the account's
// createJob). One more cell holds
// an undeploy while another shell updates the stream (undeploy/with-update@1). After each fault the next commands
// run on the same stream or task, and the cell checks:
//
//   - no hang: every command ends within commandDeadline, and a Ctrl-C ends one within ctrlCGrace;
//   - no false "nothing was left running": when a failed command says so, nothing it made is left;
//   - the next command succeeds, or says why it has nothing to do (the faulted command had succeeded): deploy
//     again; update and rollback: `stream logs` (which settles an interrupted release) then the same command
//     again; undeploy again;
//   - no clobbered app: every app of the DEPLOYED release (as `runtime apps` shows it) has its Deployment and
//     its Service, after `stream logs` and after the next command;
//   - no orphan: no Deployment, StatefulSet, Service or Secret of the stream that the DEPLOYED release does not
//     own; after the follow-up `stream undeploy`, nothing of the stream at all;
//   - tasks: a launch that reports an error leaves no Pod, Job or Secret of its execution; once no execution is
//     LAUNCHING or RUNNING, `task execution cleanup --all` leaves no Pod, Job or Secret of the task.
//
// Each cell is a subtest <operation>/<mode>@<position>, which logs its position's request; the operation's
// test itself is the run with no fault. The whole table is logged at the end, and written to
// $DATAFLOW_FAULT_REPORT when set. Cells run side by side ($DATAFLOW_FAULT_PARALLEL, default 12), each with its
// own store, proxy and stream or task name; a stream operation's cells share a namespace, each task cell has one.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// Bounds: a command that takes longer hangs.
const (
	commandDeadline = 60 * time.Second
	ctrlCGrace      = 5 * time.Second
	// settleWait is how long the cluster may take to show what a command did (objects deleted, pods ended).
	settleWait = 3 * time.Second
)

// The fault modes of a cell; "none" is the run that learns the positions.
const (
	modeNone   = "none"
	modeFail   = "fail"
	modeOutage = "outage"
	modeCut    = "cut"
	modeSigint = "sigint"
	modeKill   = "kill9"
	// modeWithUpdate holds the operation's request while `stream update` runs, then lets it through.
	modeWithUpdate = "with-update"
)

var faultModes = []string{modeFail, modeOutage, modeCut, modeSigint, modeKill}

// reportModes are the report's columns.
var reportModes = append(slices.Clone(faultModes), modeWithUpdate)

// faultOp is an operation under faults. S in its lines stands for the cell's stream or task name.
type faultOp struct {
	name string
	// code prefixes the cell's stream or task name.
	code string
	// ns is the namespace of a stream operation's cells; each task cell has its own (a launch killed before it
	// recorded its run is found by its execution id, which the cells' stores share).
	ns   string
	task bool
	// definition is the stream's ("src | snk" when empty).
	definition string
	// setup runs as one script (through the proxy, with no fault) before the operation.
	setup []string
	op    []string
	// probe, run first after a fault, is a command that does not deploy anything but settles an interrupted
	// release (as any command on the stream does): the DEPLOYED release must then be whole.
	probe []string
	// retry is the next command (streams); retryOK is what it may fail with when the operation had succeeded.
	retry   []string
	retryOK string
	// withUpdate adds the cell with-update@1: the operation's first write is held while an update runs.
	withUpdate bool
}

const updateSnk = "app.snk.greeting=hi"

const (
	secretProp     = "app.snk.spring.datasource.password=hunter2"
	soloSecretProp = "app.solo.spring.datasource.password=hunter2"
)

var faultOps = []faultOp{
	{name: "deploy", code: "dep", ns: "fault-deploy",
		op:    []string{"stream", "deploy", "S", "--properties", secretProp},
		retry: []string{"stream", "deploy", "S", "--properties", secretProp}, retryOK: "is already deployed"},
	// A stream of one app: when that app's own cleanup fails there are no other apps to name, and the error
	// says whether anything was left.
	{name: "deploy-1app", code: "one", ns: "fault-deploy-1app", definition: "solo",
		op:    []string{"stream", "deploy", "S", "--properties", soloSecretProp},
		retry: []string{"stream", "deploy", "S", "--properties", soloSecretProp}, retryOK: "is already deployed"},
	{name: "update", code: "upd", ns: "fault-update",
		setup: []string{"stream deploy S --properties " + secretProp},
		op:    []string{"stream", "update", "S", "--properties", updateSnk, "--timeout", "30s"},
		probe: []string{"stream", "logs", "S", "--app", "snk"},
		retry: []string{"stream", "update", "S", "--properties", updateSnk, "--timeout", "30s"}, retryOK: "no difference"},
	{name: "rollback", code: "rbk", ns: "fault-rollback",
		setup: []string{"stream deploy S --properties " + secretProp, "stream update S --properties " + updateSnk + " --timeout 30s"},
		op:    []string{"stream", "rollback", "S", "--releaseVersion", "1", "--timeout", "30s"},
		probe: []string{"stream", "logs", "S", "--app", "snk"},
		retry: []string{"stream", "rollback", "S", "--releaseVersion", "1", "--timeout", "30s"}, retryOK: "nothing to roll back"},
	{name: "undeploy", code: "und", ns: "fault-undeploy",
		setup: []string{"stream deploy S --properties " + secretProp},
		op:    []string{"stream", "undeploy", "S"},
		retry: []string{"stream", "undeploy", "S"}, retryOK: "is not deployed", withUpdate: true},
	{name: "launch-pod", code: "tpod", task: true,
		op: []string{"task", "launch", "S", "--platformName", "pods", "--properties", "app.job.db.password=hunter2"}},
	{name: "launch-job", code: "tjob", task: true,
		op: []string{"task", "launch", "S", "--platformName", "jobs", "--properties", "app.job.db.password=hunter2"}},
}

// cellResult is one cell of the report.
type cellResult struct {
	op, mode string
	pos      int
	key      string
	problems []string
	// opLine is how the operation ended: exit code and its first stderr line.
	opLine string
	// nextLine is how the next command ended.
	nextLine string
}

type faultReport struct {
	mu    sync.Mutex
	cells []cellResult
}

// add records a cell; one that ended with t.Fatal (its setup failed) has a problem saying so.
func (r *faultReport) add(c cellResult, failed bool) {
	if failed && len(c.problems) == 0 {
		c.problems = []string{"the cell could not run (see its log)"}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cells = append(r.cells, c)
}

func TestFaultMatrix(t *testing.T) {
	var namespaces []string
	for _, op := range faultOps {
		if op.ns != "" {
			namespaces = append(namespaces, op.ns)
		}
	}
	cluster(t, namespaces...)
	kubeconfig := os.Getenv("KUBECONFIG")
	// The cells list their objects often and side by side: client-go's default of 5 requests a second would
	// make them wait on each other.
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg.QPS, cfg.Burst = 1000, 2000
	api, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// What failing cells left is not waited for: the namespaces go when the matrix is done.
	t.Cleanup(func() {
		for _, ns := range namespaces {
			_ = api.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{})
		}
	})
	parallel := 12
	if v, err := strconv.Atoi(os.Getenv("DATAFLOW_FAULT_PARALLEL")); err == nil && v > 0 {
		parallel = v
	}
	// t.Parallel would run at most -parallel (GOMAXPROCS, 2 here) cells at once; they mostly wait on the API
	// server and on each other's commands, so more run side by side (t.Run may be called from several goroutines).
	slots := make(chan struct{}, parallel)
	report := &faultReport{}
	started := time.Now()
	var ops sync.WaitGroup
	for _, op := range faultOps {
		ops.Add(1)
		go func() {
			defer ops.Done()
			t.Run(op.name, func(t *testing.T) {
				// The run with no fault, which learns the positions, is the operation's test itself: a -run that
				// picks one cell still needs it.
				var writes []string
				func() {
					slots <- struct{}{}
					defer func() { <-slots }()
					clean := faultCell{t: t, api: api, kubeconfig: kubeconfig, op: op, mode: modeNone}
					defer func() { report.add(clean.res, t.Failed()) }()
					writes = clean.run()
				}()
				positions := orderPositions(writes)
				if len(positions) == 0 {
					t.Fatalf("the operation made no write: %v", writes)
				}
				var cells sync.WaitGroup
				cell := func(mode string, i int) {
					cells.Add(1)
					go func() {
						defer cells.Done()
						slots <- struct{}{}
						defer func() { <-slots }()
						t.Run(fmt.Sprintf("%s@%d", mode, i+1), func(t *testing.T) {
							c := faultCell{t: t, api: api, kubeconfig: kubeconfig, op: op, mode: mode, pos: i + 1, key: positions[i],
								occurrence: occurrence(positions, i)}
							defer func() { report.add(c.res, t.Failed()) }()
							c.run()
						})
					}()
				}
				for i := range positions {
					for _, mode := range faultModes {
						cell(mode, i)
					}
				}
				if op.withUpdate {
					cell(modeWithUpdate, 0)
				}
				cells.Wait()
			})
		}()
	}
	ops.Wait()
	text := report.render(time.Since(started))
	t.Log("\n" + text)
	if path := os.Getenv("DATAFLOW_FAULT_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// orderPositions are the writes of the run with no fault, in their order, except that a run of applies and
// creates (PATCH and POST: they go side by side, a stream's apps and their objects are written concurrently) is
// sorted, so that a position names the same request from one run to the next.
func orderPositions(writes []string) []string {
	out := slices.Clone(writes)
	start := 0
	for i := 0; i <= len(out); i++ {
		if i == len(out) || !strings.HasPrefix(out[i], "PATCH ") && !strings.HasPrefix(out[i], "POST ") {
			sort.Strings(out[start:i])
			start = i + 1
		}
	}
	return out
}

// occurrence is which occurrence of its key the i-th position is.
func occurrence(positions []string, i int) int {
	n := 0
	for _, k := range positions[:i+1] {
		if k == positions[i] {
			n++
		}
	}
	return n
}

// faultCell is one run: setup, the operation under a fault, the next commands, the checks.
type faultCell struct {
	t          *testing.T
	api        kubernetes.Interface
	kubeconfig string
	op         faultOp
	mode       string
	pos        int
	key        string
	occurrence int

	dir   string
	name  string
	ns    string
	proxy *apiProxy
	res   cellResult
}

// problem records a broken invariant: the cell fails, and the report says what.
func (c *faultCell) problem(format string, args ...any) {
	c.t.Helper()
	msg := fmt.Sprintf(format, args...)
	c.res.problems = append(c.res.problems, msg)
	c.t.Error(msg)
}

func (c *faultCell) args(lines []string) []string {
	out := make([]string, len(lines))
	for i, a := range lines {
		if a == "S" {
			a = c.name
		}
		out[i] = a
	}
	return out
}

// run runs the cell and returns the writes the operation made.
func (c *faultCell) run() []string {
	t := c.t
	c.res = cellResult{op: c.op.name, mode: c.mode, pos: c.pos, key: c.key}
	c.name = c.op.code + "-" + c.mode
	if c.pos > 0 {
		c.name += "-" + strconv.Itoa(c.pos)
	}
	if c.key != "" {
		t.Logf("position %d: %s (occurrence %d)", c.pos, c.key, c.occurrence)
	}
	c.ns = c.op.ns
	if c.ns == "" {
		c.ns = "fault-" + c.name
		cluster(t, c.ns)
		t.Cleanup(func() { _ = c.api.CoreV1().Namespaces().Delete(context.Background(), c.ns, metav1.DeleteOptions{}) })
	}
	c.dir = t.TempDir()
	c.proxy = startAPIProxy(t, c.kubeconfig, c.dir)
	c.proxy.setSubject(c.name)
	c.writeAccounts()
	script := []string{"app register --name src --type source --uri docker:myorg/src:1.0.0",
		"app register --name snk --type sink --uri docker:myorg/snk:1.0.0",
		"app register --name solo --type app --uri docker:myorg/solo:1.0.0",
		"app register --name job --type task --uri docker:myorg/job:1.0.0"}
	if c.op.task {
		script = append(script, "task create S --definition job")
	} else {
		definition := c.op.definition
		if definition == "" {
			definition = "src | snk"
		}
		script = append(script, fmt.Sprintf("stream create S --definition %q", definition))
	}
	lines := slices.Concat(script, c.op.setup)
	for i, l := range lines {
		lines[i] = subjectWord.ReplaceAllString(l, c.name)
	}
	path := filepath.Join(c.dir, "setup.dfs")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := c.dataflow(commandDeadline, "--file", path); r.code != 0 {
		t.Fatalf("setup: exit %d\n%s%s", r.code, r.out, r.errOut)
	}
	var before map[string]bool
	if !c.op.task {
		before = c.deployedIDs()
	}

	opResult := c.runOperation()
	c.res.opLine = summaryLine(opResult)
	writes := c.proxy.mutatingRequests()
	c.proxy.lift()
	if opResult.hung {
		c.problem("hang: %s", opResult.hangWhat)
	}
	if c.mode == modeNone && opResult.code != 0 {
		c.problem("the operation failed with no fault: %s", c.res.opLine)
	}
	if c.op.task {
		c.checkTask(opResult)
	} else {
		c.checkStream(opResult, before)
	}
	return writes
}

// dfResult is how a dataflow command ended.
type dfResult struct {
	out, errOut string
	code        int
	hung        bool
	hangWhat    string
	notFired    bool
}

func summaryLine(r dfResult) string {
	msg := strings.TrimSpace(r.errOut)
	if msg == "" {
		msg = strings.TrimSpace(r.out)
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return fmt.Sprintf("exit %d: %s", r.code, msg)
}

func (c *faultCell) command(args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer, chan int) {
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(c.dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(c.dir, "config.yaml"),
		"HOME="+c.dir, "NO_COLOR=1", "KUBECONFIG="+c.proxy.Kubeconfig)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() {
		err := cmd.Wait()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			code = -1
		}
		done <- code
	}()
	return cmd, &out, &errOut, done
}

// dataflow runs a command and kills it if it has not ended within limit.
func (c *faultCell) dataflow(limit time.Duration, args ...string) dfResult {
	if os.Getenv("DATAFLOW_FAULT_TRACE") != "" {
		defer func(t0 time.Time) { c.t.Logf("%v took %s", args, time.Since(t0)) }(time.Now())
	}
	cmd, out, errOut, done := c.command(args...)
	var r dfResult
	select {
	case r.code = <-done:
	case <-time.After(limit):
		_ = cmd.Process.Kill()
		r.code, r.hung, r.hangWhat = <-done, true, fmt.Sprintf("%v did not end within %s", args, limit)
	}
	r.out, r.errOut = out.String(), errOut.String()
	return r
}

// runOperation runs the operation with the cell's fault.
func (c *faultCell) runOperation() dfResult {
	args := c.args(c.op.op)
	switch c.mode {
	case modeNone:
		c.proxy.reset(0)
		return c.dataflow(commandDeadline, args...)
	case modeFail, modeOutage, modeCut:
		fired := c.proxy.arm(map[string]faultMode{modeFail: faultFail, modeOutage: faultOutage, modeCut: faultCut}[c.mode], c.key, c.occurrence)
		r := c.dataflow(commandDeadline, args...)
		select {
		case <-fired:
		default:
			c.problem("the fault never fired: the operation made %v", c.proxy.mutatingRequests())
			r.notFired = true
		}
		return r
	}
	// Hold the request, then Ctrl-C or kill -9 the command once everything else it sent has been answered: it
	// is then waiting on the held request only.
	c.proxy.arm(faultHold, c.key, c.occurrence)
	cmd, out, errOut, done := c.command(args...)
	var r dfResult
	finish := func() dfResult { r.out, r.errOut = out.String(), errOut.String(); return r }
	select {
	case <-c.proxy.held:
	case r.code = <-done:
		c.problem("the operation ended before the request was held: it made %v", c.proxy.mutatingRequests())
		r.notFired = true
		return finish()
	case <-time.After(commandDeadline):
		_ = cmd.Process.Kill()
		r.code, r.hung, r.hangWhat = <-done, true, "the request to hold never came"
		return finish()
	}
	if c.mode == modeWithUpdate {
		// Another shell updates the stream meanwhile; then the held request goes through.
		upd := c.dataflow(commandDeadline, "stream", "update", c.name, "--properties", updateSnk, "--timeout", "30s")
		c.res.nextLine = "the update meanwhile: " + summaryLine(upd) + "; "
		if upd.hung {
			c.problem("hang: the update meanwhile: %s", upd.hangWhat)
		}
		c.proxy.release()
		select {
		case r.code = <-done:
		case <-time.After(commandDeadline):
			_ = cmd.Process.Kill()
			r.code, r.hung, r.hangWhat = <-done, true, fmt.Sprintf("%v did not end within %s of the held request's release", args, commandDeadline)
		}
		return finish()
	}
	c.proxy.quiet(300 * time.Millisecond)
	if c.mode == modeKill {
		_ = cmd.Process.Kill()
		r.code = <-done
		return finish()
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	select {
	case r.code = <-done:
	case <-time.After(ctrlCGrace):
		_ = cmd.Process.Kill()
		r.code, r.hung, r.hangWhat = <-done, true, fmt.Sprintf("still running %s after Ctrl-C (killed)", ctrlCGrace)
		r.errOut = errOut.String()
		if i := strings.LastIndex(strings.TrimSpace(r.errOut), "\n"); i >= 0 {
			r.hangWhat += "; last line: " + strings.TrimSpace(r.errOut[i:])
		}
	}
	return finish()
}

// writeAccounts writes a stream account and two task accounts (pods, and Jobs with createJob) on the cell's
// namespace, through its proxy.
func (c *faultCell) writeAccounts() {
	kc := fmt.Sprintf("kubeconfig: %q, namespace: %s", c.proxy.Kubeconfig, c.ns)
	config := fmt.Sprintf(`streams:
  - name: team
    type: kubernetes
    kubernetes: {%s}
tasks:
  - name: pods
    type: kubernetes
    kubernetes: {%s, maximumConcurrentTasks: 1000}
  - name: jobs
    type: kubernetes
    kubernetes: {%s, maximumConcurrentTasks: 1000, createJob: true}
`, kc, kc, kc)
	if err := os.WriteFile(filepath.Join(c.dir, "config.yaml"), []byte(config), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// clusterObject is a Deployment, StatefulSet, Service, Secret, Pod or Job of the cell's stream or task.
type clusterObject struct {
	kind, name string
	labels     map[string]string
}

func (o clusterObject) String() string { return o.kind + "/" + o.name }

// objects lists what the cell's stream (spring-group-id) or task (task-name) has in the namespace, leaving out
// what is being deleted.
func (c *faultCell) objects() []clusterObject {
	ctx := context.Background()
	ns := c.ns
	var out []clusterObject
	add := func(kind string, m metav1.ObjectMeta) {
		if m.DeletionTimestamp == nil {
			out = append(out, clusterObject{kind, m.Name, m.Labels})
		}
	}
	fail := func(err error) {
		if err != nil {
			c.t.Fatal(err)
		}
	}
	if c.op.task {
		opts := metav1.ListOptions{LabelSelector: "task-name=" + c.name}
		pods, err := c.api.CoreV1().Pods(ns).List(ctx, opts)
		fail(err)
		for _, p := range pods.Items {
			add("pod", p.ObjectMeta)
		}
		jobs, err := c.api.BatchV1().Jobs(ns).List(ctx, opts)
		fail(err)
		for _, j := range jobs.Items {
			add("job", j.ObjectMeta)
		}
		secrets, err := c.api.CoreV1().Secrets(ns).List(ctx, opts)
		fail(err)
		for _, s := range secrets.Items {
			add("secret", s.ObjectMeta)
		}
		return out
	}
	opts := metav1.ListOptions{LabelSelector: "spring-group-id=" + c.name}
	deps, err := c.api.AppsV1().Deployments(ns).List(ctx, opts)
	fail(err)
	for _, d := range deps.Items {
		add("deployment", d.ObjectMeta)
	}
	sets, err := c.api.AppsV1().StatefulSets(ns).List(ctx, opts)
	fail(err)
	for _, s := range sets.Items {
		add("statefulset", s.ObjectMeta)
	}
	svcs, err := c.api.CoreV1().Services(ns).List(ctx, opts)
	fail(err)
	for _, s := range svcs.Items {
		add("service", s.ObjectMeta)
	}
	secrets, err := c.api.CoreV1().Secrets(ns).List(ctx, opts)
	fail(err)
	for _, s := range secrets.Items {
		add("secret", s.ObjectMeta)
	}
	return out
}

// settled polls until bad (what is wrong with the objects now) is empty, for at most settleWait; it returns
// what is still wrong then.
func (c *faultCell) settled(bad func([]clusterObject) []string) []string {
	deadline := time.Now().Add(settleWait)
	for {
		left := bad(c.objects())
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// deployedIDs are the app ids of the stream's DEPLOYED release, as `runtime apps` shows them.
func (c *faultCell) deployedIDs() map[string]bool {
	r := c.dataflow(commandDeadline, "runtime", "apps", "--name", c.name, "-o", "json")
	if r.code != 0 {
		c.problem("runtime apps: %s", summaryLine(r))
		return map[string]bool{}
	}
	var apps []runtimeApp
	if s := strings.TrimSpace(r.out); s != "" && s != "null" {
		if err := json.Unmarshal([]byte(s), &apps); err != nil {
			c.t.Fatalf("runtime apps: %v\n%s", err, r.out)
		}
	}
	ids := map[string]bool{}
	for _, a := range apps {
		ids[a.ID] = true
	}
	return ids
}

func (c *faultCell) history() string {
	r := c.dataflow(commandDeadline, "stream", "history", c.name, "-o", "json")
	var rows []releaseRow
	if err := json.Unmarshal([]byte(r.out), &rows); err != nil {
		return summaryLine(r)
	}
	parts := make([]string, len(rows))
	for i, h := range rows {
		parts[i] = fmt.Sprintf("v%d %s (%s)", h.Version, h.Status, h.Description)
	}
	return strings.Join(parts, "; ")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// whole checks that no app of the DEPLOYED release is clobbered: each has its Deployment and its Service. It
// returns the release's app ids.
func (c *faultCell) whole(when string) map[string]bool {
	deployed := c.deployedIDs()
	if missing := c.settled(func(objs []clusterObject) []string {
		have := map[string]bool{}
		for _, o := range objs {
			have[o.String()] = true
		}
		var bad []string
		for _, id := range sortedKeys(deployed) {
			if !have["deployment/"+id] {
				bad = append(bad, "deployment/"+id)
			}
			if svc := "service/" + id[:strings.LastIndex(id, "-v")]; !have[svc] {
				bad = append(bad, svc)
			}
		}
		return bad
	}); len(missing) > 0 {
		c.problem("clobbered %s: the DEPLOYED release's %s missing (history: %s)", when, strings.Join(missing, ", "), c.history())
	}
	return deployed
}

// checkStream checks a stream operation's cell, running the next command and the follow-up.
func (c *faultCell) checkStream(opResult dfResult, before map[string]bool) {
	// A command that failed by itself (not killed, not hung) tells the truth about what it leaves: when it says
	// nothing was left running, nothing of its own is left; otherwise its error names each app it leaves as one
	// that could not be removed.
	if opResult.code != 0 && !opResult.hung && c.mode != modeKill {
		owned := c.deployedIDs() // an update whose cleanup failed has a DEPLOYED new release: not leftovers
		for id := range before {
			owned[id] = true
		}
		left := c.settled(func(objs []clusterObject) []string {
			var bad []string
			for _, o := range objs {
				if !owned[o.labels["spring-app-id"]] {
					bad = append(bad, o.String())
				}
			}
			return bad
		})
		// What it leaves is named after "could not be removed" (Kubernetes' "these apps could not be removed:
		// ...", Cloud Foundry's "and the app could not be removed (delete it with ...)").
		named := ""
		if i := strings.Index(opResult.errOut, "could not be removed"); i >= 0 {
			named = opResult.errOut[i:]
		}
		var unnamed []string
		for _, o := range c.objects() {
			if id := o.labels["spring-app-id"]; !owned[id] && !strings.Contains(named, id) && !strings.Contains(named, o.name) {
				unnamed = append(unnamed, o.String())
			}
		}
		switch {
		case len(left) > 0 && strings.Contains(opResult.errOut, "nothing was left running"):
			c.problem(`false "nothing was left running": %s left`, strings.Join(left, ", "))
		case len(left) > 0 && len(unnamed) > 0:
			c.problem("the error does not name what it left: %s", strings.Join(unnamed, ", "))
		}
	}
	if c.mode == modeWithUpdate {
		c.whole("once both ended")
	}
	if c.mode != modeNone {
		if c.op.probe != nil {
			probe := c.dataflow(commandDeadline, c.args(c.op.probe)...)
			what := "`" + strings.Join(c.op.probe[:2], " ") + "`"
			c.res.nextLine += fmt.Sprintf("%s: %s; ", what, summaryLine(probe))
			if probe.hung || probe.code != 0 {
				c.problem("%s after the fault: %s", what, summaryLine(probe))
			}
			c.whole("after " + what)
		}
		next := c.dataflow(commandDeadline, c.args(c.op.retry)...)
		c.res.nextLine += summaryLine(next)
		switch {
		case next.hung:
			c.problem("the next command hung: %s", next.hangWhat)
		case next.code != 0 && !strings.Contains(next.errOut, c.op.retryOK):
			c.problem("the next command failed: %s", c.res.nextLine)
		}
	}
	deployed := c.whole("after the next command")
	// No orphan: every object of the stream belongs to an app of the DEPLOYED release.
	if orphans := c.settled(func(objs []clusterObject) []string {
		var bad []string
		for _, o := range objs {
			if !deployed[o.labels["spring-app-id"]] {
				bad = append(bad, o.String())
			}
		}
		return bad
	}); len(orphans) > 0 {
		c.problem("orphans after the next command: %s (deployed: %v; history: %s)", strings.Join(orphans, ", "), sortedKeys(deployed), c.history())
	}
	// The follow-up: undeploy leaves nothing of the stream.
	if len(deployed) > 0 {
		if r := c.dataflow(commandDeadline, "stream", "undeploy", c.name); r.code != 0 {
			c.problem("the follow-up undeploy: %s", summaryLine(r))
		}
	}
	if left := c.settled(func(objs []clusterObject) []string {
		var bad []string
		for _, o := range objs {
			bad = append(bad, o.String())
		}
		return bad
	}); len(left) > 0 {
		c.problem("left after the follow-up undeploy: %s", strings.Join(left, ", "))
	}
}

// subjectWord is S in a setup line.
var subjectWord = regexp.MustCompile(`\bS\b`)

type faultExecution struct {
	ID          int64  `json:"executionId"`
	Status      string `json:"status"`
	ExitMessage string `json:"exitMessage"`
	ExternalID  string `json:"externalExecutionId"`
}

// checkTask checks a task launch's cell: the launch's own report, then the executions once settled, then
// cleanup.
func (c *faultCell) checkTask(opResult dfResult) {
	// A launch that reports an error leaves nothing of its execution, or names what it could not remove (the
	// platform may be down): the cleanup below must then remove it.
	if m := didNotStart.FindStringSubmatch(opResult.errOut); m != nil {
		if left := c.settled(func(objs []clusterObject) []string {
			var bad []string
			for _, o := range objs {
				if o.labels["dataflow-execution-id"] == m[1] && !strings.Contains(opResult.errOut, o.name) {
					bad = append(bad, o.String())
				}
			}
			return bad
		}); len(left) > 0 {
			c.problem("the launch said it did not start, and left %s without naming it", strings.Join(left, ", "))
		}
	}
	// The next command: the executions are listed until none is LAUNCHING or RUNNING (a launch killed before
	// it recorded its run is settled 15 s after its process ended).
	var execs []faultExecution
	var last dfResult
	deadline := time.Now().Add(40 * time.Second)
	for {
		last = c.dataflow(commandDeadline, "task", "execution", "list", "--name", c.name, "-o", "json")
		execs = nil
		if out := strings.TrimSpace(last.out); last.code == 0 && out != "" {
			if err := json.Unmarshal([]byte(out), &execs); err != nil {
				c.t.Fatalf("task execution list: %v\n%s", err, last.out)
			}
		}
		open := last.code != 0
		for _, e := range execs {
			open = open || e.Status == "LAUNCHING" || e.Status == "RUNNING"
		}
		if !open || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	describe := func() string {
		parts := make([]string, len(execs))
		for i, e := range execs {
			parts[i] = fmt.Sprintf("%d %s %s %q", e.ID, e.Status, e.ExternalID, e.ExitMessage)
		}
		return strings.Join(parts, "; ")
	}
	c.res.nextLine = summaryLine(last) + " [" + describe() + "]"
	if last.code != 0 {
		c.problem("task execution list: %s", summaryLine(last))
	}
	for _, e := range execs {
		if e.Status == "LAUNCHING" || e.Status == "RUNNING" {
			c.problem("execution %d is still %s 40 s after the launch", e.ID, e.Status)
		}
	}
	if c.mode == modeNone && (len(execs) != 1 || execs[0].Status != "COMPLETE") {
		c.problem("the launch with no fault: %s", describe())
	}
	// The follow-up: cleanup of every ended execution leaves nothing of the task.
	if r := c.dataflow(commandDeadline, "task", "execution", "cleanup", "--all", "--force"); r.code != 0 {
		c.problem("task execution cleanup: %s", summaryLine(r))
	}
	if left := c.settled(func(objs []clusterObject) []string {
		var bad []string
		for _, o := range objs {
			bad = append(bad, fmt.Sprintf("%s (execution %s)", o, o.labels["dataflow-execution-id"]))
		}
		return bad
	}); len(left) > 0 {
		c.problem("left after task execution cleanup: %s (executions: %s)", strings.Join(left, ", "), describe())
	}
}

// render is the report: per operation, a table of positions x modes, then what each failing cell found.
func (r *faultReport) render(took time.Duration) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "Fault matrix: %d cells in %s\n", len(r.cells), took.Round(time.Second))
	for _, op := range faultOps {
		byPos := map[int]map[string]cellResult{}
		keys := map[int]string{}
		var clean *cellResult
		for i, c := range r.cells {
			if c.op != op.name {
				continue
			}
			if c.mode == modeNone {
				clean = &r.cells[i]
				continue
			}
			if byPos[c.pos] == nil {
				byPos[c.pos] = map[string]cellResult{}
			}
			byPos[c.pos][c.mode] = c
			keys[c.pos] = c.key
		}
		fmt.Fprintf(&b, "\n## %s\n\n", op.name)
		if clean != nil {
			status := "pass"
			if len(clean.problems) > 0 {
				status = "FAIL: " + strings.Join(clean.problems, "; ")
			}
			fmt.Fprintf(&b, "no fault: %s (%s)\n\n", status, clean.opLine)
		}
		modes := faultModes
		if op.withUpdate {
			modes = reportModes
		}
		fmt.Fprintf(&b, "| pos | request | %s |\n|---|---|%s\n", strings.Join(modes, " | "), strings.Repeat("---|", len(modes)))
		var ps []int
		for p := range byPos {
			ps = append(ps, p)
		}
		sort.Ints(ps)
		var notes []string
		for _, p := range ps {
			row := []string{strconv.Itoa(p), "`" + keys[p] + "`"}
			for _, m := range modes {
				c, ok := byPos[p][m]
				switch {
				case !ok:
					row = append(row, "-")
				case len(c.problems) == 0:
					row = append(row, "pass")
				default:
					row = append(row, "**FAIL**")
					notes = append(notes, fmt.Sprintf("- %s@%d: %s\n  - operation: %s\n  - next: %s", m, p, strings.Join(c.problems, "; "), c.opLine, c.nextLine))
				}
			}
			fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
		}
		cells := 0
		for _, row := range byPos {
			cells += len(row)
		}
		fmt.Fprintf(&b, "\n%d cells, %d failing\n", cells, len(notes))
		if len(notes) > 0 {
			fmt.Fprintf(&b, "\n%s\n", strings.Join(notes, "\n"))
		}
	}
	return b.String()
}
