package local

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dataflow-cli/dataflow/internal/procid"
	"github.com/dataflow-cli/dataflow/platforms"
)

// healthTimeout bounds one look at an instance's port and health endpoint.
const healthTimeout = time.Second

// instanceStatus reads one instance's state, with SCDF's local attributes (port, url, stdout, stderr, pid).
func instanceStatus(ctx context.Context, id, dir string, in instanceHandle) platforms.InstanceStatus {
	pid, _, _ := procid.Parse(in.Process)
	attrs := map[string]string{
		"port":        strconv.Itoa(in.Port),
		"url":         fmt.Sprintf("http://127.0.0.1:%d", in.Port),
		"stdout":      filepath.Join(dir, fmt.Sprintf("stdout_%d.log", in.Index)),
		"stderr":      filepath.Join(dir, fmt.Sprintf("stderr_%d.log", in.Index)),
		"working.dir": dir,
		"pid":         strconv.Itoa(pid),
	}
	st := platforms.InstanceStatus{ID: fmt.Sprintf("%s-%d", id, in.Index), Attributes: attrs}
	// An app whose supervisor recorded its end needs no look for what outlived the supervisor: only an app whose
	// supervisor was killed can outlive it, and a look at every process of the machine costs milliseconds.
	exitFile := filepath.Join(dir, fmt.Sprintf("exit_%d", in.Index))
	if procid.Gone(in.Process) && (recorded(exitFile) || runGone(in.Process, in.Run)) {
		st.State = platforms.StateFailed
		attrs["reason"] = exitReason(exitFile)
		return st
	}
	conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", in.Port), healthTimeout)
	if err != nil {
		st.State = platforms.StateDeploying
		return st
	}
	_ = conn.Close() // only the dial was wanted
	st.State = platforms.StateDeployed
	if code, ok := healthCode(ctx, in.Port); ok && code >= 300 && code != http.StatusNotFound {
		st.State = platforms.StateFailed
		attrs["reason"] = fmt.Sprintf("unhealthy: /actuator/health answered HTTP %d", code)
	}
	return st
}

// healthCode asks the instance's actuator health endpoint; an app without one (404) is judged by its port.
func healthCode(ctx context.Context, port int) (int, bool) {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/actuator/health", port), nil)
	if err != nil {
		return 0, false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, false
	}
	resp.Body.Close()
	return resp.StatusCode, true
}

func recorded(exitFile string) bool {
	_, err := os.Stat(exitFile)
	return err == nil
}

// exitReason reads what the supervisor wrote when the app ended, or says the instance vanished unrecorded.
func exitReason(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "the process vanished (its supervisor was killed or the machine restarted)"
	}
	code, msg, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	if msg != "" {
		return fmt.Sprintf("exited with code %s (%s)", code, msg)
	}
	return "exited with code " + code
}

// stopInstances stops instances at once, each as SCDF's local deployer does: SIGTERM to the process group
// (the supervisor and the app), then SIGKILL once the account's shutdown timeout has passed; an app whose
// supervisor was killed is found by its run's mark and stopped the same way.
func (a *Apps) stopInstances(instances []instanceHandle) error {
	grace := shutdownGrace(a.launcher.Account)
	errs := make([]error, len(instances))
	var wg sync.WaitGroup
	for i, in := range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := stopRun(in.Process, in.Run, grace); err != nil {
				errs[i] = fmt.Errorf("instance %d: %w", in.Index, err)
			}
		}()
	}
	wg.Wait()
	var msgs []string
	for _, err := range errs {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if len(msgs) > 0 {
		return errors.New(strings.Join(msgs, "; "))
	}
	return nil
}
