package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// Two stores (two HOMEs, two files) use the same Cloud Foundry spaces. Their apps carry their store's identity
// in the CC v3 metadata; where the account's random name prefix keeps their apps apart both deploy the same
// stream, and neither's undeploy touches the other's; where the names meet (no prefix), or a task's app is
// named after the task, the second store is told whose the app is and changes nothing of it.
func TestCloudFoundryTwoStoresOneSpace(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	alice, bob := t.TempDir(), t.TempDir()
	for _, dir := range []string{alice, bob} {
		cfAccounts(t, dir, s, "")
		registerSeedApps(t, dir)
	}
	aliceID, bobID := storeIdentity(t, alice), storeIdentity(t, bob)

	// No prefix: the app names meet.
	mustRunCF(t, alice, "stream", "deploy", "foo", "--platformName", "kafkazone")
	if l := s.AppLabels("foo-predict-v1"); l["dataflow-store-id"] != aliceID || l["spring-group-id"] != "foo" {
		t.Fatalf("alice's app labels %v, want her store's identity %s", l, aliceID)
	}
	guids := s.AppGUID("foo-cardata-v1") + s.AppGUID("foo-predict-v1") + s.AppGUID("foo-cassandra-v1")
	s.ResetRequests()
	_, stderr, code := runCF(t, bob, "stream", "deploy", "foo", "--platformName", "kafkazone")
	want := "stream foo: app foo-cardata-v1 in space kafka-space belongs to another dataflow store (id " + aliceID + "); nothing changed\n"
	if code != 1 || stderr != want {
		t.Fatalf("bob's deploy over alice's apps: exit %d\n%s\nwant\n%s", code, stderr, want)
	}
	for _, r := range s.Requests() {
		if !strings.HasPrefix(r, "GET ") && !strings.HasPrefix(r, "POST /oauth/token") {
			t.Errorf("bob's refused deploy sent %s", r)
		}
	}
	if _, stderr, _ := runCF(t, bob, "stream", "history", "foo"); !strings.Contains(stderr, "does not exist") {
		t.Fatalf("bob's refused deploy recorded a release: %s", stderr)
	}
	if now := s.AppGUID("foo-cardata-v1") + s.AppGUID("foo-predict-v1") + s.AppGUID("foo-cassandra-v1"); now != guids {
		t.Fatalf("bob's refused deploy replaced alice's apps")
	}
	if l := s.AppLabels("foo-predict-v1"); l["dataflow-store-id"] != aliceID {
		t.Fatalf("alice's app relabelled: %v", l)
	}
	mustRunCF(t, alice, "stream", "undeploy", "foo")

	// The random prefix keeps them apart: both deploy, and bob's undeploy leaves alice's apps.
	mustRunCF(t, alice, "stream", "deploy", "foo", "--platformName", "default")
	mustRunCF(t, bob, "stream", "deploy", "foo", "--platformName", "default")
	owners := map[string]int{}
	for _, name := range s.AppNames() {
		if strings.HasSuffix(name, "-foo-predict-v2") || strings.HasSuffix(name, "-foo-predict-v1") {
			owners[s.AppLabels(name)["dataflow-store-id"]]++
		}
	}
	if owners[aliceID] != 1 || owners[bobID] != 1 {
		t.Fatalf("predict apps by store: %v", owners)
	}
	mustRunCF(t, bob, "stream", "undeploy", "foo")
	if apps := cfRuntimeApps(t, alice); len(apps) != 3 {
		t.Fatalf("alice's apps after bob's undeploy: %+v", apps)
	}

	// A task's app is named after the task: bob's launch neither stages alice's again nor runs on it.
	for _, dir := range []string{alice, bob} {
		jar := filepath.Join(dir, "timestamp-task-1.0.0.jar")
		if err := os.WriteFile(jar, []byte("PK\x05\x06"+strings.Repeat("\x00", 18)), 0o600); err != nil {
			t.Fatal(err)
		}
		mustRunCF(t, dir, "app", "register", "--name", "timestamp", "--type", "task", "--uri", "file://"+jar)
		mustRunCF(t, dir, "task", "create", "ts", "--definition", "timestamp --format=yyyy")
	}
	mustRunCF(t, alice, "task", "launch", "ts", "--platformName", "highmemory")
	taskApp := s.AppGUID("ts")
	_, stderr, code = runCF(t, bob, "task", "launch", "ts", "--platformName", "highmemory")
	if code != 1 || !strings.Contains(stderr, "app ts in space highmemory-space belongs to another dataflow store (id "+aliceID+")") {
		t.Fatalf("bob's launch on alice's task app: exit %d\n%s", code, stderr)
	}
	if s.AppGUID("ts") != taskApp || s.AppLabels("ts")["dataflow-store-id"] != aliceID {
		t.Fatalf("bob's refused launch changed alice's task app")
	}
}
