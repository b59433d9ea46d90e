package flow

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// engine is a flow over a real SQLite store with the stream `tick = time | transform | log` defined, whose
// accounts (Kubernetes `default`, Cloud Foundry `cf`, and a `laptop` local account without a driver) all talk
// to one fakePlatform, and whose clock is a fakeClock.
type engine struct {
	t        testing.TB
	ctx      context.Context
	f        *Flow
	p        *fakePlatform
	clock    *fakeClock
	s        *store.Store
	accounts *Accounts
	dir      string
}

const engineAccounts = `streams:
  - {name: default, type: kubernetes, kubernetes: {namespace: ns1}}
  - {name: cf, type: cloudfoundry, cloudfoundry: {connection: {url: 'https://api.example.com', org: o, space: s, username: u, password: p}}}
  - {name: laptop, type: local}
tasks:
  - {name: default, type: kubernetes, kubernetes: {namespace: ns1}}
  - {name: laptop, type: local}
`

type engineOption func(*fakePlatform) (platforms.AppDeployer, platforms.TaskLauncher)

// plain makes the platform one without the optional interfaces (one app after the other, no checks).
func plain(p *fakePlatform) (platforms.AppDeployer, platforms.TaskLauncher) {
	return plainDeployer{p}, plainLauncher{p}
}

func newEngine(t testing.TB, opts ...engineOption) *engine {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, filepath.Join(dir, "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeStore(t, s) })
	clock := newFakeClock()
	f := New(Config{Store: s, Actor: "tester", Clock: clock})
	cfgPath := filepath.Join(dir, "accounts.yaml")
	if err := os.WriteFile(cfgPath, []byte(engineAccounts), 0o600); err != nil {
		t.Fatal(err)
	}
	accounts, err := LoadAccounts(cfgPath, func(string) string { return "" }, dir)
	if err != nil {
		t.Fatal(err)
	}
	p := newFakePlatform()
	var deployer platforms.AppDeployer = p
	var launcher platforms.TaskLauncher = p
	for _, o := range opts {
		deployer, launcher = o(p)
	}
	d := testDriver{apps: deployer, tasks: launcher}
	withAccounts(f, accounts, map[platforms.AccountType]platforms.Driver{platforms.Kubernetes: d, platforms.CloudFoundry: d})
	e := &engine{t: t, ctx: ctx, f: f, p: p, clock: clock, s: s, accounts: accounts, dir: dir}
	for _, r := range []RegisterRequest{
		{Name: "time", Type: AppTypeSource, URI: "docker:springcloudstream/time-source-kafka:5.0.0"},
		{Name: "transform", Type: AppTypeProcessor, URI: "docker:springcloudstream/transform-processor-kafka:5.0.0"},
		{Name: "log", Type: AppTypeSink, URI: "docker:springcloudstream/log-sink-kafka:5.0.0"},
		{Name: "log", Type: AppTypeSink, URI: "docker:springcloudstream/log-sink-kafka:5.0.1"},
	} {
		if _, err := f.RegisterApp(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	e.createStream("tick", "time | transform | log")
	return e
}

func (e *engine) createStream(name, definition string) {
	e.t.Helper()
	if _, err := e.f.CreateStream(e.ctx, name, definition, ""); err != nil {
		e.t.Fatal(err)
	}
}

// deploy deploys a stream on the default account and fails the test if it does not deploy.
func (e *engine) deploy(name string, props map[string]string) store.Release {
	e.t.Helper()
	rel, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: name, Properties: props})
	if err != nil {
		e.t.Fatalf("deploy %s: %v", name, err)
	}
	return rel
}

// update updates a stream and fails the test if it does not.
func (e *engine) update(name string, props map[string]string) store.Release {
	e.t.Helper()
	rel, err := e.f.UpdateStream(e.ctx, StreamUpdateRequest{Name: name, Properties: props})
	if err != nil {
		e.t.Fatalf("update %s: %v", name, err)
	}
	return rel
}

// releases describes a stream's history, newest first: "v2 DEPLOYED (Upgrade complete), v1 DELETED (...)".
func (e *engine) releases(name string) string {
	e.t.Helper()
	list, err := e.s.Read().Releases(e.ctx, name)
	if err != nil {
		e.t.Fatal(err)
	}
	parts := make([]string, len(list))
	for i, r := range list {
		parts[i] = fmt.Sprintf("v%d %s (%s)", r.Version, r.Status, r.Description)
	}
	return strings.Join(parts, ", ")
}

// release reads one release.
func (e *engine) release(name string, version int) store.Release {
	e.t.Helper()
	list, err := e.s.Read().Releases(e.ctx, name)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range list {
		if r.Version == version {
			return r
		}
	}
	e.t.Fatalf("no release %d of %s", version, name)
	return store.Release{}
}

// appIDs are the deployment ids of a release's apps, in its order.
func appIDs(r store.Release) []string {
	out := make([]string, len(r.Apps))
	for i, a := range r.Apps {
		out[i] = a.DeploymentID
	}
	return out
}

// wantRunning checks what the platform runs, in any order.
func (e *engine) wantRunning(ids ...string) {
	e.t.Helper()
	slices.Sort(ids)
	if got := e.p.runningIDs(); !slices.Equal(got, ids) {
		e.t.Fatalf("the platform runs %v, want %v", got, ids)
	}
}

// audits lists the actions of the audit records of an operation, oldest first.
func (e *engine) audits(operation string) []string {
	e.t.Helper()
	list, err := e.s.Read().ListAudit(e.ctx, store.AuditFilter{Operation: store.AuditOperation(operation)})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for i := len(list) - 1; i >= 0; i-- {
		out = append(out, string(list[i].Action))
	}
	return out
}

// wantErr checks that err is an error whose text is want exactly.
func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || err.Error() != want {
		t.Fatalf("error\n got: %v\nwant: %s", err, want)
	}
}

// wantErrContains checks that err says want.
func wantErrContains(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want one that says %q", err, want)
	}
}

func props(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}
