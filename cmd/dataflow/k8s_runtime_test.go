//go:build k8sintegration

package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Logs with --tail, --since and --follow, and runtime actuator through the API server's pod proxy, on the test
// cluster. Its pods are KWOK's: no container runs and pod IPs route nowhere, so the proxy cannot reach an app.
// What is tested of the actuator is the request dataflow makes (the pods/proxy subresource of the pod, its
// container port, the endpoint below /actuator) and how the API server's refusal reaches the user.
func TestKubernetesLogsAndActuator(t *testing.T) {
	const ns = "runtime-ns"
	cluster(t, ns)
	dir := t.TempDir()
	proxy := startAPIProxy(t, os.Getenv("KUBECONFIG"), dir)
	// A short requestTimeout: a follow outlives it (it bounds the wait for the log to start only).
	account := fmt.Sprintf("  - name: team\n    type: kubernetes\n    kubernetes: {kubeconfig: %q, namespace: %s, requestTimeout: 2s}\n", proxy.Kubeconfig, ns)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("streams:\n"+account+"tasks:\n"+account), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct{ name, typ string }{{"time", "source"}, {"log", "sink"}} {
		mustRunK(t, dir, "app", "register", "--name", a.name, "--type", a.typ, "--uri", "docker:springcloudstream/"+a.name+":1.0.0")
	}
	mustRunK(t, dir, "stream", "create", "tick", "--definition", "time | log")
	mustRunK(t, dir, "stream", "deploy", "tick", "--wait", "--timeout", "60s")

	// The cluster's fake container log has five lines.
	all := mustRunK(t, dir, "stream", "logs", "tick", "--app", "log")
	if strings.Count(all, "fake container log line") != 5 {
		t.Fatalf("logs:\n%s", all)
	}
	if got := mustRunK(t, dir, "stream", "logs", "tick", "--app", "log", "--tail", "2"); got != "==> tick-log-v1 <==\nfake container log line 4\nfake container log line 5\n" {
		t.Fatalf("--tail 2:\n%q", got)
	}
	var logRequests []string
	for _, r := range proxy.seen() {
		if strings.HasSuffix(r, "/log") {
			logRequests = append(logRequests, r)
		}
	}
	if len(logRequests) != 2 {
		t.Fatalf("log requests: %v", logRequests)
	}
	mustRunK(t, dir, "stream", "logs", "tick", "--app", "log", "--since", "10m")
	_, stderr, code := runK(t, dir, "stream", "logs", "tick", "--since", "ten minutes")
	if code != 2 || stderr != "Invalid value 'ten minutes' for option '--since': give a duration such as 30s, 10m or 2h\n" {
		t.Fatalf("a bad --since: %d %q", code, stderr)
	}

	// --follow keeps the pod log API's stream open until Ctrl-C, which ends it with 130 and nothing said.
	follow := exec.Command(binary, "stream", "logs", "tick", "--follow")
	follow.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"),
		"HOME="+dir, "NO_COLOR=1")
	stdout, err := follow.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var followErr bytes.Buffer
	follow.Stderr = &followErr
	if err := follow.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	var got []string
	for len(got) < 10 && lines.Scan() {
		got = append(got, lines.Text())
	}
	for _, l := range got {
		if !strings.HasPrefix(l, "[tick-log-v1-") && !strings.HasPrefix(l, "[tick-time-v1-") {
			t.Errorf("a followed line without its pod: %q", l)
		}
	}
	exited := make(chan error, 1)
	go func() {
		_, _ = io.Copy(io.Discard, stdout)
		exited <- follow.Wait()
	}()
	select {
	case err := <-exited:
		t.Fatalf("the follow ended by itself (%v): %s", err, followErr.String())
	case <-time.After(3 * time.Second): // longer than the account's requestTimeout
	}
	if err := follow.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = <-exited
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 || followErr.Len() != 0 {
		t.Fatalf("Ctrl-C ends a follow with 130 and nothing said: %v %q", err, followErr.String())
	}
	if !slices.ContainsFunc(proxy.seen(), func(r string) bool { return strings.HasSuffix(r, "/log") }) {
		t.Fatal("no log request")
	}

	// The actuator: the request goes to the pod's proxy subresource; the API server cannot reach a KWOK pod.
	apps := runtimeAppsByID(t, mustRunK(t, dir, "runtime", "apps", "--appId", "tick.log-v1", "-o", "json"))
	pod := apps["tick-log-v1"].Instances[0].ID
	_, stderr, code = runK(t, dir, "runtime", "actuator", "get", "--appId", "tick-log-v1", "--instanceId", pod, "--endpoint", "info")
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "the API server could not reach pod "+pod+" through its proxy: ") {
		t.Fatalf("actuator on a KWOK pod: %d %q", code, stderr)
	}
	t.Logf("the API server's answer, as the user sees it: %s", stderr)
	want := "GET /api/v1/namespaces/" + ns + "/pods/" + pod + ":8080/proxy/actuator/info"
	if !slices.Contains(proxy.seen(), want) {
		t.Fatalf("no %s among %v", want, proxy.seen())
	}
	_, stderr, code = runK(t, dir, "runtime", "actuator", "post", "--appId", "tick-log-v1", "--instanceId", pod, "--endpoint", "/loggers/x", "--data", `{"configuredLevel":"DEBUG"}`)
	if code != 1 || !slices.Contains(proxy.seen(), "POST /api/v1/namespaces/"+ns+"/pods/"+pod+":8080/proxy/actuator/loggers/x") {
		t.Fatalf("actuator post: %d %q", code, stderr)
	}
	_, stderr, code = runK(t, dir, "runtime", "actuator", "get", "--appId", "tick-log-v1", "--instanceId", "nosuch-pod", "--endpoint", "info")
	if code != 1 || stderr != "App with deploymentId tick-log-v1 has no deployed instance nosuch-pod (its instances: "+pod+")\n" {
		t.Fatalf("an unknown pod: %d %q", code, stderr)
	}
	mustRunK(t, dir, "stream", "undeploy", "tick")

	// A task's log: the pod's, by execution id or by the pod's name (the external execution id).
	mustRunK(t, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0")
	mustRunK(t, dir, "task", "create", "t", "--definition", "train")
	id := launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t"))[2]
	ext := regexp.MustCompile(`External Execution Id\s*│(\S+)`).FindStringSubmatch(mustRunK(t, dir, "task", "execution", "status", id))
	if ext == nil {
		t.Fatal("no external execution id")
	}
	if got := mustRunK(t, dir, "task", "execution", "log", id, "--tail", "1"); got != "fake container log line 5\n" {
		t.Fatalf("task log --tail 1: %q", got)
	}
	// The pod has ended (KWOK ends task pods at once): a follow shows the log and returns.
	if got := mustRunK(t, dir, "task", "execution", "log", "--externalExecutionId", ext[1], "--platform", "team", "--follow"); strings.Count(got, "fake container log line") != 5 {
		t.Fatalf("task log --follow of an ended pod: %q", got)
	}
}
