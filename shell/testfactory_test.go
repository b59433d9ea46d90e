package shell

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"
)

// newTestFactory gives a factory over a fresh store and config in a temp dir, a fixed clock and no real
// environment, with stdout and stderr captured together.
func newTestFactory(t testing.TB) (*Factory, *bytes.Buffer) {
	f, out, _, _ := newTestSession(t)
	return f, out
}

// newTestSession also returns the environment the factory sees (tests may add to it) and its temp dir.
func newTestSession(t testing.TB) (*Factory, *bytes.Buffer, map[string]string, string) {
	t.Helper()
	tmp := t.TempDir()
	io, out := TestIO("")
	f := NewFactory(io, "1.2.3-test")
	f.DBPath = filepath.Join(tmp, "dataflow.db")
	f.ConfigPath = filepath.Join(tmp, "config.yaml")
	env := map[string]string{"HOME": tmp, "DATAFLOW_USER": "tester"}
	f.Getenv = func(k string) string { return env[k] }
	clock := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	f.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	f.Location = time.UTC
	t.Cleanup(func() { f.Close() })
	return f, out, env, tmp
}

// mustRun runs lines and fails the test on the first error.
func mustRun(t testing.TB, f *Factory, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if err := f.RunLine(context.Background(), l); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
}
