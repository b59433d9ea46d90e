package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/testdb"
	"github.com/dataflow-cli/dataflow/store"
)

// pgPasswordVar is the variable the store URLs of these tests take their password from (${NAME}), as a team's
// would: a password written in the URL is refused.
const pgPasswordVar = "DATAFLOW_TEST_PGPASSWORD"

// sharedStore is a new PostgreSQL database as a store URL, and the environment a dataflow process needs for it.
func sharedStore(t testing.TB) (string, []string) {
	t.Helper()
	db := testdb.Postgres(t)
	t.Setenv(pgPasswordVar, db.Server.Password) // for the stores the test itself opens
	url := fmt.Sprintf("postgres://%s:${%s}@%s:%d/%s?sslmode=disable", db.Server.User, pgPasswordVar, db.Server.Host, db.Server.Port, db.Name)
	return url, []string{"DATAFLOW_DB=" + url, pgPasswordVar + "=" + db.Server.Password}
}

// machine is the environment of a dataflow process on a machine of its own: its HOME, its data directory and
// its accounts file are its own; the store is the shared one.
func machine(home string, shared []string) []string {
	return append([]string{"KUBECONFIG=", "XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_CONFIG_HOME=" + filepath.Join(home, "config")}, shared...)
}

// Two machines (two HOMEs, one database) register apps, deploy one stream and launch tasks at the same moment:
// every app and every execution lands once, with ids of its own, and one deploy wins while the other is told
// the stream is busy.
func TestPostgresTwoMachinesShareOneStore(t *testing.T) {
	url, shared := sharedStore(t)
	apps := t.TempDir() // the app files, at the same path on both machines
	machines := [2][]string{}
	homes := [2]string{e2eDir(t), e2eDir(t)}
	for i, home := range homes {
		machines[i] = machine(home, shared)
	}
	stream := filepath.Join(apps, "streamapp")
	for _, app := range []string{"streamapp", "exitwith"} {
		build := exec.Command("go", "build", "-o", filepath.Join(apps, app), "../../testdata/apps/"+app)
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", app, err, b)
		}
	}
	setup := filepath.Join(apps, "setup.dfs")
	var lines strings.Builder
	for _, app := range []struct{ name, typ string }{{"time", "source"}, {"log", "sink"}} {
		path := filepath.Join(apps, app.name+"-"+app.typ+"-1.0.0.bin")
		if err := os.Link(stream, path); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&lines, "app register --name %s --type %s --uri file://%s\n", app.name, app.typ, path)
	}
	quick := filepath.Join(apps, "exitwith-task-1.0.0.bin")
	if err := os.Link(filepath.Join(apps, "exitwith"), quick); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&lines, "app register --name exitwith --type task --uri file://%s\ntask create quick --definition \"exitwith --code=0\"\n", quick)
	lines.WriteString("stream create shared --definition \"time | log\"\n")
	if err := os.WriteFile(setup, []byte(lines.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := runEnv(t, homes[0], "", machines[0], "--file", setup); code != 0 {
		t.Fatalf("setup: exit %d\n%s%s", code, out, stderr)
	}

	const registered, launches = 100, 5
	type result struct {
		machine int
		what    string
		out     string
		code    int
	}
	results := make(chan result, 2*(2+launches))
	var wg sync.WaitGroup
	for m := range 2 {
		script := filepath.Join(homes[m], "register.dfs")
		var b strings.Builder
		for i := range registered {
			fmt.Fprintf(&b, "app register --name m%d-app-%d --type processor --uri docker:example/app:1.0.%d\n", m, i, i)
		}
		if err := os.WriteFile(script, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			out, stderr, code := runEnv(t, homes[m], "", machines[m], "--file", script)
			results <- result{m, "register", out + stderr, code}
		})
		wg.Go(func() {
			// The log app starts slowly, so that the winner's release is underway while the other machine tries.
			out, stderr, code := runEnv(t, homes[m], "", machines[m], "stream", "deploy", "shared", "--properties",
				"app.*.dataflow.bus.dir="+filepath.Join(homes[m], "bus")+",app.log.start-delay=2s")
			results <- result{m, "deploy", out + stderr, code}
		})
		wg.Go(func() {
			for range launches {
				out, stderr, code := runEnv(t, homes[m], "", machines[m], "task", "launch", "quick")
				results <- result{m, "launch", out + stderr, code}
			}
		})
	}
	wg.Wait()
	close(results)
	deployed := -1
	for r := range results {
		switch {
		case r.what == "deploy" && r.code == 0:
			if deployed >= 0 {
				t.Errorf("both machines deployed the stream")
			}
			deployed = r.machine
		case r.what == "deploy":
			if r.code != 1 || !strings.Contains(r.out, "Stream 'shared' is busy: release 1 ") || strings.Count(r.out, "\n") != 1 {
				t.Errorf("the losing deploy on machine %d: exit %d, %q", r.machine, r.code, r.out)
			}
		case r.code != 0:
			t.Errorf("%s on machine %d: exit %d: %s", r.what, r.machine, r.code, r.out)
		}
	}
	if deployed < 0 {
		t.Fatal("no machine deployed the stream")
	}
	t.Cleanup(func() { runEnv(t, homes[deployed], "", machines[deployed], "stream", "undeploy", "shared") })

	s, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore(t, s)
	ctx := context.Background()
	if n, err := s.Read().CountApps(ctx); err != nil || n != 2*registered+3 {
		t.Fatalf("%d apps in the shared store (%v), want %d", n, err, 2*registered+3)
	}
	releases, err := s.Read().Releases(ctx, "shared")
	if err != nil || len(releases) != 1 || releases[0].Version != 1 {
		t.Fatalf("releases of the stream: %+v %v", releases, err)
	}
	eventually(t, "every launch recorded its end", func() string {
		execs, err := s.Read().ListExecutions(ctx, "quick", 0)
		if err != nil {
			return err.Error()
		}
		ids := map[int64]bool{}
		for _, e := range execs {
			if e.EndTime.IsZero() || e.ExitCode == nil || *e.ExitCode != 0 {
				return fmt.Sprintf("execution %d: %s", e.ID, e.Status)
			}
			ids[e.ID] = true
		}
		if len(execs) != 2*launches || len(ids) != 2*launches {
			return fmt.Sprintf("%d executions, %d distinct ids", len(execs), len(ids))
		}
		return ""
	})
}

// A local store moves to PostgreSQL and back with `store copy`; a target that holds anything is refused.
func TestStoreCopyCommand(t *testing.T) {
	url, shared := sharedStore(t)
	dir := t.TempDir()
	mustRun(t, dir, "app register --name time --type source --uri docker:time:1\napp register --name log --type sink --uri docker:log:1\n"+
		"stream create s --definition \"time | log\"\n")
	out, stderr, code := run(t, dir, "", "store", "copy", "--to", url)
	if code != 0 || !strings.Contains(out, " records from "+filepath.Join(dir, "df.db")+" to postgres://postgres@") || !strings.Contains(out, "apps                 2") ||
		!strings.Contains(out, "stream_definitions   1") || strings.Contains(out+stderr, os.Getenv(pgPasswordVar)) {
		t.Fatalf("copy to PostgreSQL: exit %d\n%s%s", code, out, stderr)
	}
	if out, stderr, code := runEnv(t, dir, "", shared, "stream", "list"); code != 0 || !strings.Contains(out, "║s ") {
		t.Fatalf("stream list on the copy: exit %d\n%s%s", code, out, stderr)
	}
	if _, stderr, code := run(t, dir, "", "store", "copy", "--to", url); code != 1 ||
		!strings.Contains(stderr, "is not empty (2 rows in apps, ") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("a second copy: exit %d %q", code, stderr)
	}
	back := filepath.Join(dir, "back.db")
	if out, stderr, code := runEnv(t, dir, "", shared, "store", "copy", "--to", back); code != 0 || !strings.Contains(out, "Copied ") {
		t.Fatalf("copy back: exit %d\n%s%s", code, out, stderr)
	}
	if out, _, code := runEnv(t, dir, "", []string{"DATAFLOW_DB=" + back}, "stream", "list"); code != 0 || !strings.Contains(out, "║s ") {
		t.Fatalf("stream list back on SQLite: exit %d\n%s", code, out)
	}
	missing := filepath.Join(dir, "none.db")
	if _, stderr, code := run(t, dir, "", "store", "copy", "--from", missing, "--to", filepath.Join(dir, "x.db")); code != 1 || !strings.Contains(stderr, "there is no store at "+missing) {
		t.Fatalf("copy of a missing store: exit %d %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
		t.Fatal("a refused copy created its target")
	}
	if _, stderr, code := run(t, dir, "", "store", "copy"); code == 0 || !strings.Contains(stderr, "to") {
		t.Fatalf("copy without --to: exit %d %q", code, stderr)
	}
}

// A store URL that cannot work is one line, exit 1, and never the password.
func TestPostgresStoreBadURLs(t *testing.T) {
	_, shared := sharedStore(t)
	dir := t.TempDir()
	password := os.Getenv(pgPasswordVar)
	url := strings.TrimPrefix(shared[0], "DATAFLOW_DB=")
	written := strings.Replace(url, "${"+pgPasswordVar+"}", password, 1)
	wrong := []string{pgPasswordVar + "=not-" + password}
	for _, c := range []struct {
		name string
		env  []string
		want string
	}{
		{"wrong password", append([]string{"DATAFLOW_DB=" + url}, wrong...), "password authentication failed"},
		{"password in the URL", []string{"DATAFLOW_DB=" + written}, "the store URL holds a password"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, stderr, code := runEnv(t, dir, "", c.env, "stream", "list")
			if code != 1 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 || strings.Contains(out+stderr, password) {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, stderr)
			}
		})
	}
}

// A local task's supervisor gets what it needs to record the end in a PostgreSQL store, and the task none of it.
func TestPostgresTaskNeverSeesTheStoreCredentials(t *testing.T) {
	_, shared := sharedStore(t)
	home := e2eDir(t)
	env := machine(home, append(shared, "PGCONNECT_TIMEOUT=7"))
	app := filepath.Join(home, "envdump-task-1.0.0.bin")
	if err := os.WriteFile(app, []byte("#!/bin/sh\nenv\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, line := range [][]string{
		{"app", "register", "--name", "envdump", "--type", "task", "--uri", "file://" + app},
		{"task", "create", "dump", "--definition", "envdump"},
		{"task", "launch", "dump"},
	} {
		if out, stderr, code := runEnv(t, home, "", env, line...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", line, code, out, stderr)
		}
	}
	eventually(t, "the task's end recorded", func() string {
		out, _, _ := runEnv(t, home, "", env, "task", "execution", "status", "1")
		if !strings.Contains(out, "COMPLETE") {
			return out
		}
		return ""
	})
	log, stderr, code := runEnv(t, home, "", env, "task", "execution", "log", "1")
	if code != 0 || !strings.Contains(log, "PATH=") {
		t.Fatalf("log: exit %d\n%s%s", code, log, stderr)
	}
	for _, secret := range []string{os.Getenv(pgPasswordVar), pgPasswordVar, "PGCONNECT_TIMEOUT", "DATAFLOW_SUPERVISOR_ONLY", "HOME="} {
		if strings.Contains(log, secret) {
			t.Errorf("the task saw %q:\n%s", secret, log)
		}
	}
}
