package cloudfoundry

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// returnsWithin fails the test when call still runs after a generous deadline: the hang is what is tested.
func returnsWithin(t *testing.T, call func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-time.After(60 * time.Second):
		t.Fatal("still waiting for Cloud Foundry after 60 s")
		return nil
	}
}

func shortTimeout(cf *platforms.CloudFoundryAccount) { cf.Connection.RequestTimeout = "300ms" }

func wantTimeoutLine(t *testing.T, err error, s *cctest.Server) {
	t.Helper()
	if err == nil {
		t.Fatal("a call nobody answers succeeded")
	}
	msg := err.Error()
	for _, want := range []string{"account 'cfzone': no answer from Cloud Foundry at " + s.URL(), "within 300ms", "connection.requestTimeout"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q is missing from: %s", want, msg)
		}
	}
	if strings.Contains(msg, "\n") || strings.Count(msg, "account 'cfzone'") != 1 {
		t.Errorf("not one plain line: %q", msg)
	}
}

// A foundation that stops answering in the middle of a launch (here: the task create) ends the launch with a
// line that names the account and the limit.
func TestALaunchOnAHungFoundationGivesUp(t *testing.T) {
	s := newServer(t)
	l := newTasks(t, s, shortTimeout)
	s.HangNext("POST", "/v3/apps/") // POST /v3/apps/<guid>/tasks
	jar := testJar(t)
	err := returnsWithin(t, func() error {
		_, err := l.LaunchTask(context.Background(), taskSpec(1, jar, nil))
		return err
	})
	wantTimeoutLine(t, err, s)
}

// A login that is never answered (the UAA token request) gives up the same way.
func TestALoginNobodyAnswersGivesUp(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s, shortTimeout)
	s.HangNext("POST", "/oauth/token")
	err := returnsWithin(t, func() error {
		_, err := a.Deploy(context.Background(), deployment("ticktock", "time", 1, "docker:springcloudstream/time-source-rabbit:3.2.1", nil, nil))
		return err
	})
	wantTimeoutLine(t, err, s)
}
