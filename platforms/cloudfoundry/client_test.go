package cloudfoundry

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

func TestNothingIsSentUntilNeeded(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	if _, err := NewTasks(account(s), testEnv(nil), fastOptions); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Requests()); n != 0 || len(s.TokenGrants()) != 0 {
		t.Fatalf("requests before any call: %v grants %v", s.Requests(), s.TokenGrants())
	}
	// Connect logs in in the background; the deploys that follow share that login.
	a.Connect(context.Background())
	mustDeploy(t, a, deployment("foo", "log", 1, "docker:x:1", nil, nil))
	mustDeploy(t, a, deployment("foo", "src", 1, "docker:x:1", nil, nil))
	if g := s.TokenGrants(); g["password"] != 1 {
		t.Fatalf("grants %v, want one login for the account", g)
	}
	// A token revoked by the server: go-cfclient logs in again and the call succeeds.
	s.ExpireTokens()
	if _, err := a.Status(context.Background(), []platforms.AppRef{{DeploymentID: "foo-log-v1", Handle: appHandle{"foo-log-v1", s.AppGUID("foo-log-v1")}.String()}}); err != nil {
		t.Fatal(err)
	}
	if g := s.TokenGrants(); g["password"] != 2 {
		t.Fatalf("grants %v after expiry", g)
	}
}

func TestLoginFailuresSayWhatAndHideTheSecret(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	deploy := func(acc platforms.Account, env platforms.Environment) error {
		a, err := NewApps(acc, env, fastOptions)
		if err != nil {
			return err
		}
		_, err = a.Deploy(ctx, deployment("foo", "log", 1, "docker:x:1", nil, nil))
		return err
	}
	err := deploy(account(s), testEnv(map[string]string{testPasswordVar: "wrong-password-123"}))
	if err == nil || !strings.Contains(err.Error(), "cannot log in to "+s.URL()+" as admin") || strings.Contains(err.Error(), "wrong-password-123") {
		t.Fatalf("bad password: %v", err)
	}
	// One command tries a failed login once, however many apps it deploys.
	s.ResetRequests()
	bad, _ := NewApps(account(s), testEnv(map[string]string{testPasswordVar: "wrong-password-123"}), fastOptions)
	for _, label := range []string{"a", "b"} {
		if _, err := bad.Deploy(ctx, deployment("foo", label, 1, "docker:x:1", nil, nil)); err == nil {
			t.Fatal("deploy with a bad password succeeded")
		}
	}
	if n := s.CountRequests("POST", "/oauth/token"); n != 1 {
		t.Fatalf("%d login attempts in one command", n)
	}
	err = deploy(account(s), platforms.Environment{Getenv: func(string) string { return "" }})
	if err == nil || !strings.Contains(err.Error(), "CF_TEST_PASSWORD is not set") {
		t.Fatalf("unset variable: %v", err)
	}
	err = deploy(account(s, func(c *platforms.CloudFoundryAccount) { c.Connection.Space = "nope" }), testEnv(nil))
	if err == nil || !strings.Contains(err.Error(), "space 'nope' does not exist in org 'test-org'") {
		t.Fatalf("bad space: %v", err)
	}
	err = deploy(account(s, func(c *platforms.CloudFoundryAccount) { c.Connection.Username, c.Connection.Password = "", "" }), testEnv(nil))
	if err == nil || !strings.Contains(err.Error(), "needs a username and password") {
		t.Fatalf("no credentials: %v", err)
	}
	if len(s.AppNames()) != 0 {
		t.Fatalf("apps made: %v", s.AppNames())
	}
}

func TestClientCredentials(t *testing.T) {
	s := newServer(t, cctest.WithClient("dataflow", "s3cret"))
	a, err := NewApps(account(s, func(c *platforms.CloudFoundryAccount) {
		c.Connection.Username, c.Connection.Password = "", ""
		c.Connection.ClientID, c.Connection.ClientSecret = "dataflow", "${CF_CLIENT_SECRET}"
	}), testEnv(map[string]string{"CF_CLIENT_SECRET": "s3cret"}), fastOptions)
	if err != nil {
		t.Fatal(err)
	}
	mustDeploy(t, a, deployment("foo", "log", 1, "docker:x:1", nil, nil))
	if g := s.TokenGrants(); g["client_credentials"] != 1 {
		t.Fatalf("grants %v", g)
	}
}

// useCfCliLogin reads ~/.cf/config.json (the cf CLI's login): its target and tokens.
func TestCFCLILogin(t *testing.T) {
	s := newServer(t)
	resp, err := http.PostForm(s.URL()+"/oauth/token", url.Values{"grant_type": {"password"}, "client_id": {"cf"},
		"username": {cctest.DefaultUsername}, "password": {cctest.DefaultPassword}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct{ AccessToken, RefreshToken string }
	var raw map[string]any
	err = json.NewDecoder(resp.Body).Decode(&raw)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	tok.AccessToken, _ = raw["access_token"].(string)
	tok.RefreshToken, _ = raw["refresh_token"].(string)
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".cf"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg, _ := json.Marshal(map[string]any{"Target": s.URL(), "AuthorizationEndpoint": s.URL(), "UaaEndpoint": s.URL(),
		"UAAOAuthClient": "cf", "AccessToken": "bearer " + tok.AccessToken, "RefreshToken": tok.RefreshToken})
	if err := os.WriteFile(filepath.Join(home, ".cf", "config.json"), cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	acc := account(s, func(c *platforms.CloudFoundryAccount) {
		c.Connection = platforms.CloudFoundryConnection{Org: cctest.DefaultOrg, Space: cctest.DefaultSpace, UseCFCLILogin: true}
	})
	a, err := NewApps(acc, testEnv(map[string]string{"HOME": home}), fastOptions)
	if err != nil {
		t.Fatal(err)
	}
	mustDeploy(t, a, deployment("foo", "log", 1, "docker:x:1", nil, nil))
	// The account may name the CLI's target too (with or without a trailing slash).
	for _, u := range []string{s.URL(), s.URL() + "/"} {
		named := acc
		named.CloudFoundry = &platforms.CloudFoundryAccount{Connection: acc.CloudFoundry.Connection}
		named.CloudFoundry.Connection.URL = u
		same, _ := NewApps(named, testEnv(map[string]string{"HOME": home}), fastOptions)
		if _, err := same.Status(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		if err := same.Undeploy(context.Background(), platforms.AppRef{DeploymentID: "nothing-here-v1"}); err != nil {
			t.Fatalf("url %s, the CLI's target: %v", u, err)
		}
	}

	other := acc
	other.CloudFoundry = &platforms.CloudFoundryAccount{Connection: acc.CloudFoundry.Connection}
	other.CloudFoundry.Connection.URL = "https://api.elsewhere.example"
	elsewhere, _ := NewApps(other, testEnv(map[string]string{"HOME": home}), fastOptions)
	if _, err := elsewhere.Deploy(context.Background(), deployment("foo", "log", 2, "docker:x:1", nil, nil)); err == nil ||
		!strings.Contains(err.Error(), "the cf CLI is logged in to "+s.URL()) {
		t.Fatalf("cf CLI target and url differ: %v", err)
	}
	missing, _ := NewApps(acc, testEnv(map[string]string{"HOME": t.TempDir()}), fastOptions)
	if _, err := missing.Deploy(context.Background(), deployment("foo", "log", 2, "docker:x:1", nil, nil)); err == nil ||
		!strings.Contains(err.Error(), "run `cf login` first") {
		t.Fatalf("no cf login: %v", err)
	}
}
