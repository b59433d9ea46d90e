//go:build k8sintegration

package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// versionsOf is every object of a stream with what a command would change (a Deployment's generation counts
// the changes of its spec; its resourceVersion also moves with the status the controllers write): what a refused
// command must leave as it was.
func versionsOf(t *testing.T, api kubernetes.Interface, ns, group string) string {
	t.Helper()
	ctx := context.Background()
	opts := metav1.ListOptions{LabelSelector: "spring-group-id=" + group}
	deps, err1 := api.AppsV1().Deployments(ns).List(ctx, opts)
	svcs, err2 := api.CoreV1().Services(ns).List(ctx, opts)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	var out []string
	for _, d := range deps.Items {
		out = append(out, fmt.Sprintf("deployment/%s uid=%s generation=%d owner=%s replicas=%d", d.Name, d.UID, d.Generation, d.Labels["dataflow-store-id"], *d.Spec.Replicas))
	}
	for _, s := range svcs.Items {
		out = append(out, fmt.Sprintf("service/%s@%s owner=%s app=%s", s.Name, s.ResourceVersion, s.Labels["dataflow-store-id"], s.Labels["spring-app-id"]))
	}
	return strings.Join(out, "\n")
}

// The scenario: two users, each with a SQLite store of their own (two HOMEs, two files), deploy a stream
// `shared` to one namespace. The second deploy used to rewrite the first user's Deployments, and the first
// user's undeploy then deleted the second's. Now every object carries the identity of the store that made it,
// and a command on another store's (or nobody's) objects stops before any change, saying whose they are.
func TestKubernetesTwoStoresOneNamespace(t *testing.T) {
	api := cluster(t, "shared-ns")
	ctx := context.Background()
	alice, bob := t.TempDir(), t.TempDir()
	proxy := startAPIProxy(t, os.Getenv("KUBECONFIG"), alice)
	writeAccounts(t, alice, proxy.Kubeconfig, "shared-ns")
	writeAccounts(t, bob, os.Getenv("KUBECONFIG"), "shared-ns")
	for _, dir := range []string{alice, bob} {
		for _, a := range []struct{ name, typ string }{{"time", "source"}, {"log", "sink"}} {
			mustRunK(t, dir, "app", "register", "--name", a.name, "--type", a.typ, "--uri", "docker:myorg/"+a.name+":1.0.0")
		}
		mustRunK(t, dir, "stream", "create", "shared", "--definition", "time | log")
	}
	aliceID, bobID := storeIdentity(t, alice), storeIdentity(t, bob)
	if aliceID == bobID {
		t.Fatalf("two stores share the identity %s", aliceID)
	}

	proxy.reset(0)
	mustRunK(t, alice, "stream", "deploy", "shared", "--wait", "--timeout", "60s")
	t.Logf("alice's deploy of 2 apps: %d requests: %v", len(proxy.seen()), proxy.seen())
	for _, name := range []string{"shared-time-v1", "shared-log-v1"} {
		d, err := api.AppsV1().Deployments("shared-ns").Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Labels["dataflow-store-id"] != aliceID || d.Spec.Template.Labels["dataflow-store-id"] != aliceID {
			t.Fatalf("%s labels %v, pod template %v: want alice's identity %s", name, d.Labels, d.Spec.Template.Labels, aliceID)
		}
	}
	pods, err := api.CoreV1().Pods("shared-ns").List(ctx, metav1.ListOptions{LabelSelector: "spring-group-id=shared,dataflow-store-id=" + aliceID})
	if err != nil || len(pods.Items) != 2 {
		t.Fatalf("alice's pods by her identity: %d %v", len(pods.Items), err)
	}
	before := versionsOf(t, api, "shared-ns", "shared")

	// bob's deploy, update-less scale and undeploy touch nothing of alice's.
	refused := regexp.MustCompile(`^stream shared: (deployment|service) shared-(time|log)(-v1)? in namespace shared-ns belongs to another dataflow store \(id ` + aliceID + `\); nothing changed\n$`)
	_, stderr, code := runK(t, bob, "stream", "deploy", "shared")
	if code != 1 || !refused.MatchString(stderr) {
		t.Fatalf("bob's deploy: exit %d\n%s", code, stderr)
	}
	if _, stderr, _ := runK(t, bob, "stream", "history", "shared"); !strings.Contains(stderr, "does not exist") {
		t.Fatalf("bob's refused deploy recorded a release: %s", stderr)
	}
	if _, stderr, code := runK(t, bob, "stream", "undeploy", "shared"); code != 1 || !strings.Contains(stderr, "is not deployed") {
		t.Fatalf("bob's undeploy: %d %s", code, stderr)
	}
	if after := versionsOf(t, api, "shared-ns", "shared"); after != before {
		t.Fatalf("bob's commands changed alice's objects:\n%s\nwere\n%s", after, before)
	}

	// alice's own commands go on as before.
	proxy.reset(0)
	mustRunK(t, alice, "stream", "scale", "app", "instances", "shared", "--applicationName", "log", "--count", "2")
	t.Logf("alice's scale: %d requests: %v", len(proxy.seen()), proxy.seen())
	proxy.reset(0)
	mustRunK(t, alice, "stream", "update", "shared", "--properties", "app.log.level=debug")
	t.Logf("alice's update of 1 app: %d requests: %v", len(proxy.seen()), proxy.seen())
	wantHistoryK(t, alice, "shared", "2 DEPLOYED")
	proxy.reset(0)
	mustRunK(t, alice, "stream", "undeploy", "shared")
	t.Logf("alice's undeploy of 2 apps: %d requests: %v", len(proxy.seen()), proxy.seen())
	eventuallyK(t, "alice's undeploy leaves nothing", func() string { return leftovers(t, api, "shared-ns", "spring-group-id=shared") })

	// Now bob deploys, and alice is refused in turn; bob's undeploy removes his own.
	mustRunK(t, bob, "stream", "deploy", "shared")
	before = versionsOf(t, api, "shared-ns", "shared")
	_, stderr, code = runK(t, alice, "stream", "deploy", "shared")
	if code != 1 || !strings.Contains(stderr, "belongs to another dataflow store (id "+bobID+"); nothing changed") {
		t.Fatalf("alice's deploy over bob's: exit %d\n%s", code, stderr)
	}
	if after := versionsOf(t, api, "shared-ns", "shared"); after != before {
		t.Fatalf("alice's refused deploy changed bob's objects:\n%s\nwere\n%s", after, before)
	}
	mustRunK(t, bob, "stream", "undeploy", "shared")
	eventuallyK(t, "bob's undeploy leaves nothing", func() string { return leftovers(t, api, "shared-ns", "spring-group-id=shared") })
}

// timeLogStream is a store whose one account is the namespace on the test cluster, with time and log
// registered and the stream `time | log` created, not deployed.
func timeLogStream(t *testing.T, namespace, stream string) (kubernetes.Interface, string) {
	t.Helper()
	api := cluster(t, namespace)
	dir := t.TempDir()
	writeAccounts(t, dir, os.Getenv("KUBECONFIG"), namespace)
	mustRunK(t, dir, "app", "register", "--name", "time", "--type", "source", "--uri", "docker:myorg/time:1.0.0")
	mustRunK(t, dir, "app", "register", "--name", "log", "--type", "sink", "--uri", "docker:myorg/log:1.0.0")
	mustRunK(t, dir, "stream", "create", stream, "--definition", "time | log")
	return api, dir
}

// An object of the stream that no dataflow store made (SCDF's, Skipper's, a person's) stops alice's deploy
// before it changes anything.
func TestKubernetesObjectsMadeByHandAreNotTouched(t *testing.T) {
	api, dir := timeLogStream(t, "hand-ns", "handmade")
	ctx := context.Background()
	labels := map[string]string{"spring-group-id": "handmade", "spring-app-id": "handmade-log-v1", "spring-deployment-id": "handmade-log-v1",
		"spring-application-name": "log"}
	made, err := api.AppsV1().Deployments("hand-ns").Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "handmade-log-v1", Labels: labels},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: corev1.PodTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "someone/else:1"}}}}},
	}, metav1.CreateOptions{FieldManager: "kubectl"})
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runK(t, dir, "stream", "deploy", "handmade")
	want := "stream handmade: deployment handmade-log-v1 in namespace hand-ns was not made by dataflow (it carries no dataflow-store-id: SCDF, Skipper or made by hand); nothing changed\n"
	if code != 1 || stderr != want {
		t.Fatalf("deploy over a hand-made object: exit %d\n%s\nwant\n%s", code, stderr, want)
	}
	now, err := api.AppsV1().Deployments("hand-ns").Get(ctx, "handmade-log-v1", metav1.GetOptions{})
	if err != nil || now.Generation != made.Generation || now.UID != made.UID || len(now.Labels) != len(labels) {
		t.Fatalf("the hand-made deployment changed: %v %+v", err, now.ObjectMeta)
	}
	svcs, err := api.CoreV1().Services("hand-ns").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if deps := deploymentNames(t, api, "hand-ns", ""); deps != "handmade-log-v1" || len(svcs.Items) != 0 {
		t.Fatalf("the refused deploy made deployments %s and %d services", deps, len(svcs.Items))
	}
}

// Objects that only have the names a deploy uses, with none of a stream's labels (made by hand), are not found
// by the ownership check's lists; the deploy meets them when it writes, and leaves them as they were.
func TestKubernetesUnlabelledObjectsOfTheSameNameAreNotTouched(t *testing.T) {
	api, dir := timeLogStream(t, "bare-ns", "bare")
	ctx := context.Background()
	mine := map[string]string{"app": "mine"}
	made, err := api.AppsV1().Deployments("bare-ns").Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "bare-log-v1", Labels: mine},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: mine}, Template: corev1.PodTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: mine}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "someone/else:1"}}}}},
	}, metav1.CreateOptions{FieldManager: "kubectl"})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := api.CoreV1().Services("bare-ns").Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "bare-time", Labels: mine},
		Spec:       corev1.ServiceSpec{Selector: mine, Ports: []corev1.ServicePort{{Port: 8080}}},
	}, metav1.CreateOptions{FieldManager: "kubectl"})
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runK(t, dir, "stream", "deploy", "bare")
	if code != 1 || !strings.Contains(stderr, "deployment bare-log-v1 in namespace bare-ns was not made by dataflow") &&
		!strings.Contains(stderr, "service bare-time in namespace bare-ns was not made by dataflow") {
		t.Fatalf("deploy over unlabelled objects of the same names: exit %d\n%s", code, stderr)
	}
	dep, err := api.AppsV1().Deployments("bare-ns").Get(ctx, "bare-log-v1", metav1.GetOptions{})
	if err != nil || dep.Generation != made.Generation || len(dep.Labels) != 1 || writtenByDataflow(dep.ManagedFields) {
		t.Fatalf("the hand-made deployment changed: %v %+v", err, dep.ObjectMeta)
	}
	now, err := api.CoreV1().Services("bare-ns").Get(ctx, "bare-time", metav1.GetOptions{})
	if err != nil || len(now.Labels) != 1 || len(now.Spec.Selector) != 1 || writtenByDataflow(now.ManagedFields) || svc.UID != now.UID {
		t.Fatalf("the hand-made service changed: %v %+v", err, now.ObjectMeta)
	}
	if deps := deploymentNames(t, api, "bare-ns", ""); deps != "bare-log-v1" {
		t.Fatalf("the refused deploy left deployments %s", deps)
	}
	wantHistoryK(t, dir, "bare", "1 FAILED")
}

// A deploy that fails at an object of another store (one the ownership check did not list: here it lacks the
// group label, as one made by a deploy racing this one may be when the check lists) removes only what it made
// itself: the cleanup selects the store's identity with the app id.
func TestKubernetesFailedDeployRemovesOnlyItsOwnObjects(t *testing.T) {
	api, dir := timeLogStream(t, "race-ns", "race")
	ctx := context.Background()
	theirs := map[string]string{"spring-app-id": "race-log-v1", "spring-deployment-id": "race-log-v1", "dataflow-store-id": "0123456789abcdef"}
	if _, err := api.AppsV1().Deployments("race-ns").Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "race-log-v1", Labels: theirs},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: theirs}, Template: corev1.PodTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: theirs}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "other/log:1"}}}}},
	}, metav1.CreateOptions{FieldManager: "dataflow"}); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runK(t, dir, "stream", "deploy", "race")
	if code != 1 || !strings.Contains(stderr, "deployment race-log-v1 in namespace race-ns belongs to another dataflow store (id 0123456789abcdef)") {
		t.Fatalf("deploy over another store's object: exit %d\n%s", code, stderr)
	}
	if deps := deploymentNames(t, api, "race-ns", ""); deps != "race-log-v1" {
		t.Fatalf("after the failed deploy the namespace has deployments %q, want only the other store's", deps)
	}
	wantHistoryK(t, dir, "race", "1 FAILED")
}

// writtenByDataflow says whether dataflow's field manager wrote any field of an object.
func writtenByDataflow(fields []metav1.ManagedFieldsEntry) bool {
	for _, f := range fields {
		if f.Manager == "dataflow" {
			return true
		}
	}
	return false
}

// A stream deployed by a store before stores had identities: its objects carry dataflow's labels and field
// manager but no identity. The store that recorded its release claims them (an upgrade strands no stream); a
// store made later does not.
func TestKubernetesObjectsOfAStoreFromBeforeIdentities(t *testing.T) {
	api := cluster(t, "legacy-ns")
	ctx := context.Background()
	old, other := t.TempDir(), t.TempDir()
	for _, dir := range []string{old, other} {
		writeAccounts(t, dir, os.Getenv("KUBECONFIG"), "legacy-ns")
		mustRunK(t, dir, "app", "register", "--name", "time", "--type", "source", "--uri", "docker:myorg/time:1.0.0")
		mustRunK(t, dir, "app", "register", "--name", "log", "--type", "sink", "--uri", "docker:myorg/log:1.0.0")
		mustRunK(t, dir, "stream", "create", "legacy", "--definition", "time | log")
	}
	mustRunK(t, old, "stream", "deploy", "legacy")
	// What a deploy made before identities: the same objects without the label, and a release the upgrade
	// marked (migration 0016).
	unlabel := []byte(`{"metadata":{"labels":{"dataflow-store-id":null}}}`)
	for _, name := range []string{"legacy-time-v1", "legacy-log-v1"} {
		if _, err := api.AppsV1().Deployments("legacy-ns").Patch(ctx, name, types.MergePatchType, unlabel, metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"legacy-time", "legacy-log"} {
		if _, err := api.CoreV1().Services("legacy-ns").Patch(ctx, name, types.MergePatchType, unlabel, metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// Until the release is known to predate the identity, its store refuses the unlabelled objects too.
	_, stderr, code := runK(t, old, "stream", "undeploy", "legacy")
	if code != 1 || !strings.Contains(stderr, "was made by a dataflow store without an identity") {
		t.Fatalf("undeploy of unlabelled objects of a release recorded with an identity: %d %s", code, stderr)
	}
	db, err := sql.Open("sqlite", filepath.Join(old, "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE releases SET unlabelled = 1"); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	// Another store does not claim them.
	if _, stderr, code := runK(t, other, "stream", "deploy", "legacy"); code != 1 || !strings.Contains(stderr, "was made by a dataflow store without an identity") {
		t.Fatalf("another store's deploy over the old objects: %d %s", code, stderr)
	}
	// Their own store updates and undeploys the stream: the objects are claimed.
	mustRunK(t, old, "stream", "update", "legacy", "--properties", "app.log.level=debug")
	svc, err := api.CoreV1().Services("legacy-ns").Get(ctx, "legacy-log", metav1.GetOptions{})
	if err != nil || svc.Labels["dataflow-store-id"] != storeIdentity(t, old) {
		t.Fatalf("the re-applied service carries %v (%v), want the old store's identity", svc.Labels, err)
	}
	mustRunK(t, old, "stream", "undeploy", "legacy")
	eventuallyK(t, "the claimed objects are gone", func() string { return leftovers(t, api, "legacy-ns", "spring-group-id=legacy") })
}

// wantHistoryK checks the newest release of a stream starts as want ("2 DEPLOYED").
func wantHistoryK(t *testing.T, dir, stream, want string) {
	t.Helper()
	var rows []releaseRow
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "stream", "history", stream, "-o", "json")), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("history: %v", err)
	}
	if got := fmt.Sprintf("%d %s", rows[0].Version, rows[0].Status); got != want {
		t.Fatalf("newest release %s, want %s", got, want)
	}
}

// A task's pod and a schedule's CronJob are found by the name their store recorded; cleanup, stop and destroy
// read them first and remove them only when they carry the store's identity. Here the objects are relabelled as
// another store's (as if two stores had recorded the same name): each command is refused and changes nothing.
func TestKubernetesTaskRunsAndSchedulesOfAnotherStoreAreKept(t *testing.T) {
	api := cluster(t, "runs-ns")
	ctx := context.Background()
	dir := t.TempDir()
	writeAccounts(t, dir, os.Getenv("KUBECONFIG"), "runs-ns")
	mustRunK(t, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0")
	mustRunK(t, dir, "task", "create", "t", "--definition", "train --epochs=1")
	id := storeIdentity(t, dir)
	exec := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t", "--properties", "deployer.train.kubernetes.podAnnotations=kwok.dataflow.test/run-ms:600000"))[2]
	pod := executionStatus(t, dir, exec).ExternalID
	got, err := api.CoreV1().Pods("runs-ns").Get(ctx, pod, metav1.GetOptions{})
	if err != nil || got.Labels["dataflow-store-id"] != id {
		t.Fatalf("the task's pod: %v labels %v, want the store's identity %s", err, got.Labels, id)
	}
	mustRunK(t, dir, "task", "schedule", "create", "--name", "nightly", "--definitionName", "t", "--expression", "@daily")
	cron, err := api.BatchV1().CronJobs("runs-ns").Get(ctx, "nightly", metav1.GetOptions{})
	if err != nil || cron.Labels["dataflow-store-id"] != id || cron.Spec.JobTemplate.Spec.Template.Labels["dataflow-store-id"] != id {
		t.Fatalf("the CronJob: %v labels %v", err, cron.Labels)
	}

	other := []byte(`{"metadata":{"labels":{"dataflow-store-id":"0000000000000000000000000000beef"}}}`)
	if _, err := api.CoreV1().Pods("runs-ns").Patch(ctx, pod, types.MergePatchType, other, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.BatchV1().CronJobs("runs-ns").Patch(ctx, "nightly", types.MergePatchType, other, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	theirs := "belongs to another dataflow store (id 0000000000000000000000000000beef)"
	if _, stderr, code := runK(t, dir, "task", "execution", "stop", exec); code != 1 || !strings.Contains(stderr, "pod "+pod+" in namespace runs-ns "+theirs) {
		t.Fatalf("stop of another store's pod: %d %s", code, stderr)
	}
	if _, stderr, code := runK(t, dir, "task", "schedule", "destroy", "--name", "nightly"); code != 1 || !strings.Contains(stderr, "cronjob nightly in namespace runs-ns "+theirs) {
		t.Fatalf("destroy of another store's CronJob: %d %s", code, stderr)
	}
	if p, err := api.CoreV1().Pods("runs-ns").Get(ctx, pod, metav1.GetOptions{}); err != nil || p.DeletionTimestamp != nil {
		t.Fatalf("the pod was deleted: %v", err)
	}
	if c, err := api.BatchV1().CronJobs("runs-ns").Get(ctx, "nightly", metav1.GetOptions{}); err != nil || c.DeletionTimestamp != nil {
		t.Fatalf("the CronJob was deleted: %v", err)
	}

	// Given back its identity, the store stops and removes its own.
	mine := []byte(`{"metadata":{"labels":{"dataflow-store-id":"` + id + `"}}}`)
	if _, err := api.CoreV1().Pods("runs-ns").Patch(ctx, pod, types.MergePatchType, mine, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.BatchV1().CronJobs("runs-ns").Patch(ctx, "nightly", types.MergePatchType, mine, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	mustRunK(t, dir, "task", "execution", "stop", exec)
	mustRunK(t, dir, "task", "schedule", "destroy", "--name", "nightly")
	eventuallyK(t, "the pod and the CronJob are gone", func() string {
		_, perr := api.CoreV1().Pods("runs-ns").Get(ctx, pod, metav1.GetOptions{})
		_, cerr := api.BatchV1().CronJobs("runs-ns").Get(ctx, "nightly", metav1.GetOptions{})
		if apierrors.IsNotFound(perr) && apierrors.IsNotFound(cerr) {
			return ""
		}
		return fmt.Sprintf("pod: %v, cronjob: %v", perr, cerr)
	})
}

// An indexed app is a StatefulSet whose volume claims the controller makes from its templates: they carry the
// store's identity as its pods do.
func TestKubernetesStatefulSetClaimsCarryTheStoresIdentity(t *testing.T) {
	api, dir := timeLogStream(t, "claims-ns", "idx")
	ctx := context.Background()
	mustRunK(t, dir, "stream", "deploy", "idx", "--properties", "deployer.log.indexed=true,deployer.log.count=2")
	id := storeIdentity(t, dir)
	eventuallyK(t, "the StatefulSet's claims carry the identity", func() string {
		claims, err := api.CoreV1().PersistentVolumeClaims("claims-ns").List(ctx, metav1.ListOptions{LabelSelector: "spring-app-id=idx-log-v1"})
		if err != nil {
			return err.Error()
		}
		if len(claims.Items) != 2 {
			return fmt.Sprintf("%d claims", len(claims.Items))
		}
		for _, c := range claims.Items {
			if c.Labels["dataflow-store-id"] != id {
				return fmt.Sprintf("claim %s labels %v", c.Name, c.Labels)
			}
		}
		return ""
	})
	mustRunK(t, dir, "stream", "undeploy", "idx")
	eventuallyK(t, "the claims go with the app", func() string {
		claims, err := api.CoreV1().PersistentVolumeClaims("claims-ns").List(ctx, metav1.ListOptions{LabelSelector: "spring-app-id=idx-log-v1"})
		if err != nil {
			return err.Error()
		}
		for _, c := range claims.Items {
			if c.DeletionTimestamp == nil {
				return "claim " + c.Name + " left"
			}
		}
		return ""
	})
}
