//go:build k8sintegration

package main

// End-to-end tests against the project's real Kubernetes test cluster (tools/k8s-harness; `make test` starts
// it and sets KUBECONFIG). The dataflow binary under test talks to the API server; the test reads what it
// made with client-go. Without KUBECONFIG these tests fail rather than pass having run nothing.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/dataflow-cli/dataflow/platforms/accounts"
)

func cluster(t testing.TB, namespaces ...string) kubernetes.Interface {
	t.Helper()
	path := os.Getenv("KUBECONFIG")
	if path == "" {
		t.Fatal("KUBECONFIG is not set: run these tests with `make test`, which starts the test cluster")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		t.Fatal(err)
	}
	api, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, ns := range namespaces {
		_ = api.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{})
		eventuallyK(t, "namespace "+ns+" gone", func() string {
			if _, err := api.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); apierrors.IsNotFound(err) {
				return ""
			}
			return "still there"
		})
		if _, err := api.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return api
}

func eventuallyK(t testing.TB, what string, check func() string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		if last = check(); last == "" {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: %s", what, last)
}

// runK runs dataflow with the cluster's kubeconfig (the test process's KUBECONFIG).
func runK(t testing.TB, dir string, args ...string) (string, string, int) {
	t.Helper()
	return runEnv(t, dir, "", nil, args...)
}

func mustRunK(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, stderr, code := runK(t, dir, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out, stderr)
	}
	return out
}

func deploymentNames(t *testing.T, api kubernetes.Interface, ns, selector string) string {
	t.Helper()
	list, err := api.AppsV1().Deployments(ns).List(context.Background(), metav1.ListOptions{LabelSelector: selector})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range list.Items {
		if d.DeletionTimestamp == nil {
			names = append(names, d.Name)
		}
	}
	return strings.Join(names, ",")
}

// importSeed imports the seed's Skipper and server ConfigMaps. The server's datasource (a MySQL service the
// seed's pods reach through their in-cluster variables) is taken out again: these tests launch without a task
// database, TestKubernetesTaskDatabase with one.
func importSeed(t testing.TB, dir string) {
	t.Helper()
	mustRunK(t, dir, "platform", "import", "--file", "../../testdata/accounts/skipper-config-kafka.yaml")
	mustRunK(t, dir, "platform", "import", "../../testdata/accounts/server-config.yaml")
	path := filepath.Join(dir, "config.yaml")
	c, err := accounts.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	c.TaskDatabase = nil
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
}

// The seed scenario: Skipper's ConfigMap imported, `stream deploy foo --platformName kafkazone` gives three
// Deployments in kafka-namespace with the account's limits, probe delays and binder variables; then the whole
// release lifecycle.
func TestKubernetesStreamLifecycle(t *testing.T) {
	api := cluster(t, "kafka-namespace")
	ctx := context.Background()
	dir := t.TempDir()
	importSeed(t, dir)
	for _, a := range []struct{ name, typ string }{{"cardata", "source"}, {"predict", "processor"}, {"cassandra", "sink"}} {
		mustRunK(t, dir, "app", "register", "--name", a.name, "--type", a.typ, "--uri", "docker:myorg/"+a.name+":1.0.0")
	}
	mustRunK(t, dir, "stream", "create", "foo", "--definition", "cardata | predict | cassandra")

	dry := mustRunK(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone", "--dry-run")
	if !strings.Contains(dry, "kind: Deployment") || deploymentNames(t, api, "kafka-namespace", "") != "" {
		t.Fatalf("dry run:\n%s", dry)
	}
	mustRunK(t, dir, "stream", "deploy", "foo", "--platformName", "kafkazone", "--wait", "--timeout", "60s")
	if got := deploymentNames(t, api, "kafka-namespace", "spring-group-id=foo"); got != "foo-cardata-v1,foo-cassandra-v1,foo-predict-v1" {
		t.Fatalf("deployments: %s", got)
	}
	d, err := api.AppsV1().Deployments("kafka-namespace").Get(ctx, "foo-predict-v1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := d.Spec.Template.Spec.Containers[0]
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	if c.Resources.Limits.Memory().Value() != 2048<<20 || c.Resources.Limits.Cpu().MilliValue() != 500 ||
		c.ReadinessProbe.InitialDelaySeconds != 180 || c.LivenessProbe.InitialDelaySeconds != 120 ||
		env["SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS"] != "${KAFKA_SERVICE_HOST}:${KAFKA_SERVICE_PORT}" || env["SPRING_CLOUD_APPLICATION_GROUP"] != "foo" {
		t.Fatalf("container: %+v", c)
	}
	svc, err := api.CoreV1().Services("kafka-namespace").Get(ctx, "foo-predict", metav1.GetOptions{})
	if err != nil || svc.Spec.Selector["spring-application-name"] != "predict" || svc.Spec.Ports[0].Name != "port-8080" {
		t.Fatalf("service: %+v %v", svc, err)
	}

	// Red/black: only predict is deployed again, as -v2; v1 goes once v2 is ready; the Service stays.
	mustRunK(t, dir, "stream", "update", "foo", "--properties", "app.predict.model=v2", "--timeout", "60s")
	eventuallyK(t, "predict v1 replaced", func() string {
		if got := deploymentNames(t, api, "kafka-namespace", "spring-group-id=foo"); got != "foo-cardata-v1,foo-cassandra-v1,foo-predict-v2" {
			return got
		}
		return ""
	})
	if _, err := api.CoreV1().Services("kafka-namespace").Get(ctx, "foo-predict", metav1.GetOptions{}); err != nil {
		t.Fatalf("the un-versioned service went with v1: %v", err)
	}

	// Scale in place, then an update whose new pods never become ready: it fails and v2 keeps running.
	mustRunK(t, dir, "stream", "scale", "app", "instances", "foo", "--applicationName", "cassandra", "--count", "2")
	if d, _ := api.AppsV1().Deployments("kafka-namespace").Get(ctx, "foo-cassandra-v1", metav1.GetOptions{}); *d.Spec.Replicas != 2 {
		t.Fatalf("replicas %d", *d.Spec.Replicas)
	}
	_, stderr, code := runK(t, dir, "stream", "update", "foo", "--timeout", "3s",
		"--properties", "deployer.predict.kubernetes.podAnnotations=kwok.dataflow.test/never-ready:true")
	if code != 1 || !strings.Contains(stderr, "Did not detect apps in replacing release as healthy") || !strings.Contains(stderr, "release 2 keeps running") {
		t.Fatalf("never-ready update: %d %s", code, stderr)
	}
	eventuallyK(t, "the failed v3 removed", func() string {
		if got := deploymentNames(t, api, "kafka-namespace", "spring-group-id=foo"); got != "foo-cardata-v1,foo-cassandra-v1,foo-predict-v2" {
			return got
		}
		return ""
	})
	// The Service that v3 took over is handed back to v2 when v3 goes, not deleted under it.
	if svc, err := api.CoreV1().Services("kafka-namespace").Get(ctx, "foo-predict", metav1.GetOptions{}); err != nil || svc.Labels["spring-app-id"] != "foo-predict-v2" {
		t.Fatalf("the service after the failed update: %+v %v", svc, err)
	}

	// Rollback to release 1 is release 4; the runtime view and logs come from the pods.
	mustRunK(t, dir, "stream", "rollback", "foo", "--releaseVersion", "1", "--timeout", "60s")
	var hist []releaseRow
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "stream", "history", "foo", "-o", "json")), &hist); err != nil || hist[0].Version != 4 ||
		hist[0].Description != "Rollback complete" || hist[1].Status != "FAILED" {
		t.Fatalf("history: %+v %v", hist, err)
	}
	var apps []runtimeApp
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "runtime", "apps", "-o", "json")), &apps); err != nil || len(apps) != 3 {
		t.Fatalf("runtime apps: %+v %v", apps, err)
	}
	for _, a := range apps {
		if a.State != "deployed" || a.Instances[0].Attributes["pod.name"] == "" {
			t.Fatalf("runtime app: %+v", a)
		}
	}
	if logs := mustRunK(t, dir, "stream", "logs", "foo", "--app", "cardata"); !strings.Contains(logs, "fake container log line") {
		t.Fatalf("logs: %s", logs)
	}
	if out := mustRunK(t, dir, "stream", "list"); !strings.Contains(out, "│deployed║") {
		t.Fatalf("stream list:\n%s", out)
	}

	// Undeploy leaves nothing of the stream.
	mustRunK(t, dir, "stream", "undeploy", "foo")
	eventuallyK(t, "nothing left", func() string {
		svcs, _ := api.CoreV1().Services("kafka-namespace").List(ctx, metav1.ListOptions{LabelSelector: "spring-group-id=foo"})
		if got := deploymentNames(t, api, "kafka-namespace", "spring-group-id=foo"); got != "" || len(svcs.Items) > 0 {
			return got
		}
		return ""
	})
}

type executionRow struct {
	Status      string `json:"status"`
	ExitCode    *int   `json:"exitCode"`
	ExitMessage string `json:"exitMessage"`
	ExternalID  string `json:"externalExecutionId"`
}

// executionStatus is `task execution status ID -o json`.
func executionStatus(t *testing.T, dir, id string) executionRow {
	t.Helper()
	var e executionRow
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "task", "execution", "status", id, "-o", "json")), &e); err != nil {
		t.Fatal(err)
	}
	return e
}

// executionEnded waits for the execution to be neither LAUNCHING nor RUNNING and returns it.
func executionEnded(t *testing.T, dir, id string) executionRow {
	t.Helper()
	var e executionRow
	eventuallyK(t, "execution "+id+" ends", func() string {
		if e = executionStatus(t, dir, id); e.Status == "RUNNING" || e.Status == "LAUNCHING" {
			return e.Status
		}
		return ""
	})
	return e
}

// Task launches on the seed's highmemory account: the exit code and reason are read from the pod.
func TestKubernetesTaskExecutions(t *testing.T) {
	api := cluster(t, "highmemory-namespace")
	dir := t.TempDir()
	importSeed(t, dir)
	mustRunK(t, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0")
	mustRunK(t, dir, "task", "create", "t", "--definition", "train --epochs=3")
	launch := func(annotations string) string {
		args := []string{"task", "launch", "t", "--platformName", "highmemory"}
		if annotations != "" {
			args = append(args, "--properties", "deployer.train.kubernetes.podAnnotations="+annotations)
		}
		return launched.FindStringSubmatch(mustRunK(t, dir, args...))[2]
	}
	status := func(id string) executionRow { return executionStatus(t, dir, id) }
	ended := func(id string) executionRow { return executionEnded(t, dir, id) }
	ok, three, oom := launch(""), launch("kwok.dataflow.test/exit-code:3"), launch("kwok.dataflow.test/reason:OOMKilled")
	if e := ended(ok); e.Status != "COMPLETE" || *e.ExitCode != 0 {
		t.Errorf("success: %+v", e)
	}
	if e := ended(three); e.Status != "ERROR" || *e.ExitCode != 3 || !strings.Contains(e.ExitMessage, "exited with code 3") {
		t.Errorf("exit 3: %+v", e)
	}
	if e := ended(oom); e.Status != "ERROR" || !strings.Contains(e.ExitMessage, "OOMKilled") {
		t.Errorf("OOMKilled with exit code 0 must be a failure: %+v", e)
	}
	pod, err := api.CoreV1().Pods("highmemory-namespace").Get(context.Background(), status(ok).ExternalID, metav1.GetOptions{})
	if err != nil || pod.Labels["task-name"] != "t" || pod.Spec.RestartPolicy != corev1.RestartPolicyNever ||
		strings.Contains(strings.Join(pod.Spec.Containers[0].Args, " "), "--spring.cloud.task.executionid") || pod.Labels["dataflow-execution-id"] != ok {
		t.Fatalf("task pod: %+v %v", pod, err)
	}
	if logs := mustRunK(t, dir, "task", "execution", "log", ok); !strings.Contains(logs, "fake container log line") {
		t.Errorf("log: %s", logs)
	}

	// A pod deleted while it runs is an end nobody recorded: it says so instead of running for ever.
	long := launch("kwok.dataflow.test/run-ms:600000")
	if err := api.CoreV1().Pods("highmemory-namespace").Delete(context.Background(), status(long).ExternalID, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if e := ended(long); e.Status != "ERROR" || !strings.Contains(e.ExitMessage, "was deleted") {
		t.Errorf("deleted pod: %+v", e)
	}

	// A secret property reaches the pod through a Secret named like it: the spec holds only a reference.
	secretID := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t", "--platformName", "highmemory",
		"--properties", "app.train.db.password=hunter2"))[2]
	secretPod := status(secretID).ExternalID
	sp, err := api.CoreV1().Pods("highmemory-namespace").Get(context.Background(), secretPod, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := json.Marshal(sp.Spec)
	if strings.Contains(string(spec), "hunter2") || !strings.Contains(strings.Join(sp.Spec.Containers[0].Args, " "), "--db.password=$(DATAFLOW_SECRET_DB_PASSWORD)") {
		t.Fatalf("the secret is in the pod spec, or not referenced: %s", spec)
	}
	if sec, err := api.CoreV1().Secrets("highmemory-namespace").Get(context.Background(), secretPod, metav1.GetOptions{}); err != nil ||
		string(sec.Data["DATAFLOW_SECRET_DB_PASSWORD"]) != "hunter2" {
		t.Fatalf("the run's secret: %+v %v", sec, err)
	}
	if out := mustRunK(t, dir, "task", "execution", "status", secretID); strings.Contains(out, "hunter2") {
		t.Errorf("status shows the secret:\n%s", out)
	}
	ended(secretID)

	// Cleanup deletes the ended pods (and a run's Secret) and keeps the records.
	mustRunK(t, dir, "task", "execution", "cleanup", "--all", "--force")
	eventuallyK(t, "the run's secret deleted", func() string {
		if _, err := api.CoreV1().Secrets("highmemory-namespace").Get(context.Background(), secretPod, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			return fmt.Sprint(err)
		}
		return ""
	})
	eventuallyK(t, "task pods deleted", func() string {
		pods, _ := api.CoreV1().Pods("highmemory-namespace").List(context.Background(), metav1.ListOptions{LabelSelector: "task-name=t"})
		if len(pods.Items) > 0 {
			return pods.Items[0].Name
		}
		return ""
	})
	if e := status(ok); e.Status != "COMPLETE" {
		t.Errorf("the record went with the pod: %+v", e)
	}
}
