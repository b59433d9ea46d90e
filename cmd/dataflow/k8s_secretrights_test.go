//go:build k8sintegration

package main

import (
	"os"
	"strings"
	"testing"
)

// A stream deployed without secret properties is undeployed without a word about Secrets: an account whose role
// may not delete Secrets can undeploy it. One with a secret property still has its Secret deleted.
func TestKubernetesUndeployAsksForSecretsOnlyWhenItMadeOne(t *testing.T) {
	api := cluster(t, "rights-ns")
	dir := t.TempDir()
	proxy := startAPIProxy(t, os.Getenv("KUBECONFIG"), dir)
	writeAccounts(t, dir, proxy.Kubeconfig, "rights-ns")
	mustRunK(t, dir, "app", "register", "--name", "src", "--type", "source", "--uri", "docker:myorg/src:1.0.0")
	mustRunK(t, dir, "app", "register", "--name", "snk", "--type", "sink", "--uri", "docker:myorg/snk:1.0.0")
	mustRunK(t, dir, "stream", "create", "plain", "--definition", "src | snk")
	mustRunK(t, dir, "stream", "deploy", "plain")
	proxy.reset(0)
	mustRunK(t, dir, "stream", "undeploy", "plain")
	for _, r := range proxy.seen() {
		if strings.HasPrefix(r, "DELETE") && strings.Contains(r, "/secrets") {
			t.Fatalf("undeploying a stream without secrets deleted Secrets: %s", r)
		}
	}
	eventuallyK(t, "plain undeployed", func() string { return leftovers(t, api, "rights-ns", "spring-group-id=plain") })

	mustRunK(t, dir, "stream", "deploy", "plain", "--properties", "app.snk.db.password=hunter2")
	proxy.reset(0)
	mustRunK(t, dir, "stream", "undeploy", "plain")
	deleted := false
	for _, r := range proxy.seen() {
		deleted = deleted || strings.HasPrefix(r, "DELETE") && strings.Contains(r, "/secrets")
	}
	if !deleted {
		t.Fatalf("the Secret of an app with a password was not deleted: %v", proxy.seen())
	}
	eventuallyK(t, "the Secret is gone", func() string { return leftovers(t, api, "rights-ns", "spring-group-id=plain") })
}
