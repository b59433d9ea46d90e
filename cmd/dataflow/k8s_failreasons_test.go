//go:build k8sintegration

package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

const podSecurityRefusal = `violates PodSecurity "restricted:latest"`

// In a namespace whose Pod Security level is restricted, pods without security contexts are refused at
// admission: the ReplicaSet and Job controllers cannot create them. stream info, runtime apps, stream deploy
// --wait and task execution status say why, one line per app, instead of "deploying" for ever; once pods can
// be created the reasons go, and the status of the healthy stream is back to one request.
func TestKubernetesFailuresExplained(t *testing.T) {
	api := cluster(t, "restricted-ns")
	ctx := context.Background()
	label := func(level string) {
		t.Helper()
		patch := `{"metadata":{"labels":{"pod-security.kubernetes.io/enforce":` + level + `}}}`
		if _, err := api.CoreV1().Namespaces().Patch(ctx, "restricted-ns", types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	label(`"restricted"`)
	dir := t.TempDir()
	proxy := startAPIProxy(t, os.Getenv("KUBECONFIG"), dir)
	writeAccounts(t, dir, proxy.Kubeconfig, "restricted-ns")
	for _, a := range []struct{ name, typ string }{{"src", "source"}, {"snk", "sink"}, {"job", "task"}} {
		mustRunK(t, dir, "app", "register", "--name", a.name, "--type", a.typ, "--uri", "docker:myorg/"+a.name+":1.0.0")
	}
	mustRunK(t, dir, "stream", "create", "ps", "--definition", "src | snk")
	mustRunK(t, dir, "stream", "deploy", "ps")

	// Every app fails, with the Pod Security refusal as its reason.
	eventuallyK(t, "stream info explains the refusal", func() string {
		info := mustRunK(t, dir, "stream", "info", "ps")
		for _, app := range []string{"ps-src-v1", "ps-snk-v1"} {
			if !strings.Contains(info, "\n"+app+" failed: FailedCreate: pods \""+app+"-") || !strings.Contains(info, podSecurityRefusal) {
				return info
			}
		}
		if !strings.Contains(info, "│failed║") {
			return info
		}
		return ""
	})
	// Explaining costs the apps' Deployments and StatefulSets (a Deployment says why in its condition), no more.
	proxy.reset(0)
	mustRunK(t, dir, "stream", "info", "ps")
	if n := len(proxy.seen()); n > 3 {
		t.Errorf("stream info of a stream whose pods are refused made %d requests: %v", n, proxy.seen())
	}
	var apps []runtimeApp
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "runtime", "apps", "--name", "ps", "-o", "json")), &apps); err != nil || len(apps) != 2 {
		t.Fatalf("runtime apps: %+v %v", apps, err)
	}
	for _, a := range apps {
		if a.State != "failed" || !strings.HasPrefix(a.Reason, "FailedCreate: ") || !strings.Contains(a.Reason, podSecurityRefusal) || len(a.Instances) != 0 {
			t.Errorf("runtime app %s: %s %q", a.ID, a.State, a.Reason)
		}
	}
	if summary := mustRunK(t, dir, "runtime", "apps", "--name", "ps", "--summary"); !strings.Contains(summary, "failed (FailedCreate: ") {
		t.Errorf("runtime apps --summary:\n%s", summary)
	}

	// --wait ends as soon as the refusal shows, with it.
	mustRunK(t, dir, "stream", "create", "pw", "--definition", "src | snk")
	_, stderr, code := runK(t, dir, "stream", "deploy", "pw", "--wait", "--timeout", "60s")
	if code == 0 || !strings.Contains(stderr, "failed (FailedCreate: ") || !strings.Contains(stderr, podSecurityRefusal) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("deploy --wait: exit %d\n%s", code, stderr)
	}

	// A Job whose pod is refused stays RUNNING; its status says why. A bare task pod is refused at its launch.
	mustRunK(t, dir, "task", "create", "t", "--definition", "job")
	id := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t", "--properties", "deployer.job.kubernetes.createJob=true"))[2]
	eventuallyK(t, "task execution status explains the refusal", func() string {
		out := mustRunK(t, dir, "task", "execution", "status", id)
		if !strings.Contains(out, "Problem") || !strings.Contains(out, "FailedCreate: pods") || !strings.Contains(out, "RUNNING") {
			return out
		}
		return ""
	})
	var status struct {
		Status  string `json:"status"`
		Problem string `json:"problem"`
	}
	if err := json.Unmarshal([]byte(mustRunK(t, dir, "task", "execution", "status", id, "-o", "json")), &status); err != nil ||
		status.Status != "RUNNING" || !strings.Contains(status.Problem, podSecurityRefusal) {
		t.Errorf("task execution status -o json: %+v %v", status, err)
	}
	if _, stderr, code := runK(t, dir, "task", "launch", "t"); code == 0 || !strings.Contains(stderr, podSecurityRefusal) {
		t.Errorf("bare pod launch: exit %d %s", code, stderr)
	}
	mustRunK(t, dir, "task", "execution", "stop", id)

	// Other reasons a pod is not created or not placed: a service account that does not exist, a quota, a node
	// selector no node matches.
	label(`null`)
	mustRunK(t, dir, "stream", "undeploy", "pw")
	mustRunK(t, dir, "stream", "create", "sa", "--definition", "src | snk")
	mustRunK(t, dir, "stream", "deploy", "sa", "--properties",
		"deployer.src.kubernetes.deploymentServiceAccountName=nobody,deployer.snk.kubernetes.nodeSelector=disk:none")
	eventuallyK(t, "a missing service account and an unmatched node selector", func() string {
		info := mustRunK(t, dir, "stream", "info", "sa")
		if !strings.Contains(info, "\nsa-src-v1 failed: FailedCreate: ") || !strings.Contains(info, `serviceaccount "nobody" not found`) ||
			!strings.Contains(info, "\nsa-snk-v1 deploying: Unschedulable: 0/") {
			return info
		}
		return ""
	})
	mustRunK(t, dir, "stream", "undeploy", "sa")
	quota := &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "no-pods"},
		Spec: corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{corev1.ResourcePods: resource.MustParse("0")}}}
	if _, err := api.CoreV1().ResourceQuotas("restricted-ns").Create(ctx, quota, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	mustRunK(t, dir, "stream", "create", "qa", "--definition", "src | snk")
	mustRunK(t, dir, "stream", "deploy", "qa")
	eventuallyK(t, "an exceeded quota", func() string {
		if info := mustRunK(t, dir, "stream", "info", "qa"); !strings.Contains(info, "\nqa-snk-v1 failed: FailedCreate: ") || !strings.Contains(info, "exceeded quota: no-pods") {
			return info
		}
		return ""
	})
	mustRunK(t, dir, "stream", "undeploy", "qa")
	if err := api.CoreV1().ResourceQuotas("restricted-ns").Delete(ctx, "no-pods", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}

	// Pods that exist but cannot run (the harness's kubelet plays them): an image that cannot be pulled, a
	// container that keeps running out of memory. --wait ends at the first with its reason, stream info names both.
	crash := filepath.Join(dir, "crash.properties")
	if err := os.WriteFile(crash, []byte(
		"deployer.src.kubernetes.podAnnotations=kwok.dataflow.test/waiting-reason:ImagePullBackOff,kwok.dataflow.test/waiting-message:Back-off pulling image myorg/src\n"+
			"deployer.snk.kubernetes.podAnnotations=kwok.dataflow.test/waiting-reason:CrashLoopBackOff,kwok.dataflow.test/last-exit-code:137,"+
			"kwok.dataflow.test/last-reason:OOMKilled,kwok.dataflow.test/restart-count:4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRunK(t, dir, "stream", "create", "cr", "--definition", "src | snk")
	_, stderr, code = runK(t, dir, "stream", "deploy", "cr", "--wait", "--timeout", "60s", "--propertiesFile", crash)
	if code == 0 || (!strings.Contains(stderr, "failed (ImagePullBackOff: ") && !strings.Contains(stderr, "failed (CrashLoopBackOff (last exit code 137, OOMKilled))")) {
		t.Errorf("deploy --wait of pods that cannot run: exit %d\n%s", code, stderr)
	}
	eventuallyK(t, "stream info explains pods that cannot run", func() string {
		info := mustRunK(t, dir, "stream", "info", "cr")
		if !strings.Contains(info, "\ncr-src-v1 failed: ImagePullBackOff: Back-off pulling image myorg/src\n") ||
			!strings.Contains(info, "\ncr-snk-v1 failed: CrashLoopBackOff (last exit code 137, OOMKilled)\n") {
			return info
		}
		return ""
	})
	mustRunK(t, dir, "stream", "undeploy", "cr")
	pull := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t", "--properties",
		"deployer.job.kubernetes.podAnnotations=kwok.dataflow.test/waiting-reason:ErrImagePull"))[2]
	eventuallyK(t, "task execution status explains an image that cannot be pulled", func() string {
		if out := mustRunK(t, dir, "task", "execution", "status", pull); !strings.Contains(out, "ErrImagePull") || !strings.Contains(out, "RUNNING") {
			return out
		}
		return ""
	})
	mustRunK(t, dir, "task", "execution", "stop", pull)

	// The namespace no longer restricted, a change of the Deployment (a scale) makes its ReplicaSet create the
	// pods at once: the stream is deployed, no app line is left, and its status is one request again.
	mustRunK(t, dir, "stream", "scale", "app", "instances", "ps", "--applicationName", "src", "--count", "2")
	mustRunK(t, dir, "stream", "scale", "app", "instances", "ps", "--applicationName", "snk", "--count", "2")
	eventuallyK(t, "the stream deployed once pods may be created", func() string {
		if info := mustRunK(t, dir, "stream", "info", "ps"); strings.Contains(info, "ps-s") || !strings.Contains(info, "deployed") {
			return info
		}
		return ""
	})
	proxy.reset(0)
	mustRunK(t, dir, "stream", "info", "ps")
	if n := len(proxy.seen()); n != 1 {
		t.Errorf("stream info of a healthy stream made %d requests: %v", n, proxy.seen())
	}
	mustRunK(t, dir, "stream", "undeploy", "ps")
}
