// Package testdb starts throwaway database servers from the machine's Debian packages for tests: one data
// directory under the system temp dir, one free 127.0.0.1 port, password authentication, stopped by Main after
// the package's tests. Servers are started once per test binary, on first use, and each test gets its own
// database on them, so a package's tests share one start-up.
package testdb

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is one running database server.
type Server struct {
	Engine   string // "postgresql" or "mariadb"
	Host     string
	Port     int
	User     string
	Password string

	dir     string
	logFile string
	cmd     *exec.Cmd
	exited  chan struct{}

	mu      sync.Mutex
	created int
}

var (
	startMu sync.Mutex
	started = map[string]*Server{}
	failed  = map[string]error{}
)

// Main runs a package's tests and stops the servers they started. Use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	StopAll()
	return code
}

// StopAll stops every server this process started.
func StopAll() {
	startMu.Lock()
	defer startMu.Unlock()
	for engine, s := range started {
		s.stop()
		delete(started, engine)
	}
}

// shared starts the engine's server on first use and returns it; a failed start is remembered so that every
// test reports the same reason instead of trying again.
func shared(engine string, start func() (*Server, error)) (*Server, error) {
	startMu.Lock()
	defer startMu.Unlock()
	if s := started[engine]; s != nil {
		return s, nil
	}
	if err := failed[engine]; err != nil {
		return nil, err
	}
	s, err := start()
	if err != nil {
		failed[engine] = err
		return nil, err
	}
	started[engine] = s
	return s, nil
}

// nextName returns a database name not used before on this server.
func (s *Server) nextName(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.created++
	return fmt.Sprintf("%s_%d_%d", prefix, os.Getpid(), s.created)
}

func (s *Server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	// SIGTERM is a "smart" or "fast" shutdown for both engines; the data directory goes right after, so nothing
	// needs to be flushed.
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	_ = os.RemoveAll(s.dir)
}

// logTail is the end of the server's log, for a start-up failure message.
func (s *Server) logTail() string {
	b, _ := os.ReadFile(s.logFile)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return strings.Join(lines, "\n")
}

// waitForLog waits until the server's log holds marker, the server exits, or the deadline passes.
func (s *Server) waitForLog(marker string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(s.logFile); err == nil && strings.Contains(string(b), marker) {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("%s exited during start-up:\n%s", s.Engine, s.logTail())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s not ready after %s:\n%s", s.Engine, within, s.logTail())
}

// startServer runs the server as a child that dies with this process, so that a killed test run leaves no
// server behind.
func (s *Server) startServer(path string, args []string, cred *syscall.Credential) error {
	logf, err := os.Create(s.logFile)
	if err != nil {
		return err
	}
	if cred != nil {
		_ = os.Chown(s.logFile, int(cred.Uid), int(cred.Gid))
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL, Credential: cred}
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		return err
	}
	s.cmd = cmd
	s.exited = make(chan struct{})
	go func() { _ = cmd.Wait(); _ = logf.Close(); close(s.exited) }()
	return nil
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomPassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// findBinary looks for a server program on PATH and in the Debian package's directories.
func findBinary(name string, dirs ...string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, d := range dirs {
		p := d + "/" + name
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found (install the Debian package; .ci/run does)", name)
}

// serviceUser is the unprivileged account a server runs as when the tests run as root, which PostgreSQL refuses.
func serviceUser(name string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("tests run as root and user %q is missing: %w", name, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// runAs runs a setup program as the server's user and reports its output on failure.
func runAs(cred *syscall.Credential, env []string, path string, args ...string) error {
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", path, err, strings.TrimSpace(string(out)))
	}
	return nil
}
