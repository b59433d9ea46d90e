package flow

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
)

// bench10000Executions is a task and 10,000 of its executions as SCDF lists them (newest first), with
// arguments, properties and job ids as the listing carries them.
func bench10000Executions() scdftest.Estate {
	est := scdftest.Estate{
		Apps:  []scdftest.App{{Type: "task", Name: "timestamp", URI: "docker:springcloudtask/timestamp-task:2.0.2", Version: "2.0.2", Default: true}},
		Tasks: []scdftest.Task{{Name: "ts", DSL: "timestamp --format=yyyy"}},
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 10000; i >= 1; i-- {
		at := start.Add(time.Duration(i) * time.Minute)
		est.Executions = append(est.Executions, scdftest.Execution{ID: int64(i), TaskName: "ts", Start: at, End: at.Add(time.Second), ExitCode: intPtr(i % 7 / 6),
			Arguments: []string{"--format=yyyy", fmt.Sprintf("--run=%d", i), "--spring.cloud.task.executionid=" + fmt.Sprint(i)}, JobExecutionIDs: []int64{int64(i)},
			ExternalID: fmt.Sprintf("ts-%d", i), ResourceURL: "Docker Resource [docker:springcloudtask/timestamp-task:2.0.2]", Platform: "default", SchemaTarget: "boot2",
			AppProperties: map[string]string{"timestamp.format": "yyyy"}, Deployment: map[string]string{"spring.cloud.deployer.memory": "512m"}})
	}
	return est
}

// BenchmarkImportSCDF10000Executions imports one task and its 10,000 executions from a loopback SCDF serving
// pages of 1,000 (10 listing requests), into a new SQLite store each time.
func BenchmarkImportSCDF10000Executions(b *testing.B) {
	srv := scdftest.New(bench10000Executions(), 1000)
	defer srv.Close()
	ctx := context.Background()
	for i := range b.N {
		b.StopTimer()
		s, err := OpenStore(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("df%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		f := New(Config{Store: s, Actor: "bench"})
		b.StartTimer()
		res, err := f.ImportSCDF(ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Executions: true})
		if err != nil || res.ExecutionCount(SCDFCreate) != 10000 {
			b.Fatalf("import: %v, %d created", err, res.ExecutionCount(SCDFCreate))
		}
		b.StopTimer()
		_ = s.Close()
		b.StartTimer()
	}
}

// BenchmarkImportSCDF10000ExecutionsUnchanged is the second import: everything read and compared, nothing
// written.
func BenchmarkImportSCDF10000ExecutionsUnchanged(b *testing.B) {
	srv := scdftest.New(bench10000Executions(), 1000)
	defer srv.Close()
	ctx := context.Background()
	s, err := OpenStore(ctx, filepath.Join(b.TempDir(), "df.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	f := New(Config{Store: s, Actor: "bench"})
	req := SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Executions: true}
	if _, err := f.ImportSCDF(ctx, req); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		res, err := f.ImportSCDF(ctx, req)
		if err != nil || res.Written || res.ExecutionCount(SCDFUnchanged) != 10000 {
			b.Fatalf("import: %v, written %v", err, res.Written)
		}
	}
}
