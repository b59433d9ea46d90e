//go:build k8sintegration

package main

import (
	"context"
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

// scdfDeploys makes an app version of a stream as SCDF's Kubernetes deployer makes it when Skipper calls it: the
// Deployment <stream>-<label>-v<N> with SCDF's id labels and selector, and the un-versioned Service
// <stream>-<label> selecting every version of the app, with another field manager and no store identity.
func scdfDeploys(t *testing.T, api kubernetes.Interface, ns, stream, label string, version int, image string, replicas int32) {
	t.Helper()
	ctx := context.Background()
	id := stream + "-" + label + "-v" + strconv.Itoa(version)
	ids := map[string]string{"spring-app-id": id, "spring-deployment-id": id, "spring-group-id": stream, "spring-application-name": label}
	withRole := map[string]string{"role": "spring-app"}
	for k, v := range ids {
		withRole[k] = v
	}
	made := metav1.CreateOptions{FieldManager: "spring-cloud-deployer-kubernetes"}
	_, err := api.AppsV1().Deployments(ns).Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: id, Labels: withRole},
		Spec: appsv1.DeploymentSpec{Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: ids},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: withRole},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: id, Image: image, Ports: []corev1.ContainerPort{{ContainerPort: 8080}}}}}}},
	}, made)
	if err != nil {
		t.Fatal(err)
	}
	_, err = api.CoreV1().Services(ns).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: stream + "-" + label, Labels: withRole},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"spring-application-name": label, "spring-group-id": stream},
			Ports: []corev1.ServicePort{{Name: "port-8080", Port: 8080, TargetPort: intstr.FromInt32(8080)}}},
	}, made)
	if err != nil {
		t.Fatal(err)
	}
}

// scdfServerRunning is a test SCDF whose stream foo = time | log runs on its platform 'team' as Skipper's
// release 2 (release 1 deleted by the upgrade to 2).
func scdfServerRunning(t *testing.T) *scdftest.Server {
	srv := scdftest.New(scdftest.Estate{
		Apps: []scdftest.App{
			{Type: "source", Name: "time", URI: "docker:myorg/time:1.0.0", Version: "1.0.0", Default: true},
			{Type: "sink", Name: "log", URI: "docker:myorg/log:1.0.0", Version: "1.0.0", Default: true},
		},
		Streams: []scdftest.Stream{{Name: "foo", DSL: "time | log", Status: "deployed",
			DeploymentProperties: map[string]string{"spring.cloud.dataflow.skipper.platformName": "team", "app.log.level": "INFO"},
			Releases:             []scdftest.Release{{Version: 1, Status: "DELETED", Platform: "team"}, {Version: 2, Status: "DEPLOYED", Platform: "team"}}}},
	}, 10)
	t.Cleanup(srv.Close)
	return srv
}

// The adoption on the test cluster: a stream SCDF's Skipper runs (time at v2 after an update, log at
// v1) is refused to this store's commands until `scdf import --adopt`; a dry run writes nothing; adoption
// labels the objects without restarting a pod and records release 2; then update, scale, rollback and undeploy
// work on it as on a stream deployed here.
func TestKubernetesAdoptSCDFStream(t *testing.T) {
	api := cluster(t, "adopt-ns")
	ctx := context.Background()
	dir := t.TempDir()
	writeAccounts(t, dir, os.Getenv("KUBECONFIG"), "adopt-ns")
	scdfDeploys(t, api, "adopt-ns", "foo", "time", 2, "myorg/time:1.0.0", 1)
	scdfDeploys(t, api, "adopt-ns", "foo", "log", 1, "myorg/log:1.0.0", 1)
	srv := scdfServerRunning(t)
	mustRunK(t, dir, "scdf", "import", "--uri", srv.URL)
	before := versionsOf(t, api, "adopt-ns", "foo")

	// Not adopted: this store's commands refuse SCDF's objects, and undeploy knows no release of it.
	_, stderr, code := runK(t, dir, "stream", "deploy", "foo")
	if code != 1 || !strings.Contains(stderr, "was not made by dataflow (it carries no dataflow-store-id: SCDF, Skipper or made by hand); nothing changed") {
		t.Fatalf("deploy over SCDF's objects: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := runK(t, dir, "stream", "undeploy", "foo"); code != 1 || !strings.Contains(stderr, "is not deployed") {
		t.Fatalf("undeploy before adoption: exit %d\n%s", code, stderr)
	}

	// A dry run lists the adoption and writes nothing, here or on the cluster.
	out := mustRunK(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "--dryRun", "-o", "json")
	if action, detail := streamAction(t, out, "foo"); action != "adopt" || detail != "Skipper release 2 on account 'team': foo-log-v1, foo-time-v2; with Skipper's release 1 as its history, without the config of 1 (SCDF has no manifest of it)" {
		t.Fatalf("dry run: %q %q\n%s", action, detail, out)
	}
	if _, stderr, _ := runK(t, dir, "stream", "history", "foo"); !strings.Contains(stderr, "does not exist") {
		t.Fatalf("the dry run recorded a release: %s", stderr)
	}
	if after := versionsOf(t, api, "adopt-ns", "foo"); after != before {
		t.Fatalf("the dry run changed the objects:\n%s\nwere\n%s", after, before)
	}

	out = mustRunK(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt")
	if !strings.Contains(out, "Adopted 1 streams SCDF runs; 0 adopted already, 0 not adopted") {
		t.Fatalf("adoption:\n%s", out)
	}
	me := storeIdentity(t, dir)
	for _, name := range []string{"foo-time-v2", "foo-log-v1"} {
		d, err := api.AppsV1().Deployments("adopt-ns").Get(ctx, name, metav1.GetOptions{})
		if err != nil || d.Labels["dataflow-store-id"] != me || d.Generation != 1 {
			t.Fatalf("%s after adoption: labels %v generation %d (%v): want the store's identity and the pods untouched", name, d.Labels, d.Generation, err)
		}
	}
	for _, name := range []string{"foo-time", "foo-log"} {
		if s, err := api.CoreV1().Services("adopt-ns").Get(ctx, name, metav1.GetOptions{}); err != nil || s.Labels["dataflow-store-id"] != me {
			t.Fatalf("service %s after adoption: %v %v", name, s.Labels, err)
		}
	}
	wantHistoryK(t, dir, "foo", "2 DEPLOYED")
	adopted := versionsOf(t, api, "adopt-ns", "foo")
	out = mustRunK(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "-o", "json")
	if action, _ := streamAction(t, out, "foo"); action != "adopted already" {
		t.Fatalf("second adoption: %q\n%s", action, out)
	}
	if after := versionsOf(t, api, "adopt-ns", "foo"); after != adopted {
		t.Fatalf("the second adoption changed the objects:\n%s\nwere\n%s", after, adopted)
	}
	if audit := mustRunK(t, dir, "audit-record", "list", "-o", "json"); !strings.Contains(audit, "adopted from "+srv.URL+": Skipper release 2") {
		t.Fatalf("no audit record of the adoption:\n%s", audit)
	}
	eventuallyK(t, "stream info says deployed", func() string {
		if info := mustRunK(t, dir, "stream", "info", "foo"); !strings.Contains(info, "deployed") || strings.Contains(info, "undeployed") {
			return info
		}
		return ""
	})

	// Red/black on the adopted release: time goes to v3, v2 goes, the Service stays; log's v1 is kept.
	mustRunK(t, dir, "stream", "update", "foo", "--properties", "app.time.fixed-delay=5", "--timeout", "60s")
	eventuallyK(t, "time v2 replaced by v3", func() string {
		if got := deploymentNames(t, api, "adopt-ns", "spring-group-id=foo"); got != "foo-log-v1,foo-time-v3" {
			return got
		}
		return ""
	})
	if s, err := api.CoreV1().Services("adopt-ns").Get(ctx, "foo-time", metav1.GetOptions{}); err != nil || s.Labels["spring-app-id"] != "foo-time-v3" {
		t.Fatalf("the service after the update: %v %v", s.Labels, err)
	}
	wantHistoryK(t, dir, "foo", "3 DEPLOYED")
	mustRunK(t, dir, "stream", "scale", "app", "instances", "foo", "--applicationName", "log", "--count", "2")
	if d, _ := api.AppsV1().Deployments("adopt-ns").Get(ctx, "foo-log-v1", metav1.GetOptions{}); *d.Spec.Replicas != 2 {
		t.Fatalf("replicas after scale: %d", *d.Spec.Replicas)
	}
	// Rollback to the adopted release deploys its time app again, as release 4.
	mustRunK(t, dir, "stream", "rollback", "foo", "--releaseVersion", "2", "--timeout", "60s")
	wantHistoryK(t, dir, "foo", "4 DEPLOYED")
	eventuallyK(t, "time back as v4", func() string {
		if got := deploymentNames(t, api, "adopt-ns", "spring-group-id=foo"); got != "foo-log-v1,foo-time-v4" {
			return got
		}
		return ""
	})

	mustRunK(t, dir, "stream", "undeploy", "foo")
	eventuallyK(t, "undeploy leaves nothing", func() string { return leftovers(t, api, "adopt-ns", "spring-group-id=foo") })
}

// A stream whose objects do not run what the definition with SCDF's deployment properties gives (another image,
// another replica count) is not adopted: listed with the differences, nothing written, unless --force. Objects of
// another dataflow store are never adopted; a stream with an app missing is listed too.
func TestKubernetesAdoptionRefusals(t *testing.T) {
	api := cluster(t, "adoptno-ns")
	ctx := context.Background()
	dir := t.TempDir()
	writeAccounts(t, dir, os.Getenv("KUBECONFIG"), "adoptno-ns")
	scdfDeploys(t, api, "adoptno-ns", "foo", "time", 2, "myorg/time:0.9.0", 1)
	scdfDeploys(t, api, "adoptno-ns", "foo", "log", 1, "myorg/log:1.0.0", 3)
	srv := scdfServerRunning(t)
	before := versionsOf(t, api, "adoptno-ns", "foo")

	out, stderr, code := runK(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt")
	if code != 0 || !strings.Contains(out, "not adopted") || !strings.Contains(out, "foo-time-v2 runs image myorg/time:0.9.0, the definition with SCDF's deployment properties gives myorg/time:1.0.0") ||
		!strings.Contains(out, "foo-log-v1 runs 3 replicas, the deployment properties say 1") || !strings.Contains(stderr, "Warning: the streams not adopted above") {
		t.Fatalf("a mismatch: exit %d\n%s%s", code, out, stderr)
	}
	if after := versionsOf(t, api, "adoptno-ns", "foo"); after != before {
		t.Fatalf("a refused adoption changed the objects:\n%s\nwere\n%s", after, before)
	}
	if _, stderr, _ := runK(t, dir, "stream", "history", "foo"); !strings.Contains(stderr, "does not exist") {
		t.Fatalf("a refused adoption recorded a release: %s", stderr)
	}

	// Another store's identity on one object: refused, even with --force.
	d, err := api.AppsV1().Deployments("adoptno-ns").Get(ctx, "foo-log-v1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.Labels["dataflow-store-id"] = "another-store"
	if _, err := api.AppsV1().Deployments("adoptno-ns").Update(ctx, d, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	out = mustRunK(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "--force", "-o", "json")
	if action, detail := streamAction(t, out, "foo"); action != "not adopted" || detail != "deployment foo-log-v1 in namespace adoptno-ns belongs to another dataflow store (id another-store)" {
		t.Fatalf("another store's object: %q %q", action, detail)
	}
	d, _ = api.AppsV1().Deployments("adoptno-ns").Get(ctx, "foo-log-v1", metav1.GetOptions{})
	delete(d.Labels, "dataflow-store-id")
	if _, err := api.AppsV1().Deployments("adoptno-ns").Update(ctx, d, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	// With --force, the differences are adopted as they run, and said.
	out = mustRunK(t, dir, "scdf", "import", "--uri", srv.URL, "--adopt", "--force", "-o", "json")
	if action, detail := streamAction(t, out, "foo"); action != "adopt" || !strings.Contains(detail, "with --force, although foo-log-v1 runs 3 replicas") {
		t.Fatalf("forced: %q %q", action, detail)
	}
	wantHistoryK(t, dir, "foo", "2 DEPLOYED")

	// A stream SCDF says runs, with an app missing on the account: listed, not adopted.
	if err := api.AppsV1().Deployments("adoptno-ns").Delete(ctx, "foo-time-v2", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	dir2 := t.TempDir()
	writeAccounts(t, dir2, os.Getenv("KUBECONFIG"), "adoptno-ns")
	out = mustRunK(t, dir2, "scdf", "import", "--uri", srv.URL, "--adopt", "--force", "-o", "json")
	if action, detail := streamAction(t, out, "foo"); action != "not adopted" || !strings.Contains(detail, "no object of app 'time' found on account 'team'") {
		t.Fatalf("an app missing: %q %q", action, detail)
	}
}
