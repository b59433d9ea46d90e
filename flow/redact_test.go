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

func TestIsSecretKey(t *testing.T) {
	for _, k := range []string{"password", "--password", "spring.datasource.password", "clientSecret", "access-token", "api-key", "app.x.key", "VCAP_SERVICES", "cloud.credentials.json"} {
		if !IsSecretKey(k) {
			t.Errorf("%q should be secret", k)
		}
	}
	for _, k := range []string{"name", "--definition", "monkey", "keystore.type", "server.port", "keyboard"} {
		if IsSecretKey(k) {
			t.Errorf("%q should not be secret", k)
		}
	}
}

// IsSecretKey is plain string tests; it must decide as the regular expressions it replaced did.
func TestIsSecretKeyMatchesTheRegularExpressions(t *testing.T) {
	word := regexp.MustCompile(`(?i)(password|passwd|secret|token|credentials|vcap_services)`)
	key := regexp.MustCompile(`(^|[._\-])(?i:key)$|[a-z0-9]Key$`)
	for _, k := range []string{"password", "PassWord", "x.PASSWD", "my-secret-thing", "oauth.Token", "cloud.credentials.json",
		"vcap_services", "VCAP_SERVICES", "key", "KEY", "Key", "api-key", "API_KEY", "ssh.key", "apiKey", "api9Key", "APIKey",
		"monkey", "monKey", "turkey", "keyboard", "keystore.type", "ke", "y", "", "-key", "--api-key", "a_Key", "a.kEy",
		"server.port", "name", "toke", "secre", "tokens", "Ключ", "пароль.key", "ÀKey"} {
		stripped := strings.TrimLeft(k, "-")
		want := word.MatchString(stripped) || key.MatchString(stripped)
		if got := IsSecretKey(k); got != want {
			t.Errorf("IsSecretKey(%q) = %v, the regular expressions say %v", k, got, want)
		}
	}
}
