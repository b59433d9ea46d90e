package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/testdb"
	"github.com/dataflow-cli/dataflow/store"
)

// binary is the dataflow executable built once for these end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dataflow-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "dataflow")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // as `make build` ships it: static, faster to start
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "cannot build dataflow:", err)
		os.Exit(1)
	}
	// The tests register Docker Hub images they never pull, with no network: registration is told not to read
	// the images' labels (the image test turns it back on for its in-process registry).
	if err := os.Setenv("DATAFLOW_IMAGE_METADATA", "off"); err != nil {
		panic(err)
	}
	code := testdb.Main(m)
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, "cannot remove the test binary:", err)
	}
	os.Exit(code)
}

// closeStore closes a store a test opened to look at or prepare what dataflow keeps, failing the test if it
// cannot.
func closeStore(tb testing.TB, s *store.Store) {
	tb.Helper()
	if err := s.Close(); err != nil {
		tb.Error(err)
	}
}

// run executes dataflow with its own store and config, and no kubeconfig, and returns stdout, stderr and the
// exit code.
func run(t testing.TB, dir, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return runEnv(t, dir, stdin, []string{"KUBECONFIG="}, args...)
}

// runEnv is run with more environment variables (they win over the process's).
func runEnv(t testing.TB, dir, stdin string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"),
		"HOME="+dir, "NO_COLOR=1"), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

func TestOneShotExitCodes(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args     []string
		code     int
		inStderr string
	}{
		{[]string{"version"}, 0, ""},
		{[]string{"--version"}, 0, ""},
		{[]string{"dataflow", "config", "server", "http://localhost:9393"}, 0, ""},
		{[]string{"dataflow", "config", "server", "--password", "x"}, 2, "A password may be specified only together with a username"},
		{[]string{"app", "list"}, 0, ""},
		{[]string{"nope"}, 2, "No command found for 'nope'"},
		{[]string{"app", "list", "--bogus"}, 2, "Unrecognised option '--bogus'"},
		{[]string{"app", "register", "--name", "x"}, 2, "Missing option '--type'"},
		{[]string{"app", "register", "--name", "x", "--type", "source", "--uri", "docker:x:"}, 1, "Could not extract tag"},
		{[]string{"app", "list", "-o", "xml"}, 2, "xml"},
	}
	for _, c := range cases {
		_, stderr, code := run(t, dir, "", c.args...)
		if code != c.code || !strings.Contains(stderr, c.inStderr) {
			t.Errorf("dataflow %s: exit %d stderr %q; want exit %d and %q", strings.Join(c.args, " "), code, stderr, c.code, c.inStderr)
		}
	}
}

func TestPipedStdinReadsLinesPlainly(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, code := run(t, dir, "app register time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1\napp list\n")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "Successfully registered application 'source:time") || !strings.Contains(stdout, "║   │time  │") {
		t.Fatalf("stdout:\n%s", stdout)
	}
	if strings.Contains(stdout, "\x1b") || strings.Contains(stdout, "dataflow:>") {
		t.Fatalf("piped output must be plain text:\n%q", stdout)
	}
	// A failing line does not stop the session, but the exit code tells the caller something failed.
	_, stderr, code = run(t, dir, "nope\napp list\n")
	if code != 1 || !strings.Contains(stderr, "No command found for 'nope'") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestFileStopsAtFirstFailureWithItsLine(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.dfs")
	body := "// a comment\n# another\n\napp register --name a --type source \\\n   --uri docker:x/a:1.0\napp register --name a --type source --uri docker:x/a:1.0\napp register --name b --type sink --uri docker:x/b:1.0\n"
	if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, dir, "", "--file", script)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, stderr)
	}
	want := script + ":6: The 'source:a' application is already registered as docker:x/a:1.0\n"
	if stderr != want {
		t.Fatalf("stderr %q, want %q", stderr, want)
	}
	if strings.Count(stdout, "Successfully registered") != 1 {
		t.Fatalf("the line after the failure must not run; stdout %q", stdout)
	}
	// SCDF's --spring.shell.commandFile takes several files, run in order until the first failure.
	first, second := filepath.Join(dir, "first.dfs"), filepath.Join(dir, "second.dfs")
	if err := os.WriteFile(first, []byte("app register --name c --type source --uri docker:x/c:1.0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(second, []byte("app register --name d --type sink --uri docker:x/d:1.0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = run(t, dir, "", "--spring.shell.commandFile="+first+","+second)
	if code != 0 || strings.Count(stdout, "Successfully registered") != 2 {
		t.Fatalf("commandFile list: exit %d stdout %q stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = run(t, dir, "", "--spring.shell.commandFile", second+","+script+","+first)
	if code != 1 || !strings.Contains(stderr, "already registered") || strings.Contains(stdout, "source:c") {
		t.Fatalf("commandFile list stops at the first failure: exit %d stdout %q stderr %q", code, stdout, stderr)
	}
	if _, stderr, code = run(t, dir, "", "--file", first, "--spring.shell.commandFile", second); code != 2 || !strings.Contains(stderr, "not both") {
		t.Fatalf("both: exit %d stderr %q", code, stderr)
	}

	// The script command continues past failures, as SCDF 2.11 does inside the shell.
	stdout, stderr, code = run(t, dir, "", "script", "--file", script)
	if code != 1 || !strings.Contains(stdout, "application 'sink:b") || strings.Count(stderr, "already registered") != 2 {
		t.Fatalf("script: exit %d stdout %q stderr %q", code, stdout, stderr)
	}
}

// Three processes registering 300 apps each into one store at once: all 900 land, no process fails.
func TestConcurrentProcessesShareOneStore(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan string, 3)
	for p := range 3 {
		script := filepath.Join(dir, fmt.Sprintf("p%d.dfs", p))
		var b strings.Builder
		for i := range 300 {
			fmt.Fprintf(&b, "app register --name app-%d-%d --type processor --uri docker:example/app-%d:1.0.%d\n", p, i, p, i)
		}
		if err := os.WriteFile(script, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, stderr, code := run(t, dir, "", "--file", script); code != 0 {
				errs <- fmt.Sprintf("process %d: exit %d: %s", p, code, stderr)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	stdout, _, code := run(t, dir, "", "app", "list", "-o", "json")
	if code != 0 {
		t.Fatalf("app list exit %d", code)
	}
	if n := strings.Count(stdout, `"name":`); n != 900 {
		t.Fatalf("%d apps in the store, want 900", n)
	}
}

// e2eDir is a test's store directory. Before the directory is removed, it waits for every process whose command
// line names it (supervisors, task and stream apps) to leave: one still writing its end into the store would make
// the removal fail with "directory not empty". One that does not leave in time fails the test and is killed.
func e2eDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Cleanup(func() {
		deadline := time.Now().Add(20 * time.Second)
		for {
			left := processesMentioning(t, dir)
			if len(left) == 0 {
				return
			}
			if time.Now().After(deadline) {
				for _, pid := range left {
					if n, err := strconv.Atoi(pid); err == nil {
						_ = syscall.Kill(n, syscall.SIGKILL)
					}
				}
				t.Errorf("processes outlived the test: %v", left)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	return dir
}
