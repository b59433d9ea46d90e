package main

// End-to-end tests of Cloud Foundry accounts: the dataflow binary against the stateful Cloud Controller fake
// (platforms/cloudfoundry/cctest) on 127.0.0.1, with the seed's accounts.

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
	_ "modernc.org/sqlite" // reads the store in the secrets test
)

// cfPassword is the fake's admin password; it reaches dataflow only through $CF_PASSWORD.
const cfPassword = cctest.DefaultPassword

// cfAccounts writes the seed's Cloud Foundry accounts, pointed at the fake: `default` (random prefix) and
// `kafkazone` (no prefix, as the seed sets) for streams, `highmemory` for tasks, plus any extra YAML.
func cfAccounts(t *testing.T, dir string, s *cctest.Server, extraStreams string) {
	t.Helper()
	s.AddSpace(s.AddOrg("kafka-org"), "kafka-space")
	s.AddSpace(s.AddOrg("highmemory-org"), "highmemory-space")
	conn := func(org, space string) string {
		return "      connection:\n        url: " + s.URL() + "\n        org: " + org + "\n        space: " + space +
			"\n        username: admin\n        password: ${CF_PASSWORD}\n"
	}
	yaml := "streams:\n" +
		"  - name: default\n    type: cloudfoundry\n    cloudfoundry:\n" + conn(cctest.DefaultOrg, cctest.DefaultSpace) +
		"      deployment:\n        memory: \"2048\"\n" +
		"  - name: kafkazone\n    type: cloudfoundry\n    cloudfoundry:\n" + conn("kafka-org", "kafka-space") +
		"      deployment:\n        memory: \"3072\"\n        enableRandomAppNamePrefix: false\n        deleteRoutes: false\n" +
		extraStreams +
		"tasks:\n" +
		"  - name: highmemory\n    type: cloudfoundry\n    cloudfoundry:\n" + conn("highmemory-org", "highmemory-space") +
		"      deployment:\n        memory: 5g\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
}

func runCF(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	return runEnv(t, dir, "", []string{"KUBECONFIG=", "CF_PASSWORD=" + cfPassword}, args...)
}

func mustRunCF(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, stderr, code := runCF(t, dir, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out, stderr)
	}
	return out
}

func registerSeedApps(t *testing.T, dir string) {
	t.Helper()
	for _, a := range []struct{ name, typ string }{{"cardata", "source"}, {"predict", "processor"}, {"cassandra", "sink"}} {
		mustRunCF(t, dir, "app", "register", "--name", a.name, "--type", a.typ, "--uri", "docker:myorg/"+a.name+":1.0.0")
	}
	mustRunCF(t, dir, "stream", "create", "foo", "--definition", "cardata | predict | cassandra")
}

func cfRuntimeApps(t *testing.T, dir string) map[string]runtimeApp {
	t.Helper()
	return runtimeAppsByID(t, mustRunCF(t, dir, "runtime", "apps", "-o", "json"))
}

func TestCloudFoundryStreamLifecycle(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	registerSeedApps(t, dir)

	// Commands that do not need Cloud Foundry do not talk to it.
	mustRunCF(t, dir, "--help")
	mustRunCF(t, dir, "stream", "list")
	mustRunCF(t, dir, "stream", "platform-list")
	if n := len(s.Requests()); n != 0 || len(s.TokenGrants()) != 0 {
		t.Fatalf("requests without a CF command: %v", s.Requests())
	}

	// --dry-run shows the manifests and sends nothing; a secret is masked.
	dry := mustRunCF(t, dir, "stream", "deploy", "foo", "--platformName", "default", "--dry-run", "--properties", "app.predict.password=s3cr3t-value")
	if !strings.Contains(dry, "name: RANDOM7-foo-predict-v1") || !strings.Contains(dry, "memory: 2G") || strings.Contains(dry, "s3cr3t-value") ||
		strings.Count(dry, "applications:") != 3 || len(s.Requests()) != 0 {
		t.Fatalf("dry run (requests %v):\n%s", s.Requests(), dry)
	}

	mustRunCF(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone")
	names := strings.Join(s.AppNames(), ",")
	for _, want := range []string{"foo-cardata-v1", "foo-predict-v1", "foo-cassandra-v1"} {
		if !strings.Contains(names, want) {
			t.Fatalf("apps %s, want %s", names, want)
		}
	}
	if g := s.TokenGrants(); g["password"] != 1 {
		t.Fatalf("one login per command, got %v", g)
	}
	apps := cfRuntimeApps(t, dir)
	if a := apps["foo-predict-v1"]; a.State != "deploying" || len(a.Instances) != 1 || a.Instances[0].ID != "foo-predict-v1-0" {
		t.Fatalf("first status: %+v", apps)
	}
	// The login endpoints the deploy read from the API root are remembered in the store: the status command
	// after it went straight to the token.
	roots := 0
	for _, r := range s.Requests() {
		if r == "GET /" {
			roots++
		}
	}
	if roots != 1 {
		t.Fatalf("%d reads of the API root in two commands: %v", roots, s.Requests())
	}
	eventually(t, "stream deployed", func() string {
		info := mustRunCF(t, dir, "stream", "info", "foo")
		if !strings.Contains(info, "deployed") {
			return info
		}
		return ""
	})
	s.CrashInstances("foo-predict-v1")
	if a := cfRuntimeApps(t, dir)["foo-predict-v1"]; a.State != "failed" || !strings.Contains(a.Reason, "CRASHED") {
		t.Fatalf("crashed app: %+v", a)
	}
	if info := mustRunCF(t, dir, "stream", "info", "foo"); !strings.Contains(info, "\nfoo-predict-v1 failed: CRASHED: APP/PROC/WEB: Exited with status 1\n") {
		t.Fatalf("stream info of a crashed app:\n%s", info)
	}
	// Instances no cell can place: deploying, with CC's reason.
	s.SetInstanceStateWithDetails("foo-predict-v1", "DOWN", "insufficient resources: memory")
	if info := mustRunCF(t, dir, "stream", "info", "foo"); !strings.Contains(info, "\nfoo-predict-v1 deploying: DOWN: insufficient resources: memory\n") {
		t.Fatalf("stream info of instances that cannot be placed:\n%s", info)
	}
	s.SetInstanceState("foo-predict-v1", "")

	// Logs come from Log Cache.
	s.AppLog("foo-predict-v1", "APP/PROC/WEB", "0", "OUT", "predicted 42")
	if out := mustRunCF(t, dir, "stream", "logs", "foo", "--app", "predict"); !strings.Contains(out, "[APP/PROC/WEB/0] OUT predicted 42\n") {
		t.Fatalf("stream logs on CF:\n%s", out)
	}
	mustRunCF(t, dir, "stream", "scale", "app", "instances", "--name", "foo", "--applicationName", "predict", "--count", "2")
	if a := cfRuntimeApps(t, dir)["foo-predict-v1"]; len(a.Instances) != 2 {
		t.Fatalf("after scale: %+v", a)
	}
	// Red/black: only predict gets a new app (-v2); v1 goes once v2 is deployed.
	mustRunCF(t, dir, "stream", "update", "foo", "--properties", "app.predict.model=v2", "--timeout", "20s")
	if got := strings.Join(s.AppNames(), ","); s.AppGUID("foo-predict-v2") == "" || s.AppGUID("foo-predict-v1") != "" || len(s.AppNames()) != 3 {
		t.Fatalf("apps after update: %s", got)
	}
	mustRunCF(t, dir, "stream", "rollback", "foo", "--releaseVersion", "1", "--timeout", "20s")
	if s.AppGUID("foo-predict-v3") == "" || s.AppGUID("foo-predict-v2") != "" || len(s.AppNames()) != 3 {
		t.Fatalf("apps after rollback: %v", s.AppNames())
	}
	mustRunCF(t, dir, "stream", "undeploy", "foo")
	if left := s.AppNames(); len(left) != 0 {
		t.Fatalf("apps after undeploy: %v", left)
	}

	// The default account prefixes names with a random part made once and kept.
	mustRunCF(t, dir, "stream", "deploy", "foo", "--platformName", "default", "--wait", "--timeout", "20s")
	if info := mustRunCF(t, dir, "stream", "info", "foo"); !strings.Contains(info, "deployed") {
		t.Fatalf("after --wait:\n%s", info)
	}
	mustRunCF(t, dir, "stream", "create", "bar", "--definition", "cardata | cassandra")
	mustRunCF(t, dir, "stream", "deploy", "bar", "--platformName", "default")
	prefixed := regexp.MustCompile(`^([0-9A-Za-z]{7})-(foo|bar)-\w+-v\d$`)
	prefixes := map[string]bool{}
	for _, n := range s.AppNames() {
		m := prefixed.FindStringSubmatch(n)
		if m == nil {
			t.Fatalf("app %q is not <prefix>-<stream>-<app>-v<N>", n)
		}
		prefixes[m[1]] = true
	}
	if len(prefixes) != 1 || len(s.AppNames()) != 5 {
		t.Fatalf("apps %v: want one prefix for the account", s.AppNames())
	}
	mustRunCF(t, dir, "stream", "create", "baz", "--definition", "cardata | cassandra")
	for p := range prefixes {
		if dry := mustRunCF(t, dir, "stream", "deploy", "baz", "--platformName", "default", "--dry-run"); !strings.Contains(dry, "name: "+p+"-baz-cardata-v1") {
			t.Fatalf("dry run after the prefix was made:\n%s", dry)
		}
	}

	// Nothing secret in what dataflow wrote.
	for _, f := range []string{"df.db", "df.db-wal", "config.yaml"} {
		if b, err := os.ReadFile(filepath.Join(dir, f)); err == nil && strings.Contains(string(b), cfPassword) {
			t.Fatalf("%s holds the CF password", f)
		}
	}
}

func TestCloudFoundryDeployFailuresAreReportedAndCleanedUp(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	registerSeedApps(t, dir)

	s.FailStaging("foo-predict-v1", "image not found")
	_, stderr, code := runCF(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone")
	if code != 1 || !strings.Contains(stderr, "app 'predict'") || !strings.Contains(stderr, "image not found") ||
		!strings.Contains(stderr, "nothing was left running") {
		t.Fatalf("staging failure: exit %d\n%s", code, stderr)
	}
	if left := s.AppNames(); len(left) != 0 {
		t.Fatalf("apps left after a failed deploy: %v", left)
	}
	if info := mustRunCF(t, dir, "stream", "list"); !strings.Contains(info, "failed") {
		t.Fatalf("stream list after the failure:\n%s", info)
	}
	s.FailStaging("foo-predict-v1", "")

	// A property Cloud Foundry cannot take fails before anything is sent.
	s.ResetRequests()
	_, stderr, code = runCF(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone", "--properties", "deployer.predict.memory=lots")
	if code != 1 || !strings.Contains(stderr, "memory must be a size") || len(s.Requests()) != 0 {
		t.Fatalf("bad memory: exit %d %s %v", code, stderr, s.Requests())
	}
	if h := history(t, dir, "foo"); len(h) != 1 {
		t.Fatalf("a release was written for bad input: %+v", h)
	}

	// A wrong password: one line naming the account and the user, never the password.
	_, stderr, code = runEnv(t, dir, "", []string{"KUBECONFIG=", "CF_PASSWORD=not-the-password"}, "stream", "deploy", "foo", "--platformName", "kafkazone")
	if code != 1 || !strings.Contains(stderr, "account 'kafkazone'") || strings.Contains(stderr, "not-the-password") {
		t.Fatalf("bad password: exit %d %s", code, stderr)
	}

	// Undeploy failures reach the user, and the stream stays deployed so it can be tried again.
	mustRunCF(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone")
	s.InjectFailure(cctest.Failure{Method: "DELETE", PathPrefix: "/v3/apps/", Status: 500, Code: 10011, Detail: "database down", Times: 3})
	_, stderr, code = runCF(t, dir, "stream", "undeploy", "foo")
	if code != 1 || !strings.Contains(stderr, "database down") {
		t.Fatalf("undeploy failure: exit %d %s", code, stderr)
	}
	mustRunCF(t, dir, "stream", "undeploy", "foo")
	if left := s.AppNames(); len(left) != 0 {
		t.Fatalf("apps after the second undeploy: %v", left)
	}

	// A failed deploy whose app's own cleanup fails: dataflow removes the app itself, and says that nothing was
	// left only then.
	nextVersion := func() int {
		next := 0
		for _, r := range history(t, dir, "foo") {
			next = max(next, r.Version+1)
		}
		return next
	}
	s.FailStaging(fmt.Sprintf("foo-predict-v%d", nextVersion()), "image not found")
	s.InjectFailure(cctest.Failure{Method: "DELETE", PathPrefix: "/v3/apps/", Status: 500, Code: 10011, Detail: "database down", Times: 1})
	_, stderr, code = runCF(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone")
	if code != 1 || !strings.Contains(stderr, "image not found") || !strings.Contains(stderr, "nothing was left running") ||
		strings.Contains(stderr, "could not be removed") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("cleanup by dataflow: exit %d\n%s", code, stderr)
	}
	if left := s.AppNames(); len(left) != 0 {
		t.Fatalf("apps left after a failed deploy that said nothing was left: %v", left)
	}

	// When dataflow cannot remove it either, the error says so and names it, and the next command on the stream
	// removes it.
	s.FailStaging(fmt.Sprintf("foo-predict-v%d", nextVersion()), "image not found")
	s.InjectFailure(cctest.Failure{Method: "DELETE", PathPrefix: "/v3/apps/", Status: 500, Code: 10011, Detail: "database down", Times: 2})
	_, stderr, code = runCF(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone")
	if code != 1 || strings.Contains(stderr, "nothing was left running") || !strings.Contains(stderr, "could not be removed") ||
		strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("failed cleanup: exit %d\n%s", code, stderr)
	}
	if len(s.AppNames()) != 1 || !strings.Contains(stderr, s.AppNames()[0]) {
		t.Fatalf("the error does not name what was left (%v):\n%s", s.AppNames(), stderr)
	}
	mustRunCF(t, dir, "stream", "undeploy", "foo")
	if left := s.AppNames(); len(left) != 0 {
		t.Fatalf("apps left after the next command: %v", left)
	}
}

func TestCloudFoundryTaskLaunch(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	jar := filepath.Join(dir, "timestamp-task-1.0.0.jar")
	if err := os.WriteFile(jar, []byte("PK\x05\x06"+strings.Repeat("\x00", 18)), 0o600); err != nil { // an empty zip
		t.Fatal(err)
	}
	mustRunCF(t, dir, "app", "register", "--name", "timestamp", "--type", "task", "--uri", "file://"+jar)
	mustRunCF(t, dir, "task", "create", "ts", "--definition", "timestamp --format=yyyy")
	out := mustRunCF(t, dir, "task", "launch", "ts", "--platformName", "highmemory")
	m := launched.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("launch: %s", out)
	}
	status := mustRunCF(t, dir, "task", "execution", "status", m[2])
	if !strings.Contains(status, "RUNNING") {
		t.Fatalf("first status:\n%s", status)
	}
	status = mustRunCF(t, dir, "task", "execution", "status", m[2])
	if !strings.Contains(status, "COMPLETE") {
		t.Fatalf("status after the CF task succeeded:\n%s", status)
	}
	if s.AppGUID("ts") == "" {
		t.Fatalf("no task app named after the task: %v", s.AppNames())
	}

	s.FailTask("ts", "exit status 3")
	out = mustRunCF(t, dir, "task", "launch", "ts", "--platformName", "highmemory")
	m = launched.FindStringSubmatch(out)
	runCF(t, dir, "task", "execution", "status", m[2])
	status = mustRunCF(t, dir, "task", "execution", "status", m[2])
	if !strings.Contains(status, "ERROR") || !strings.Contains(status, "exit status 3") {
		t.Fatalf("failed CF task:\n%s", status)
	}
	if cur := mustRunCF(t, dir, "task", "execution", "current"); !strings.Contains(cur, "highmemory") || !strings.Contains(cur, "Cloud Foundry") {
		t.Fatalf("current:\n%s", cur)
	}
	s.FailTask("ts", "")

	// Stop cancels the CF task; the execution ends as failed with CF's reason.
	s.SetStep(cctest.PhaseTask, cctest.Step{Polls: 1 << 30})
	out = mustRunCF(t, dir, "task", "launch", "ts", "--platformName", "highmemory")
	m = launched.FindStringSubmatch(out)
	mustRunCF(t, dir, "task", "execution", "stop", m[2])
	eventually(t, "stopped execution ended", func() string {
		if st := mustRunCF(t, dir, "task", "execution", "status", m[2]); !strings.Contains(st, "ERROR") || !strings.Contains(st, "cancel") {
			return st
		}
		return ""
	})

	// A launch the Cloud Controller refuses: one line, exit 1, the execution recorded as failed.
	s.FailNext("POST", "/v3/apps/"+s.AppGUID("ts")+"/tasks", 422, 170019, "memory quota exceeded")
	_, stderr, code := runCF(t, dir, "task", "launch", "ts", "--platformName", "highmemory")
	if code != 1 || !strings.Contains(stderr, "memory quota exceeded") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("refused launch: exit %d %s", code, stderr)
	}
	if list := mustRunCF(t, dir, "task", "execution", "list"); strings.Count(list, "ERROR") < 3 {
		t.Fatalf("the refused launch is not recorded as failed:\n%s", list)
	}
}

// A secret property reaches the app (in SPRING_APPLICATION_JSON, where Spring reads it) and nothing dataflow
// shows or keeps.
func TestCloudFoundrySecretsStayOutOfDataflow(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	registerSeedApps(t, dir)
	const secret = "hunter2-db-secret"
	out := mustRunCF(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone", "--properties", "app.predict.spring.datasource.password="+secret)
	manifest := mustRunCF(t, dir, "stream", "manifest", "foo")
	hist := mustRunCF(t, dir, "stream", "history", "foo")
	for what, text := range map[string]string{"deploy output": out, "manifest": manifest, "history": hist} {
		if strings.Contains(text, secret) {
			t.Fatalf("%s shows the secret:\n%s", what, text)
		}
	}
	if !strings.Contains(manifest, "spring.datasource.password") {
		t.Fatalf("manifest lacks the (masked) property:\n%s", manifest)
	}
	// Only releases.config (what a redeploy needs, docs/streams.md) may hold it; the handles, the manifest,
	// the audit records and the history may not.
	db, err := sql.Open("sqlite", filepath.Join(dir, "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	}()
	noSecretIn := func(q string) {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v sql.NullString
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(v.String, secret) {
				t.Fatalf("%s: %s holds the secret", q, v.String)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"SELECT manifest FROM releases", "SELECT handle FROM release_apps", "SELECT data FROM audit_records", "SELECT line FROM history", "SELECT key || value FROM platform_memos"} {
		noSecretIn(q)
	}
	env := s.AppEnv("foo-predict-v1")
	if !strings.Contains(env["SPRING_APPLICATION_JSON"], `"spring.datasource.password":"`+secret+`"`) {
		t.Fatalf("the app did not get its password: %v", env)
	}
}

// A deploy killed while staging leaves apps whose handles were never recorded: the next command on the stream
// finds them by their label, removes them, and goes on.
func TestCloudFoundryInterruptedDeployIsCleanedUp(t *testing.T) {
	s := cctest.New(cctest.WithStep(cctest.PhaseStaging, cctest.Step{Polls: 1 << 30})) // staging never ends
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	registerSeedApps(t, dir)
	cmd := exec.Command(binary, "stream", "deploy", "foo", "--platformName", "kafkazone")
	cmd.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"),
		"HOME="+dir, "KUBECONFIG=", "CF_PASSWORD="+cfPassword)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "apps staging", func() string {
		if n := len(s.AppNames()); n != 3 {
			return fmt.Sprintf("%d apps", n)
		}
		return ""
	})
	_ = cmd.Process.Kill()
	_ = cmd.Wait() // "signal: killed": the point of the test

	s.SetStep(cctest.PhaseStaging, cctest.Step{Polls: 1})
	mustRunCF(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone")
	names := s.AppNames()
	sort.Strings(names)
	if strings.Join(names, ",") != "foo-cardata-v2,foo-cassandra-v2,foo-predict-v2" {
		t.Fatalf("apps after the recovery and the new deploy: %v", names)
	}
	wantHistory(t, dir, "foo", "2 DEPLOYED Install complete", "1 FAILED Interrupted: the process running it ended before it finished")
}
