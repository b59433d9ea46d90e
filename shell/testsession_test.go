package shell

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry"
	"github.com/dataflow-cli/dataflow/platforms/kubernetes"
	"github.com/dataflow-cli/dataflow/platforms/local"
)

// newTestSession gives a session over a fresh store and config in a temp dir, a fixed clock and no real
// environment, with stdout and stderr captured together.
func newTestSession(t testing.TB) (*Session, *bytes.Buffer) {
	s, out, _, _ := newTestSessionWithEnv(t)
	return s, out
}

// newTestSessionWithEnv also returns the environment the factory sees (tests may add to it) and its temp dir.
func newTestSessionWithEnv(t testing.TB) (*Session, *bytes.Buffer, map[string]string, string) {
	t.Helper()
	tmp := fixedLengthTempDir(t)
	io, out := TestIO("")
	f := NewFactory(io, "1.2.3-test")
	f.DBPath = filepath.Join(tmp, "dataflow.db")
	// Registration does not read the labels of the Docker Hub images the tests register without a network.
	env := map[string]string{"HOME": tmp, "DATAFLOW_USER": "tester", "DATAFLOW_CONFIG": filepath.Join(tmp, "config.yaml"),
		"DATAFLOW_IMAGE_METADATA": "off"}
	f.Getenv = func(k string) string { return env[k] }
	f.Environ = func() []string {
		var out []string
		for k, v := range env {
			out = append(out, k+"="+v)
		}
		sort.Strings(out)
		return out
	}
	clock := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	f.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	f.Location = time.UTC
	// The platforms cmd/dataflow wires in: what a command checks before any call depends on the account's kind.
	f.Drivers = map[platforms.AccountType]platforms.Driver{platforms.Local: local.Driver{}, platforms.Kubernetes: kubernetes.Driver{},
		platforms.CloudFoundry: cloudfoundry.Driver{Options: cloudfoundry.DefaultOptions}}
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Errorf("closing the store: %v", err)
		}
	})
	return NewSession(f), out, env, tmp
}

// mustRun runs lines and fails the test on the first error.
func mustRun(t testing.TB, s *Session, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if err := s.RunLine(context.Background(), l); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
}

// fixedLengthTempDir is a fresh directory whose path always has the same length, so that tables showing paths
// (rendered before the path is replaced by $TMP in transcripts) have the same width on every run.
func fixedLengthTempDir(t testing.TB) string {
	t.Helper()
	for range 100 {
		dir := fmt.Sprintf("/tmp/dataflow-test-%08x", rand.Uint32())
		if err := os.Mkdir(dir, 0o700); err == nil {
			t.Cleanup(func() {
				if err := os.RemoveAll(dir); err != nil {
					t.Errorf("removing %s: %v", dir, err)
				}
			})
			return dir
		}
	}
	t.Fatal("cannot create a temp directory under /tmp")
	return ""
}

// flowNotOpened is a Flow provider for options that must be refused before the store is opened.
func flowNotOpened(t testing.TB) func(context.Context) (*flow.Flow, error) {
	return func(context.Context) (*flow.Flow, error) {
		t.Helper()
		t.Fatal("the store was opened for options that should have been refused first")
		return nil, nil
	}
}

// accountsNotLoaded is an Accounts provider for options that must be refused before the configuration is read.
func accountsNotLoaded(t testing.TB) func() (*flow.Accounts, error) {
	return func() (*flow.Accounts, error) {
		t.Helper()
		t.Fatal("the account configuration was read for options that should have been refused first")
		return nil, nil
	}
}

// answers is a Prompter that answers each question with the next line, and keeps the questions.
type answers struct {
	lines     []string
	questions []string
}

func (a *answers) ReadLine(prompt string) (string, error) {
	a.questions = append(a.questions, prompt)
	if len(a.lines) == 0 {
		return "", io.EOF
	}
	line := a.lines[0]
	a.lines = a.lines[1:]
	return line, nil
}

// wantError fails the test unless err is the message want, with the exit code code.
func wantError(t testing.TB, what string, err error, want string, code int) {
	t.Helper()
	if err == nil || err.Error() != want || ExitCode(err) != code {
		t.Errorf("%s: got %v (exit code %d), want %q (exit code %d)", what, err, ExitCode(err), want, code)
	}
}
