package cloudfoundry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// mapMemo is a platforms.Memo in memory, shared by the commands (Apps) of one test.
type mapMemo struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *mapMemo) Recall(_ context.Context, account, key string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[account+"|"+key]
	return v, ok
}

func (m *mapMemo) Remember(_ context.Context, account, key, value string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]string{}
	}
	m.m[account+"|"+key] = value
}

// set replaces every remembered value whose key starts with prefix.
func (m *mapMemo) set(prefix, value string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.m {
		if strings.HasPrefix(k, "cfzone|"+prefix) {
			m.m[k] = value
		}
	}
}

func memoApps(t *testing.T, s *cctest.Server, memo *mapMemo, vars map[string]string) *Apps {
	t.Helper()
	env := testEnv(vars)
	env.Memo = memo
	a, err := NewApps(account(s), env, fastOptions)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// spaceOf is the GUID of the space an app was made in.
func spaceOf(t *testing.T, s *cctest.Server, appName string) string {
	t.Helper()
	app, err := inspector(t, s).Applications.Get(context.Background(), s.AppGUID(appName))
	if err != nil {
		t.Fatal(err)
	}
	return app.Relationships.Space.Data.GUID
}

// The next command logs in without reading the API root, and pushes with the remembered space while the
// space is looked up beside it.
func TestRememberedLoginAndSpaceSkipTheirRequests(t *testing.T) {
	s := newServer(t)
	memo := &mapMemo{}
	mustDeploy(t, memoApps(t, s, memo, nil), deployment("foo", "a", 1, "docker:x:1", nil, nil))
	if n := rootReads(s); n != 1 {
		t.Fatalf("first command: %d reads of the API root", n)
	}
	if len(memo.m) != 2 {
		t.Fatalf("remembered: %v", memo.m)
	}
	s.ResetRequests()
	h := mustDeploy(t, memoApps(t, s, memo, nil), deployment("foo", "b", 1, "docker:x:1", nil, nil))
	if n := rootReads(s); n != 0 {
		t.Fatalf("second command read the API root: %v", s.Requests())
	}
	if n := s.CountRequests("GET", "/v3/spaces"); n != 1 {
		t.Fatalf("the remembered space is confirmed once: %v", s.Requests())
	}
	if got := spaceOf(t, s, h.Name); got != s.DefaultSpaceGUID() {
		t.Fatalf("app in space %s", got)
	}
	// Status and scale name apps by GUID: they look no space up at all.
	s.ResetRequests()
	a := memoApps(t, s, memo, nil)
	if _, err := a.Status(context.Background(), []platforms.AppRef{{DeploymentID: "foo-b-v1", Handle: h.String()}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Requests(), ", "); got != "POST /oauth/token, GET /v3/apps/"+h.GUID+"/processes/web/stats" {
		t.Fatalf("status requests: %s", got)
	}
}

// Remembered endpoints that no longer answer are discovered again, used, and remembered.
func TestStaleLoginEndpointsAreDiscoveredAgain(t *testing.T) {
	s := newServer(t)
	memo := &mapMemo{}
	mustDeploy(t, memoApps(t, s, memo, nil), deployment("foo", "a", 1, "docker:x:1", nil, nil))
	memo.set("cf.login", "http://127.0.0.1:1 http://127.0.0.1:1")
	mustDeploy(t, memoApps(t, s, memo, nil), deployment("foo", "b", 1, "docker:x:1", nil, nil))
	if v, _ := memo.Recall(context.Background(), "cfzone", "cf.login "+s.URL()); v != s.URL()+" "+s.URL() {
		t.Fatalf("remembered endpoints: %q", v)
	}
	// A wrong password with good remembered endpoints: one login attempt, one look at the root, the error.
	s.ResetRequests()
	_, err := memoApps(t, s, memo, map[string]string{testPasswordVar: "wrong-password-123"}).Deploy(context.Background(),
		deployment("foo", "c", 1, "docker:x:1", nil, nil))
	if err == nil || !strings.Contains(err.Error(), "cannot log in to "+s.URL()+" as admin") || strings.Contains(err.Error(), "wrong-password-123") {
		t.Fatalf("bad password: %v", err)
	}
	if s.CountRequests("POST", "/oauth/token") != 1 || rootReads(s) != 1 {
		t.Fatalf("requests for a bad password: %v", s.Requests())
	}
}

// A remembered space that is not the account's any more (deleted and made again, or never right): the push
// that used it is undone and made again in the space the lookup found; nothing is left in the wrong one.
func TestWrongRememberedSpaceIsCorrected(t *testing.T) {
	for _, c := range []struct{ name, guess func(s *cctest.Server) string }{
		{name: func(*cctest.Server) string { return "another org's space" }, guess: func(s *cctest.Server) string {
			org := s.AddOrg("other-org")
			return org + " " + s.AddSpace(org, "other-space")
		}},
		{name: func(*cctest.Server) string { return "a space that does not exist" }, guess: func(s *cctest.Server) string {
			return s.DefaultOrgGUID() + " 00000000-dead-4000-8000-000000000000"
		}},
	} {
		s := newServer(t)
		t.Run(c.name(s), func(t *testing.T) {
			memo := &mapMemo{}
			mustDeploy(t, memoApps(t, s, memo, nil), deployment("foo", "a", 1, "docker:x:1", nil, nil))
			wrong := c.guess(s)
			memo.set("cf.space", wrong)
			h := mustDeploy(t, memoApps(t, s, memo, nil), deployment("foo", "b", 1, "docker:x:1", nil, nil))
			if got := spaceOf(t, s, h.Name); got != s.DefaultSpaceGUID() {
				t.Fatalf("app in space %s, want the account's %s", got, s.DefaultSpaceGUID())
			}
			if names := s.AppNames(); fmt.Sprint(names) != "[foo-a-v1 foo-b-v1]" {
				t.Fatalf("apps: %v", names)
			}
			if v, _ := memo.Recall(context.Background(), "cfzone", fmt.Sprintf("cf.space %s %q %q", s.URL(), cctest.DefaultOrg, cctest.DefaultSpace)); v != s.DefaultOrgGUID()+" "+s.DefaultSpaceGUID() {
				t.Fatalf("remembered space: %q", v)
			}
		})
	}
}

// A remembered space whose name no longer exists: the deploy fails with the lookup's error, not with what the
// push met in the old space, and leaves nothing.
func TestRememberedSpaceThatIsGoneFailsClearly(t *testing.T) {
	s := newServer(t)
	memo := &mapMemo{}
	env := testEnv(nil)
	env.Memo = memo
	acc := account(s, func(c *platforms.CloudFoundryAccount) { c.Connection.Space = "gone" })
	memo.Remember(context.Background(), "cfzone", fmt.Sprintf("cf.space %s %q %q", s.URL(), cctest.DefaultOrg, "gone"),
		s.DefaultOrgGUID()+" "+s.DefaultSpaceGUID())
	a, err := NewApps(acc, env, fastOptions)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Deploy(context.Background(), deployment("foo", "a", 1, "docker:x:1", nil, nil))
	if err == nil || !strings.Contains(err.Error(), "space 'gone' does not exist in org 'test-org'") {
		t.Fatalf("deploy to a gone space: %v", err)
	}
	assertNothingLeft(t, s)
}

// rootReads counts the requests for the API root itself (CountRequests matches path prefixes).
func rootReads(s *cctest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r == "GET /" {
			n++
		}
	}
	return n
}

// When what a push made in the wrong space cannot be deleted, the deploy stops there and says so, instead of
// pushing again and leaving the first app behind unmentioned.
func TestWrongRememberedSpaceWithAFailedUndoIsReported(t *testing.T) {
	s := newServer(t)
	memo := &mapMemo{}
	mustDeploy(t, memoApps(t, s, memo, nil), deployment("foo", "a", 1, "docker:x:1", nil, nil))
	org := s.AddOrg("other-org")
	memo.set("cf.space", org+" "+s.AddSpace(org, "other-space"))
	s.InjectFailure(cctest.Failure{Method: "DELETE", PathPrefix: "/v3/apps/", Status: 500, Code: 10011, Detail: "database down", Times: 1})
	_, err := memoApps(t, s, memo, nil).Deploy(context.Background(), deployment("foo", "b", 1, "docker:x:1", nil, nil))
	if !errors.Is(err, platforms.ErrLeftBehind) || !strings.Contains(err.Error(), "cf delete foo-b-v1") {
		t.Fatalf("deploy: %v", err)
	}
	if n := s.CountRequests("POST", "/v3/apps"); n != 2 { // foo-a-v1, then foo-b-v1 once
		t.Fatalf("%d app creations: %v", n, s.Requests())
	}
}

// A memo key never holds credentials written into the API URL.
func TestMemoKeysCarryNoUserInfo(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.example.com/":            "https://api.example.com",
		"https://bob:s3cret@api.example.com/": "https://api.example.com",
		"http://127.0.0.1:8080":               "http://127.0.0.1:8080",
	} {
		if got := memoURL(in); got != want {
			t.Errorf("memoURL(%q) = %q, want %q", in, got, want)
		}
	}
}
