package kubernetes

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
)

// hungAPIServer accepts every request on 127.0.0.1 and never answers, as an API server behind a stuck proxy does.
func hungAPIServer(t *testing.T) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	return srv
}

func hungAccount(url string) platforms.Account {
	return platforms.Account{Name: "stuck", Type: platforms.Kubernetes,
		Kubernetes: &platforms.KubernetesAccount{MasterURL: url, Namespace: "default", RequestTimeout: "200ms"}}
}

// noKubeconfig keeps the test off the machine's own kubeconfig.
func noKubeconfig(t *testing.T) platforms.Environment {
	home := t.TempDir()
	return platforms.Environment{Getenv: func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}}
}

// returnsWithin fails the test when call still runs after a generous deadline: the hang is what is tested.
func returnsWithin(t *testing.T, call func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-time.After(60 * time.Second):
		t.Fatal("still waiting for the API server after 60 s")
		return nil
	}
}

func wantTimeoutLine(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("a call nobody answers succeeded")
	}
	msg := err.Error()
	for _, want := range []string{"account 'stuck'", "no answer from the Kubernetes API at http://127.0.0.1:", "within 200ms", "kubernetes.requestTimeout"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q is missing from: %s", want, msg)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("not one line: %q", msg)
	}
}

func TestATaskLaunchOnAHungAPIServerGivesUp(t *testing.T) {
	srv := hungAPIServer(t)
	tasks, err := NewTasks(hungAccount(srv.URL), noKubeconfig(t))
	if err != nil {
		t.Fatal(err)
	}
	err = returnsWithin(t, func() error {
		_, err := tasks.LaunchTask(context.Background(), platforms.TaskSpec{ExecutionID: 1, TaskName: "timestamp",
			Resource: "docker:springcloudtask/timestamp-task:2.1.0", Args: []string{"--spring.cloud.task.executionid=1"}})
		return err
	})
	wantTimeoutLine(t, err)
}

func TestAStreamAppDeployOnAHungAPIServerGivesUp(t *testing.T) {
	srv := hungAPIServer(t)
	apps, err := NewApps(hungAccount(srv.URL), noKubeconfig(t))
	if err != nil {
		t.Fatal(err)
	}
	err = returnsWithin(t, func() error {
		_, err := apps.Deploy(context.Background(), cardata(nil))
		return err
	})
	wantTimeoutLine(t, err)
	if !errors.Is(err, platforms.ErrLeftBehind) {
		t.Errorf("the cleanup timed out too, so what the deploy made may be left, and the error must say so: %v", err)
	}
	err = returnsWithin(t, func() error {
		_, err := apps.Status(context.Background(), []platforms.AppRef{{DeploymentID: "foo-cardata-v1"}})
		return err
	})
	wantTimeoutLine(t, err)
}

func TestABadRequestTimeoutIsRefusedBeforeAnyCall(t *testing.T) {
	acc := hungAccount("http://127.0.0.1:1")
	acc.Kubernetes.RequestTimeout = "soon"
	_, err := NewTasks(acc, noKubeconfig(t))
	if err == nil || !strings.Contains(err.Error(), "account 'stuck': kubernetes.requestTimeout 'soon' is not a duration") {
		t.Fatalf("got %v", err)
	}
}
