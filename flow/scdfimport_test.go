package flow

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
	"github.com/dataflow-cli/dataflow/store"
)

// sampleSCDF is an SCDF estate shaped from the REST API guide's samples: apps of every kind, two versions of one
// app, a stream deployed with properties (a secret among them) on a named platform, a composed task and its
// children as SCDF lists them, and a schedule.
func sampleSCDF() scdftest.Estate {
	return scdftest.Estate{
		Apps: []scdftest.App{
			{Type: "source", Name: "time", URI: "maven://org.springframework.cloud.stream.app:time-source-rabbit:3.2.1", Version: "3.2.1", Default: true},
			{Type: "source", Name: "time", URI: "maven://org.springframework.cloud.stream.app:time-source-rabbit:3.2.0", Version: "3.2.0"},
			{Type: "sink", Name: "log", URI: "docker:springcloudstream/log-sink-rabbit:3.2.1", Version: "3.2.1", Default: true,
				MetadataURI: "maven://org.springframework.cloud.stream.app:log-sink-rabbit:jar:metadata:3.2.1"},
			{Type: "task", Name: "timestamp", URI: "docker:springcloudtask/timestamp-task:2.0.2", Version: "2.0.2", Default: true, BootVersion: "3"},
		},
		Streams: []scdftest.Stream{
			{Name: "ticktock", DSL: "time | log", Description: "the classic", DeploymentProperties: map[string]string{
				"spring.cloud.dataflow.skipper.platformName": "k8s", "deployer.log.count": "2", "app.log.spring.rabbitmq.password": "hunter2"}},
			{Name: "tap1", DSL: ":ticktock.time > log"},
			{Name: "plain", DSL: "time --fixed-delay=5 | log"},
		},
		Tasks: []scdftest.Task{
			{Name: "ts", DSL: "timestamp --format=yyyy", Description: "a stamp"},
			{Name: "graph", DSL: "a: timestamp && b: timestamp"},
			{Name: "graph-a", DSL: "timestamp"},
			{Name: "graph-b", DSL: "timestamp"},
		},
		Schedules: []scdftest.Schedule{{Name: "nightly", TaskName: "ts", Cron: "0 0 * * *", Platform: "k8s"}},
	}
}

func startSCDF(t testing.TB, est scdftest.Estate) *scdftest.Server {
	t.Helper()
	srv := scdftest.New(est, 2)
	t.Cleanup(srv.Close)
	return srv
}

func actions(res SCDFImportResult) string {
	var lines []string
	for _, c := range res.Changes {
		lines = append(lines, c.Kind+" "+c.Name+" "+string(c.Action))
	}
	return strings.Join(lines, "\n")
}

func TestImportSCDFThenAgainChangesNothing(t *testing.T) {
	f, ctx := bareFlow(t)
	srv := startSCDF(t, sampleSCDF())
	srv.Change(func(x *scdftest.Server) { x.Username, x.Password = "admin", "s3cret" })
	req := SCDFImportRequest{Server: SCDFServer{URI: srv.URL, Username: "admin", Password: "s3cret"}}

	res, err := f.ImportSCDF(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	// Pages of 2: the root, 2 pages of apps, 2 of streams and a deployment each, 2 of tasks, 1 of schedules.
	if n := srv.Requests(); n != 1+2+2+3+2+1 {
		t.Fatalf("%d requests: the pages were not followed as SCDF links them", n)
	}
	want := `app source.time@3.2.1 create
app source.time@3.2.0 create
app sink.log@3.2.1 create
app task.timestamp@2.0.2 create
stream ticktock create
stream tap1 create
stream plain create
task ts create
task graph create
schedule nightly not scheduled`
	if got := actions(res); got != want || !res.Written {
		t.Fatalf("first import (written %v):\n%s", res.Written, got)
	}
	apps, _ := f.ListApps(ctx)
	var appLines []string
	for _, a := range apps {
		appLines = append(appLines, fmt.Sprintf("%s.%s@%s default=%v boot=%q meta=%q", a.Type, a.Name, a.Version, a.Default, a.BootVersion, a.MetadataURI))
	}
	wantApps := `sink.log@3.2.1 default=true boot="2" meta="maven://org.springframework.cloud.stream.app:log-sink-rabbit:jar:metadata:3.2.1"
source.time@3.2.1 default=true boot="2" meta=""
source.time@3.2.0 default=false boot="2" meta=""
task.timestamp@2.0.2 default=true boot="3" meta=""`
	if got := strings.Join(appLines, "\n"); got != wantApps {
		t.Fatalf("apps:\n%s", got)
	}
	streams, _ := f.Streams(ctx)
	if len(streams) != 3 || streams[0].Name != "plain" && streams[0].Name != "ticktock" {
		t.Fatalf("streams: %+v", streams)
	}
	view, _, err := f.StreamDefinition(ctx, "ticktock")
	if err != nil || view.Definition != "time | log" || view.Description != "the classic" {
		t.Fatalf("ticktock: %+v %v", view, err)
	}
	tasks, _ := f.Tasks(ctx)
	var taskNames []string
	for _, tk := range tasks {
		taskNames = append(taskNames, tk.Name+"<"+tk.ComposedParent+">")
	}
	if got := strings.Join(taskNames, " "); got != "graph<> graph-a<graph> graph-b<graph> ts<>" {
		t.Fatalf("tasks: %s", got)
	}
	// The stream's deployment properties and platform are shown, the secret masked.
	for _, c := range res.Changes {
		if c.Name == "ticktock" && (!strings.Contains(c.Detail, "platform k8s") || !strings.Contains(c.Detail, "deployer.log.count=2") ||
			strings.Contains(c.Detail, "hunter2") || !strings.Contains(c.Detail, "app.log.spring.rabbitmq.password=******")) {
			t.Fatalf("ticktock's detail: %s", c.Detail)
		}
		if c.Name == "nightly" && c.Detail != "task schedule create --name nightly --definitionName ts --expression '0 0 * * *' --platformName k8s" {
			t.Fatalf("schedule detail: %s", c.Detail)
		}
	}
	audits := auditActions(t, f, "STREAM")
	if strings.Join(audits, ",") != "CREATE ticktock,CREATE tap1,CREATE plain" {
		t.Fatalf("stream audit: %v", audits)
	}
	records, _ := f.AuditRecords(ctx, store.AuditFilter{})
	for _, r := range records {
		if strings.Contains(r.Data, "s3cret") || strings.Contains(r.Data, "hunter2") {
			t.Fatalf("a secret in the audit: %+v", r)
		}
	}

	again, err := f.ImportSCDF(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if again.Written || again.Count(SCDFCreate)+again.Count(SCDFReplace)+again.Count(SCDFConflict) != 0 || again.Count(SCDFUnchanged) != 9 {
		t.Fatalf("second import:\n%s", actions(again))
	}
	if n := len(auditActions(t, f, "")); n != len(records) {
		t.Fatalf("the second import wrote %d audit records", n-len(records))
	}
}

func TestImportSCDFDryRunWritesNothing(t *testing.T) {
	f, ctx := bareFlow(t)
	srv := startSCDF(t, sampleSCDF())
	res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Written || res.Count(SCDFCreate) != 9 {
		t.Fatalf("dry run:\n%s", actions(res))
	}
	if apps, _ := f.ListApps(ctx); len(apps) != 0 {
		t.Fatalf("a dry run registered %d apps", len(apps))
	}
	if streams, _ := f.Streams(ctx); len(streams) != 0 {
		t.Fatalf("a dry run created %d streams", len(streams))
	}
}

func TestImportSCDFConflictsLeftAloneUnlessForce(t *testing.T) {
	f, ctx := bareFlow(t)
	srv := startSCDF(t, sampleSCDF())
	if _, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}}); err != nil {
		t.Fatal(err)
	}
	// SCDF changes: ticktock gets another definition, log 3.2.1 another URI, ts another definition.
	srv.Change(func(x *scdftest.Server) { x.Estate.Streams[0].DSL = "time | log --level=WARN" })
	srv.Change(func(x *scdftest.Server) { x.Estate.Apps[2].URI = "docker:mirror.example/log-sink-rabbit:3.2.1" })
	srv.Change(func(x *scdftest.Server) { x.Estate.Tasks[0].DSL = "timestamp --format=yy" })
	srv.Change(func(x *scdftest.Server) {
		x.Estate.Streams = append(x.Estate.Streams, scdftest.Stream{Name: "fresh", DSL: "time | log"})
	})

	res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Count(SCDFConflict); got != 3 || res.Count(SCDFCreate) != 1 || !res.Written {
		t.Fatalf("conflicts:\n%s", actions(res))
	}
	view, _, _ := f.StreamDefinition(ctx, "ticktock")
	if view.Definition != "time | log" {
		t.Fatalf("a conflicting stream was changed: %s", view.Definition)
	}
	if _, _, err := f.StreamDefinition(ctx, "fresh"); err != nil {
		t.Fatalf("the new stream beside the conflicts: %v", err)
	}
	log, _ := f.AppInfo(ctx, AppTypeSink, "log", "3.2.1")
	if log.URI != "docker:springcloudstream/log-sink-rabbit:3.2.1" {
		t.Fatalf("a conflicting app was changed: %s", log.URI)
	}

	res, err = f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count(SCDFReplace) != 3 || res.Count(SCDFConflict) != 0 {
		t.Fatalf("forced:\n%s", actions(res))
	}
	view, _, _ = f.StreamDefinition(ctx, "ticktock")
	log, _ = f.AppInfo(ctx, AppTypeSink, "log", "3.2.1")
	task, _, _, _ := f.TaskDefinition(ctx, "ts")
	if view.Definition != "time | log --level=WARN" || log.URI != "docker:mirror.example/log-sink-rabbit:3.2.1" || task.Definition != "timestamp --format=yy" {
		t.Fatalf("forced import: %s / %s / %s", view.Definition, log.URI, task.Definition)
	}
	if !log.Default {
		t.Fatal("replacing the default version's URI took its default away")
	}
}

func TestImportSCDFRefusesBadInputAndWritesNothing(t *testing.T) {
	cases := map[string]struct {
		change func(*scdftest.Estate)
		want   []string
	}{
		"a stream the DSL refuses": {func(e *scdftest.Estate) { e.Streams[1].DSL = "time | | log" }, []string{"stream tap1: "}},
		"a task the DSL refuses":   {func(e *scdftest.Estate) { e.Tasks[0].DSL = "timestamp &&" }, []string{"task ts: "}},
		"an app missing from the registry": {func(e *scdftest.Estate) { e.Streams[2].DSL = "time | filter | log" },
			[]string{"stream plain: Application name 'filter' with type 'processor' does not exist in the app registry."}},
		"a bad app URI": {func(e *scdftest.Estate) { e.Apps[0].URI = "ftp://x/y.jar" }, []string{"app source.time: "}},
		"two problems, both listed": {func(e *scdftest.Estate) {
			e.Streams[1].DSL = "time | | log"
			e.Tasks[0].DSL = "timestamp &&"
		}, []string{"2 problem(s)", "stream tap1: ", "task ts: "}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f, ctx := bareFlow(t)
			est := sampleSCDF()
			tc.change(&est)
			srv := startSCDF(t, est)
			_, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}})
			var ie *SCDFImportError
			if !errors.As(err, &ie) {
				t.Fatalf("want an SCDFImportError, got %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("error %q lacks %q", err, w)
				}
			}
			for _, p := range ie.Problems {
				if strings.Contains(p, "\n") {
					t.Fatalf("a problem spans lines: %q", p)
				}
			}
			if apps, _ := f.ListApps(ctx); len(apps) != 0 {
				t.Fatalf("half imported: %d apps", len(apps))
			}
		})
	}
}

func TestImportSCDFServerFailures(t *testing.T) {
	f, ctx := bareFlow(t)
	srv := startSCDF(t, sampleSCDF())
	srv.Change(func(x *scdftest.Server) { x.Username, x.Password = "admin", "s3cret" })

	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := "http://" + closed.Addr().String()
	_ = closed.Close()

	notSCDF := startPlain(t, `{"status":"UP"}`)
	wrongShape := startPlain(t, `{"_links":{"apps":{"href":"x"},"streams/definitions":{"href":"x"},"tasks/definitions":{"href":"x"}},"_embedded":{"appRegistrationResourceList":{"name":"x"}}}`)

	cases := []struct {
		name   string
		server SCDFServer
		want   string
	}{
		{"unreachable", SCDFServer{URI: deadURL}, "cannot reach the SCDF server at " + deadURL},
		{"wrong password", SCDFServer{URI: srv.URL, Username: "admin", Password: "wrong"}, "refused the credentials (401 Unauthorized)"},
		{"no credentials", SCDFServer{URI: srv.URL}, "refused the credentials (401 Unauthorized)"},
		{"not SCDF", SCDFServer{URI: notSCDF}, "is not an SCDF server: its root resource has no _links"},
		{"wrong shape", SCDFServer{URI: wrongShape}, "is not an SCDF server: _embedded.appRegistrationResourceList of /apps is not a list"},
		{"not http", SCDFServer{URI: "ftp://scdf:9393"}, "--uri must be an http(s) URL"},
		{"credentials in the URI", SCDFServer{URI: "http://admin:s3cret@127.0.0.1:1"}, "--uri must not carry credentials"},
	}
	for _, tc := range cases {
		_, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: tc.server})
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: the password in the error: %v", tc.name, err)
		}
	}
	if apps, _ := f.ListApps(ctx); len(apps) != 0 {
		t.Fatalf("apps registered after failures: %d", len(apps))
	}
}

// A bearer token from --credentials-provider-command goes in the Authorization header.
func TestImportSCDFBearerToken(t *testing.T) {
	f, ctx := bareFlow(t)
	srv := startSCDF(t, sampleSCDF())
	srv.Change(func(x *scdftest.Server) { x.Token = "tok-123" })
	if _, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL, Token: "tok-123"}, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL, Token: "other"}, DryRun: true}); err == nil {
		t.Fatal("a wrong token was accepted")
	}
}

// A server without a scheduler (SCDF with scheduling off) imports without schedules.
func TestImportSCDFWithoutScheduler(t *testing.T) {
	f, ctx := bareFlow(t)
	est := sampleSCDF()
	est.NoScheduler = true
	srv := startSCDF(t, est)
	res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(actions(res), "schedule") {
		t.Fatalf("schedules from a server without a scheduler:\n%s", actions(res))
	}
}

func startPlain(t testing.TB, body string) string {
	t.Helper()
	srv := scdftest.NewPlain(body)
	t.Cleanup(srv.Close)
	return srv.URL
}

// --skip-ssl-validation accepts a certificate nobody trusts; without it the import refuses the server.
func TestImportSCDFSkipSSLValidation(t *testing.T) {
	f, ctx := bareFlow(t)
	srv := scdftest.NewTLS(sampleSCDF(), 2)
	t.Cleanup(srv.Close)
	_, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, DryRun: true})
	if err == nil || !strings.Contains(err.Error(), "cannot reach the SCDF server at "+srv.URL) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("an untrusted certificate: %v", err)
	}
	res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL, SkipSSLValidation: true}, DryRun: true})
	if err != nil || res.Count(SCDFCreate) != 9 {
		t.Fatalf("with SkipSSLValidation: %v\n%s", err, actions(res))
	}
}

// --force never replaces the definition of a stream that has a live release here.
func TestImportSCDFForceLeavesDeployedStreams(t *testing.T) {
	f, ctx := bareFlow(t)
	srv := startSCDF(t, sampleSCDF())
	if _, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}}); err != nil {
		t.Fatal(err)
	}
	err := f.Store.InTx(ctx, func(tx *store.Tx) error {
		return tx.InsertRelease(ctx, store.Release{Name: "ticktock", Version: 1, Platform: "default", Status: store.ReleaseDeployed,
			FirstDeployed: f.Now(), LastDeployed: f.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Change(func(x *scdftest.Server) { x.Estate.Streams[0].DSL = "time | log --level=WARN" })
	res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Changes {
		if c.Name == "ticktock" && (c.Action != SCDFConflict || !strings.Contains(c.Detail, "release 1 here is DEPLOYED")) {
			t.Fatalf("ticktock: %+v", c)
		}
	}
	if view, _, _ := f.StreamDefinition(ctx, "ticktock"); view.Definition != "time | log" {
		t.Fatalf("a deployed stream's definition was replaced: %s", view.Definition)
	}
}
