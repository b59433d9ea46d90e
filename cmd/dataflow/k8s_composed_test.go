//go:build k8sintegration

package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Composed tasks on the test cluster, each step a pod whose exit code KWOK takes from its annotations: a split
// runs between its neighbours, a failure transition handles a failed step, and a restart resumes a failed graph
// at the failed step. A long step is read about once a second, not fifty times.
func TestKubernetesComposedTask(t *testing.T) {
	cluster(t, "composed-ns")
	dir := t.TempDir()
	proxy := startAPIProxy(t, os.Getenv("KUBECONFIG"), dir)
	writeAccounts(t, dir, proxy.Kubeconfig, "composed-ns")
	mustRunK(t, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0")
	mustRunK(t, dir, "task", "create", "good", "--definition", "a: train && <b: train || c: train> && d: train")
	mustRunK(t, dir, "task", "create", "handled", "--definition", "a: train 'FAILED'->fix: train && never: train")
	mustRunK(t, dir, "task", "create", "g", "--definition", "a: train && b: train && c: train")
	annotate := func(step, annotation string) string {
		return "deployer." + step + ".kubernetes.podAnnotations=kwok.dataflow.test/" + annotation
	}

	// b runs for 2 s; the split's other branch and the step after it wait as they should.
	proxy.reset(0)
	out := mustRunK(t, dir, "task", "launch", "good", "--properties", annotate("b", "run-ms:2000"))
	if strings.Count(out, "Launched task 'good-") != 4 || !strings.Contains(out, "Composed task 'good' (execution id 1) completed") {
		t.Fatalf("good:\n%s", out)
	}
	aEnded, bLaunched := strings.Index(out, "Task 'good-a'"), strings.Index(out, "Launched task 'good-b'")
	bEnded, cEnded, dLaunched := strings.Index(out, "Task 'good-b'"), strings.Index(out, "Task 'good-c'"), strings.Index(out, "Launched task 'good-d'")
	if aEnded < 0 || aEnded > bLaunched || dLaunched < bEnded || dLaunched < cEnded {
		t.Errorf("a ends before the split starts, and d starts after both branches ended:\n%s", out)
	}
	bPod := regexp.MustCompile(`/pods/good-b-[a-z0-9]+$`)
	reads := 0
	for _, r := range proxy.seen() {
		if strings.HasPrefix(r, "GET ") && bPod.MatchString(r) {
			reads++
		}
	}
	if reads == 0 || reads > 20 {
		t.Errorf("the 2 s step's pod was read %d times", reads)
	}

	out = mustRunK(t, dir, "task", "launch", "handled", "--properties", annotate("a", "exit-code:3"))
	if !strings.Contains(out, "Task 'handled-a' (execution") || !strings.Contains(out, "ERROR, exit code 3") ||
		!strings.Contains(out, "Launched task 'handled-fix'") || strings.Contains(out, "handled-never") {
		t.Errorf("handled:\n%s", out)
	}

	_, stderr, code := runK(t, dir, "task", "launch", "g", "--properties", annotate("b", "exit-code:3"))
	failed := regexp.MustCompile(`composed task g \(execution (\d+)\) failed`).FindStringSubmatch(stderr)
	if code != 1 || failed == nil {
		t.Fatalf("g: exit %d\n%s", code, stderr)
	}
	out = mustRunK(t, dir, "task", "execution", "restart", failed[1])
	if !regexp.MustCompile(`Task 'g-a' completed in execution \d+: not run again`).MatchString(out) ||
		strings.Contains(out, "Launched task 'g-a'") || !strings.Contains(out, "Launched task 'g-b'") || !strings.Contains(out, "Launched task 'g-c'") {
		t.Fatalf("restart:\n%s", out)
	}
	restart := regexp.MustCompile(`as execution (\d+)`).FindStringSubmatch(out)
	if restart == nil {
		t.Fatalf("restart:\n%s", out)
	}
	if status := mustRunK(t, dir, "task", "execution", "status", restart[1]); !strings.Contains(status, "COMPLETE") || !strings.Contains(status, "Restart Of") {
		t.Errorf("status of the restart:\n%s", status)
	}
}
