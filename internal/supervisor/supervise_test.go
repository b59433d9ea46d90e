package supervisor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dataflow-cli/dataflow/flow"
)

// superviseApp supervises a command the way a local stream app is supervised (its end goes to a file, no
// store) and returns what the file says.
func superviseApp(t *testing.T, signals <-chan os.Signal, command ...string) string {
	t.Helper()
	exitFile := filepath.Join(t.TempDir(), "exit")
	run := Run{Command: command, ExitFile: exitFile, Signals: signals, Stdout: os.Stdout, Stderr: os.Stderr}
	if err := Supervise(context.Background(), run); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(exitFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A run's end is its exit code, or the signal that killed it, or why it never started.
func TestSuperviseRecordsHowTheRunEnded(t *testing.T) {
	for _, c := range []struct {
		name    string
		command []string
		want    string
	}{
		{"exit code", []string{"sh", "-c", "exit 3"}, "3\n"},
		{"success", []string{"true"}, "0\n"},
		{"killed", []string{"sh", "-c", "kill -KILL $$"}, "137 killed by signal killed\n"},
	} {
		if got := superviseApp(t, make(chan os.Signal), c.command...); got != c.want {
			t.Errorf("%s: the exit file says %q, want %q", c.name, got, c.want)
		}
	}
	got := superviseApp(t, make(chan os.Signal), filepath.Join(t.TempDir(), "no-such-program"))
	if !strings.HasPrefix(got, "-1 could not start: ") {
		t.Errorf("a program that cannot start: the exit file says %q", got)
	}
}

// A stop that arrived while the supervisor started ends the run before it starts: it is never lost.
func TestSuperviseStoppedBeforeTheRunStarts(t *testing.T) {
	signals := make(chan os.Signal, 1)
	signals <- syscall.SIGTERM
	marker := filepath.Join(t.TempDir(), "ran")
	got := superviseApp(t, signals, "touch", marker)
	if got != "143 stopped by terminated before it started\n" {
		t.Errorf("the exit file says %q", got)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the run started although it was stopped first")
	}
}

// The processes a launcher starts open the launcher's store and accounts.
func TestCommandLines(t *testing.T) {
	b := Binary{Executable: "/opt/dataflow", DBPath: "/data/df.db", ConfigPath: "/etc/df.yaml"}
	if got := strings.Join(b.SuperviseArgv(), " "); got != "/opt/dataflow --db /data/df.db __supervise" {
		t.Errorf("supervisor: %s", got)
	}
	if got := strings.Join(b.composeArgv(42), " "); got != "/opt/dataflow --db /data/df.db --config /etc/df.yaml __compose --execution 42" {
		t.Errorf("composed runner: %s", got)
	}
	if exe, _ := os.Executable(); (Binary{}).SuperviseArgv()[0] != exe {
		t.Errorf("without an executable, a supervisor is this binary: %v", (Binary{}).SuperviseArgv())
	}
}

// The variables a supervisor was given for itself alone (the store's credentials) never reach the run; what the
// run inherits stays, even when the supervisor needed it too.
func TestRunEnvDropsTheSupervisorsOwnVariables(t *testing.T) {
	got := runEnv([]string{"PATH=/bin", "TEAM_DB_PASSWORD=s3cret", "PGPASSFILE=/p", "HOME=/home/x", "LANG=C",
		flow.SupervisorOnlyVar + "=TEAM_DB_PASSWORD,PGPASSFILE,HOME"})
	if strings.Join(got, " ") != "PATH=/bin LANG=C" {
		t.Fatalf("the run's environment: %v", got)
	}
	if got := runEnv([]string{"PATH=/bin", "PGPASSWORD=inherited"}); strings.Join(got, " ") != "PATH=/bin PGPASSWORD=inherited" {
		t.Fatalf("without %s: %v", flow.SupervisorOnlyVar, got)
	}
}

// Without an accounts file the composed runner is not told to read one: it would refuse a named file that is
// not there, where the starting command used the embedded default.
func TestComposeArgvWithoutAccountsFile(t *testing.T) {
	b := Binary{Executable: "/opt/dataflow", DBPath: "/data/df.db"}
	if got := strings.Join(b.composeArgv(7), " "); got != "/opt/dataflow --db /data/df.db __compose --execution 7" {
		t.Fatalf("argv %q", got)
	}
}
