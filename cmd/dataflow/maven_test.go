package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/jartest"
	"github.com/dataflow-cli/dataflow/internal/maven/maventest"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// echoTaskJar compiles a Java main that prints its arguments and packages it as a jar with the time source's
// configuration metadata, as a Spring Boot app carries it (at the root: the jar is not a Boot fat jar, so its
// root is its class path).
func echoTaskJar(t *testing.T, dir string) []byte {
	t.Helper()
	javac, err := exec.LookPath("javac")
	if err != nil {
		t.Fatal("a JDK (javac) is needed to build the test's app jar: install one (.ci/run checks for it)")
	}
	src := filepath.Join(dir, "Echo.java")
	code := `public class Echo { public static void main(String[] a) { for (String s : a) System.out.println("arg " + s); } }`
	if err := os.WriteFile(src, []byte(code), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(javac, "--release", "11", "-d", dir, src).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	class, err := os.ReadFile(filepath.Join(dir, "Echo.class"))
	if err != nil {
		t.Fatal(err)
	}
	entries := jartest.MetadataJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible)
	entries["META-INF/MANIFEST.MF"] = []byte("Manifest-Version: 1.0\nMain-Class: Echo\n")
	entries["Echo.class"] = class
	return jartest.Bytes(entries)
}

// A maven:// task app, end to end on the local account: registered from a repository served over HTTP with
// basic auth (its options read once), its short option names qualified at launch, the jar downloaded once into
// the local repository and run with java -jar.
func TestLocalAccountRunsAMavenAppWithQualifiedOptions(t *testing.T) {
	dir := e2eDir(t)
	repo := maventest.Start(filepath.Join(dir, "remote"))
	defer repo.Close()
	repo.User, repo.Password = "deployer", "s3cret"
	if err := repo.Publish("org.example", "echo-task", "1.0.0", "echo-task-1.0.0.jar", echoTaskJar(t, t.TempDir()), true); err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf("maven:\n  remoteRepositories:\n    repo1:\n      url: %s\n      auth: {username: deployer, password: '${REPO_PASSWORD}'}\n", repo.URL())
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"REPO_PASSWORD=s3cret"}
	if out, stderr, code := runEnv(t, dir, "", env, "app", "register", "--name", "echo", "--type", "task", "--uri", "maven://org.example:echo-task:1.0.0"); code != 0 {
		t.Fatalf("register: %s %s", out, stderr)
	}
	out, _, _ := runEnv(t, dir, "", env, "app", "info", "--name", "echo", "--type", "task")
	if !strings.Contains(out, "║time.format ") {
		t.Errorf("app info:\n%s", out)
	}
	if _, stderr, code := runEnv(t, dir, "", env, "task", "create", "e", "--definition", "echo --format=HH --dateFormat=yy --other=1"); code != 0 {
		t.Fatal(stderr)
	}
	out, stderr, code := runEnv(t, dir, "", env, "task", "launch", "e")
	m := launched.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("launch: exit %d out %q err %q", code, out, stderr)
	}
	status := waitForEnd(t, dir, m[2])
	if !strings.Contains(status, "COMPLETE") {
		t.Fatalf("status:\n%s", status)
	}
	log, _, _ := run(t, dir, "", "task", "execution", "log", m[2])
	for _, want := range []string{"arg --time.format=HH\n", "arg --time.date-format=yy\n", "arg --other=1\n"} {
		if !strings.Contains(log, want) {
			t.Errorf("the app did not get %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "arg --format=") {
		t.Errorf("a short name reached the app:\n%s", log)
	}
	local := filepath.Join(dir, ".m2", "repository", "org", "example", "echo-task", "1.0.0", "echo-task-1.0.0.jar")
	if _, err := os.Stat(local); err != nil {
		t.Errorf("not in the local repository: %v", err)
	}
	// A second launch runs the jar already there.
	out, _, _ = runEnv(t, dir, "", env, "task", "launch", "e")
	if m = launched.FindStringSubmatch(out); m == nil {
		t.Fatalf("second launch: %q", out)
	}
	waitForEnd(t, dir, m[2])
	if n := repo.Count("echo-task-1.0.0.jar"); n != 1 {
		t.Errorf("the jar was downloaded %d times: %v", n, repo.Requests())
	}

	// Bad input: one line, a non-zero exit, nothing registered.
	cases := []struct {
		env  []string
		uri  string
		want string
	}{
		{[]string{"REPO_PASSWORD=wrong"}, "maven://org.example:echo-task:2.0.0", "status code: 401, reason phrase: Unauthorized"},
		{env, "maven://org.example:missing:1.0.0", "Could not find artifact org.example:missing:jar:1.0.0 in repo1"},
	}
	for _, c := range cases {
		out, stderr, code := runEnv(t, dir, "", c.env, "app", "register", "--name", "bad", "--type", "task", "--uri", c.uri)
		if code != 1 || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%s: exit %d out %q err %q", c.uri, code, out, stderr)
		}
		if strings.Contains(stderr, "wrong") || strings.Contains(stderr, "s3cret") {
			t.Errorf("a password leaked: %q", stderr)
		}
	}
	if list, _, _ := run(t, dir, "", "app", "list"); strings.Contains(list, "bad") {
		t.Errorf("registered:\n%s", list)
	}
}

// On Cloud Foundry a maven:// task app is pushed from the local repository, as SCDF's deployer pushed it.
func TestCloudFoundryPushesAMavenApp(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	cfAccounts(t, dir, s, "")
	repo := maventest.Start(filepath.Join(dir, "remote"))
	defer repo.Close()
	if err := repo.Publish("org.example", "timestamp-task", "1.0.0", "timestamp-task-1.0.0.jar",
		jartest.Bytes(jartest.FatJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible, "", 0)), true); err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	config = append(config, fmt.Sprintf("maven:\n  remoteRepositories:\n    repo1:\n      url: %s\n", repo.URL())...)
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), config, 0o600); err != nil {
		t.Fatal(err)
	}
	mustRunCF(t, dir, "app", "register", "--name", "timestamp", "--type", "task", "--uri", "maven://org.example:timestamp-task:1.0.0")
	mustRunCF(t, dir, "task", "create", "ts", "--definition", "timestamp --format=yyyy")
	out := mustRunCF(t, dir, "task", "launch", "ts", "--platformName", "highmemory")
	m := launched.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("launch: %s", out)
	}
	mustRunCF(t, dir, "task", "execution", "status", m[2])
	status := mustRunCF(t, dir, "task", "execution", "status", m[2])
	if !strings.Contains(status, "COMPLETE") {
		t.Fatalf("status:\n%s", status)
	}
	// The definition's short option reaches the task qualified with the jar's metadata.
	if cmds := s.TaskCommands("ts"); len(cmds) != 1 || !strings.Contains(cmds[0], "--time.format=yyyy") {
		t.Fatalf("task commands %q", cmds)
	}
	if s.AppGUID("ts") == "" {
		t.Fatalf("no task app pushed: %v", s.AppNames())
	}
	if n := repo.Count("timestamp-task-1.0.0.jar"); n != 1 {
		t.Errorf("the jar was downloaded %d times", n)
	}
}
