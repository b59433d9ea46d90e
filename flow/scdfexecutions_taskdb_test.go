package flow

import (
	"fmt"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/scdftest"
	"github.com/dataflow-cli/dataflow/internal/testdb"
	"github.com/dataflow-cli/dataflow/store"
	"github.com/dataflow-cli/dataflow/taskdb"
)

// With SCDF's own task database configured here, an imported execution's row is SCDF's row: status reads the
// app's end and job executions from it; a cleanup never deletes it. A row of the same id that another run wrote
// (the task database is not SCDF's) is not shown as the imported execution's.
func TestSCDFExecutionsWithSCDFsTaskDatabase(t *testing.T) {
	db := testdb.Postgres(t)
	e := newTaskEngine(t)
	withTaskDB(e, db.JDBCURL(), db.Server.User, db.Server.Password)
	openTaskDB(t, db) // the tables, as SCDF made them
	db.Exec(t, `INSERT INTO TASK_EXECUTION (TASK_EXECUTION_ID, START_TIME, END_TIME, TASK_NAME, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
		VALUES (500, '2025-06-01 08:00:00', '2025-06-01 09:00:00', 'ts', 0, 'finished', '2025-06-01 09:00:00');
		INSERT INTO TASK_TASK_BATCH (TASK_EXECUTION_ID, JOB_EXECUTION_ID) VALUES (500, 7);
		INSERT INTO TASK_EXECUTION (TASK_EXECUTION_ID, START_TIME, TASK_NAME, LAST_UPDATED) VALUES (600, '2025-06-01 08:00:00', 'another', '2025-06-01 08:00:00');`)
	srv := startSCDF(t, scdftest.Estate{
		Apps:  []scdftest.App{{Type: "task", Name: "timestamp", URI: "docker:springcloudtask/timestamp-task:2.0.2", Version: "2.0.2", Default: true}},
		Tasks: []scdftest.Task{{Name: "ts", DSL: "timestamp --format=yyyy"}},
		Executions: []scdftest.Execution{
			{ID: 600, TaskName: "ts", Start: scdfT0, End: scdfT0, ExitCode: intPtr(0), Platform: "default", SchemaTarget: "boot2", JobExecutionIDs: []int64{9}},
			{ID: 500, TaskName: "ts", Start: scdfT0, Platform: "default", SchemaTarget: "boot2", JobExecutionIDs: []int64{3}}, // listed before its row had job 7
		},
	})
	if _, err := e.f.ImportSCDF(e.ctx, SCDFImportRequest{Server: SCDFServer{URI: srv.URL}, Executions: true}); err != nil {
		t.Fatal(err)
	}
	imported := e.execution(500)
	rec, err := e.f.ExecutionRunRecord(e.ctx, imported)
	if err != nil || !rec.Found || len(rec.JobExecutionIDs) != 1 || rec.JobExecutionIDs[0] != 7 {
		t.Fatalf("run record of 500: %+v %v", rec, err)
	}
	if shown := WithRunRecord(imported, rec); shown.Status != "COMPLETE" || shown.ExitMessage != "finished" || fmt.Sprint(shown.JobExecutionIDs) != "[7]" {
		t.Fatalf("500 as shown %+v", shown)
	}
	six := e.execution(600)
	rec, err = e.f.ExecutionRunRecord(e.ctx, six)
	if err != nil || rec.Found {
		t.Fatalf("another run's row shown as SCDF's execution 600: %+v %v", rec, err)
	}
	if shown := WithRunRecord(six, rec); fmt.Sprint(shown.JobExecutionIDs) != "[9]" {
		t.Fatalf("600 without its row shows job execution ids %v, want those SCDF listed", shown.JobExecutionIDs)
	}
	if err := e.f.CleanupExecutions(e.ctx, []store.Execution{imported}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := openTaskDB(t, db).Execution(e.ctx, taskdb.Boot2, 500); err != nil {
		t.Fatalf("SCDF's row went with the cleanup: %v", err)
	}
}
