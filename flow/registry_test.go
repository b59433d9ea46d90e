package flow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/jartest"
	"github.com/dataflow-cli/dataflow/platforms/accounts"
	"github.com/dataflow-cli/dataflow/store"
)

// bareFlow is a flow over a new store, with no accounts.
func bareFlow(t *testing.T) (*Flow, context.Context) {
	t.Helper()
	ctx := context.Background()
	s, err := OpenStore(ctx, filepath.Join(t.TempDir(), "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeStore(t, s) })
	return New(Config{Store: s, Actor: "tester", Clock: ClockAt(func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) })}), ctx
}

func auditActions(t *testing.T, f *Flow, operation string) []string {
	t.Helper()
	list, err := f.AuditRecords(context.Background(), store.AuditFilter{Operation: store.AuditOperation(operation)})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(list) - 1; i >= 0; i-- {
		out = append(out, string(list[i].Action)+" "+list[i].Correlation)
	}
	return out
}

// The registry's rules: the first version of an app is its default, versions of one app differ only by their
// version, a version is registered once unless forced, and SCDF's messages.
func TestAppRegistry(t *testing.T) {
	t.Parallel()
	f, ctx := bareFlow(t)
	reg := func(name string, typ AppType, uri string, force bool) error {
		_, err := f.RegisterApp(ctx, RegisterRequest{Name: name, Type: typ, URI: uri, Force: force})
		return err
	}
	for _, uri := range []string{"docker:org/log-sink:1.0.0", "docker:org/log-sink:1.1.0"} {
		if err := reg("log", AppTypeSink, uri, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := reg("log", AppTypeApp, "docker:org/log-app:2.0.0", false); err != nil {
		t.Fatal(err)
	}
	vs, err := f.AppVersions(ctx, AppTypeSink, "log")
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions %+v %v", vs, err)
	}
	def, err := f.FindApp(ctx, AppTypeSink, "log", "")
	if err != nil || def.Version != "1.0.0" || !def.Default {
		t.Fatalf("default %+v %v", def, err)
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{reg("log", AppTypeSink, "docker:org/log-sink:1.0.0", false), "The 'sink:log' application is already registered as docker:org/log-sink:1.0.0"},
		{reg("log", AppTypeSink, "docker:other/log:2.0.0", false), "Existing default application [docker:org/log-sink:1.0.0] can only differ by a version but is [docker:other/log:2.0.0]"},
		{reg("bad name", AppTypeSink, "docker:x:1", false), "Application name 'bad name' cannot be used in a definition: use letters, digits, '-', '_' and '.'"},
		{reg("a:b", AppTypeSink, "docker:x:1", false), "Application name: 'a:b' cannot contain: ':'"},
		{reg("", AppTypeSink, "docker:x:1", false), "Application name must not be empty"},
		{reg(strings.Repeat("n", 256), AppTypeSink, "docker:x:1", false), "Length of application name must be less than 256 characters"},
		{reg("x", AppTypeSink, "ftp://h/x-1.jar", false), "Unsupported URI scheme 'ftp' in 'ftp://h/x-1.jar': expected docker:, maven://, http(s):// or file:"},
		{func() error {
			_, err := f.RegisterApp(ctx, RegisterRequest{Name: "x", Type: AppTypeSink, URI: "docker:x:1", BootVersion: "4"})
			return err
		}(), "Invalid AppBootSchemaVersion: 4"},
		{func() error {
			_, err := f.RegisterApp(ctx, RegisterRequest{Name: "x", Type: AppTypeSink, URI: "docker:x:1", MetadataURI: "nope"})
			return err
		}(), "Invalid URI 'nope': expected docker:, maven://, http(s):// or file:"},
		{func() error { _, err := f.FindApp(ctx, AppTypeSink, "log", "9"); return err }(), "The 'sink:log:9' application could not be found."},
		{func() error { _, err := f.AppVersions(ctx, AppTypeSource, "log"); return err }(), "The 'source:log' application could not be found."},
		{f.SetDefaultApp(ctx, AppTypeSink, "log", "9"), "The 'sink:log:9' application could not be found."},
	} {
		wantErr(t, c.err, c.want)
	}
	var nsa *NoSuchAppError
	if _, err := f.FindApp(ctx, AppTypeSink, "nope", ""); !errors.As(err, &nsa) || nsa.Name != "nope" {
		t.Fatalf("not a NoSuchAppError: %v", err)
	}
	// --force registers the same version again.
	if err := reg("log", AppTypeSink, "docker:org/log-sink:1.0.0", true); err != nil {
		t.Fatal(err)
	}
	if err := f.SetDefaultApp(ctx, AppTypeSink, "log", "1.1.0"); err != nil {
		t.Fatal(err)
	}
	if def, _ := f.FindApp(ctx, AppTypeSink, "log", ""); def.Version != "1.1.0" {
		t.Fatalf("default after set: %+v", def)
	}
	names, err := f.AppNames(ctx)
	if err != nil || !slices.Equal(names["sink"], []string{"log"}) || !slices.Equal(names["app"], []string{"log"}) {
		t.Fatalf("names %v %v", names, err)
	}

	// Unregistering the default leaves the others without one, and says which they are.
	res, err := f.UnregisterApp(ctx, AppTypeSink, "log", "")
	if err != nil || res.Removed.Version != "1.1.0" || !slices.Equal(res.RemainingWithoutDefault, []string{"1.0.0"}) {
		t.Fatalf("unregister default: %+v %v", res, err)
	}
	if err := reg("log", AppTypeSink, "docker:org/log-sink:1.2.0", false); err != nil {
		t.Fatal(err)
	}
	if err := f.SetDefaultApp(ctx, AppTypeSink, "log", "1.2.0"); err != nil {
		t.Fatal(err)
	}
	res, err = f.UnregisterApp(ctx, AppTypeSink, "log", "1.0.0")
	if err != nil || res.RemainingWithoutDefault != nil {
		t.Fatalf("unregister a non-default version: %+v %v", res, err)
	}
	_, err = f.UnregisterApp(ctx, AppTypeSink, "log", "7")
	wantErr(t, err, "The 'sink:log:7' application could not be found.")
	n, err := f.UnregisterAllApps(ctx)
	if err != nil || n != 2 {
		t.Fatalf("unregister all: %d %v", n, err)
	}
	if list, _ := f.ListApps(ctx); len(list) != 0 {
		t.Fatalf("left: %+v", list)
	}
	want := []string{"CREATE log", "CREATE log", "CREATE log", "CREATE log", "UPDATE log", "DELETE log", "CREATE log", "UPDATE log", "DELETE log", "DELETE *"}
	if got := auditActions(t, f, "APP_REGISTRATION"); !slices.Equal(got, want) {
		t.Fatalf("audit\n got %v\nwant %v", got, want)
	}
}

// app import: SCDF's properties files, in one transaction; versions already registered are skipped unless
// forced; a bad line registers nothing and names its line.
func TestImportApps(t *testing.T) {
	t.Parallel()
	f, ctx := bareFlow(t)
	repo := withMavenRepo(t, f)
	meta := jartest.Bytes(jartest.MetadataJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible))
	if err := repo.Publish("org.springframework.cloud.stream.app", "time-source-kafka", "5.0.0", "time-source-kafka-5.0.0-metadata.jar", meta, true); err != nil {
		t.Fatal(err)
	}
	if err := repo.Publish("io.spring", "timestamp-task", "2.0.2", "timestamp-task-2.0.2.jar", jartest.Bytes(jartest.FatJar("{}", "", "", 0)), true); err != nil {
		t.Fatal(err)
	}
	file := `# starters
source.time=docker:springcloudstream/time-source-kafka:5.0.0
source.time.metadata=maven://org.springframework.cloud.stream.app:time-source-kafka:jar:metadata:5.0.0

sink.log: docker:springcloudstream/log-sink-kafka:5.0.0
sink.log.bootVersion=3
! also a comment
task.ts=maven://io.spring:timestamp-task:2.0.2
`
	res, err := f.ImportApps(ctx, "starters.properties", []byte(file), false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Registered, []string{"source.time", "sink.log", "task.ts"}) || len(res.Skipped) != 0 {
		t.Fatalf("result %+v", res)
	}
	tm, _ := f.FindApp(ctx, AppTypeSource, "time", "")
	lg, _ := f.FindApp(ctx, AppTypeSink, "log", "")
	if !strings.HasSuffix(tm.MetadataURI, ":5.0.0") || lg.BootVersion != "3" || lg.Version != "5.0.0" {
		t.Fatalf("registered %+v %+v", tm, lg)
	}
	if opts, err := f.AppOptionsOf(ctx, AppTypeSource, "time", "", true); err != nil || len(opts.Options.Visible()) != 4 {
		t.Fatalf("imported options %+v %v", opts, err)
	}
	downloads := repo.Count(".jar")
	res, err = f.ImportApps(ctx, "starters.properties", []byte(file), false)
	if err != nil || len(res.Registered) != 0 || len(res.Skipped) != 3 {
		t.Fatalf("again: %+v %v", res, err)
	}
	if n := repo.Count(".jar"); n != downloads {
		t.Errorf("skipped apps were downloaded again: %v", repo.Requests())
	}
	res, err = f.ImportApps(ctx, "starters.properties", []byte(file), true)
	if err != nil || len(res.Registered) != 3 {
		t.Fatalf("forced: %+v %v", res, err)
	}
	audits, _ := f.AuditRecords(ctx, store.AuditFilter{Operation: "APP_REGISTRATION"})
	if audits[0].Data != "registered=[source.time, sink.log, task.ts]" || audits[1].Data != "registered=[]" || audits[0].Correlation != "starters.properties" {
		t.Fatalf("audit %+v", audits[:2])
	}

	for _, c := range []struct {
		file string
		want string
	}{
		{"source.a=docker:a:1\njunk", "line 2: expected <type>.<name>=<uri>, got 'junk'"},
		{"source=docker:a:1", "line 1: Invalid format for app key 'source' in file. Must be <type>.<name> or <type>.<name>.metadata or <type>.<name>.bootVersion"},
		{"bogus.a=docker:a:1", "line 1: Failed to convert 'bogus' to an application type: expected one of app, source, processor, sink, task"},
		{"source.a=docker:a:1\nsource.a.colour=red", "line 2: Invalid property: source.a.colour"},
		{"source.a.metadata=docker:a:1", "line 1: 'source.a' has metadata but no app URI"},
		{"source.a b=docker:a:1", "line 1: Application name 'a b' cannot be used in a definition: use letters, digits, '-', '_' and '.'"},
		{"source.a=file:/apps/nover.jar", "line 1: source.a: Could not parse version from file:/apps/nover.jar, expected format is <artifactId>-<version>.jar or <artifactId>-<version>-metadata.jar"},
		{"x/y.z=docker:a:1", "line 1: expected <type>.<name>=<uri>, got 'x/y.z=docker:a:1'"},
		{"source.a=", "line 1: expected <type>.<name>=<uri>, got 'source.a='"},
		{"sink.new=docker:new:1\nsink.log=docker:other/log:9", "Existing default application [docker:springcloudstream/log-sink-kafka:5.0.0] can only differ by a version but is [docker:other/log:9]"},
	} {
		_, err := f.ImportApps(ctx, "bad.properties", []byte(c.file), false)
		wantErr(t, err, c.want)
	}
	if _, err := f.FindApp(ctx, AppTypeSink, "new", ""); err == nil {
		t.Fatal("a failed import registered an app")
	}
}

// Stream and task definitions: create (checked against the registry), list (secrets masked), validate,
// destroy; a composed task's children come and go with it.
func TestDefinitions(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	ctx, f := e.ctx, e.f
	_, err := f.CreateStream(ctx, "tick", "time | log", "")
	wantErr(t, err, "Cannot create stream tick because another one has already been created with the same name")
	_, err = f.CreateStream(ctx, "nope", "http | jdbc", "")
	wantErr(t, err, "Application name 'http' with type 'source' does not exist in the app registry.\nApplication name 'jdbc' with type 'sink' does not exist in the app registry.")
	_, err = f.CreateStream(ctx, "bad", "time | | log", "")
	if !IsDSLError(err) {
		t.Fatalf("not a DSL error: %v", err)
	}
	if caret, ok := DSLErrorCaret(err); !ok || !strings.Contains(caret, "^") {
		t.Fatalf("caret %q", caret)
	}
	if _, ok := DSLErrorCaret(errors.New("x")); ok || IsDSLError(errors.New("x")) {
		t.Fatal("a plain error taken for a DSL error")
	}
	if _, err := f.CreateStream(ctx, "secret", "time --password=pw | log", "has a secret"); err != nil {
		t.Fatal(err)
	}
	views, err := f.Streams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var secret DefinitionView
	for _, v := range views {
		if v.Name == "secret" {
			secret = v
		}
	}
	if secret.Definition != "time --password='******' | log" && secret.Definition != "time --password=****** | log" || secret.Status != "undeployed" || secret.Description != "has a secret" {
		t.Fatalf("view %+v", secret)
	}
	view, checks, err := f.ValidateStream(ctx, "tick")
	if err != nil || view.Name != "tick" || len(checks) != 3 || checks[0] != (AppValidation{App: "source:time", Status: "valid"}) {
		t.Fatalf("validate %+v %+v %v", view, checks, err)
	}
	if _, err := f.UnregisterApp(ctx, AppTypeProcessor, "transform", ""); err != nil {
		t.Fatal(err)
	}
	_, checks, _ = f.ValidateStream(ctx, "tick")
	if checks[1] != (AppValidation{App: "processor:transform", Status: "invalid"}) {
		t.Fatalf("validate after unregister: %+v", checks)
	}
	_, _, err = f.ValidateStream(ctx, "nope")
	wantErr(t, err, "Could not find stream definition named nope")
	names, err := f.DefinitionNames(ctx, false)
	if err != nil || !slices.Equal(names, []string{"secret", "tick"}) {
		t.Fatalf("stream names %v %v", names, err)
	}
	wantErr(t, f.DestroyStream(ctx, "nope"), "Could not find stream definition named nope")
	if err := f.DestroyStream(ctx, "secret"); err != nil {
		t.Fatal(err)
	}
	if n, err := f.DestroyAllStreams(ctx); err != nil || n != 1 {
		t.Fatalf("destroy all: %d %v", n, err)
	}

	// Tasks: a composed one has a child per app.
	e.createTask("cmp", "a && lbl: b --token=t0k3n")
	_, err = f.CreateTask(ctx, "cmp-a", "a", "")
	wantErr(t, err, "Cannot register task cmp-a because another one has already been registered with the same name")
	_, err = f.CreateTask(ctx, "cmp", "a", "")
	wantErr(t, err, "Cannot register task cmp because another one has already been registered with the same name")
	_, err = f.CreateTask(ctx, "other", "zz", "")
	wantErr(t, err, "Application name 'zz' with type 'task' does not exist in the app registry.")
	tasks, err := f.Tasks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var shown []string
	for _, v := range tasks {
		shown = append(shown, v.Name+"="+v.Definition+"@"+v.ComposedParent)
	}
	want := []string{"cmp=a && lbl: b --token=******@", "cmp-a=a@cmp", "cmp-lbl=lbl: b --token=******@cmp", "ts=timestamp --format=yyyy@"}
	if !slices.Equal(shown, want) {
		t.Fatalf("tasks\n got %v\nwant %v", shown, want)
	}
	_, tk, children, err := f.TaskDefinition(ctx, "cmp")
	if err != nil || !tk.IsComposed() || len(children) != 2 || children[0].Name != "cmp-a" || children[1].Name != "cmp-lbl" {
		t.Fatalf("definition: %+v %v", children, err)
	}
	if composed, err := f.IsComposedTask(ctx, "cmp"); err != nil || !composed {
		t.Fatalf("composed: %v %v", composed, err)
	}
	if composed, err := f.IsComposedTask(ctx, "ts"); err != nil || composed {
		t.Fatalf("ts composed: %v %v", composed, err)
	}
	_, err = f.IsComposedTask(ctx, "nope")
	wantErr(t, err, "Could not find task definition named nope")
	_, checks, err = f.ValidateTask(ctx, "cmp")
	if err != nil || len(checks) != 2 || checks[0] != (AppValidation{App: "task:a", Status: "valid"}) {
		t.Fatalf("validate task %+v %v", checks, err)
	}
	if names, _ := f.DefinitionNames(ctx, true); !slices.Equal(names, []string{"cmp", "cmp-a", "cmp-lbl", "ts"}) {
		t.Fatalf("task names %v", names)
	}

	// Destroying a composed task with cleanup removes its children and their executions.
	e.p.taskEnds["cmp-a"] = ended(0)
	e.p.taskEnds["cmp-lbl"] = ended(0)
	if _, err := f.RunComposedTask(ctx, LaunchRequest{Name: "cmp"}, func(string) {}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.LaunchTask(ctx, LaunchRequest{Name: "ts"}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, f.DestroyTask(ctx, "nope", false), "Could not find task definition named nope")
	if err := f.DestroyTask(ctx, "cmp", true); err != nil {
		t.Fatal(err)
	}
	list, _ := f.Executions(ctx, "", 0, nil)
	if len(list) != 1 || list[0].TaskName != "ts" {
		t.Fatalf("executions after destroy --cleanup: %+v", list)
	}
	if names, _ := f.DefinitionNames(ctx, true); !slices.Equal(names, []string{"ts"}) {
		t.Fatalf("task names after destroy %v", names)
	}
	if n, err := f.DestroyAllTasks(ctx); err != nil || n != 1 {
		t.Fatalf("destroy all tasks: %d %v", n, err)
	}
}

// Definition completion reads the registry and the streams: tap labels are the apps that write somewhere.
func TestDefinitionCatalog(t *testing.T) {
	t.Parallel()
	e := newTaskEngine(t)
	c, err := e.f.DefinitionCatalog(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Streams, []string{"tick"}) || !slices.Equal(c.Apps["task"], []string{"a", "b", "c", "timestamp"}) {
		t.Fatalf("catalog %+v", c)
	}
	if got := c.StreamLabels("tick"); !slices.Equal(got, []string{"time", "transform"}) {
		t.Fatalf("labels %v", got)
	}
	if got := c.StreamLabels("nope"); got != nil {
		t.Fatalf("labels of no stream %v", got)
	}
	if got := CompleteStreamDefinition("time | tr", c); !slices.Contains(got, "time | transform") {
		t.Fatalf("stream completion %v", got)
	}
	if got := CompleteTaskDefinition("time", c); !slices.Contains(got, "timestamp") {
		t.Fatalf("task completion %v", got)
	}
	d, err := DescribeDefinition("stream", "s", "time | log", false)
	if err != nil || d == nil {
		t.Fatalf("describe %v %v", d, err)
	}
}

// Command history keeps lines redacted, oldest first, and skips blank ones.
func TestCommandHistory(t *testing.T) {
	t.Parallel()
	f, ctx := bareFlow(t)
	for _, l := range []string{"stream list", "  ", "app register --name x --password=hunter2"} {
		if err := f.RecordCommand(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	h, err := f.CommandHistory(ctx, 0)
	if err != nil || len(h) != 2 || h[0].Line != "stream list" || strings.Contains(h[1].Line, "hunter2") {
		t.Fatalf("history %+v %v", h, err)
	}
	if h, _ := f.CommandHistory(ctx, 1); len(h) != 1 || h[0].Line == "stream list" {
		t.Fatalf("limited %+v", h)
	}
}

// The platforms' memo is a cache in the store.
func TestMemo(t *testing.T) {
	t.Parallel()
	f, ctx := bareFlow(t)
	m := f.Memo()
	if _, ok := m.Recall(ctx, "cf", "org"); ok {
		t.Fatal("recalled what was never remembered")
	}
	m.Remember(ctx, "cf", "org", "guid-1")
	if v, ok := m.Recall(ctx, "cf", "org"); !ok || v != "guid-1" {
		t.Fatalf("recall %q %v", v, ok)
	}
	if _, ok := m.Recall(ctx, "other", "org"); ok {
		t.Fatal("memos are per account")
	}
}

func TestParseAppType(t *testing.T) {
	t.Parallel()
	if typ, err := ParseAppType("SINK"); err != nil || typ != AppTypeSink {
		t.Fatalf("%v %v", typ, err)
	}
	_, err := ParseAppType("bolt")
	wantErr(t, err, "Failed to convert 'bolt' to an application type: expected one of app, source, processor, sink, task")
}

// The platform lists show each account with its type as Skipper and the server spell it; an import of SCDF's
// environment adds its accounts and saves the file.
func TestAccountsListAndImport(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	var streams, tasks []string
	for _, r := range e.accounts.StreamPlatforms() {
		streams = append(streams, r.Name+":"+r.Type)
	}
	for _, r := range e.accounts.TaskPlatforms() {
		tasks = append(tasks, r.Name+":"+r.Type)
	}
	if !slices.Equal(streams, []string{"default:kubernetes", "cf:cloudfoundry", "laptop:local"}) || !slices.Equal(tasks, []string{"default:Kubernetes", "laptop:Local"}) {
		t.Fatalf("streams %v, tasks %v", streams, tasks)
	}
	if e.accounts.Environment().DataDir != e.dir || len(e.accounts.Config().Streams) != 3 {
		t.Fatalf("environment %+v", e.accounts.Environment())
	}
	report, err := e.accounts.ImportEnvironment([]string{
		"SPRING_CLOUD_SKIPPER_SERVER_PLATFORM_KUBERNETES_ACCOUNTS_KAFKAZONE_NAMESPACE=kafka-namespace",
		"PATH=/usr/bin",
	})
	if err != nil || !slices.Equal(report.Streams, []string{"kafkazone"}) || report.Source != "the environment" {
		t.Fatalf("import %+v %v", report, err)
	}
	again, err := LoadAccounts(report.ConfigPath, func(string) string { return "" }, e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if acc, err := again.StreamAccount("kafkazone"); err != nil || acc.Kubernetes.Namespace != "kafka-namespace" {
		t.Fatalf("saved account %+v %v", acc, err)
	}
	_, err = e.accounts.ImportFile("bad.yaml", []byte("spring: ["))
	if err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Fatalf("bad file: %v", err)
	}
}

// A feature switched off says by what: SCDF's environment variable wins over the file.
func TestCheckFeature(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "accounts.yaml")
	if err := os.WriteFile(path, []byte("features: {tasks: false}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := LoadAccounts(path, func(string) string { return "" }, dir)
	if err != nil {
		t.Fatal(err)
	}
	env := func(kv ...string) func(string) string { return func(k string) string { return props(kv...)[k] } }
	none := env()
	for _, c := range []struct {
		feature Feature
		getenv  func(string) string
		want    string
	}{
		{FeatureStreams, none, ""},
		{FeatureSchedules, none, ""},
		{FeatureTasks, none, "Tasks are disabled by features.tasks: false in " + path},
		{FeatureTasks, env("SPRING_CLOUD_DATAFLOW_FEATURES_TASKS_ENABLED", "true"), ""},
		{FeatureStreams, env("SPRING_CLOUD_DATAFLOW_FEATURES_STREAMS_ENABLED", "false"), "Streams are disabled by SPRING_CLOUD_DATAFLOW_FEATURES_STREAMS_ENABLED=false"},
		{FeatureSchedules, env("SPRING_CLOUD_DATAFLOW_FEATURES_SCHEDULES_ENABLED", "maybe"), "SPRING_CLOUD_DATAFLOW_FEATURES_SCHEDULES_ENABLED=maybe is not true or false"},
	} {
		err := a.CheckFeature(c.feature, c.getenv, path)
		if c.want == "" && err != nil || c.want != "" && (err == nil || err.Error() != c.want) {
			t.Errorf("%s: %v, want %q", c.feature, err, c.want)
		}
	}
	off := false
	a.config.Features = accounts.Features{Streams: &off, Schedules: &off}
	wantErr(t, a.CheckFeature(FeatureStreams, none, path), "Streams are disabled by features.streams: false in "+path)
	wantErr(t, a.CheckFeature(FeatureSchedules, none, path), "Schedules are disabled by features.schedules: false in "+path)
}
