//go:build k8sintegration

package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/accounts"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// The seed's "Mixing Cloud Foundry and Kubernetes Deployments": Skipper's manifest with the CF accounts
// `default` and `kafkazone` and the Kubernetes account `gpuzone` imports and lists as the seed shows; a
// deploy to gpuzone makes Deployments on the test cluster and no CF app, a deploy to kafkazone makes CF apps
// (on the Cloud Controller fake) and no Deployment.
func TestMixedCloudFoundryAndKubernetesAccounts(t *testing.T) {
	api := cluster(t, "gpuzone-namespace")
	ctx := context.Background()
	s := cctest.New()
	defer s.Close()
	defaultSpace := s.AddSpace(s.AddOrg("scdf-%%"), "space-%%%%%")
	kafkaSpace := s.AddSpace(s.AddOrg("kafka-org"), "kafka-space")
	s.AddServiceInstance(defaultSpace, "rabbitmq", true, map[string]any{"uri": "amqp://rabbit"})
	s.AddServiceInstance(kafkaSpace, "kafkacups", false, map[string]any{"brokers": "kafka:9092"})
	s.AddSharedDomain("cfapps.io") // the seed's apps domain
	dir := t.TempDir()
	env := []string{"CF_PASSWORD=" + cfPassword}
	run := func(args ...string) string {
		t.Helper()
		out, stderr, code := runEnv(t, dir, "", env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, stderr)
		}
		return out
	}

	run("platform", "import", "--file", "../../testdata/accounts/skipper-manifest-mixed-fixed.yml")
	list := run("stream", "platform-list")
	for _, row := range []string{
		"║default  │cloudfoundry│org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]",
		"║kafkazone│cloudfoundry│org = [kafka-org], space = [kafka-space], url = [https://api.run.pivotal.io]",
		"║gpuzone  │kubernetes  │master url = [https://10.0.0.1:443/], namespace = [gpuzone-namespace], api version = [v1]",
	} {
		if !strings.Contains(list, row) {
			t.Fatalf("platform-list lacks %q:\n%s", row, list)
		}
	}
	if len(s.Requests()) != 0 {
		t.Fatalf("importing and listing talked to Cloud Foundry: %v", s.Requests())
	}

	// The same accounts, pointed at the fake Cloud Controller and the test cluster (KUBECONFIG).
	path := filepath.Join(dir, "config.yaml")
	cfg, err := accounts.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range cfg.Streams {
		switch a.Type {
		case platforms.CloudFoundry:
			a.CloudFoundry.Connection.URL, a.CloudFoundry.Connection.Username = s.URL(), cctest.DefaultUsername
		case platforms.Kubernetes:
			a.Kubernetes.MasterURL, a.Kubernetes.TrustCerts = "", false
		}
		cfg.Streams[i] = a
	}
	if err := cfg.Save(path); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct{ name, typ string }{{"cardata", "source"}, {"predict", "processor"}, {"cassandra", "sink"}} {
		run("app", "register", "--name", a.name, "--type", a.typ, "--uri", "docker:myorg/"+a.name+":1.0.0")
	}
	run("stream", "create", "foo", "--definition", "cardata | predict | cassandra")

	run("stream", "deploy", "--name", "foo", "--platformName", "gpuzone")
	if got := deploymentNames(t, api, "gpuzone-namespace", "spring-group-id=foo"); got != "foo-cardata-v1,foo-cassandra-v1,foo-predict-v1" {
		t.Fatalf("deployments on gpuzone: %s", got)
	}
	if apps := s.AppNames(); len(apps) != 0 || len(s.Requests()) != 0 {
		t.Fatalf("a Kubernetes deploy touched Cloud Foundry: apps %v requests %v", apps, s.Requests())
	}
	run("stream", "undeploy", "foo")
	eventuallyK(t, "gpuzone emptied", func() string { return deploymentNames(t, api, "gpuzone-namespace", "spring-group-id=foo") })

	run("stream", "deploy", "--name", "foo", "--platformName", "kafkazone")
	if apps := s.AppNames(); len(apps) != 3 {
		t.Fatalf("CF apps on kafkazone: %v", apps)
	}
	for _, name := range []string{"foo-cardata-v2", "foo-predict-v2", "foo-cassandra-v2"} {
		if s.AppGUID(name) == "" {
			t.Fatalf("no CF app %s: %v", name, s.AppNames())
		}
	}
	// The only namespace an account of this test names (other tests deploy streams named foo in theirs).
	all, err := api.AppsV1().Deployments("gpuzone-namespace").List(ctx, metav1.ListOptions{LabelSelector: "spring-group-id=foo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range all.Items {
		if d.DeletionTimestamp == nil {
			t.Fatalf("a Cloud Foundry deploy left a Deployment: %s/%s", d.Namespace, d.Name)
		}
	}
	// The status comes from the Cloud Controller: CF instances, named <app>-<index>.
	var apps []runtimeApp
	if err := json.Unmarshal([]byte(run("runtime", "apps", "-o", "json")), &apps); err != nil || len(apps) != 3 {
		t.Fatalf("runtime apps: %+v %v", apps, err)
	}
	for _, a := range apps {
		if len(a.Instances) != 1 || a.Instances[0].ID != a.ID+"-0" || a.Instances[0].Attributes["cf-guid"] != s.AppGUID(a.ID) {
			t.Fatalf("runtime app: %+v", a)
		}
	}
	run("stream", "undeploy", "foo")
	if apps := s.AppNames(); len(apps) != 0 {
		t.Fatalf("CF apps after undeploy: %v", apps)
	}
}
