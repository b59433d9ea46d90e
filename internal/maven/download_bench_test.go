package maven

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/jartest"
	"github.com/dataflow-cli/dataflow/internal/maven/maventest"
)

const benchJarSize = 50 << 20

// benchRepo serves a 50 MB jar (with its checksums) from a loopback repository.
func benchRepo(b *testing.B) *maventest.Repo {
	b.Helper()
	repo := maventest.Start(b.TempDir())
	b.Cleanup(repo.Close)
	jar := jartest.Bytes(jartest.FatJar(jartest.TimeSourceMetadata, "", "", benchJarSize))
	if err := repo.Publish(group, artifact, "1.0.0", "time-source-1.0.0.jar", jar, true); err != nil {
		b.Fatal(err)
	}
	return repo
}

// The first download of a 50 MB jar into an empty local repository, checksum verified; compare with
// BenchmarkCurl50MB on the same file (MB/s).
func BenchmarkResolve50MB(b *testing.B) {
	repo := benchRepo(b)
	c := Coordinates{GroupID: group, ArtifactID: artifact, Extension: "jar", Version: "1.0.0"}
	b.SetBytes(benchJarSize)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		local := b.TempDir()
		r := NewResolver(Config{LocalRepository: local, RemoteRepositories: map[string]RemoteRepository{"repo1": {URL: repo.URL()}}})
		b.StartTimer()
		if _, err := r.Resolve(context.Background(), c); err != nil {
			b.Fatal(err)
		}
	}
}

// curl fetching the same file to disk, for the comparison.
func BenchmarkCurl50MB(b *testing.B) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		b.Skip("no curl to compare with")
	}
	repo := benchRepo(b)
	url := repo.URL() + "/" + filepath.ToSlash(maventest.Path(group, artifact, "1.0.0", "time-source-1.0.0.jar"))
	b.SetBytes(benchJarSize)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		out := filepath.Join(b.TempDir(), "time-source-1.0.0.jar")
		b.StartTimer()
		if msg, err := exec.Command(curl, "-sSf", "-o", out, url).CombinedOutput(); err != nil {
			b.Fatalf("curl: %v %s", err, msg)
		}
		b.StopTimer()
		if info, err := os.Stat(out); err != nil || info.Size() < benchJarSize {
			b.Fatalf("curl wrote %v %v", info, err)
		}
		b.StartTimer()
	}
}

// The same two downloads alternated, so a shared machine's load falls on both alike: the medians of each and
// their ratio (resolver over curl).
func BenchmarkResolveBesideCurl50MB(b *testing.B) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		b.Skip("no curl to compare with")
	}
	repo := benchRepo(b)
	url := repo.URL() + "/" + filepath.ToSlash(maventest.Path(group, artifact, "1.0.0", "time-source-1.0.0.jar"))
	c := Coordinates{GroupID: group, ArtifactID: artifact, Extension: "jar", Version: "1.0.0"}
	var ours, theirs []time.Duration
	for range b.N {
		r := NewResolver(Config{LocalRepository: b.TempDir(), RemoteRepositories: map[string]RemoteRepository{"repo1": {URL: repo.URL()}}})
		start := time.Now()
		if _, err := r.Resolve(context.Background(), c); err != nil {
			b.Fatal(err)
		}
		ours = append(ours, time.Since(start))
		out := filepath.Join(b.TempDir(), "time-source-1.0.0.jar")
		start = time.Now()
		if msg, err := exec.Command(curl, "-sSf", "-o", out, url).CombinedOutput(); err != nil {
			b.Fatalf("curl: %v %s", err, msg)
		}
		theirs = append(theirs, time.Since(start))
	}
	median := func(d []time.Duration) time.Duration {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	mbps := func(d time.Duration) float64 { return float64(benchJarSize) / 1e6 / d.Seconds() }
	o, t := mbps(median(ours)), mbps(median(theirs))
	b.ReportMetric(o, "resolver-MB/s")
	b.ReportMetric(t, "curl-MB/s")
	b.ReportMetric(o/t, "resolver/curl")
}
