package cloudfoundry

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/config"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// fastOptions poll quickly: the fake answers at once.
var fastOptions = Options{PollInterval: 5 * time.Millisecond, StagingTimeout: 5 * time.Second, JobTimeout: 5 * time.Second}

// testPasswordVar holds the account's password, as a real account would keep it out of the file.
const testPasswordVar = "CF_TEST_PASSWORD"

func newServer(t testing.TB, opts ...cctest.Option) *cctest.Server {
	t.Helper()
	s := cctest.New(opts...)
	t.Cleanup(s.Close)
	return s
}

// account points at the fake's seeded org and space, with the password behind a ${ENV} reference.
func account(s *cctest.Server, mod ...func(*platforms.CloudFoundryAccount)) platforms.Account {
	cf := &platforms.CloudFoundryAccount{Connection: platforms.CloudFoundryConnection{URL: s.URL(), Org: cctest.DefaultOrg,
		Space: cctest.DefaultSpace, Username: cctest.DefaultUsername, Password: "${" + testPasswordVar + "}"}}
	for _, m := range mod {
		m(cf)
	}
	return platforms.Account{Name: "cfzone", Type: platforms.CloudFoundry, CloudFoundry: cf}
}

func testEnv(vars map[string]string) platforms.Environment {
	return platforms.Environment{Getenv: func(k string) string {
		if v, ok := vars[k]; ok {
			return v
		}
		if k == testPasswordVar {
			return cctest.DefaultPassword
		}
		return ""
	}}
}

func newApps(t testing.TB, s *cctest.Server, mod ...func(*platforms.CloudFoundryAccount)) *Apps {
	t.Helper()
	a, err := NewApps(account(s, mod...), testEnv(nil), fastOptions)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// inspector is a go-cfclient of the test's own, to read what the code under test made.
func inspector(t testing.TB, s *cctest.Server) *client.Client {
	t.Helper()
	cfg, err := config.New(s.URL(), config.UserPassword(cctest.DefaultUsername, cctest.DefaultPassword))
	if err != nil {
		t.Fatal(err)
	}
	cf, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cf
}

func deployment(group, label string, version int, resource string, props map[string]string, deployer map[string]string) platforms.AppDeployment {
	if props == nil {
		props = map[string]string{}
	}
	if deployer == nil {
		deployer = map[string]string{}
	}
	return platforms.AppDeployment{Group: group, Label: label, DeploymentID: fmt.Sprintf("%s-%s-v%d", group, label, version),
		Resource: resource, AppProperties: props, DeployerProperties: deployer, Count: 1}
}

func mustDeploy(t testing.TB, a *Apps, d platforms.AppDeployment) appHandle {
	t.Helper()
	raw, err := a.Deploy(context.Background(), d)
	if err != nil {
		t.Fatalf("deploy %s: %v", d.DeploymentID, err)
	}
	h, err := parseHandle(raw)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
