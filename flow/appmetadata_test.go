package flow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/appmeta"
	"github.com/dataflow-cli/dataflow/internal/jartest"
	"github.com/dataflow-cli/dataflow/internal/maven"
	"github.com/dataflow-cli/dataflow/internal/maven/maventest"
	"github.com/dataflow-cli/dataflow/platforms/accounts"
)

// withMavenRepo serves a Maven repository on 127.0.0.1 and points f's maven.* configuration at it, with a
// fresh local repository.
func withMavenRepo(t *testing.T, f *Flow) *maventest.Repo {
	t.Helper()
	repo := maventest.Start(t.TempDir())
	t.Cleanup(repo.Close)
	var acc *Accounts
	if f.loadAcc != nil {
		loaded, err := f.loadAcc()
		if err != nil {
			t.Fatal(err)
		}
		acc = loaded
	} else {
		acc = &Accounts{config: &accounts.Config{}}
	}
	acc.config.Maven = maven.Config{LocalRepository: t.TempDir(),
		RemoteRepositories: map[string]maven.RemoteRepository{"repo1": {URL: repo.URL()}}}
	f.loadAcc = func() (*Accounts, error) { return acc, nil }
	f.artifacts.dir = t.TempDir()
	return repo
}

// The time source of these tests: a fat jar in the repository as org.example:time-source:1.0.0, and its
// metadata jar as org.example:time-source:jar:metadata:1.0.0.
func publishTimeSource(t *testing.T, repo *maventest.Repo) {
	t.Helper()
	fat := jartest.Bytes(jartest.FatJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible, "", 0))
	if err := repo.Publish("org.example", "time-source", "1.0.0", "time-source-1.0.0.jar", fat, true); err != nil {
		t.Fatal(err)
	}
	meta := jartest.Bytes(jartest.MetadataJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible))
	if err := repo.Publish("org.example", "time-source", "1.0.0", "time-source-1.0.0-metadata.jar", meta, true); err != nil {
		t.Fatal(err)
	}
}

func TestRegisterReadsTheOptionsOnceFromTheMetadataJar(t *testing.T) {
	f, ctx := bareFlow(t)
	repo := withMavenRepo(t, f)
	publishTimeSource(t, repo)
	_, err := f.RegisterApp(ctx, RegisterRequest{Name: "time", Type: AppTypeSource, URI: "docker:example/time-source:1.0.0",
		MetadataURI: "maven://org.example:time-source:jar:metadata:1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	before := len(repo.Requests())
	opts, err := f.AppOptionsOf(ctx, AppTypeSource, "time", "", true)
	if err != nil {
		t.Fatal(err)
	}
	if !opts.Read || !opts.Found || len(opts.Options) != 6 || len(opts.Options.Visible()) != 4 {
		t.Fatalf("options %+v", opts)
	}
	if len(repo.Requests()) != before || repo.Count("-metadata.jar") != 1 {
		t.Errorf("the repository was asked again: %v", repo.Requests())
	}
}

func TestRegisterReadsAFatJarByMavenHTTPAndFile(t *testing.T) {
	f, ctx := bareFlow(t)
	repo := withMavenRepo(t, f)
	publishTimeSource(t, repo)
	dir := t.TempDir()
	jar := filepath.Join(dir, "time-source-1.0.0.jar")
	if err := jartest.Write(jar, jartest.FatJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible, "", 0)); err != nil {
		t.Fatal(err)
	}
	for i, uri := range []string{"maven://org.example:time-source:1.0.0",
		repo.URL() + "/org/example/time-source/1.0.0/time-source-1.0.0.jar", "file://" + jar} {
		name := []string{"m", "h", "f"}[i]
		if _, err := f.RegisterApp(ctx, RegisterRequest{Name: name, Type: AppTypeSource, URI: uri}); err != nil {
			t.Fatalf("%s: %v", uri, err)
		}
		opts, err := f.AppOptionsOf(ctx, AppTypeSource, name, "", true)
		if err != nil || len(opts.Options.Visible()) != 4 || opts.Source != uri {
			t.Fatalf("%s: %+v %v", uri, opts, err)
		}
	}
}

// Bad metadata or an artifact that cannot be fetched: one line, and nothing registered.
func TestRegisterFailuresRegisterNothing(t *testing.T) {
	f, ctx := bareFlow(t)
	repo := withMavenRepo(t, f)
	publishTimeSource(t, repo)
	if err := repo.Publish("org.example", "corrupt", "1.0.0", "corrupt-1.0.0.jar", []byte("not a zip"), true); err != nil {
		t.Fatal(err)
	}
	badJSON := jartest.Bytes(jartest.MetadataJar(`{"properties": [`, ""))
	if err := repo.Publish("org.example", "badjson", "1.0.0", "badjson-1.0.0-metadata.jar", badJSON, true); err != nil {
		t.Fatal(err)
	}
	if err := repo.Publish("org.example", "tampered", "1.0.0", "tampered-1.0.0.jar", []byte("x"), true); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo.Dir, maventest.Path("org.example", "tampered", "1.0.0", "tampered-1.0.0.jar")), []byte("y"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ uri, metadata, want string }{
		{"maven://org.example:missing:1.0.0", "", "Could not find artifact org.example:missing:jar:1.0.0 in repo1 (" + repo.URL() + ")"},
		{"maven://org.example:corrupt:1.0.0", "", "cannot read the options of maven://org.example:corrupt:1.0.0: corrupt-1.0.0.jar is not a jar: zip: not a valid zip file"},
		{"docker:example/x:1.0.0", "maven://org.example:badjson:jar:metadata:1.0.0", "cannot read the options of maven://org.example:badjson:jar:metadata:1.0.0: badjson-1.0.0-metadata.jar!/META-INF/spring-configuration-metadata.json is not valid configuration metadata: unexpected end of JSON input"},
		{"maven://org.example:tampered:1.0.0", "", "Could not transfer artifact org.example:tampered:jar:1.0.0 from/to repo1 (" + repo.URL() + "): Checksum validation failed, expected 11f6ad8ec52a2984abaafd7c3b516503785c2072 but is 95cb0bfd2977c761298d9624e4b4d4c72a39974a"},
		{"docker:example/x:1.0.0", repo.URL() + "/nowhere/x-1.0.0-metadata.jar", "Could not download " + repo.URL() + "/nowhere/x-1.0.0-metadata.jar: status code: 404, reason phrase: Not Found"},
		{"docker:example/x:1.0.0", "file:///nowhere/x-1.0.0-metadata.jar", "the resource file:///nowhere/x-1.0.0-metadata.jar does not exist on this machine"},
	}
	for _, c := range cases {
		_, err := f.RegisterApp(ctx, RegisterRequest{Name: "x", Type: AppTypeSource, URI: c.uri, MetadataURI: c.metadata})
		if err == nil || err.Error() != c.want {
			t.Errorf("%s %s:\n got %v\nwant %s", c.uri, c.metadata, err, c.want)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("more than one line: %q", err)
		}
	}
	if apps, _ := f.ListApps(ctx); len(apps) != 0 {
		t.Errorf("registered: %+v", apps)
	}
	if audits := auditActions(t, f, "APP_REGISTRATION"); len(audits) != 0 {
		t.Errorf("audited: %v", audits)
	}
}

func TestAnAlreadyRegisteredVersionIsRefusedBeforeAnyDownload(t *testing.T) {
	f, ctx := bareFlow(t)
	repo := withMavenRepo(t, f)
	publishTimeSource(t, repo)
	req := RegisterRequest{Name: "time", Type: AppTypeSource, URI: "maven://org.example:time-source:1.0.0"}
	if _, err := f.RegisterApp(ctx, req); err != nil {
		t.Fatal(err)
	}
	n := len(repo.Requests())
	if _, err := f.RegisterApp(ctx, req); err == nil || !strings.Contains(err.Error(), "already registered") {
		t.Fatalf("got %v", err)
	}
	if len(repo.Requests()) != n {
		t.Errorf("asked the repository: %v", repo.Requests()[n:])
	}
}

func TestUnreachableRepositoryRegistersNothing(t *testing.T) {
	f, ctx := bareFlow(t)
	repo := withMavenRepo(t, f)
	repo.Close()
	_, err := f.RegisterApp(ctx, RegisterRequest{Name: "time", Type: AppTypeSource, URI: "maven://org.example:time-source:1.0.0"})
	if err == nil || !strings.HasPrefix(err.Error(), "Could not transfer artifact org.example:time-source:jar:1.0.0 from/to repo1 (") || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("got %v", err)
	}
	if apps, _ := f.ListApps(ctx); len(apps) != 0 {
		t.Errorf("registered: %+v", apps)
	}
}

// A registration with credentials in the repository's configuration: 401 with the wrong ones.
func TestRegisterThroughAnAuthenticatedRepository(t *testing.T) {
	f, ctx := bareFlow(t)
	repo := withMavenRepo(t, f)
	publishTimeSource(t, repo)
	repo.User, repo.Password = "deployer", "s3cret"
	acc, _ := f.loadAcc()
	cfg := acc.config.Maven
	r := cfg.RemoteRepositories["repo1"]
	r.Auth = &maven.Auth{Username: "deployer", Password: "wrong"}
	cfg.RemoteRepositories["repo1"] = r
	req := RegisterRequest{Name: "time", Type: AppTypeSource, URI: "maven://org.example:time-source:1.0.0"}
	_, err := f.RegisterApp(ctx, req)
	if err == nil || !strings.HasSuffix(err.Error(), "status code: 401, reason phrase: Unauthorized") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("got %v", err)
	}
	// The file keeps a ${ENV} reference; the resolver gets the variable's value.
	r.Auth.Password = "${REPO_PASSWORD}"
	acc.env.Getenv = func(k string) string { return map[string]string{"REPO_PASSWORD": "s3cret"}[k] }
	if _, err := f.RegisterApp(ctx, req); err != nil {
		t.Fatal(err)
	}
}

// qualifiedFixture registers the time source with its metadata, a log sink and a task app whose metadata makes
// "format" ambiguous, on a recording Kubernetes account.
func qualifiedFixture(t *testing.T) (*Flow, *recordingDeployer, *recordingLauncher) {
	t.Helper()
	f, dep, launcher := secretsFixture(t)
	repo := withMavenRepo(t, f)
	publishTimeSource(t, repo)
	ambiguous := jartest.Bytes(jartest.MetadataJar(jartest.TimeSourceMetadata, "configuration-properties.classes=org.example.TimeProperties,org.example.DateProperties\n"))
	if err := repo.Publish("org.example", "clock-task", "1.0.0", "clock-task-1.0.0-metadata.jar", ambiguous, true); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, r := range []RegisterRequest{
		{Name: "time", Type: AppTypeSource, URI: "docker:example/time-source:1.0.0", MetadataURI: "maven://org.example:time-source:jar:metadata:1.0.0"},
		{Name: "clock", Type: AppTypeTask, URI: "docker:example/clock-task:1.0.0", MetadataURI: "maven://org.example:clock-task:jar:metadata:1.0.0"},
		{Name: "timer", Type: AppTypeTask, URI: "docker:example/timer-task:1.0.0", MetadataURI: "maven://org.example:time-source:jar:metadata:1.0.0"},
	} {
		if _, err := f.RegisterApp(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	return f, dep, launcher
}

// The worst of the bugs: a definition that worked on SCDF must mean the same here. Short names reach the
// platform under their full names; the dry run and the stored manifest show them so.
func TestDeployQualifiesShortNamesAsSCDF(t *testing.T) {
	f, dep, _ := qualifiedFixture(t)
	ctx := context.Background()
	if _, err := f.CreateStream(ctx, "ticks", "time --format='HH:mm' --fixedDelay=5 --port=9 | log", ""); err != nil {
		t.Fatal(err)
	}
	req := StreamDeployRequest{Name: "ticks", Properties: map[string]string{"app.time.date-format": "yyyy", "app.log.level": "WARN"}}
	dry, err := f.RenderStreamDeploy(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"time.format", "time.date-format"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run lacks %s:\n%s", want, dry)
		}
	}
	if _, err := f.DeployStream(ctx, req); err != nil {
		t.Fatal(err)
	}
	var time map[string]string
	for _, d := range dep.deployed {
		if d.Label == "time" {
			time = d.AppProperties
		}
		if d.Label == "log" && d.AppProperties["level"] != "WARN" {
			t.Errorf("an app without metadata: %v", d.AppProperties)
		}
	}
	want := map[string]string{"time.format": "HH:mm", "time.date-format": "yyyy", "port": "9", "fixedDelay": "5"}
	for k, v := range want {
		if time[k] != v {
			t.Errorf("%s = %q, want %q (all %v)", k, time[k], v, time)
		}
	}
	for _, short := range []string{"format", "date-format"} {
		if _, ok := time[short]; ok {
			t.Errorf("the short name %s reached the platform", short)
		}
	}
	manifest, err := f.StreamManifest(ctx, "ticks", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(manifest, `"time.format": "HH:mm"`) || strings.Contains(manifest, `"format": "HH:mm"`) {
		t.Errorf("manifest:\n%s", manifest)
	}
	// An update's properties are qualified too.
	if _, err := f.UpdateStream(ctx, StreamUpdateRequest{Name: "ticks", Properties: map[string]string{"app.time.format": "ss"}}); err != nil {
		t.Fatal(err)
	}
	if manifest, _ := f.StreamManifest(ctx, "ticks", 0); !strings.Contains(manifest, `"time.format": "ss"`) || strings.Contains(manifest, `"format": "ss"`) {
		t.Errorf("updated manifest:\n%s", manifest)
	}
}

func TestAnAmbiguousShortNameDeploysAndLaunchesNothing(t *testing.T) {
	f, dep, launcher := qualifiedFixture(t)
	ctx := context.Background()
	if _, err := f.CreateTask(ctx, "c", "clock --format=hh", ""); err != nil {
		t.Fatal(err)
	}
	_, err := f.LaunchTask(ctx, LaunchRequest{Name: "c"})
	if err == nil || err.Error() != "task 'c': Ambiguous short form property 'format' could mean any of [date.format, time.format]" {
		t.Fatalf("got %v", err)
	}
	if len(launcher.launched) != 0 {
		t.Errorf("launched %v", launcher.launched)
	}
	if execs, _ := f.Store.Read().ListExecutions(ctx, "", 10); len(execs) != 0 {
		t.Errorf("an execution was recorded: %+v", execs)
	}
	if _, err := f.CreateTask(ctx, "t", "timer --format=hh", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.LaunchTask(ctx, LaunchRequest{Name: "t", Properties: map[string]string{"app.timer.dateFormat": "yy"}}); err != nil {
		t.Fatal(err)
	}
	args := strings.Join(launcher.launched[0].Args, " ")
	if !strings.Contains(args, "--time.format=hh") || !strings.Contains(args, "--time.date-format=yy") {
		t.Errorf("args %s", args)
	}
	// A stream whose app metadata makes a short name ambiguous is refused before anything is deployed.
	if _, err := f.RegisterApp(ctx, RegisterRequest{Name: "clock", Type: AppTypeSource, URI: "docker:example/clock-task:1.0.0", MetadataURI: "maven://org.example:clock-task:jar:metadata:1.0.0"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CreateStream(ctx, "s", "clock --format=x | log", ""); err != nil {
		t.Fatal(err)
	}
	_, err = f.DeployStream(ctx, StreamDeployRequest{Name: "s"})
	var amb *appmeta.AmbiguousError
	if !errors.As(err, &amb) || err.Error() != "app 'clock': Ambiguous short form property 'format' could mean any of [date.format, time.format]" {
		t.Fatalf("got %v", err)
	}
	if len(dep.deployed) != 0 {
		t.Errorf("deployed %v", dep.deployed)
	}
}
