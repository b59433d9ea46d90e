package main

import (
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
)

// scdf import from the built binary: the password from the environment (off the process's arguments), the exit
// codes of a refused login and of a definition the DSL refuses, and a second run that changes nothing.
func TestSCDFImportEndToEnd(t *testing.T) {
	srv := scdftest.New(scdftest.Estate{
		Apps: []scdftest.App{
			{Type: "source", Name: "time", URI: "docker:springcloudstream/time-source-rabbit:3.2.1", Version: "3.2.1", Default: true},
			{Type: "sink", Name: "log", URI: "docker:springcloudstream/log-sink-rabbit:3.2.1", Version: "3.2.1", Default: true},
		},
		Streams: []scdftest.Stream{{Name: "ticktock", DSL: "time | log"}, {Name: "other", DSL: "time | log --level=WARN"}},
	}, 2)
	srv.Change(func(x *scdftest.Server) { x.Username, x.Password = "admin", "s3cret" })
	defer srv.Close()
	dir := t.TempDir()
	env := []string{"KUBECONFIG=", "DATAFLOW_SCDF_PASSWORD=s3cret"}

	out, stderr, code := runEnv(t, dir, "", env, "scdf", "import", "--uri", srv.URL, "--username", "admin")
	if code != 0 || !strings.Contains(out, "Imported from "+srv.URL+": 4 created") {
		t.Fatalf("import: exit %d\n%s%s", code, out, stderr)
	}
	out, _, code = runEnv(t, dir, "", env, "stream", "list")
	if code != 0 || !strings.Contains(out, "ticktock") || !strings.Contains(out, "other") {
		t.Fatalf("stream list after the import: exit %d\n%s", code, out)
	}
	out, _, code = runEnv(t, dir, "", env, "scdf", "import", "--uri", srv.URL, "--username", "admin")
	if code != 0 || !strings.HasPrefix(out, "Nothing to import from "+srv.URL) {
		t.Fatalf("second import: exit %d\n%s", code, out)
	}

	_, stderr, code = runEnv(t, dir, "", []string{"KUBECONFIG="}, "scdf", "import", "--uri", srv.URL, "--username", "admin", "--password", "wrong")
	if code != 1 || !strings.Contains(stderr, "refused the credentials (401 Unauthorized)") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("a wrong password: exit %d\n%s", code, stderr)
	}

	srv.Change(func(x *scdftest.Server) {
		x.Estate.Streams = append(x.Estate.Streams, scdftest.Stream{Name: "broken", DSL: "time | | log"})
	})
	srv.Change(func(x *scdftest.Server) {
		x.Estate.Apps = append(x.Estate.Apps, scdftest.App{Type: "processor", Name: "upper", URI: "docker:example/upper:1.0.0", Version: "1.0.0"})
	})
	_, stderr, code = runEnv(t, dir, "", env, "scdf", "import", "--uri", srv.URL, "--username", "admin")
	if code != 1 || !strings.Contains(stderr, "nothing imported: 1 problem(s)") || !strings.Contains(stderr, "stream broken: ") {
		t.Fatalf("a refused definition: exit %d\n%s", code, stderr)
	}
	out, _, _ = runEnv(t, dir, "", env, "app", "list")
	if strings.Contains(out, "upper") {
		t.Fatalf("the app beside the refused definition was registered:\n%s", out)
	}
}
