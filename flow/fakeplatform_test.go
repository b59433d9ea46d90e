package flow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
)

// fakePlatform is flow's platform port faked in memory: a platforms.AppDeployer (with the optional interfaces
// the real deployers have) and a platforms.TaskLauncher. It records every call in order, keeps the objects it
// runs (named as Kubernetes names them: lower case, so names that differ only in case are one object), and
// can fail the Nth call of a kind, fail every call from the Nth on (an outage), hold a call until the test
// releases it or its context ends, and answer Status with scripted states per deployment id.
type fakePlatform struct {
	mu      sync.Mutex
	calls   []fakeCall
	counts  map[string]int
	running map[string]platforms.AppDeployment // by object name
	faults  []*fault
	// states are scripted Status answers per deployment id, consumed in order; the last one repeats.
	states map[string][]platforms.AppStatus
	logs   map[string]string

	// concurrent is what DeploysConcurrently says.
	concurrent bool
	// validate, when set, is Validate's answer (AppValidator).
	validate func(platforms.AppDeployment) error
	// render, when set, is Render's answer (AppRenderer); by default a line per app.
	render func(platforms.AppDeployment) (string, error)
	// scaleHandle is what Scale returns.
	scaleHandle string
	connects    int

	// Task launcher side.
	launches  []platforms.TaskSpec
	taskEnds  map[string]platforms.TaskEnd // by task name; a run of a task not here is still running
	stopped   []string
	cleanedUp []string
	taskLogs  map[string]string // by handle
	// logOptions are what each Logs and TaskLog call was asked for, in order.
	logOptions []platforms.LogOptions
	finds      map[int64]platforms.Launched
}

// Call kinds.
const (
	kDeploy   = "Deploy"
	kUndeploy = "Undeploy"
	kStatus   = "Status"
	kScale    = "Scale"
	kLogs     = "Logs"
	kLaunch   = "LaunchTask"
	kCleanup  = "CleanupTask"
	kStop     = "StopTask"
	kTaskLog  = "TaskLog"
	kFindRun  = "FindRun"
)

// fakeCall is one call: its kind and the deployment ids (or task handle) it was about.
type fakeCall struct {
	Kind string
	IDs  []string
}

func (c fakeCall) String() string { return c.Kind + " " + strings.Join(c.IDs, ",") }

// fault is what happens to the calls of a kind: the nth one (1-based), every one from the nth on (from), or
// every one about a deployment id (id). It fails them with err, or holds them until released.
type fault struct {
	kind string
	n    int
	from bool
	id   string
	err  error
	// leftBehind makes a failed Deploy keep what it created and say so (platforms.ErrLeftBehind).
	leftBehind bool
	hold       *gate
}

// gate holds a call: arrived is closed when the call comes, release lets it go on.
type gate struct {
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
}

func newGate() *gate { return &gate{arrived: make(chan struct{}), release: make(chan struct{})} }

// Release lets the held call go on.
func (g *gate) Release() { close(g.release) }

// Wait waits until the held call has arrived.
func (g *gate) Wait(t *testing.T) {
	t.Helper()
	select {
	case <-g.arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the held call never came")
	}
}

func newFakePlatform() *fakePlatform {
	return &fakePlatform{counts: map[string]int{}, running: map[string]platforms.AppDeployment{},
		states: map[string][]platforms.AppStatus{}, logs: map[string]string{}, taskEnds: map[string]platforms.TaskEnd{},
		taskLogs: map[string]string{}, finds: map[int64]platforms.Launched{}}
}

// objectName is the name the platform gives the objects of a deployment id (Kubernetes lower-cases it).
func objectName(id string) string { return strings.ToLower(id) }

// failNth fails the nth call of a kind.
func (p *fakePlatform) failNth(kind string, n int, err error) *fault {
	return p.add(&fault{kind: kind, n: n, err: err})
}

// failFrom fails every call of a kind from the nth on: the platform is down.
func (p *fakePlatform) failFrom(kind string, n int, err error) *fault {
	return p.add(&fault{kind: kind, n: n, from: true, err: err})
}

// failID fails every call of a kind about one deployment id.
func (p *fakePlatform) failID(kind, id string, err error) *fault {
	return p.add(&fault{kind: kind, id: id, err: err})
}

// holdNth holds the nth call of a kind until the gate is released or the call's context ends.
func (p *fakePlatform) holdNth(kind string, n int) *gate {
	g := newGate()
	p.add(&fault{kind: kind, n: n, hold: g})
	return g
}

func (p *fakePlatform) add(f *fault) *fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = append(p.faults, f)
	return f
}

// heal ends every fault: the platform answers again.
func (p *fakePlatform) heal() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = nil
}

// script sets the Status answers for a deployment id, in order; the last one repeats.
func (p *fakePlatform) script(id string, states ...platforms.AppStatus) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.states[id] = states
}

func deploying() platforms.AppStatus { return platforms.AppStatus{State: platforms.StateDeploying} }
func deployed() platforms.AppStatus  { return platforms.AppStatus{State: platforms.StateDeployed} }
func failedWith(reason string) platforms.AppStatus {
	return platforms.AppStatus{State: platforms.StateFailed, Reason: reason}
}

// enter records a call and returns the fault that applies to it, if any.
func (p *fakePlatform) enter(kind string, ids ...string) *fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, fakeCall{Kind: kind, IDs: ids})
	p.counts[kind]++
	n := p.counts[kind]
	for _, f := range p.faults {
		if f.kind != kind {
			continue
		}
		switch {
		case f.id != "" && slices.Contains(ids, f.id):
			return f
		case f.id == "" && (n == f.n || f.from && n >= f.n):
			return f
		}
	}
	return nil
}

// act applies a fault: a held call waits (and ends with its context), a failing one returns its error.
func (f *fault) act(ctx context.Context) error {
	if f == nil {
		return nil
	}
	if f.hold != nil {
		f.hold.once.Do(func() { close(f.hold.arrived) })
		select {
		case <-f.hold.release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return f.err
}

func (p *fakePlatform) Deploy(ctx context.Context, app platforms.AppDeployment) (string, error) {
	f := p.enter(kDeploy, app.DeploymentID)
	if err := f.act(ctx); err != nil {
		if f.leftBehind {
			p.mu.Lock()
			p.running[objectName(app.DeploymentID)] = app
			p.mu.Unlock()
			return "", fmt.Errorf("%w: %s: delete it by hand", platforms.ErrLeftBehind, app.DeploymentID)
		}
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running[objectName(app.DeploymentID)] = app // applied: the same object again converges
	if app.NamePrefix != "" {
		return app.NamePrefix + "-" + app.DeploymentID, nil
	}
	return "", nil
}

func (p *fakePlatform) Undeploy(ctx context.Context, app platforms.AppRef) error {
	if err := p.enter(kUndeploy, app.DeploymentID).act(ctx); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.running, objectName(app.DeploymentID)) // one already gone is not an error
	return nil
}

func (p *fakePlatform) Status(ctx context.Context, apps []platforms.AppRef) ([]platforms.AppStatus, error) {
	ids := make([]string, len(apps))
	for i, a := range apps {
		ids[i] = a.DeploymentID
	}
	if err := p.enter(kStatus, ids...).act(ctx); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]platforms.AppStatus, len(apps))
	for i, a := range apps {
		st := platforms.AppStatus{State: platforms.StateUndeployed}
		if d, ok := p.running[objectName(a.DeploymentID)]; ok {
			st = platforms.AppStatus{State: platforms.StateDeployed}
			for j := 0; j < d.Count; j++ {
				st.Instances = append(st.Instances, platforms.InstanceStatus{ID: fmt.Sprintf("%s-%d", a.DeploymentID, j), State: platforms.StateDeployed})
			}
			if script := p.states[a.DeploymentID]; len(script) > 0 {
				st = script[0]
				if len(script) > 1 {
					p.states[a.DeploymentID] = script[1:]
				}
			}
		}
		st.DeploymentID = a.DeploymentID
		out[i] = st
	}
	return out, nil
}

func (p *fakePlatform) Scale(ctx context.Context, app platforms.AppRef, count int) (string, error) {
	if err := p.enter(kScale, fmt.Sprintf("%s=%d", app.DeploymentID, count)).act(ctx); err != nil {
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	d, ok := p.running[objectName(app.DeploymentID)]
	if !ok {
		return "", fmt.Errorf("%s does not exist", app.DeploymentID)
	}
	d.Count = count
	p.running[objectName(app.DeploymentID)] = d
	return p.scaleHandle, nil
}

func (p *fakePlatform) Logs(ctx context.Context, app platforms.AppRef, opts platforms.LogOptions, w io.Writer) error {
	if err := p.enter(kLogs, app.DeploymentID).act(ctx); err != nil {
		return err
	}
	p.mu.Lock()
	text := p.logs[app.DeploymentID]
	p.logOptions = append(p.logOptions, opts)
	p.mu.Unlock()
	_, err := io.WriteString(w, text)
	return err
}

func (p *fakePlatform) DeploysConcurrently() bool { return p.concurrent }

func (p *fakePlatform) Validate(app platforms.AppDeployment) error {
	if p.validate == nil {
		return nil
	}
	return p.validate(app)
}

func (p *fakePlatform) Connect(context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.connects++
}

func (p *fakePlatform) Render(app platforms.AppDeployment) (string, error) {
	if p.render != nil {
		return p.render(app)
	}
	keys := sortedKeys(app.AppProperties)
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s%s\nresource: %s\ncount: %d\n", prefixed(app.NamePrefix), app.DeploymentID, app.Resource, app.Count)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s\n", k, app.AppProperties[k])
	}
	return b.String(), nil
}

func prefixed(p string) string {
	if p == "" {
		return ""
	}
	return p + "-"
}

// LaunchTask records the spec; the run's handle is "run-<execution id>".
func (p *fakePlatform) LaunchTask(ctx context.Context, spec platforms.TaskSpec) (platforms.Launched, error) {
	if err := p.enter(kLaunch, spec.TaskName).act(ctx); err != nil {
		return platforms.Launched{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.launches = append(p.launches, spec)
	return platforms.Launched{ExternalID: fmt.Sprintf("%s-%d", spec.TaskName, spec.ExecutionID), Handle: fmt.Sprintf("run-%d", spec.ExecutionID)}, nil
}

// TaskEnded answers with the end scripted for the run's task; a run not launched here has not ended.
func (p *fakePlatform) TaskEnded(_ context.Context, handle string) platforms.TaskEnd {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.launches {
		if fmt.Sprintf("run-%d", l.ExecutionID) == handle {
			return p.taskEnds[l.TaskName]
		}
	}
	return platforms.TaskEnd{}
}

func (p *fakePlatform) TaskLog(ctx context.Context, handle string, opts platforms.LogOptions, w io.Writer) error {
	if err := p.enter(kTaskLog, handle).act(ctx); err != nil {
		return err
	}
	p.mu.Lock()
	text := p.taskLogs[handle]
	p.logOptions = append(p.logOptions, opts)
	p.mu.Unlock()
	_, err := io.WriteString(w, text)
	return err
}

func (p *fakePlatform) CleanupTask(ctx context.Context, handle string) error {
	if err := p.enter(kCleanup, handle).act(ctx); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cleanedUp = append(p.cleanedUp, handle)
	return nil
}

func (p *fakePlatform) StopTask(handle string) error {
	if err := p.enter(kStop, handle).act(context.Background()); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = append(p.stopped, handle)
	return nil
}

// FindRun is platforms.RunFinder: the runs a test put in finds, by execution id.
func (p *fakePlatform) FindRun(ctx context.Context, id int64) (platforms.Launched, bool, error) {
	if err := p.enter(kFindRun, fmt.Sprint(id)).act(ctx); err != nil {
		return platforms.Launched{}, false, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	run, ok := p.finds[id]
	return run, ok, nil
}

// TakesSecretEnv is platforms.SecretEnvLauncher, as Kubernetes' launcher.
func (p *fakePlatform) TakesSecretEnv() bool { return true }

// log is every call so far, in order, as "Kind id,id".
func (p *fakePlatform) log() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, len(p.calls))
	for i, c := range p.calls {
		out[i] = c.String()
	}
	return out
}

// callsOf is the ids of the calls of one kind, in order.
func (p *fakePlatform) callsOf(kind string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, c := range p.calls {
		if c.Kind == kind {
			out = append(out, strings.Join(c.IDs, ","))
		}
	}
	return out
}

// runningIDs are the deployment ids of what the platform runs, sorted: what is left after a sequence of calls.
func (p *fakePlatform) runningIDs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.running))
	for _, d := range p.running {
		out = append(out, d.DeploymentID)
	}
	slices.Sort(out)
	return out
}

// deployment is what the platform runs under an id.
func (p *fakePlatform) deployment(id string) (platforms.AppDeployment, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	d, ok := p.running[objectName(id)]
	return d, ok
}

// plainDeployer hides the optional interfaces of a deployer: a platform that deploys one app after the other,
// cannot check apps before, cannot connect early and cannot render.
type plainDeployer struct{ platforms.AppDeployer }

// plainLauncher hides the optional interfaces of a launcher.
type plainLauncher struct{ platforms.TaskLauncher }

// fakeClock is a flow.Clock that moves only when the test advances it: After's channels fire when the time they
// wait for is reached, so waits and timeouts are tested without sleeping.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []clockWaiter
	// added is closed (and replaced) whenever After adds a waiter.
	added chan struct{}
}

type clockWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), added: make(chan struct{})}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, clockWaiter{at: c.now.Add(d), ch: ch})
	close(c.added)
	c.added = make(chan struct{})
	return ch
}

// Advance moves the time on and fires the waits it reaches.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = kept
}

// BlockUntil waits (in real time, at most 10 s) until n waits are pending: the code under test is waiting.
func (c *fakeClock) BlockUntil(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		pending, added := len(c.waiters), c.added
		c.mu.Unlock()
		if pending >= n {
			return
		}
		select {
		case <-added:
		case <-deadline:
			t.Fatalf("the code under test never waited on %d timers (%d pending)", n, pending)
		}
	}
}

var errBoom = errors.New("boom")

// Compile-time checks: the fake is the port the real platforms implement, optional interfaces included.
var (
	_ platforms.AppDeployer        = (*fakePlatform)(nil)
	_ platforms.ConcurrentDeployer = (*fakePlatform)(nil)
	_ platforms.AppValidator       = (*fakePlatform)(nil)
	_ platforms.Connector          = (*fakePlatform)(nil)
	_ platforms.AppRenderer        = (*fakePlatform)(nil)
	_ platforms.TaskLauncher       = (*fakePlatform)(nil)
	_ platforms.RunFinder          = (*fakePlatform)(nil)
	_ platforms.SecretEnvLauncher  = (*fakePlatform)(nil)
	_ Clock                        = (*fakeClock)(nil)
)

// recv is the result of an operation run in the background, which must end within 10 s of real time (a
// fault in the code under test then fails the test instead of hanging it).
func recv(t *testing.T, ch chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the operation never ended")
		return nil
	}
}
