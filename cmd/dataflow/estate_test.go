package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// estateSecrets are the environment an apply of the test's export needs: the references the export named.
var estateSecrets = []string{"TICK_LOG_DB_PASSWORD=pw1234", "JOB_DB_PASSWORD=pw1"}

// applyEstate runs estate apply with the secrets' variables and returns stdout, stderr and the exit code.
func applyEstate(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	return runEnv(t, dir, "", append([]string{"KUBECONFIG="}, estateSecrets...), append([]string{"estate", "apply"}, args...)...)
}

func writeEstate(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The round trip on the local account: a running stream with a secret property and a task with a secret
// argument export with references, never values; applying the export changes nothing (exit 0, no release, no
// audit record); a changed property is planned, --dryRun writes nothing (exit 3), and the apply updates only
// that app (exit 3); a re-export then applies as unchanged.
func TestLocalEstateExportApplyRoundTrip(t *testing.T) {
	dir := e2eDir(t)
	bus := streamApps(t, dir)
	t.Cleanup(func() { run(t, dir, "", "stream", "all", "destroy", "--force") })
	mustRun(t, dir, `app register --name job --type task --uri docker:org/job:1.0.0
task create job --definition "job --db.password=pw1 --x=1"
stream create tick --definition "time --interval=50ms | uppercase --transform=upper | log"
stream deploy tick --properties "app.*.dataflow.bus.dir=`+bus+`,app.log.greeting=hi,app.log.db.password=pw1234,deployer.log.count=1"
`)
	file := filepath.Join(dir, "estate.yaml")
	out, stderr, code := run(t, dir, "", "estate", "export", "--file", file)
	if code != 0 || !strings.Contains(out, "Exported 4 apps, 1 streams, 1 tasks and 0 schedules to "+file) ||
		!strings.Contains(stderr, "an apply needs these environment variables: JOB_DB_PASSWORD, TICK_LOG_DB_PASSWORD") {
		t.Fatalf("export: exit %d\n%s%s", code, out, stderr)
	}
	exported, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(exported)
	for _, want := range []string{"apiVersion: dataflow/v1\nkind: Estate\n", "app.log.db.password: ${TICK_LOG_DB_PASSWORD}\n",
		"app.log.greeting: hi\n", "definition: job --db.password=${JOB_DB_PASSWORD} --x=1\n", "platform: default\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("the export lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "pw1") {
		t.Fatalf("a secret in the export:\n%s", text)
	}
	if stdout, _, _ := run(t, dir, "", "estate", "export"); stdout != text {
		t.Fatalf("export to stdout differs from the file:\n%s", stdout)
	}

	audits := mustRun(t, dir, "audit-record list\n")
	files := storeFiles(t, dir)
	out, stderr, code = applyEstate(t, dir, "--file", file)
	if after := storeFiles(t, dir); after != files {
		t.Fatalf("an unchanged apply wrote to the store: %s -> %s", files, after)
	}
	if code != 0 || !strings.Contains(out, "Nothing to do: the store matches "+file+" (6 items).") {
		t.Fatalf("unchanged apply: exit %d\n%s%s", code, out, stderr)
	}
	wantHistory(t, dir, "tick", "1 DEPLOYED Install complete")
	if after := mustRun(t, dir, "audit-record list\n"); after != audits {
		t.Fatalf("an unchanged apply was audited:\n%s", after)
	}

	// A reference whose variable is not set: refused with its place, nothing done.
	_, stderr, code = run(t, dir, "", "estate", "apply", "--file", file)
	if code != 1 || !strings.HasPrefix(stderr, file+":38:17: task 'job' --db.password: environment variable JOB_DB_PASSWORD is not set (referenced as ${JOB_DB_PASSWORD})") {
		t.Fatalf("unset reference: exit %d %s", code, stderr)
	}

	changed := writeEstate(t, dir, "changed.yaml", strings.Replace(text, "app.log.greeting: hi", "app.log.greeting: hello", 1))
	out, _, code = applyEstate(t, dir, "--file", changed, "--dryRun")
	if code != 3 || !strings.Contains(out, "~ update stream tick: release 1 on 'default', apps log deployed again\n    ~ log: greeting=hi -> hello\n") ||
		!strings.Contains(out, "Dry run: nothing was changed; 1 change to make.") {
		t.Fatalf("dry run: exit %d\n%s", code, out)
	}
	wantHistory(t, dir, "tick", "1 DEPLOYED Install complete")
	var plan struct {
		Steps []struct {
			Action, Kind, Name, Status string
		} `json:"steps"`
	}
	asJSON, _, code := applyEstate(t, dir, "--file", changed, "--dryRun", "-o", "json")
	if err := json.Unmarshal([]byte(asJSON), &plan); err != nil || code != 3 || len(plan.Steps) != 1 || plan.Steps[0].Action != "update" {
		t.Fatalf("-o json: exit %d %v\n%s", code, err, asJSON)
	}

	out, _, code = applyEstate(t, dir, "--file", changed)
	if code != 3 || !strings.Contains(out, "done: update stream tick\nApplied 1 change.\n") {
		t.Fatalf("apply: exit %d\n%s", code, out)
	}
	wantHistory(t, dir, "tick", "2 DEPLOYED Upgrade complete\n1 DELETED Delete complete")
	apps := runtimeApps(t, dir)
	if apps["tick-log-v2"].State == "" || apps["tick-time-v1"].State == "" || apps["tick-uppercase-v1"].State == "" {
		t.Fatalf("only log should be deployed again: %+v", apps)
	}
	if _, _, code = applyEstate(t, dir, "--file", changed); code != 0 {
		t.Fatalf("the applied file applied again: exit %d", code)
	}
	again, _, _ := run(t, dir, "", "estate", "export")
	if again != strings.Replace(text, "app.log.greeting: hi", "app.log.greeting: hello", 1) {
		t.Fatalf("the re-export is not the applied file:\n%s", again)
	}
}

// Bad input: bad YAML and an unknown field with file:line:column, a DSL error at its column, an app nobody
// registers; each exits 1 and leaves the store as it was, even when entries before the bad one were fine.
func TestEstateApplyRefusesBadFilesAndChangesNothing(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "app register --name time --type source --uri docker:org/time:1.0.0\n")
	before := mustRun(t, dir, "app list\nstream list\naudit-record list\n")
	header := "apiVersion: dataflow/v1\nkind: Estate\n"
	newApp := "apps:\n  - type: sink\n    name: log\n    versions:\n      - uri: docker:org/log:1.0.0\n"
	cases := []struct{ name, text, want string }{
		{"yaml", header + "streams:\n  - name: a\n    definition: x: y\n", "yaml.yaml:5:18: mapping values are not allowed in this context (check the indentation, or quote a value that holds ': ')"},
		{"unknown", header + "streams:\n  - name: a\n    definitoin: time | log\n", "unknown.yaml:5:5: unknown field 'definitoin'"},
		{"indent", header + "streams:\n  - name: a\n   definition: time | log\n", "indent.yaml:5:4: did not find expected '-' indicator (check the indentation)"},
		{"dsl", header + newApp + "streams:\n  - name: ok\n    definition: time | log\n  - name: bad\n    definition: time | | log\n",
			"dsl.yaml:12:24: stream 'bad': 118E:(pos 7): expected app name but found '|'"},
		{"app", header + "streams:\n  - name: a\n    definition: time | nope\n", "app.yaml:5:17: Application name 'nope' with type 'sink' does not exist in the app registry."},
		{"platform", header + newApp + "streams:\n  - name: a\n    definition: time | log\n    deployment: {platform: mars}\n",
			"platform.yaml:11:28: No Launcher found for the platform named 'mars'"},
		{"count", header + newApp + "streams:\n  - name: a\n    definition: time | log\n    deployment:\n      platform: default\n      properties: {deployer.log.count: many}\n",
			"count.yaml:12:7: stream 'a': app 'log': deployer count must be a whole number of instances, got 'many'"},
		{"header", "apiVersion: v2\nkind: Estate\n", "header.yaml:1:13: apiVersion is 'v2': this dataflow reads dataflow/v1"},
		{"twice", header + newApp + "      - uri: docker:org/log:1.0.0\n", "twice.yaml:8:9: version 1.0.0 of app 'sink:log' is given twice"},
	}
	for _, c := range cases {
		path := writeEstate(t, dir, c.name+".yaml", c.text)
		_, stderr, code := run(t, dir, "", "estate", "apply", "--file", path)
		if code != 1 || !strings.HasPrefix(stderr, filepath.Join(dir, c.want)) {
			t.Errorf("%s: exit %d\n%s\nwant %s", c.name, code, stderr, c.want)
		}
	}
	if after := mustRun(t, dir, "app list\nstream list\naudit-record list\n"); after != before {
		t.Fatalf("a refused apply changed the store:\n%s", after)
	}
	_, stderr, code := run(t, dir, "", "estate", "apply", "--file", filepath.Join(dir, "missing.yaml"))
	if code != 1 || !strings.Contains(stderr, "cannot read --file") {
		t.Fatalf("missing file: exit %d %s", code, stderr)
	}
	_, stderr, code = run(t, dir, "", "estate", "apply")
	if code != 2 || !strings.Contains(stderr, "Missing option '--file'") {
		t.Fatalf("no file: exit %d %s", code, stderr)
	}
}

// --prune removes what the file does not hold, in reverse order; a running stream is only undeployed with
// --force, and without it nothing at all is done.
func TestLocalEstatePrune(t *testing.T) {
	dir := e2eDir(t)
	bus := streamApps(t, dir)
	t.Cleanup(func() { run(t, dir, "", "stream", "all", "destroy", "--force") })
	mustRun(t, dir, `stream create tick --definition "time | log"
stream create idle --definition "time | log"
stream deploy tick --properties "app.*.dataflow.bus.dir=`+bus+`"
`)
	file := filepath.Join(dir, "estate.yaml")
	if _, stderr, code := run(t, dir, "", "estate", "export", "--file", file); code != 0 {
		t.Fatal(stderr)
	}
	// The file without its streams, and without the uppercase app.
	var kept strings.Builder
	kept.WriteString("apiVersion: dataflow/v1\nkind: Estate\napps:\n")
	for _, app := range []string{"time-source", "log-sink"} {
		name, typ, _ := strings.Cut(app, "-")
		kept.WriteString("  - {type: " + typ + ", name: " + name + ", versions: [{uri: 'file://" + dir + "/" + app + "-1.0.0.bin'}]}\n")
	}
	pruned := writeEstate(t, dir, "pruned.yaml", kept.String())
	out, stderr, code := run(t, dir, "", "estate", "apply", "--file", pruned, "--prune")
	if code != 2 || !strings.Contains(stderr, "the apply would stop running streams (stream 'tick' would be undeployed and destroyed): add --force to let it; nothing was changed") {
		t.Fatalf("prune without --force: exit %d\n%s%s", code, out, stderr)
	}
	wantHistory(t, dir, "tick", "1 DEPLOYED Install complete")
	// Without --prune the file's missing streams are left alone.
	if out, _, code = run(t, dir, "", "estate", "apply", "--file", pruned); code != 0 {
		t.Fatalf("apply without prune: exit %d\n%s", code, out)
	}
	out, _, code = run(t, dir, "", "estate", "apply", "--file", pruned, "--prune", "--force")
	want := "- destroy stream idle\n- destroy stream tick: release 1 on 'default' is undeployed first\n" +
		"- unregister app processor:uppercase:1.0.0: file://" + dir + "/uppercase-processor-1.0.0.bin\n"
	if code != 3 || !strings.Contains(out, want) {
		t.Fatalf("prune: exit %d\n%s\nwant %s", code, out, want)
	}
	if list := mustRun(t, dir, "stream list\n"); strings.Contains(list, "tick") || strings.Contains(list, "idle") {
		t.Fatalf("streams left: %s", list)
	}
	if apps := runtimeApps(t, dir); len(apps) != 0 {
		t.Fatalf("apps still run: %+v", apps)
	}
	if apps := mustRun(t, dir, "app list\n"); strings.Contains(apps, "uppercase") || !strings.Contains(apps, "time") {
		t.Fatalf("apps: %s", apps)
	}
}

// storeFiles describes the store's SQLite file and write-ahead log (size and modification time): a command that
// writes nothing leaves both as they were. (The -shm index changes on reads too.)
func storeFiles(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	for _, name := range []string{"df.db", "df.db-wal"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			out = append(out, name+" absent")
			continue
		}
		out = append(out, fmt.Sprintf("%s %d %s", name, st.Size(), st.ModTime().Format(time.RFC3339Nano)))
	}
	return strings.Join(out, ", ")
}
