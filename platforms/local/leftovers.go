package local

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
)

// runVar marks every process of one supervised run: the launcher gives it to the supervisor, the supervisor's
// app inherits it, and so do the app's own children. When a supervisor is killed, its app dies with it
// (the supervisor asks the kernel for that), unless the app ignores SIGTERM or has children that do; the
// mark is how stop and undeploy still find those, and know they are this run's and not a stranger's.
const runVar = "DATAFLOW_LOCAL_RUN"

// newRunToken is a run's mark, unguessable so that no other process carries it by chance.
func newRunToken() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// withRunToken adds the run's mark to a supervisor identity ("pid=N start=T run=X"), which procid still reads.
func withRunToken(identity, token string) string { return identity + " run=" + token }

// runToken reads the mark from a handle; "" for one recorded without it (by an older dataflow, or by a
// supervisor that recorded itself).
func runToken(handle string) string {
	for _, f := range strings.Fields(handle) {
		if v, ok := strings.CutPrefix(f, "run="); ok {
			return v
		}
	}
	return ""
}

// leftovers lists the processes still running from a run whose supervisor is gone: those that carry the run's
// mark and started no earlier than the supervisor (a process older than the run cannot be part of it). While
// the supervisor runs, or when the run has no mark, there are none to find: the supervisor's process group is
// what is signalled then.
func leftovers(supervisor, token string) []string {
	if token == "" || !procid.Gone(supervisor) {
		return nil
	}
	_, start, err := procid.Parse(supervisor)
	if err != nil {
		return nil
	}
	since, err := strconv.ParseUint(start, 10, 64)
	if err != nil {
		return nil
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	mark := []byte(runVar + "=" + token + "\x00")
	self := os.Getpid()
	var found []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		started, err := procid.StartTime(pid)
		if err != nil {
			continue
		}
		if t, err := strconv.ParseUint(started, 10, 64); err != nil || t < since {
			continue
		}
		env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || !(bytes.HasPrefix(env, mark) || bytes.Contains(env, append([]byte{0}, mark...))) {
			continue
		}
		found = append(found, fmt.Sprintf("pid=%d start=%s", pid, started))
	}
	return found
}

// runGone is true once neither the supervisor nor anything left of its run is running.
func runGone(supervisor, token string) bool {
	return procid.Gone(supervisor) && len(leftovers(supervisor, token)) == 0
}

// signalRun sends sig to the supervisor's process group (the supervisor and its app) while the supervisor
// runs, and to each process left of the run once it does not. A process is signalled only while its pid is
// still the one found (same start time).
func signalRun(supervisor, token string, sig syscall.Signal) {
	if pid, _, err := procid.Parse(supervisor); err == nil && !procid.Gone(supervisor) {
		_ = syscall.Kill(-pid, sig)
	}
	for _, p := range leftovers(supervisor, token) {
		if pid, _, err := procid.Parse(p); err == nil && !procid.Gone(p) {
			_ = syscall.Kill(pid, sig)
		}
	}
}

// killWait is how long processes get to disappear after SIGKILL.
const killWait = 5 * time.Second

// stopRun ends a run as SCDF's local deployer ends an app: SIGTERM, then SIGKILL once grace has passed. It
// returns only when it has seen the run gone, or says what is still there.
func stopRun(supervisor, token string, grace time.Duration) error {
	if runGone(supervisor, token) {
		return nil
	}
	signalRun(supervisor, token, syscall.SIGTERM)
	if waitRunGone(supervisor, token, time.Now().Add(grace)) {
		return nil
	}
	signalRun(supervisor, token, syscall.SIGKILL)
	if waitRunGone(supervisor, token, time.Now().Add(killWait)) {
		return nil
	}
	var pids []string
	for _, p := range append([]string{supervisor}, leftovers(supervisor, token)...) {
		if pid, _, err := procid.Parse(p); err == nil && !procid.Gone(p) {
			pids = append(pids, strconv.Itoa(pid))
		}
	}
	return fmt.Errorf("process %s is still running after SIGKILL", strings.Join(pids, ", "))
}

// shutdownGrace is the account's shutdownTimeout: how long a stopped app has between SIGTERM and SIGKILL.
func shutdownGrace(acc platforms.Account) time.Duration {
	if acc.Local != nil && acc.Local.ShutdownTimeout != nil {
		return time.Duration(*acc.Local.ShutdownTimeout) * time.Second
	}
	return time.Duration(platforms.LocalDefaults.ShutdownTimeout) * time.Second
}

func waitRunGone(supervisor, token string, deadline time.Time) bool {
	for {
		if runGone(supervisor, token) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		// A look at every process of the machine (once the supervisor is gone) is not free: not too often.
		time.Sleep(50 * time.Millisecond)
	}
}
