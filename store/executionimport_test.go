package store

import (
	"context"
	"slices"
	"testing"
	"time"
)

// Imported executions keep their ids, ends and parents; the store's counter moves past them on both engines;
// only an imported record is replaced.
func TestImportExecutions(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		r := s.Read()
		start := time.Date(2025, 6, 1, 8, 0, 0, 123_000_000, time.UTC)
		code := 0
		list := []Execution{
			{ID: 7, TaskName: "ts", Platform: "default", Resource: "docker:t:1", Arguments: []string{"--a=1", "--b=2"}, Properties: "k=v",
				ExternalID: "ts-7", Status: ExecutionComplete, ExitCode: &code, ExitMessage: "done", StartTime: start, EndTime: start.Add(time.Minute),
				Launcher: "scdf", SchemaTarget: "boot3"},
			{ID: 9, TaskName: "ts-a", Platform: "default", Status: ExecutionRunning, StartTime: start, ParentID: 7, Launcher: "scdf"},
		}
		for i := range 1200 { // more than one statement's worth
			list = append(list, Execution{ID: int64(1000 + i), TaskName: "bulk", Platform: "p", Status: ExecutionComplete, ExitCode: &code,
				StartTime: start, EndTime: start, Launcher: "scdf"})
		}
		if err := r.ImportExecutions(ctx, list); err != nil {
			t.Fatal(err)
		}
		got, err := r.GetExecution(ctx, 7)
		if err != nil || !slices.Equal(got.Arguments, list[0].Arguments) || *got.ExitCode != 0 || !got.EndTime.Equal(start.Add(time.Minute)) ||
			got.SchemaTarget != "boot3" || got.Launcher != "scdf" || got.ExternalID != "ts-7" || got.Status != ExecutionComplete {
			t.Fatalf("%+v %v", got, err)
		}
		if steps, err := r.ChildExecutions(ctx, 7); err != nil || len(steps) != 1 || steps[0].ID != 9 || steps[0].ExitCode != nil {
			t.Fatalf("steps %+v %v", steps, err)
		}
		between, err := r.ExecutionsBetween(ctx, 8, 1001)
		if err != nil || len(between) != 3 || between[0].ID != 9 || between[2].ID != 1001 {
			t.Fatalf("between %v %v", len(between), err)
		}
		next, err := r.InsertExecution(ctx, Execution{TaskName: "ts", Platform: "default", Resource: "docker:t:1", Status: ExecutionLaunching, StartTime: start})
		if err != nil || next != 2200 {
			t.Fatalf("next id %d %v", next, err)
		}
		if err := r.ImportExecutions(ctx, []Execution{{ID: 7, TaskName: "ts", Status: ExecutionComplete, StartTime: start}}); err == nil {
			t.Fatal("an id already used was imported again")
		}

		ended := list[1]
		ended.Status, ended.ExitCode, ended.EndTime = ExecutionError, &code, start.Add(time.Hour)
		if err := r.ReplaceImportedExecution(ctx, ended); err != nil {
			t.Fatal(err)
		}
		if got, _ := r.GetExecution(ctx, 9); got.Status != ExecutionError || !got.EndTime.Equal(start.Add(time.Hour)) {
			t.Fatalf("replaced %+v", got)
		}
		mine := Execution{ID: next, TaskName: "x", Status: ExecutionComplete, Launcher: "scdf", StartTime: start}
		if err := r.ReplaceImportedExecution(ctx, mine); err != nil {
			t.Fatal(err)
		}
		if got, _ := r.GetExecution(ctx, next); got.TaskName != "ts" || got.Status != ExecutionLaunching {
			t.Fatalf("a launch here was replaced: %+v", got)
		}
	})
}
