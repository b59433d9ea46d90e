package local

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

// defaultAccount is the local account the configuration serves when none is set.
func defaultAccount() platforms.Account {
	return platforms.Account{Name: "default", Type: platforms.Local, Local: &platforms.LocalAccount{}}
}

func TestCommandForEachResourceKind(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "task-1.0.0.bin")
	jar := filepath.Join(dir, "task-1.0.0.jar")
	plain := filepath.Join(dir, "notes-1.0.0.txt")
	for path, mode := range map[string]os.FileMode{exe: 0o755, jar: 0o644, plain: 0o644} {
		if err := os.WriteFile(path, []byte("x"), mode); err != nil {
			t.Fatal(err)
		}
	}
	noTools := func(string) (string, error) { return "", errors.New("not found") }
	l := &Launcher{Account: defaultAccount(), LookPath: noTools}
	if got, err := l.Command("file://" + exe); err != nil || !reflect.DeepEqual(got, []string{exe}) {
		t.Errorf("executable: %v %v", got, err)
	}
	cases := map[string]string{
		"file://" + jar:                   "no java on the PATH",
		"file://" + plain:                 "not an executable file",
		"file:///nonexistent/x-1.0.0.bin": "does not exist on this machine",
		"docker:example/app:1.0":          "no docker command on the PATH",
		"maven://g:a:1.0":                 "it was not resolved to a file on this machine",
	}
	for uri, want := range cases {
		if _, err := l.Command(uri); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", uri, err, want)
		}
	}
	l.Account.Local = &platforms.LocalAccount{JavaCmd: "/opt/java/bin/java", JavaOpts: "-Xmx64m -Dx=y"}
	if got, err := l.Command("file:" + jar); err != nil || !reflect.DeepEqual(got, []string{"/opt/java/bin/java", "-Xmx64m", "-Dx=y", "-jar", jar}) {
		t.Errorf("jar: %v %v", got, err)
	}
}

func TestInheritedEnvironment(t *testing.T) {
	l := &Launcher{Account: defaultAccount()}
	got := l.inheritedEnv([]string{"PATH=/bin", "HOME=/root", "LC_ALL=C", "AWS_SECRET_ACCESS_KEY=x", "LANG=C.UTF-8", "MYPATH=/x"})
	if want := []string{"PATH=/bin", "LC_ALL=C", "LANG=C.UTF-8"}; !reflect.DeepEqual(got, want) {
		t.Errorf("default inheritance: %v, want %v", got, want)
	}
	l.Account.Local = &platforms.LocalAccount{EnvVarsToInherit: []string{"HOME", "AWS_.*"}}
	got = l.inheritedEnv([]string{"PATH=/bin", "HOME=/root", "AWS_REGION=eu"})
	if want := []string{"HOME=/root", "AWS_REGION=eu"}; !reflect.DeepEqual(got, want) {
		t.Errorf("account inheritance: %v, want %v", got, want)
	}
}

func TestTaskEndedKnowsAReusedPid(t *testing.T) {
	l := &Launcher{}
	gone := func(handle string) bool {
		end := l.TaskEnded(context.Background(), handle)
		if end.Ended && (!end.Failed || end.ExitCode != -1 || !strings.Contains(end.Message, "vanished")) {
			t.Errorf("a vanished run's end: %+v", end)
		}
		return end.Ended
	}
	self := os.Getpid()
	started, err := processStartTime(self)
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if gone(fmt.Sprintf("pid=%d start=%s", self, started)) {
		t.Error("a live process with its own start time is not gone")
	}
	if !gone(fmt.Sprintf("pid=%d start=1", self)) {
		t.Error("the same pid with another start time is another process: ours is gone")
	}
	if !gone("pid=2147483646 start=5") {
		t.Error("a pid that does not run is gone")
	}
	if gone("garbage") {
		t.Error("an unreadable handle is not taken for a vanished run")
	}
}
