//go:build k8sintegration

package main

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
)

// handMade is a Deployment a person made, named as an SCDF app id of stream foo once was (foo-time-v2), with no
// SCDF label: no command of the store may touch it.
func handMade(t *testing.T, api kubernetes.Interface, ns, name string, labels map[string]string) {
	t.Helper()
	one := int32(1)
	sel := map[string]string{"app": name}
	for k, v := range labels {
		sel[k] = v
	}
	_, err := api.AppsV1().Deployments(ns).Create(context.Background(), &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: sel},
		Spec: appsv1.DeploymentSpec{Replicas: &one, Selector: &metav1.LabelSelector{MatchLabels: sel},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: sel},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "myorg/other:1"}}}}},
	}, metav1.CreateOptions{FieldManager: "kubectl"})
	if err != nil {
		t.Fatal(err)
	}
}

func mustExist(t *testing.T, api kubernetes.Interface, ns string, names ...string) {
	t.Helper()
	for _, n := range names {
		if d, err := api.AppsV1().Deployments(ns).Get(context.Background(), n, metav1.GetOptions{}); err != nil || d.DeletionTimestamp != nil {
			t.Fatalf("deployment %s is gone: %v", n, err)
		}
	}
}

// SCDF's history comes with the adoption: foo runs at Skipper's release 3 (time at v3, log at v1) after releases 1
// and 2 were deleted by the upgrades. `stream history` shows the three; a rollback to 2 is planned, then made as
// release 4 with 2's config, v3's time removed; undeploy leaves nothing of foo. SCDF's other stream a-foo (whose
// releases SCDF's history search lists with foo's) and a hand-made Deployment named as SCDF's old foo-time-v2 are
// never touched, nor an SCDF-labelled foo-time-v2 that appears once foo is undeployed.
func TestKubernetesAdoptSCDFHistory(t *testing.T) {
	const ns = "adopthist-ns"
	api := cluster(t, ns)
	dir := t.TempDir()
	writeAccounts(t, dir, os.Getenv("KUBECONFIG"), ns)
	scdfDeploys(t, api, ns, "foo", "time", 3, "myorg/time:1.0.0", 1)
	scdfDeploys(t, api, ns, "foo", "log", 1, "myorg/log:1.0.0", 1)
	scdfDeploys(t, api, ns, "a-foo", "time", 1, "myorg/time:1.0.0", 1)
	handMade(t, api, ns, "foo-time-v2", nil)
	srv := scdftest.New(scdftest.Estate{
		Apps: []scdftest.App{
			{Type: "source", Name: "time", URI: "docker:myorg/time:1.0.0", Version: "1.0.0", Default: true},
			{Type: "sink", Name: "log", URI: "docker:myorg/log:1.0.0", Version: "1.0.0", Default: true},
		},
		Streams: []scdftest.Stream{
			{Name: "foo", DSL: "time | log", Status: "deployed",
				DeploymentProperties: map[string]string{"spring.cloud.dataflow.skipper.platformName": "team", "app.log.level": "INFO", "app.time.fixed-delay": "10"},
				Releases: []scdftest.Release{
					{Version: 1, Status: "DELETED", Platform: "team", Manifest: fooManifest("1", nil)},
					{Version: 2, Status: "DELETED", Platform: "team", Manifest: fooManifest("5", nil)},
					{Version: 3, Status: "DEPLOYED", Platform: "team", Manifest: fooManifest("10", nil)}}},
			{Name: "a-foo", DSL: "time | log", Status: "partial",
				Releases: []scdftest.Release{{Version: 9, Status: "DEPLOYED", Platform: "team"}}},
		},
	}, 10)
	t.Cleanup(srv.Close)
	aFoo := versionsOf(t, api, ns, "a-foo")

	out := mustRunK(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "-o", "json")
	if action, detail := streamAction(t, out, "foo"); action != "adopt" || detail != "Skipper release 3 on account 'team': foo-log-v1, foo-time-v3; with Skipper's releases 1, 2 as its history" {
		t.Fatalf("adoption: %q %q\n%s", action, detail, out)
	}
	var rows []releaseRow
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "stream", "history", "foo", "-o", "json")), &rows); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, strconv.Itoa(r.Version)+" "+r.Status+" "+r.Description)
	}
	if strings.Join(got, "; ") != "3 DEPLOYED Adopted from SCDF (Skipper release 3); 2 DELETED Delete complete; 1 DELETED Delete complete" {
		t.Fatalf("history: %s", strings.Join(got, "; "))
	}
	if m := mustRunK(t, dir, "stream", "manifest", "foo", "--releaseVersion", "2"); !strings.Contains(m, `"fixed-delay": "5"`) {
		t.Fatalf("manifest of 2:\n%s", m)
	}

	before := versionsOf(t, api, ns, "foo")
	plan := mustRunK(t, dir, "stream", "rollback", "foo", "--releaseVersion", "2", "--dryRun", "-o", "json")
	if !strings.Contains(plan, `"oldDeploymentId": "foo-time-v3"`) || !strings.Contains(plan, `"newDeploymentId": "foo-time-v4"`) ||
		strings.Contains(plan, `"newDeploymentId": "foo-log-v4"`) {
		t.Fatalf("rollback plan:\n%s", plan)
	}
	if after := versionsOf(t, api, ns, "foo"); after != before {
		t.Fatalf("the plan changed the objects:\n%s\nwere\n%s", after, before)
	}
	mustRunK(t, dir, "stream", "rollback", "foo", "--releaseVersion", "2", "--timeout", "60s")
	wantHistoryK(t, dir, "foo", "4 DEPLOYED")
	eventuallyK(t, "time v3 replaced by v4", func() string {
		if got := deploymentNames(t, api, ns, "spring-group-id=foo"); got != "foo-log-v1,foo-time-v4" {
			return got
		}
		return ""
	})
	d, err := api.AppsV1().Deployments(ns).Get(context.Background(), "foo-time-v4", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := json.Marshal(d.Spec.Template.Spec.Containers[0]); !strings.Contains(string(c), "fixed-delay=5") {
		t.Fatalf("foo-time-v4 does not run release 2's config: %s", c)
	}

	mustRunK(t, dir, "stream", "undeploy", "foo")
	eventuallyK(t, "undeploy leaves nothing", func() string { return leftovers(t, api, ns, "spring-group-id=foo") })
	mustExist(t, api, ns, "foo-time-v2", "a-foo-time-v1")

	// SCDF's old id comes back as SCDF makes it (a deploy from SCDF, an object it left): commands on foo that
	// do not run it leave it, as they leave every id the store's releases did not make.
	if err := api.AppsV1().Deployments(ns).Delete(context.Background(), "foo-time-v2", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventuallyK(t, "the hand-made deployment gone", func() string {
		if _, err := api.AppsV1().Deployments(ns).Get(context.Background(), "foo-time-v2", metav1.GetOptions{}); err == nil {
			return "still there"
		}
		return ""
	})
	scdfDeploys(t, api, ns, "foo", "time", 2, "myorg/time:1.0.0", 1)
	if _, stderr, code := runK(t, dir, "stream", "undeploy", "foo"); code != 1 || !strings.Contains(stderr, "is not deployed") {
		t.Fatalf("undeploy with SCDF's old id on the cluster: exit %d\n%s", code, stderr)
	}
	mustRunK(t, dir, "stream", "destroy", "foo")
	mustExist(t, api, ns, "foo-time-v2", "a-foo-time-v1")
	if after := versionsOf(t, api, ns, "a-foo"); after != aFoo {
		t.Fatalf("a-foo changed:\n%s\nwas\n%s", after, aFoo)
	}
}

// scdfDeploysBefore27 makes an app version as SCDF's deployer made it before SCDF 2.7: the Service named with the
// versioned app id, labelled with it (spring-deployment-id), selecting every version of the app.
func scdfDeploysBefore27(t *testing.T, api kubernetes.Interface, ns, stream, label string, version int, image string) {
	t.Helper()
	ctx := context.Background()
	id := stream + "-" + label + "-v" + strconv.Itoa(version)
	ids := map[string]string{"spring-app-id": id, "spring-deployment-id": id, "spring-group-id": stream, "spring-application-name": label}
	withRole := map[string]string{"role": "spring-app"}
	for k, v := range ids {
		withRole[k] = v
	}
	one := int32(1)
	made := metav1.CreateOptions{FieldManager: "spring-cloud-deployer-kubernetes"}
	if _, err := api.AppsV1().Deployments(ns).Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: id, Labels: withRole},
		Spec: appsv1.DeploymentSpec{Replicas: &one, Selector: &metav1.LabelSelector{MatchLabels: ids},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: withRole},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: id, Image: image, Ports: []corev1.ContainerPort{{ContainerPort: 8080}}}}}}},
	}, made); err != nil {
		t.Fatal(err)
	}
	if _, err := api.CoreV1().Services(ns).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: id, Labels: withRole},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"spring-application-name": label, "spring-group-id": stream},
			Ports: []corev1.ServicePort{{Name: "port-8080", Port: 8080, TargetPort: intstr.FromInt32(8080)}}},
	}, made); err != nil {
		t.Fatal(err)
	}
}

func serviceNames(t *testing.T, api kubernetes.Interface, ns, selector string) string {
	t.Helper()
	list, err := api.CoreV1().Services(ns).List(context.Background(), metav1.ListOptions{LabelSelector: selector})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range list.Items {
		if s.DeletionTimestamp == nil {
			names = append(names, s.Name)
		}
	}
	return strings.Join(names, ",")
}

// A stream SCDF deployed before 2.7 has a Service per app version, named with its versioned id (foo-time-v2).
// It is adopted with those Services. An update that fails leaves the old version serving; the next update replaces
// time (v3, with the un-versioned Service a deploy here makes) and removes v2 with its own Service; undeploy
// leaves nothing, after a failed update too (bar).
func TestKubernetesAdoptStreamDeployedBeforeSCDF27(t *testing.T) {
	const ns = "adopt27-ns"
	api := cluster(t, ns)
	dir := t.TempDir()
	writeAccounts(t, dir, os.Getenv("KUBECONFIG"), ns)
	for _, stream := range []string{"foo", "bar"} {
		scdfDeploysBefore27(t, api, ns, stream, "time", 2, "myorg/time:1.0.0")
		scdfDeploysBefore27(t, api, ns, stream, "log", 1, "myorg/log:1.0.0")
	}
	running := func(name string) scdftest.Stream {
		return scdftest.Stream{Name: name, DSL: "time | log", Status: "deployed",
			DeploymentProperties: map[string]string{"spring.cloud.dataflow.skipper.platformName": "team", "app.log.level": "INFO"},
			Releases:             []scdftest.Release{{Version: 1, Status: "DELETED", Platform: "team"}, {Version: 2, Status: "DEPLOYED", Platform: "team"}}}
	}
	srv := scdftest.New(scdftest.Estate{
		Apps: []scdftest.App{
			{Type: "source", Name: "time", URI: "docker:myorg/time:1.0.0", Version: "1.0.0", Default: true},
			{Type: "sink", Name: "log", URI: "docker:myorg/log:1.0.0", Version: "1.0.0", Default: true},
		},
		Streams: []scdftest.Stream{running("foo"), running("bar")},
	}, 10)
	t.Cleanup(srv.Close)

	out := mustRunK(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "-o", "json")
	for _, stream := range []string{"foo", "bar"} {
		if action, detail := streamAction(t, out, stream); action != "adopt" || !strings.HasPrefix(detail, "Skipper release 2 on account 'team': "+stream+"-log-v1, "+stream+"-time-v2") {
			t.Fatalf("adoption of %s: %q %q\n%s", stream, action, detail, out)
		}
	}
	me := storeIdentity(t, dir)
	for _, name := range []string{"foo-time-v2", "foo-log-v1"} {
		if s, err := api.CoreV1().Services(ns).Get(context.Background(), name, metav1.GetOptions{}); err != nil || s.Labels["dataflow-store-id"] != me {
			t.Fatalf("service %s after adoption: %v %v", name, s.Labels, err)
		}
	}
	failing := "deployer.time.kubernetes.podAnnotations=kwok.dataflow.test/waiting-reason:ImagePullBackOff"
	for _, stream := range []string{"foo", "bar"} {
		if _, stderr, code := runK(t, dir, "stream", "update", stream, "--properties", failing, "--timeout", "30s"); code == 0 || !strings.Contains(stderr, "release 2 keeps running") {
			t.Fatalf("failing update of %s: exit %d\n%s", stream, code, stderr)
		}
	}
	eventuallyK(t, "the failed update's time removed", func() string {
		if got := deploymentNames(t, api, ns, "spring-group-id=foo"); got != "foo-log-v1,foo-time-v2" {
			return got
		}
		return ""
	})

	mustRunK(t, dir, "stream", "update", "foo", "--properties", "app.time.fixed-delay=5", "--timeout", "60s")
	eventuallyK(t, "time v2 replaced by v4", func() string {
		if got := deploymentNames(t, api, ns, "spring-group-id=foo"); got != "foo-log-v1,foo-time-v4" {
			return got
		}
		if got := serviceNames(t, api, ns, "spring-group-id=foo"); got != "foo-log-v1,foo-time" {
			return "services " + got
		}
		return ""
	})
	for _, stream := range []string{"foo", "bar"} {
		mustRunK(t, dir, "stream", "undeploy", stream)
		eventuallyK(t, "undeploy of "+stream+" leaves nothing", func() string { return leftovers(t, api, ns, "spring-group-id="+stream) })
	}
}
