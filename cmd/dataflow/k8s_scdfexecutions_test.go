//go:build k8sintegration

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
)

// An execution SCDF has running on the cluster, imported with `scdf import --executions` onto a store whose
// Kubernetes account is named as SCDF's platform and works in the same namespace: no dataflow command stops,
// settles, cleans up or deletes SCDF's pod; its record here can go (cleanup --removeData), the pod stays.
func TestKubernetesSCDFRunIsLeftAlone(t *testing.T) {
	api := cluster(t, "scdfexec-ns")
	ctx := context.Background()
	dir := t.TempDir()
	account := fmt.Sprintf("  - {name: k8s, type: kubernetes, kubernetes: {kubeconfig: %q, namespace: scdfexec-ns}}\n", os.Getenv("KUBECONFIG"))
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("streams:\n"+account+"tasks:\n"+account), 0o600); err != nil {
		t.Fatal(err)
	}
	// SCDF's pod, labelled as SCDF's Kubernetes task launcher labels its runs.
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "ts-scdf7", Labels: map[string]string{"task-name": "ts", "role": "spring-app", "spring-app-id": "ts-scdf7"}},
		Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever, Containers: []corev1.Container{{Name: "ts", Image: "springcloudtask/timestamp-task:2.0.2"}}}}
	created, err := api.CoreV1().Pods("scdfexec-ns").Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-time.Hour).UTC()
	zero := 0
	srv := scdftest.New(scdftest.Estate{
		Apps:  []scdftest.App{{Type: "task", Name: "timestamp", URI: "docker:springcloudtask/timestamp-task:2.0.2", Version: "2.0.2", Default: true}},
		Tasks: []scdftest.Task{{Name: "ts", DSL: "timestamp"}},
		Executions: []scdftest.Execution{
			{ID: 7, TaskName: "ts", Start: start, Platform: "k8s", ExternalID: "ts-scdf7", SchemaTarget: "boot2",
				Arguments: []string{"--spring.datasource.password=pgsecret"}},
			{ID: 6, TaskName: "ts", Start: start, End: start.Add(time.Minute), ExitCode: &zero, Platform: "k8s", ExternalID: "ts-scdf6", SchemaTarget: "boot2"},
		},
	}, 1)
	defer srv.Close()

	out := mustRunK(t, dir, "scdf", "import", "--uri", srv.URL, "--executions")
	if !strings.Contains(out, "Task executions: 2 created") {
		t.Fatalf("import:\n%s", out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "df.db*")) // the database and its write-ahead log
	if len(files) == 0 {
		t.Fatal("no store file")
	}
	for _, f := range files {
		if data, err := os.ReadFile(f); err != nil || strings.Contains(string(data), "pgsecret") {
			t.Fatalf("the secret argument reached the store in %s (or it cannot be read: %v)", f, err)
		}
	}
	if e := executionStatus(t, dir, "7"); e.Status != "RUNNING" || e.ExternalID != "ts-scdf7" {
		t.Fatalf("status of SCDF's run %+v", e)
	}
	_, stderr, code := runK(t, dir, "task", "execution", "stop", "7")
	if code != 1 || !strings.Contains(stderr, "Cannot stop task execution 7: it was launched by SCDF") {
		t.Fatalf("stop: exit %d\n%s", code, stderr)
	}
	mustRunK(t, dir, "task", "execution", "list")
	mustRunK(t, dir, "task", "execution", "current")
	mustRunK(t, dir, "task", "execution", "cleanup", "--all", "--includeNonCompleted", "--removeData", "--force")
	out, _, _ = runK(t, dir, "task", "execution", "list")
	if strings.Contains(out, "│7") || strings.Contains(out, "│6") {
		t.Fatalf("the records are still here:\n%s", out)
	}
	got, err := api.CoreV1().Pods("scdfexec-ns").Get(ctx, "ts-scdf7", metav1.GetOptions{})
	if err != nil || got.UID != created.UID || got.DeletionTimestamp != nil || got.Labels["dataflow-store-id"] != "" {
		t.Fatalf("SCDF's pod was touched: %v %+v", err, got.ObjectMeta)
	}
}
