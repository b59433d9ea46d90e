package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// storeIDPattern is how a refused command names the other store.
var storeIDPattern = regexp.MustCompile(`belongs to another dataflow store \(id ([0-9a-f]{32})\); nothing changed`)

// Two users, each with a store of their own (two HOMEs, two files), whose local accounts share one work
// directory, deploy a stream of the same name: the second is refused before it changes anything, and no command
// of either touches the other's apps.
func TestTwoStoresOnOneLocalWorkDir(t *testing.T) {
	shared := e2eDir(t)
	work := filepath.Join(shared, "work")
	alice, bob := e2eDir(t), e2eDir(t)
	config := "streams:\n  - name: default\n    type: local\n    local:\n      workDir: " + work + "\n"
	for _, home := range []string{alice, bob} {
		if err := os.WriteFile(filepath.Join(home, "config.yaml"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	busA := streamApps(t, alice)
	streamApps(t, bob)
	t.Cleanup(func() {
		run(t, alice, "", "stream", "all", "destroy", "--force")
		run(t, bob, "", "stream", "all", "destroy", "--force")
	})
	define := `stream create shared --definition "time --interval=50ms | log"` + "\n"
	mustRun(t, alice, define+"stream deploy shared --wait --timeout 20s --properties \"app.*.dataflow.bus.dir="+busA+"\"\n")
	mustRun(t, bob, define)
	pids := func() string {
		a := runtimeApps(t, alice)
		return a["shared-time-v1"].Instances[0].Attributes["pid"] + "," + a["shared-log-v1"].Instances[0].Attributes["pid"]
	}
	before := pids()
	launchSpec := filepath.Join(work, "shared", "shared-time-v1", "launch.json")
	specBefore, err := os.ReadFile(launchSpec)
	if err != nil {
		t.Fatal(err)
	}

	_, stderr, code := run(t, bob, "", "stream", "deploy", "shared")
	m := storeIDPattern.FindStringSubmatch(stderr)
	if code != 1 || m == nil || !strings.Contains(stderr, "stream shared: app directory "+filepath.Join(work, "shared")) ||
		strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("bob's deploy: exit %d, want 1 and one line naming alice's app and store:\n%s", code, stderr)
	}
	if out, stderr, _ := run(t, bob, "", "stream", "history", "shared"); !strings.Contains(stderr, "Release with name 'shared' does not exist") {
		t.Fatalf("bob's refused deploy wrote a release:\n%s%s", out, stderr)
	}
	if got, _ := os.ReadFile(launchSpec); string(got) != string(specBefore) {
		t.Fatalf("bob's refused deploy rewrote alice's launch spec:\n%s\nwas\n%s", got, specBefore)
	}
	// bob's store holds no release of the stream: undeploy has nothing of his to remove, and leaves alice's apps.
	if _, stderr, code := run(t, bob, "", "stream", "undeploy", "shared"); code != 1 || !strings.Contains(stderr, "Stream 'shared' is not deployed") {
		t.Fatalf("bob's undeploy: %d %s", code, stderr)
	}
	if after := pids(); after != before || runtimeApps(t, alice)["shared-time-v1"].State != "deployed" {
		t.Fatalf("alice's apps changed: pids %s, were %s", after, before)
	}
	// The identity named is alice's store's.
	if out := mustRun(t, alice, "stream list\n"); !strings.Contains(out, "deployed") {
		t.Fatalf("alice's stream list:\n%s", out)
	}
	id := storeIdentity(t, alice)
	if m[1] != id || !strings.Contains(string(specBefore), `"dataflow-store-id":"`+id+`"`) {
		t.Fatalf("the refusal named store %s; alice's store is %s and her launch spec says:\n%s", m[1], id, specBefore)
	}
	// The app's processes carry it too.
	environ, err := os.ReadFile("/proc/" + runtimeApps(t, alice)["shared-time-v1"].Instances[0].Attributes["pid"] + "/environ")
	if err != nil || !strings.Contains(string(environ), "\x00DATAFLOW_STORE_ID="+id+"\x00") {
		t.Fatalf("alice's app's environment lacks DATAFLOW_STORE_ID=%s (%v)", id, err)
	}

	// Once alice undeploys, the directory is no app of anyone's, and bob deploys.
	mustRun(t, alice, "stream undeploy shared\n")
	mustRun(t, bob, "stream deploy shared\n")
	if out, stderr, code := run(t, alice, "", "stream", "deploy", "shared"); code != 1 || !storeIDPattern.MatchString(stderr) {
		t.Fatalf("alice's deploy over bob's running stream: %d\n%s\n%s", code, out, stderr)
	}
	mustRun(t, bob, "stream undeploy shared\n")
}

// storeIdentity reads a store's identity from its file: the test's own witness of whose objects are whose.
func storeIdentity(t *testing.T, dir string) string {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	var id string
	if err := db.QueryRow("SELECT id FROM store_identity").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
