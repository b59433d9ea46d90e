//go:build k8sintegration

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/dataflow-cli/dataflow/store"
)

// BenchmarkKubernetesTaskLaunch is `task launch` on the test cluster, from the command starting to its exit,
// when the execution is recorded with its pod (no waiting for the task). Issue 5 asks for a median of at most
// 30 ms.
//
// Between two launches (off the clock) the benchmark waits for the pod to finish and the cluster to settle:
// the test cluster spends about 60 ms of CPU on each pod (scheduling it, KWOK's stages, the watches), so on a
// 2-core machine launches sent back to back measure how many pods per second the cluster can take, not how
// long a user waits for one launch.
func BenchmarkKubernetesTaskLaunch(b *testing.B) {
	api := cluster(b, "highmemory-namespace")
	dir := b.TempDir()
	importSeed(b, dir)
	mustRunK(b, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0")
	mustRunK(b, dir, "task", "create", "bench", "--definition", "train --epochs=1")
	s, err := store.Open(context.Background(), filepath.Join(dir, "df.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer closeStore(b, s)
	times := make([]time.Duration, 0, b.N)
	var cpu time.Duration
	b.ResetTimer()
	for i := range b.N {
		cmd := exec.Command(binary, "task", "launch", "bench", "--platformName", "highmemory")
		cmd.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"), "HOME="+dir)
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		times = append(times, time.Since(start))
		// The command's own CPU, apart from the wall time: on a shared machine the wall time also measures the
		// test cluster and everything else that runs.
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		b.StopTimer()
		e, err := s.Read().GetExecution(context.Background(), int64(i+1))
		if err != nil || e.ExternalID == "" || e.Handle != "pod/"+e.ExternalID {
			b.Fatalf("execution %d not recorded with its pod: %+v %v", i+1, e, err)
		}
		settle(b, api, e.ExternalID)
		b.StartTimer()
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(times)), "cpu-ms/launch")
}

// settle waits (at most 10 s) for the pod to end, then a little longer for the cluster's follow-up work.
func settle(b *testing.B, api kubernetes.Interface, pod string) {
	b.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		p, err := api.CoreV1().Pods("highmemory-namespace").Get(context.Background(), pod, metav1.GetOptions{})
		if err == nil && (p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(150 * time.Millisecond)
}
