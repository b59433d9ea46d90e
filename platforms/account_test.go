package platforms

import "testing"

func TestTypeNames(t *testing.T) {
	for _, c := range []struct {
		t            AccountType
		stream, task string
	}{{Kubernetes, "kubernetes", "Kubernetes"}, {CloudFoundry, "cloudfoundry", "Cloud Foundry"}, {Local, "local", "Local"}} {
		if c.t.StreamTypeName() != c.stream || c.t.TaskTypeName() != c.task {
			t.Errorf("%s: %s / %s", c.t, c.t.StreamTypeName(), c.t.TaskTypeName())
		}
		for _, spelling := range []string{c.stream, c.task} {
			if got, err := ParseAccountType(spelling); err != nil || got != c.t {
				t.Errorf("ParseAccountType(%q) = %s, %v", spelling, got, err)
			}
		}
	}
}

func TestAppsDomainPrefersTheDeploymentBlock(t *testing.T) {
	cf := &CloudFoundryAccount{Connection: CloudFoundryConnection{Domain: "cfapps.io"}}
	if cf.AppsDomain() != "cfapps.io" {
		t.Errorf("connection.domain is the fallback: %q", cf.AppsDomain())
	}
	cf.Deployment.Domain = "apps.internal"
	if cf.AppsDomain() != "apps.internal" {
		t.Errorf("deployment.domain wins: %q", cf.AppsDomain())
	}
}
