package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestSchedulesAndScheduledRuns(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		for _, sc := range []Schedule{
			{Name: "b", TaskName: "t1", Platform: "k1", Expression: "* * * * *", Resource: "docker:x:1", Arguments: []string{"--a", "b c"}, Properties: "x=1\ny=2,3", CreatedAt: at},
			{Name: "a", TaskName: "t2", Platform: "k2", Expression: "@daily", Resource: "docker:y:1", CreatedAt: at},
		} {
			if err := s.Read().InsertSchedule(ctx, sc); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Read().InsertSchedule(ctx, Schedule{Name: "a", TaskName: "t", Platform: "k1", Expression: "x", Resource: "r", CreatedAt: at}); err == nil {
			t.Fatal("a duplicate schedule name was stored")
		}
		got, err := s.Read().GetSchedule(ctx, "b")
		if err != nil || len(got.Arguments) != 2 || got.Arguments[1] != "b c" || got.Properties != "x=1\ny=2,3" || !got.CreatedAt.Equal(at) {
			t.Fatalf("%+v %v", got, err)
		}
		if list, _ := s.Read().ListSchedules(ctx, "k1", ""); len(list) != 1 || list[0].Name != "b" {
			t.Fatalf("by platform: %+v", list)
		}
		if list, _ := s.Read().ListSchedules(ctx, "", "t2"); len(list) != 1 || list[0].Name != "a" {
			t.Fatalf("by task: %+v", list)
		}
		if p, _ := s.Read().SchedulePlatforms(ctx); len(p) != 2 || p[0] != "k1" {
			t.Fatalf("platforms: %v", p)
		}

		run := Execution{TaskName: "t1", Platform: "k1", Resource: "docker:x:1", ExternalID: "b-1", Handle: "job/b-1", Status: "RUNNING", StartTime: at, ScheduleName: "b"}
		for range 2 {
			if err := s.Read().RecordScheduledRun(ctx, run); err != nil {
				t.Fatal(err)
			}
		}
		// The end, once the platform reports it, goes on the one record.
		code := 0
		run.EndTime, run.Status, run.ExitCode = at.Add(time.Minute), "COMPLETE", &code
		if err := s.Read().RecordScheduledRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		list, err := s.Read().ListExecutions(ctx, "t1", 0)
		if err != nil || len(list) != 1 || list[0].Status != "COMPLETE" || list[0].ScheduleName != "b" || !list[0].EndTime.Equal(at.Add(time.Minute)) {
			t.Fatalf("runs: %+v %v", list, err)
		}
		// An end already recorded stays.
		three := 3
		run.ExitCode, run.Status, run.EndTime = &three, "ERROR", at.Add(2*time.Minute)
		if err := s.Read().RecordScheduledRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		if e, _ := s.Read().GetExecution(ctx, list[0].ID); *e.ExitCode != 0 {
			t.Fatalf("end overwritten: %+v", e)
		}
		if err := s.Read().DeleteSchedule(ctx, "b"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Read().GetSchedule(ctx, "b"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted schedule: %v", err)
		}
	})
}

func TestListExecutionsPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for range 5 {
			if _, err := s.Read().InsertExecution(ctx, Execution{TaskName: "t", Platform: "p", Resource: "r", Status: "RUNNING", StartTime: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		var ids []int64
		for offset := 0; offset < 6; offset += 2 {
			page, err := s.Read().ListExecutionsPage(ctx, "t", 2, offset)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page {
				ids = append(ids, e.ID)
			}
		}
		if fmt.Sprint(ids) != "[5 4 3 2 1]" {
			t.Fatalf("pages: %v", ids)
		}
	})
}
