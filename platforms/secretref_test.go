package platforms

import (
	"strings"
	"testing"
)

func TestResolveSecret(t *testing.T) {
	env := map[string]string{"CF_PASSWORD": "pw", "MYSQL_ROOT_PASSWORD": "root", "USER": "me"}
	getenv := func(k string) string { return env[k] }
	cases := []struct{ in, want, err string }{
		{"plain", "plain", ""},
		{"${CF_PASSWORD}", "pw", ""},
		{"${mysql-root-password}", "root", ""}, // the seed's spelling, found as Spring finds it
		{"${MISSING:fallback}", "fallback", ""},
		{"${MISSING:}", "", ""},
		{"${USER}:${CF_PASSWORD}", "me:pw", ""},
		{"${MISSING}", "", "environment variable MISSING is not set (referenced as ${MISSING})"},
		{"${missing.thing}", "", "environment variable MISSING_THING is not set (referenced as ${missing.thing})"},
		{"${CF_PASSWORD", "", "unclosed '${' in a secret reference: write ${NAME}"},
		{"${}", "", "empty secret reference '${}': write ${NAME}"},
	}
	for _, c := range cases {
		got, err := ResolveSecret(c.in, getenv)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: got %q, %v; want error %s", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// A failed resolution names the reference but never another value already resolved.
func TestResolveSecretErrorsShowNoValue(t *testing.T) {
	_, err := ResolveSecret("${A}${B}", func(k string) string { return map[string]string{"A": "topsecret"}[k] })
	if err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Fatalf("err = %v", err)
	}
}

func TestIsSecretReference(t *testing.T) {
	for v, want := range map[string]bool{"${P}": true, "${P:x}": true, "p${P}": false, "${A}${B}": false, "pw": false, "": false} {
		if IsSecretReference(v) != want {
			t.Errorf("%q: want %v", v, want)
		}
	}
}
