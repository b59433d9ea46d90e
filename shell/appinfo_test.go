package shell

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/internal/jartest"
)

// timeSourceJar writes the jartest time source's fat jar under dir and returns its file: URI.
func timeSourceJar(t testing.TB, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "time-source-1.0.0.jar")
	if err := jartest.Write(p, jartest.FatJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible, "", 0)); err != nil {
		t.Fatal(err)
	}
	return "file://" + p
}

// benchOptions is how many options the benchmarks' apps carry beside their four visible ones: a Boot app's
// metadata, its libraries' included, runs to thousands.
const benchOptions = 3000

// largeSourceJar is timeSourceJar with benchOptions more options.
func largeSourceJar(t testing.TB, dir, version string) string {
	t.Helper()
	p := filepath.Join(dir, "time-source-"+version+".jar")
	if err := jartest.Write(p, jartest.FatJar(jartest.LargeMetadata(benchOptions), jartest.TimeSourceVisible, "", 0)); err != nil {
		t.Fatal(err)
	}
	return "file://" + p
}

func TestAppInfoShowsTheOptionsAsSCDF(t *testing.T) {
	s, out, _, tmp := newTestSessionWithEnv(t)
	uri := timeSourceJar(t, tmp)
	mustRun(t, s, "app register --name time --type source --uri "+uri)
	out.Reset()
	mustRun(t, s, "app info --name time --type source")
	want := `Information about source application 'time':
Version: '1.0.0':
Default application version: 'true':
Resource URI: ` + uri + `
╔══════════════════════════════╤══════════════════════════════╤══════════════════════════════╤══════════════════════════════╗
║         Option Name          │         Description          │           Default            │             Type             ║
╠══════════════════════════════╪══════════════════════════════╪══════════════════════════════╪══════════════════════════════╣
║time.date-format              │How to render the date.       │<none>                        │java.lang.String              ║
║time.enabled                  │<unknown>                     │true                          │java.lang.Boolean             ║
║time.format                   │How to render the current     │HH:mm:ss                      │java.lang.String              ║
║                              │time.                         │                              │                              ║
║trigger.fixed-delay           │Delay between messages.       │1                             │java.lang.Integer             ║
╚══════════════════════════════╧══════════════════════════════╧══════════════════════════════╧══════════════════════════════╝
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	out.Reset()
	mustRun(t, s, "app info --name time --type source --exhaustive")
	for _, opt := range []string{"server.port", "date.format", "time.format"} {
		if !strings.Contains(out.String(), "║"+opt+" ") {
			t.Errorf("--exhaustive lacks %s:\n%s", opt, out.String())
		}
	}
	if strings.Contains(out.String(), "time.legacy") {
		t.Error("an option deprecated at level error is shown")
	}
	out.Reset()
	mustRun(t, s, "app register --name log --type sink --uri docker:example/log:1.0.0", "app info --name log --type sink")
	if !strings.HasSuffix(out.String(), "Resource URI: docker:example/log:1.0.0\nApplication options metadata is not available\n") {
		t.Errorf("an image without metadata:\n%s", out.String())
	}
}

func TestAppRegisterOfACorruptJarRegistersNothing(t *testing.T) {
	s, out, _, tmp := newTestSessionWithEnv(t)
	bad := filepath.Join(tmp, "bad-1.0.0.jar")
	if err := jartest.Write(bad, jartest.MetadataJar(`{"groups": 7}`, "")); err != nil {
		t.Fatal(err)
	}
	err := s.RunLine(context.Background(), "app register --name bad --type source --uri file://"+bad)
	if err == nil || !strings.Contains(err.Error(), "bad-1.0.0.jar!/META-INF/spring-configuration-metadata.json is not valid configuration metadata") {
		t.Fatalf("got %v", err)
	}
	out.Reset()
	mustRun(t, s, "app list")
	if !strings.Contains(out.String(), "No registered apps") {
		t.Errorf("registered:\n%s", out.String())
	}
}

func TestCompleteAnAppsOptionsInsideADefinition(t *testing.T) {
	s, _, _, tmp := newTestSessionWithEnv(t)
	mustRun(t, s, "app register --name time --type source --uri "+timeSourceJar(t, tmp),
		"app register --name log --type sink --uri docker:example/log:1.0.0")
	suggestions, from := s.Complete(context.Background(), `stream create s --definition "time --`)
	var got []string
	for _, x := range suggestions {
		got = append(got, x.Text+" | "+x.Description)
	}
	want := []string{"time --date-format= | How to render the date.", "time --enabled= | ",
		"time --format= | How to render the current time.", "time --trigger.fixed-delay= | Delay between messages."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || from != 30 {
		t.Errorf("got from %d\n%s", from, strings.Join(got, "\n"))
	}
	texts, _ := suggestionTexts(t, s, `stream create s --definition "time --format='x' --enabled=`)
	if strings.Join(texts, ",") != "time --format='x' --enabled=true,time --format='x' --enabled=false" {
		t.Errorf("values: %v", texts)
	}
	// The shell completion scripts ask cobra's __complete, with descriptions.
	var buf bytes.Buffer
	if err := s.runComplete(context.Background(), []string{cobra.ShellCompRequestCmd, "stream", "create", "s", "--definition", "time --f"}, &buf, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "time --format=\tHow to render the current time.\n:") {
		t.Errorf("__complete:\n%s", buf.String())
	}
}

// Completing an app's options with 1,000 apps registered, each with its metadata (benchOptions options): the
// p99 is what a user notices.
func BenchmarkCompleteOptions1000Apps(b *testing.B) {
	s, _, _, tmp := newTestSessionWithEnv(b)
	var script strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&script, "app register --name app-%04d --type source --uri %s\n", i, largeSourceJar(b, tmp, fmt.Sprintf("1.0.%d", i)))
	}
	for _, l := range strings.Split(strings.TrimSpace(script.String()), "\n") {
		if err := s.RunLine(context.Background(), l); err != nil {
			b.Fatal(err)
		}
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		s.forgetLineState() // the first Tab after a command: nothing cached
		start := time.Now()
		suggestions, _ := s.Complete(context.Background(), fmt.Sprintf(`stream create x --definition "app-%04d --`, i%1000))
		times = append(times, time.Since(start))
		if len(suggestions) != 4 {
			b.Fatalf("%d suggestions", len(suggestions))
		}
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

// app info of an app whose options are stored (benchOptions of them): a store read and a table, no network;
// the visible options, and every one.
func BenchmarkAppInfoFromStoredOptions(b *testing.B) {
	s, out, _, tmp := newTestSessionWithEnv(b)
	if err := s.RunLine(context.Background(), "app register --name time --type source --uri "+largeSourceJar(b, tmp, "1.0.0")); err != nil {
		b.Fatal(err)
	}
	for name, line := range map[string]string{"visible": "app info --name time --type source",
		"exhaustive": "app info --name time --type source --exhaustive"} {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				out.Reset()
				if err := s.RunLine(context.Background(), line); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Kubernetes runs images: a maven:// app is refused before any call to the cluster (none answers here).
func TestKubernetesRefusesAMavenAppBeforeAnyCall(t *testing.T) {
	s, out, _, tmp := newTestSessionWithEnv(t)
	repo := startTranscriptRepo(t, tmp, s.factory.configPath())
	config, err := os.ReadFile(s.factory.configPath())
	if err != nil {
		t.Fatal(err)
	}
	config = append(config, "streams:\n  - name: k8s\n    type: kubernetes\n    kubernetes: {masterUrl: 'http://127.0.0.1:9', namespace: default}\n"...)
	if err := os.WriteFile(s.factory.configPath(), config, 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s, "app register --name log --type sink --uri maven://org.springframework.cloud.stream.app:log-sink-rabbit:3.2.1",
		"app register --name time --type source --uri docker:example/time:1.0.0",
		`stream create s --definition "time | log"`)
	out.Reset()
	err = s.RunLine(context.Background(), "stream deploy s --platformName k8s")
	want := "app 'log': Kubernetes runs docker images: 'maven://org.springframework.cloud.stream.app:log-sink-rabbit:3.2.1' is not a docker: resource (register the app's image)"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if n := repo.Count(".jar"); n != 1 {
		t.Errorf("the jar was fetched again for a platform that cannot run it: %v", repo.Requests())
	}
}
