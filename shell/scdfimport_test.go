package shell

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
)

func testSCDF(t *testing.T) *scdftest.Server {
	t.Helper()
	srv := scdftest.New(scdftest.Estate{
		Apps: []scdftest.App{
			{Type: "source", Name: "time", URI: "docker:springcloudstream/time-source-rabbit:3.2.1", Version: "3.2.1", Default: true},
			{Type: "sink", Name: "log", URI: "docker:springcloudstream/log-sink-rabbit:3.2.1", Version: "3.2.1", Default: true},
			{Type: "task", Name: "timestamp", URI: "docker:springcloudtask/timestamp-task:2.0.2", Version: "2.0.2", Default: true},
		},
		Streams: []scdftest.Stream{
			{Name: "ticktock", DSL: "time | log", DeploymentProperties: map[string]string{"spring.cloud.dataflow.skipper.platformName": "default", "app.log.password": "hunter2"}},
			{Name: "second", DSL: "time | log --level=WARN"},
			{Name: "third", DSL: "time | log"},
		},
		Tasks:     []scdftest.Task{{Name: "ts", DSL: "timestamp"}},
		Schedules: []scdftest.Schedule{{Name: "hourly", TaskName: "ts", Cron: "0 * * * *"}},
	}, 2)
	srv.Change(func(x *scdftest.Server) { x.Username, x.Password = "admin", "s3cret" })
	t.Cleanup(srv.Close)
	return srv
}

func TestSCDFImportCommand(t *testing.T) {
	srv := testSCDF(t)
	s, out := newTestSession(t)
	ctx := context.Background()

	mustRun(t, s, "scdf import --uri "+srv.URL+" --username admin --password s3cret --dryRun")
	got := out.String()
	for _, want := range []string{"│ticktock", "│create", "Dry run, nothing written; would import from " + srv.URL + ": 7 created, 0 replaced, 0 unchanged, 0 conflicts left alone",
		"app.log.password=******", "task schedule create --name hourly --definitionName ts --expression '0 * * * *'", "Note: 1 schedules were not created"} {
		if !strings.Contains(got, want) {
			t.Fatalf("dry run output lacks %q:\n%s", want, got)
		}
	}
	out.Reset()
	mustRun(t, s, "stream list")
	if strings.Contains(out.String(), "ticktock") {
		t.Fatalf("the dry run created streams:\n%s", out)
	}

	out.Reset()
	// Typed, as at the REPL: the line goes to the history, which must not hold the password.
	if err := s.runTyped(ctx, "scdf import "+srv.URL+" --username admin --password s3cret"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Imported from "+srv.URL+": 7 created") {
		t.Fatalf("import output:\n%s", out)
	}
	out.Reset()
	mustRun(t, s, "stream list", "task list", "app list", "history", "audit-record list")
	for _, want := range []string{"ticktock", "second", "third", "ts", "time", "--password ******"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("after the import, the listings lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out.String(), "s3cret") || strings.Contains(out.String(), "hunter2") {
		t.Fatalf("a secret in the listings, the history or the audit:\n%s", out)
	}

	out.Reset()
	mustRun(t, s, "scdf import --uri "+srv.URL+" --username admin --password s3cret")
	if want := "Nothing to import from " + srv.URL + ": its 7 items already match this store\n"; !strings.HasPrefix(out.String(), want) || strings.Contains(out.String(), "create\n") {
		t.Fatalf("second import:\n%q\nwant %q", out.String(), want)
	}

	// A stream changed in SCDF is listed as a conflict, left alone, then replaced with --force.
	srv.Change(func(x *scdftest.Server) { x.Estate.Streams[1].DSL = "time | log --level=ERROR" })
	out.Reset()
	mustRun(t, s, "scdf import --uri "+srv.URL+" --username admin --password s3cret -o json")
	if !strings.Contains(out.String(), `"action": "conflict"`) || !strings.Contains(out.String(), `"written": false`) {
		t.Fatalf("json conflict:\n%s", out)
	}
	out.Reset()
	mustRun(t, s, "scdf import --uri "+srv.URL+" --username admin --password s3cret --force", "stream info second")
	if !strings.Contains(out.String(), "1 replaced") || !strings.Contains(out.String(), "--level=ERROR") {
		t.Fatalf("forced:\n%s", out)
	}
}

func TestSCDFImportCommandFailures(t *testing.T) {
	srv := testSCDF(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	_ = l.Close()
	bad := scdftest.New(scdftest.Estate{
		Apps:    []scdftest.App{{Type: "source", Name: "time", URI: "docker:springcloudstream/time-source-rabbit:3.2.1", Version: "3.2.1"}},
		Streams: []scdftest.Stream{{Name: "broken", DSL: "time | | log"}},
	}, 2)
	t.Cleanup(bad.Close)

	cases := []struct{ line, want string }{
		{"scdf import", "--uri"},
		{"scdf import --uri " + dead, "cannot reach the SCDF server at " + dead},
		{"scdf import --uri " + srv.URL + " --username admin --password wrong", "refused the credentials (401 Unauthorized)"},
		{"scdf import --uri " + srv.URL + " --username admin", "--username needs --password, or the password in DATAFLOW_SCDF_PASSWORD"},
		{"scdf import --uri " + srv.URL + " --password s3cret", "A password may be specified only together with a username"},
		{"scdf import --uri " + srv.URL + " --username admin --password s3cret --credentials-provider-command 'echo x'", "not both"},
		{"scdf import --uri " + srv.URL + " --credentials-provider-command false", "--credentials-provider-command failed"},
		{"scdf import --uri " + srv.URL + " --credentials-provider-command true", "printed no token"},
		{"scdf import --uri " + bad.URL, "stream broken: "},
		{"scdf import --uri " + srv.URL + " --username admin --password s3cret -o xml", "xml"},
	}
	for _, tc := range cases {
		s, _ := newTestSession(t)
		err := s.RunLine(context.Background(), tc.line)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: want an error with %q, got %v", tc.line, tc.want, err)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: the password in the error: %v", tc.line, err)
		}
	}
	// Nothing of the refused server was imported.
	s, out := newTestSession(t)
	_ = s.RunLine(context.Background(), "scdf import --uri "+bad.URL)
	out.Reset()
	mustRun(t, s, "app list")
	if strings.Contains(out.String(), "time") {
		t.Fatalf("a refused import registered apps:\n%s", out)
	}
}

// The token of --credentials-provider-command authenticates; the password can come from the environment.
func TestSCDFImportCommandAuthSources(t *testing.T) {
	srv := testSCDF(t)
	srv.Change(func(x *scdftest.Server) { x.Username = "" })
	srv.Change(func(x *scdftest.Server) { x.Token = "tok-123" })
	s, out := newTestSession(t)
	mustRun(t, s, "scdf import --uri "+srv.URL+" --credentials-provider-command 'echo tok-123' --dryRun")
	if !strings.Contains(out.String(), "7 created") || strings.Contains(out.String(), "tok-123") {
		t.Fatalf("token import:\n%s", out)
	}

	basic := testSCDF(t)
	s, out, env, _ := newTestSessionWithEnv(t)
	env["DATAFLOW_SCDF_PASSWORD"] = "s3cret"
	mustRun(t, s, "scdf import --uri "+basic.URL+" --username admin --dryRun")
	if !strings.Contains(out.String(), "7 created") {
		t.Fatalf("password from the environment:\n%s", out)
	}
}

// --adopt adds a line per stream SCDF runs, in the table and in -o yaml, and says how many were adopted; a
// stream left to SCDF is warned of.
func TestSCDFImportCommandAdopt(t *testing.T) {
	srv := testSCDF(t)
	s, out := newTestSession(t)
	mustRun(t, s, "scdf import --uri "+srv.URL+" --username admin --password s3cret --adopt --dryRun")
	for _, want := range []string{"│not adopted", "SCDF reports it deployed, but Skipper lists no deployed release of it",
		"Would adopt 0 streams SCDF runs; 0 adopted already, 1 not adopted", "Warning: the streams not adopted above still run as SCDF deployed them"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("--adopt output lacks %q:\n%s", want, out)
		}
	}
	out.Reset()
	mustRun(t, s, "scdf import --uri "+srv.URL+" --username admin --password s3cret --adopt --dryRun -o yaml")
	if !strings.Contains(out.String(), "action: not adopted") || !strings.Contains(out.String(), "name: ticktock") {
		t.Fatalf("--adopt -o yaml:\n%s", out)
	}
}
