package accounts

import (
	"strings"
	"testing"
)

// SCDF's server configuration carries maven.*: the seed's Cloud Foundry manifest has
// maven.remoteRepositories.repo1 in SPRING_APPLICATION_JSON.
func TestImportReadsMavenSettings(t *testing.T) {
	yml := `maven:
  localRepository: /var/m2
  offline: false
  connectTimeout: 5000
  remoteRepositories:
    repo1:
      url: https://repo.spring.io/libs-snapshot
    private:
      url: https://nexus.example.com/repository/maven
      auth:
        username: deployer
        password: hunter2
    vault:
      url: https://vault.example.com/maven
      auth: {username: ci, password: '${VAULT_PASSWORD}'}
      policy: {updatePolicy: never}
  proxy:
    host: proxy.example.com
    port: 3128
    non-proxy-hosts: 'localhost|*.example.com'
  resolvePom: true
`
	im, err := ImportFile("application.yml", []byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	m := im.Maven
	if m == nil || m.LocalRepository != "/var/m2" || m.ConnectTimeout != 5000 || len(m.RemoteRepositories) != 3 ||
		m.RemoteRepositories["repo1"].URL != "https://repo.spring.io/libs-snapshot" ||
		m.RemoteRepositories["private"].Auth.Password != "hunter2" || m.Proxy.Port != 3128 || m.Proxy.NonProxyHosts != "localhost|*.example.com" {
		t.Fatalf("maven %+v", m)
	}
	warnings := strings.Join(im.Warnings, "\n")
	for _, want := range []string{
		"maven.remoteRepositories.vault.policy.updatePolicy is not used by dataflow",
		"maven.resolvePom is not used by dataflow",
		"maven.remoteRepositories.private.auth.password is stored as written; consider a ${ENV} reference instead",
	} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings lack %q:\n%s", want, warnings)
		}
	}
	if strings.Contains(warnings, "hunter2") || strings.Contains(warnings, "vault.auth.password") {
		t.Errorf("warnings:\n%s", warnings)
	}
	var c Config
	if _, err := c.Merge(im); err != nil {
		t.Fatal(err)
	}
	if c.Maven.RemoteRepositories["vault"].Auth.Password != "${VAULT_PASSWORD}" {
		t.Errorf("merged %+v", c.Maven)
	}
}

func TestImportOfTheSeedManifestKeepsItsRepository(t *testing.T) {
	manifest := `applications:
  - name: data-flow-server
    env:
      SPRING_APPLICATION_JSON: |-
        {"maven": {"remoteRepositories": {"repo1": {"url": "https://repo.spring.io/libs-snapshot"}}}}
`
	im, err := ImportFile("manifest.yml", []byte(manifest))
	if err != nil {
		t.Fatal(err)
	}
	if im.Maven == nil || im.Maven.RemoteRepositories["repo1"].URL != "https://repo.spring.io/libs-snapshot" {
		t.Fatalf("maven %+v", im.Maven)
	}
}

func TestBadMavenSettingsAreRefused(t *testing.T) {
	for yml, want := range map[string]string{
		"maven:\n  remoteRepositories:\n    r:\n      url: ftp://x\n":        "maven.remoteRepositories.r.url must be an http(s):// URL",
		"maven:\n  remoteRepositories:\n    r:\n      auth: {username: u}\n": "maven.remoteRepositories.r has no url",
		"maven:\n  proxy:\n    port: 8080\n":                                 "maven.proxy has no host",
	} {
		_, err := ParseConfig("config.yaml", []byte(yml))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", yml, err)
		}
	}
	im, err := ImportFile("application.properties", []byte("maven.offline=perhaps\n"))
	if err == nil || !strings.Contains(err.Error(), "maven.offline") {
		t.Errorf("bad boolean: %+v %v", im, err)
	}
}
