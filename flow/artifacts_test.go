package flow

import (
	"context"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

// fileDeployer and fileLauncher run apps from files, as the local platform does.
type fileDeployer struct {
	*recordingDeployer
	fetches bool
}

func (d fileDeployer) FetchesURLs() bool { return d.fetches }

type fileLauncher struct{ *recordingLauncher }

func (fileLauncher) FetchesURLs() bool { return false }

func fileRunningFlow(t *testing.T, fetches bool) (*Flow, *recordingDeployer, *recordingLauncher) {
	t.Helper()
	account := "  - {name: default, type: local}\n"
	f, accounts := tickingFlow(t, "streams:\n"+account+"tasks:\n"+account)
	dep, launcher := &recordingDeployer{}, &recordingLauncher{}
	withAccounts(f, accounts, map[platforms.AccountType]platforms.Driver{
		platforms.Local: testDriver{apps: fileDeployer{dep, fetches}, tasks: fileLauncher{launcher}},
	})
	return f, dep, launcher
}

// A platform that runs files gets a maven:// app as its jar in the local repository, fetched once; the
// release keeps the maven:// URI.
func TestFileRunningPlatformsGetTheResolvedJar(t *testing.T) {
	f, dep, launcher := fileRunningFlow(t, false)
	repo := withMavenRepo(t, f)
	publishTimeSource(t, repo)
	ctx := context.Background()
	for _, r := range []RegisterRequest{
		{Name: "time", Type: AppTypeSource, URI: "maven://org.example:time-source:1.0.0"},
		{Name: "log", Type: AppTypeSink, URI: repo.URL() + "/org/example/time-source/1.0.0/time-source-1.0.0.jar"},
		{Name: "job", Type: AppTypeTask, URI: "maven://org.example:time-source:1.0.0"},
	} {
		if _, err := f.RegisterApp(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.CreateStream(ctx, "s", "time --format=x | log", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.DeployStream(ctx, StreamDeployRequest{Name: "s"}); err != nil {
		t.Fatal(err)
	}
	local, _ := f.MavenConfig()
	for _, d := range dep.deployed {
		if !strings.HasPrefix(d.Resource, "file://") || !strings.HasSuffix(d.Resource, ".jar") {
			t.Errorf("%s runs %s", d.Label, d.Resource)
		}
		if d.Label == "time" && d.Resource != "file://"+local.LocalRepository+"/org/example/time-source/1.0.0/time-source-1.0.0.jar" {
			t.Errorf("time runs %s", d.Resource)
		}
		if d.Label == "time" && d.AppProperties["time.format"] != "x" {
			t.Errorf("time's properties %v", d.AppProperties)
		}
	}
	if manifest, _ := f.StreamManifest(ctx, "s", 0); !strings.Contains(manifest, "maven://org.example:time-source") || strings.Contains(manifest, "file://") {
		t.Errorf("manifest:\n%s", manifest)
	}
	if n := repo.Count("time-source-1.0.0.jar"); n != 2 {
		t.Errorf("the jar was fetched %d times (once into the local repository, once by URL): %v", n, repo.Requests())
	}
	if _, err := f.CreateTask(ctx, "t", "job", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.LaunchTask(ctx, LaunchRequest{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	if r := launcher.launched[0].Resource; !strings.HasPrefix(r, "file://"+local.LocalRepository) {
		t.Errorf("task runs %s", r)
	}
}

// An artifact that cannot be had deploys and launches nothing, and records nothing.
func TestAnArtifactThatCannotBeHadDeploysNothing(t *testing.T) {
	f, dep, launcher := fileRunningFlow(t, true)
	repo := withMavenRepo(t, f)
	publishTimeSource(t, repo)
	ctx := context.Background()
	for _, r := range []RegisterRequest{
		{Name: "time", Type: AppTypeSource, URI: "docker:example/time:1.0.0", MetadataURI: "maven://org.example:time-source:jar:metadata:1.0.0"},
		{Name: "log", Type: AppTypeSink, URI: "maven://org.example:time-source:1.0.0"},
		{Name: "job", Type: AppTypeTask, URI: "maven://org.example:time-source:1.0.0"},
	} {
		if _, err := f.RegisterApp(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// The local repository is emptied and the remote one goes away: nothing can be had.
	cfg, _ := f.MavenConfig()
	cfg.LocalRepository = t.TempDir()
	acc, _ := f.loadAcc()
	acc.config.Maven.LocalRepository = cfg.LocalRepository
	repo.Close()
	if _, err := f.CreateStream(ctx, "s", "time | log", ""); err != nil {
		t.Fatal(err)
	}
	_, err := f.DeployStream(ctx, StreamDeployRequest{Name: "s"})
	if err == nil || !strings.HasPrefix(err.Error(), "app 'log': Could not transfer artifact org.example:time-source:jar:1.0.0 from/to repo1") {
		t.Fatalf("got %v", err)
	}
	if len(dep.deployed) != 0 {
		t.Errorf("deployed %v", dep.deployed)
	}
	if rels, _ := f.StreamHistory(ctx, "s", 10, 0); len(rels) != 0 {
		t.Errorf("a release was recorded: %+v", rels)
	}
	if _, err := f.CreateTask(ctx, "t", "job", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.LaunchTask(ctx, LaunchRequest{Name: "t"}); err == nil || !strings.Contains(err.Error(), "Could not transfer artifact") {
		t.Fatalf("launch: %v", err)
	}
	if len(launcher.launched) != 0 {
		t.Errorf("launched %v", launcher.launched)
	}
	if execs, _ := f.Store.Read().ListExecutions(ctx, "", 10); len(execs) != 0 {
		t.Errorf("recorded %+v", execs)
	}
	// stream validate says which app cannot be had.
	_, checks, err := f.ValidateStream(ctx, "s")
	if err != nil || len(checks) != 2 {
		t.Fatalf("%v %v", checks, err)
	}
	for _, c := range checks {
		want := map[string]string{"source:time": "valid", "sink:log": "invalid"}[c.App]
		if c.Status != want {
			t.Errorf("%s is %s, want %s", c.App, c.Status, want)
		}
	}
}
