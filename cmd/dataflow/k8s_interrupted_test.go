//go:build k8sintegration

package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dataflow-cli/dataflow/store"
)

// A launch whose dataflow process ended between creating the pod and recording it (a killed shell): the next
// look at the execution finds the pod by its execution id label and records it; a launch that left no pod is
// recorded as interrupted. Neither stays LAUNCHING.
func TestKubernetesInterruptedLaunchIsSettled(t *testing.T) {
	api := cluster(t, "highmemory-namespace")
	dir := t.TempDir()
	importSeed(t, dir)
	mustRunK(t, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0")
	mustRunK(t, dir, "task", "create", "t", "--definition", "train --epochs=3")
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	interrupted := func() string {
		id, err := st.Read().InsertExecution(ctx, store.Execution{TaskName: "t", Platform: "highmemory", Resource: "docker:myorg/train:1.0.0",
			Status: "LAUNCHING", StartTime: time.Now().Add(-time.Minute), Launcher: "pid=2147483646 start=5"})
		if err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(id, 10)
	}
	withPod, withoutPod := interrupted(), interrupted()
	closeStore(t, st)
	// The pod the killed launch had made, labelled as launches label theirs.
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "t-killed", Labels: map[string]string{"task-name": "t", "dataflow-execution-id": withPod}},
		Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever, Containers: []corev1.Container{{Name: "train", Image: "myorg/train:1.0.0"}}}}
	if _, err := api.CoreV1().Pods("highmemory-namespace").Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var e executionRow
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "task", "execution", "status", withPod, "-o", "json")), &e); err != nil {
		t.Fatal(err)
	}
	if e.ExternalID != "t-killed" || e.Status == "LAUNCHING" || e.Status == "ERROR" {
		t.Fatalf("the pod of the interrupted launch was not found: %+v", e)
	}
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "task", "execution", "status", withoutPod, "-o", "json")), &e); err != nil {
		t.Fatal(err)
	}
	if e.Status != "ERROR" || !strings.Contains(e.ExitMessage, "the launch was interrupted") {
		t.Fatalf("an interrupted launch with no pod: %+v", e)
	}
}
