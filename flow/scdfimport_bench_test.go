package flow

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
)

// BenchmarkImportSCDF1000 imports 1,000 definitions (500 streams with deployment properties, 500 tasks) from
// a loopback SCDF serving pages of 100, into a new SQLite store each time: the read, the checks and the one
// transaction. The figure is 2 s or less.
func BenchmarkImportSCDF1000(b *testing.B) {
	est := bench1000Estate()
	srv := scdftest.New(est, 100)
	defer srv.Close()
	b.ResetTimer()
	ctx := context.Background()
	for i := range b.N {
		b.StopTimer()
		s, err := OpenStore(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("df%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		f := New(Config{Store: s, Actor: "bench"})
		b.StartTimer()
		res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}})
		if err != nil || res.Count(SCDFCreate) != 1004 {
			b.Fatalf("import: %v, %d created", err, res.Count(SCDFCreate))
		}
		b.StopTimer()
		_ = s.Close()
		b.StartTimer()
	}
}

// BenchmarkImportSCDF1000Unchanged is the second import of the same 1,000 definitions: read, compare, no write.
func BenchmarkImportSCDF1000Unchanged(b *testing.B) {
	est := bench1000Estate()
	srv := scdftest.New(est, 100)
	defer srv.Close()
	ctx := context.Background()
	s, err := OpenStore(ctx, filepath.Join(b.TempDir(), "df.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	f := New(Config{Store: s, Actor: "bench"})
	if _, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}})
		if err != nil || res.Written || res.Count(SCDFUnchanged) != 1004 {
			b.Fatalf("second import: %v, written %v", err, res.Written)
		}
	}
}

// bench1000Estate holds 500 streams with deployment properties and 500 tasks over 4 apps.
func bench1000Estate() scdftest.Estate {
	est := scdftest.Estate{Apps: []scdftest.App{
		{Type: "source", Name: "time", URI: "docker:springcloudstream/time-source-rabbit:3.2.1", Version: "3.2.1", Default: true},
		{Type: "processor", Name: "transform", URI: "docker:springcloudstream/transform-processor-rabbit:3.2.1", Version: "3.2.1", Default: true},
		{Type: "sink", Name: "log", URI: "docker:springcloudstream/log-sink-rabbit:3.2.1", Version: "3.2.1", Default: true},
		{Type: "task", Name: "timestamp", URI: "docker:springcloudtask/timestamp-task:2.0.2", Version: "2.0.2", Default: true},
	}}
	for i := range 500 {
		est.Streams = append(est.Streams, scdftest.Stream{Name: fmt.Sprintf("s%d", i),
			DSL:                  fmt.Sprintf("time --fixed-delay=%d | transform --expression=payload.toUpperCase() | log", i),
			DeploymentProperties: map[string]string{"spring.cloud.dataflow.skipper.platformName": "default", "deployer.log.count": "2"}})
		est.Tasks = append(est.Tasks, scdftest.Task{Name: fmt.Sprintf("t%d", i), DSL: fmt.Sprintf("timestamp --format=yyyy-%d", i)})
	}
	return est
}
