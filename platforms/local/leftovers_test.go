package local

import (
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/procid"
)

func startSleep(t *testing.T, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return cmd
}

// Once a run's supervisor is gone, what carries the run's mark is stopped, and nothing else: not a process of
// another run, not one without a mark.
func TestStopRunFindsWhatOutlivedItsSupervisorAndNothingElse(t *testing.T) {
	supervisor := startSleep(t)
	identity, err := procid.Of(supervisor.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	token := newRunToken()
	handle := withRunToken(identity, token)
	if runToken(handle) != token {
		t.Fatalf("the mark does not read back from %q", handle)
	}
	app := startSleep(t, runVar+"="+token)
	other := startSleep(t, runVar+"="+newRunToken())
	plain := startSleep(t)
	if left := leftovers(handle, token); left != nil {
		t.Fatalf("while the supervisor runs its group is what is stopped, found %v", left)
	}
	_ = supervisor.Process.Kill()
	_ = supervisor.Wait()
	if runGone(handle, token) {
		t.Fatal("the run's app still runs, but the run is taken for gone")
	}
	if err := stopRun(handle, token, time.Second); err != nil {
		t.Fatal(err)
	}
	if err := app.Wait(); err == nil {
		t.Error("the app was not stopped")
	}
	for _, p := range []*exec.Cmd{other, plain} {
		if id, err := procid.Of(p.Process.Pid); err != nil || procid.Gone(id) {
			t.Errorf("process %d, not of this run, was stopped", p.Process.Pid)
		}
	}
	if !runGone(handle, token) {
		t.Error("the run is not seen gone after the stop")
	}
}
