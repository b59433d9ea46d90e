package flow

import (
	"regexp"
	"strings"
	"testing"
)

func TestRedactText(t *testing.T) {
	cases := map[string]string{
		"stream deploy foo --properties app.http.spring.datasource.password=s3cret,app.http.port=9000": "stream deploy foo --properties app.http.spring.datasource.password=******,app.http.port=9000",
		"dataflow config server --username me --password hunter2":                                      "dataflow config server --username me --password ******",
		"task launch t --arguments --token=abc --name=x":                                               "task launch t --arguments --token=****** --name=x",
		"app register --name x --type source --uri https://bob:pw@repo.example/x.jar":                  "app register --name x --type source --uri https://bob:******@repo.example/x.jar",
		"app.jdbc.credentials.user=sa app.x.api-key=k1 app.x.monkey=banana":                            "app.jdbc.credentials.user=****** app.x.api-key=****** app.x.monkey=banana",
		"stream create foo --definition \"time | log\"":                                                "stream create foo --definition \"time | log\"",
		"app list": "app list",
		`task schedule create --name s --arguments "--token abc --mode=x"`: `task schedule create --name s --arguments "--token ****** --mode=x"`,
		"export SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_X_PASSWORD=pw now":     "export SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_X_PASSWORD=****** now",
	}
	for in, want := range cases {
		if got := RedactText(in); got != want {
			t.Errorf("RedactText(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

// RedactText skips the expressions only for text in which they would mask nothing: each text below is passed
// through them too, and one that comes out changed must be one the quick test lets through.
func TestRedactTextSkipsOnlyTextWithoutSecrets(t *testing.T) {
	var texts []string
	for _, base := range []string{"--format=yyyy", "--run=7 --spring.cloud.task.executionid=7", "a=b=c", "x='y=z' --n \"--o p\"", "plain words",
		"--url http://h/p", "jdbc:x://h:1/db", "done in 3s"} {
		texts = append(texts, base)
		for _, secret := range []string{"password", "PASSWD", "Secret", "tOkEn", "credentials", "VCAP_SERVICES", "key", "apiKey", "API_KEY"} {
			texts = append(texts, "--"+secret+"=v "+base, base+" --my."+secret+" v", "env="+secret+"=v,"+base, "s://u:"+secret+"@h "+base)
		}
	}
	texts = append(texts, "https://bob:pw@repo.example/x.jar", "--x https://u:p@h", "a=b,c=d=e", "KEY=v")
	masked := 0
	for _, s := range texts {
		full := redactWithExpressions(s)
		if full != s {
			masked++
			if !mayHoldSecret(s) {
				t.Errorf("%q would be masked as %q, but the quick test skips it", s, full)
			}
		}
		if got := RedactText(s); got != full {
			t.Errorf("RedactText(%q) = %q, the expressions say %q", s, got, full)
		}
	}
	if masked < len(texts)/2 {
		t.Fatalf("only %d of %d texts hold a secret: the test checks too little", masked, len(texts))
	}
	for _, s := range []string{"--format=yyyy", "--run=7 --spring.cloud.task.executionid=7", "Task completed in 3s"} {
		if mayHoldSecret(s) {
			t.Errorf("%q holds no secret word, yet goes through the expressions", s)
		}
	}
}

func TestIsSecretKey(t *testing.T) {
	for _, k := range []string{"password", "--password", "spring.datasource.password", "clientSecret", "access-token", "api-key", "app.x.key", "VCAP_SERVICES", "cloud.credentials.json"} {
		if !IsSecretKey(k) {
			t.Errorf("%q should be secret", k)
		}
	}
	for _, k := range []string{"name", "--definition", "monkey", "keystore.type", "server.port", "keyboard", "prop.1.key",
		"app.headers[0].key", "spring.cloud.deployer.kubernetes.tolerations[0].key", "a.12.key"} {
		if IsSecretKey(k) {
			t.Errorf("%q should not be secret", k)
		}
	}
}

// IsSecretKey is plain string tests; it must decide as the regular expressions it replaced did.
func TestIsSecretKeyMatchesTheRegularExpressions(t *testing.T) {
	word := regexp.MustCompile(`(?i)(password|passwd|secret|token|credentials|vcap_services)`)
	key := regexp.MustCompile(`(^|[._\-])(?i:key)$|[a-z0-9]Key$`)
	listEntryKey := regexp.MustCompile(`(\.[0-9]+|\])\.(?i:key)$`)
	for _, k := range []string{"password", "PassWord", "x.PASSWD", "my-secret-thing", "oauth.Token", "cloud.credentials.json",
		"vcap_services", "VCAP_SERVICES", "key", "KEY", "Key", "api-key", "API_KEY", "ssh.key", "apiKey", "api9Key", "APIKey",
		"monkey", "monKey", "turkey", "keyboard", "keystore.type", "ke", "y", "", "-key", "--api-key", "a_Key", "a.kEy",
		"server.port", "name", "toke", "secre", "tokens", "Ключ", "пароль.key", "ÀKey", "p.1.key", "l[0].KEY", "p.1x.key", "x1.key", ".key"} {
		stripped := strings.TrimLeft(k, "-")
		want := word.MatchString(stripped) || key.MatchString(stripped) && !listEntryKey.MatchString(stripped)
		if got := IsSecretKey(k); got != want {
			t.Errorf("IsSecretKey(%q) = %v, the regular expressions say %v", k, got, want)
		}
	}
}

// Deployer properties that name Secrets are shown; those that hold one are masked, as app properties are.
func TestRedactDeployerValue(t *testing.T) {
	for _, c := range []struct{ key, value, want string }{
		{"spring.cloud.deployer.kubernetes.secretRefs", "[db-creds]", "[db-creds]"},
		{"spring.cloud.deployer.kubernetes.secretKeyRefs[0].secretName", "db", "db"},
		{"spring.cloud.deployer.kubernetes.secretKeyRefs[0].dataKey", "password", "password"},
		{"spring.cloud.deployer.kubernetes.image-pull-secret", "regcred", "regcred"},
		{"spring.cloud.deployer.kubernetes.probeCredentialsSecret", "probe", "probe"},
		{"spring.cloud.deployer.kubernetes.tolerations[0].key", "gpu", "gpu"},
		{"spring.cloud.deployer.kubernetes.appAdmin.password", "hunter2", Redacted},
		{"spring.cloud.deployer.kubernetes.environmentVariables", "DB_PASSWORD=x,MODE=y", "DB_PASSWORD=" + Redacted + ",MODE=y"},
		{"spring.cloud.deployer.kubernetes.secretRefs", "https://u:pw@host", "https://u:" + Redacted + "@host"},
	} {
		if got := RedactDeployerValue(c.key, c.value); got != c.want {
			t.Errorf("%s=%s: got %q, want %q", c.key, c.value, got, c.want)
		}
	}
}

func TestRedactDeployerValueShowsTheNamesOfSecretsInsideValues(t *testing.T) {
	for _, c := range []struct{ key, value, want string }{
		{"spring.cloud.deployer.kubernetes.configMapKeyRefs[0].dataKey", "level", "level"},
		{"spring.cloud.deployer.kubernetes.volumes[0].secret.secretName", "certs", "certs"},
		{"spring.cloud.deployer.kubernetes.additionalContainers[0].env[0].valueFrom.secretKeyRef.key", "pw", "pw"},
		{"spring.cloud.deployer.kubernetes.additionalContainers[0].env[0].value", "x", "x"},
		{"spring.cloud.deployer.kubernetes.additionalContainers[0].env[1].password", "x", Redacted},
		{"spring.cloud.deployer.cloudfoundry.ssh.key", "x", Redacted},
		{"spring.cloud.deployer.cloudfoundry.secretRefs", "x", Redacted},
	} {
		if got := RedactDeployerValue(c.key, c.value); got != c.want {
			t.Errorf("%s=%s: got %q, want %q", c.key, c.value, got, c.want)
		}
	}
}
