package flow

import (
	"strings"
	"testing"
)

// Each secret place becomes a reference on export, and the apply's reading of the reference gives the value
// back exactly, so that an unchanged store compares equal; nothing else is touched.
func TestEstateSecretReferencesRoundTrip(t *testing.T) {
	env := map[string]string{}
	read := secretResolver{getenv: func(k string) string { return env[k] }}
	refs := newSecretRefs()
	props := map[string]string{
		"app.log.db.password": "pw1",
		"app.log.url":         "jdbc:postgresql://u:pw2@db:5432/x",
		"app.log.given":       "${MY_OWN}",
		"app.log.db.secret":   "${ALREADY_A_REFERENCE}",
		"app.log.plain":       "${spring.application.name}-x",
		"deployer.log.kubernetes.environmentVariables": "A=1,API_TOKEN=pw3,B='x,y'",
		"deployer.log.kubernetes.imagePullSecret":      "regcred",
		"deployer.log.cloudfoundry.services":           "mysql",
		"app.log.args":                                 "--db.password=pw7 --mode=a",
		"app.log.cmd":                                  "run --token pw8",
	}
	out := refs.properties("tick", props)
	want := map[string]string{
		"app.log.db.password": "${TICK_LOG_DB_PASSWORD}",
		"app.log.url":         "jdbc:postgresql://u:${TICK_LOG_URL_PASSWORD}@db:5432/x",
		"app.log.given":       "${MY_OWN}",
		"app.log.db.secret":   "${ALREADY_A_REFERENCE}",
		"app.log.plain":       "${spring.application.name}-x",
		"deployer.log.kubernetes.environmentVariables": "A=1,API_TOKEN=${TICK_LOG_API_TOKEN},B='x,y'",
		"deployer.log.kubernetes.imagePullSecret":      "regcred",
		"deployer.log.cloudfoundry.services":           "mysql",
		"app.log.args":                                 "--db.password=${TICK_LOG_ARGS_DB_PASSWORD} --mode=a",
		"app.log.cmd":                                  "run --token ${TICK_LOG_CMD_TOKEN}",
	}
	for k, v := range want {
		if out[k] != v {
			t.Errorf("%s: %q, want %q", k, out[k], v)
		}
	}
	if got := strings.Join(refs.names(), ","); got != "ALREADY_A_REFERENCE,TICK_LOG_API_TOKEN,TICK_LOG_ARGS_DB_PASSWORD,TICK_LOG_CMD_TOKEN,TICK_LOG_DB_PASSWORD,TICK_LOG_URL_PASSWORD" {
		t.Errorf("variables: %s", got)
	}
	env["TICK_LOG_DB_PASSWORD"], env["TICK_LOG_URL_PASSWORD"], env["TICK_LOG_API_TOKEN"], env["ALREADY_A_REFERENCE"] = "pw1", "pw2", "pw3", "s"
	env["TICK_LOG_ARGS_DB_PASSWORD"], env["TICK_LOG_CMD_TOKEN"] = "pw7", "pw8"
	for k, v := range out {
		back, err := read.property(k, k, v)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		wantBack := props[k]
		if k == "app.log.db.secret" {
			wantBack = "s" // a reference in a secret place is read from the environment
		}
		if back != wantBack {
			t.Errorf("%s read back as %q, want %q", k, back, wantBack)
		}
	}

	// Definitions: quoted and bare values, URL passwords; the rest of the text as it was.
	def := "http --password='p w' --url=https://u:pw4@h/x --port=8080 --args='--secret=pw9' | log --token=pw5"
	refd := refs.definition("s", def)
	if refd != "http --password='${S_PASSWORD}' --url=https://u:${S_URL_PASSWORD}@h/x --port=8080 --args='--secret=${S_ARGS_SECRET}' | log --token=${S_TOKEN}" {
		t.Fatalf("definition: %s", refd)
	}
	env["S_PASSWORD"], env["S_URL_PASSWORD"], env["S_TOKEN"], env["S_ARGS_SECRET"] = "p w", "pw4", "pw5", "pw9"
	if back, err := read.definition("stream 's'", refd); err != nil || back != def {
		t.Fatalf("definition read back: %q %v", back, err)
	}

	// App URIs: only the password.
	if got := refs.urlPasswords("sink_log_1.0.0_uri", "https://me:pw6@repo/log-1.0.0.jar"); got != "https://me:${SINK_LOG_1_0_0_URI_PASSWORD}@repo/log-1.0.0.jar" {
		t.Fatalf("uri: %s", got)
	}

	uri := "https://h/log-1.0.0.jar?token=pw10&x=1"
	if got := refs.freeText("sink_log_1.0.0_uri", uri); got != "https://h/log-1.0.0.jar?token=${SINK_LOG_1_0_0_URI_TOKEN}" {
		t.Fatalf("uri with a token: %s", got)
	}
	env["SINK_LOG_1_0_0_URI_TOKEN"] = "pw10&x=1"
	if back, err := read.freeText("uri", "https://h/log-1.0.0.jar?token=${SINK_LOG_1_0_0_URI_TOKEN}"); err != nil || back != uri {
		t.Fatalf("uri read back: %q %v", back, err)
	}

	// A schedule's stored masks.
	args := []string{"--db.password=******", "--token", "******", "https://u:******@mirror", "--plain=1"}
	var got []string
	for i, a := range args {
		got = append(got, refs.maskedArgument("nightly", args, i, a))
	}
	if strings.Join(got, " ") != "--db.password=${NIGHTLY_DB_PASSWORD} --token ${NIGHTLY_TOKEN} https://u:${NIGHTLY_ARG4_PASSWORD}@mirror --plain=1" {
		t.Fatalf("arguments: %s", strings.Join(got, " "))
	}
	if got := refs.maskedProperties("nightly", map[string]string{"deployer.job.kubernetes.environmentVariables": "A=1,DB_PASSWORD=******"}); got["deployer.job.kubernetes.environmentVariables"] != "A=1,DB_PASSWORD=${NIGHTLY_DB_PASSWORD_2}" {
		t.Fatalf("masked list: %v", got)
	}

	// An unset variable is an error that names the reference and the place, never a value.
	delete(env, "TICK_LOG_DB_PASSWORD")
	_, err := read.property("stream 'tick' property app.log.db.password", "app.log.db.password", "${TICK_LOG_DB_PASSWORD}")
	wantErr(t, err, "stream 'tick' property app.log.db.password: environment variable TICK_LOG_DB_PASSWORD is not set (referenced as ${TICK_LOG_DB_PASSWORD})")
}
