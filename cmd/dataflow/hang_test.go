package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A Kubernetes API server that accepts requests and never answers must not hold `task launch` or `stream
// deploy` for ever: the account's requestTimeout ends them with one line that names the account and the limit.
func TestCommandsOnAHungKubernetesAccountGiveUp(t *testing.T) {
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer server.Close()
	defer close(release)
	dir := e2eDir(t)
	config := "streams:\n  - name: stuck\n    type: kubernetes\n    kubernetes: {masterUrl: '" + server.URL + "', namespace: default, requestTimeout: 300ms}\n" +
		"tasks:\n  - name: stuck\n    type: kubernetes\n    kubernetes: {masterUrl: '" + server.URL + "', namespace: default, requestTimeout: 300ms}\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	setup := "app register --name timestamp --type task --uri docker:springcloudtask/timestamp-task:2.1.0\n" +
		"app register --name time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1\n" +
		"app register --name log --type sink --uri docker:springcloudstream/log-sink-rabbit:3.2.1\n" +
		"task create stamp --definition timestamp\nstream create ticktock --definition \"time | log\"\n"
	if _, stderr, code := run(t, dir, setup); code != 0 {
		t.Fatalf("setup: %s", stderr)
	}
	for _, args := range [][]string{{"task", "launch", "stamp"}, {"stream", "deploy", "ticktock"}} {
		// A generous deadline: the hang is what is tested, not how quickly the answer comes.
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		cmd := exec.CommandContext(ctx, binary, args...)
		cmd.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"),
			"HOME="+dir, "NO_COLOR=1", "KUBECONFIG=")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		hung := ctx.Err() != nil
		cancel()
		if hung {
			t.Fatalf("%s still hangs after 90 s", strings.Join(args, " "))
		}
		if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("%s: %v, want exit code 1; stderr: %s", strings.Join(args, " "), err, stderr.String())
		}
		msg := strings.TrimSuffix(stderr.String(), "\n")
		if strings.Contains(msg, "\n") || !strings.Contains(msg, "account 'stuck': no answer from the Kubernetes API at "+server.URL+" within 300ms") ||
			!strings.Contains(msg, "kubernetes.requestTimeout") {
			t.Errorf("%s: want one line naming the account and the limit, got:\n%s", strings.Join(args, " "), msg)
		}
	}
}
