package cctest

import "testing"

// A fired job starts a CF task with its command and records a history entry that follows the task, here
// FAILED with the reason FailTask gave its app.
func TestJobHistory(t *testing.T) {
	s, cf := newClient(t)
	app := stageDocker(t, s, cf, "timestamp-task")
	do := cf.HTTPAuthClient().Do
	_, job := schedCall(t, do, "POST", s.URL()+"/jobs?app_guid="+app.GUID, map[string]any{"name": "nightly", "command": "java -jar app.jar"})
	jobGUID := job["guid"].(string)
	_, sched := schedCall(t, do, "POST", s.URL()+"/jobs/"+jobGUID+"/schedules",
		map[string]any{"enabled": true, "expression": "0 2 ? * *", "expression_type": "cron_expression"})

	if code, h := schedCall(t, do, "GET", s.URL()+"/jobs/"+jobGUID+"/history", nil); code != 200 || len(h["resources"].([]any)) != 0 {
		t.Fatalf("history before a run: %d %v", code, h)
	}
	if _, err := s.FireSchedule("no such job"); err == nil {
		t.Fatal("fired a job that does not exist")
	}
	s.FailTask("timestamp-task", "exit status 2")
	taskGUID, err := s.FireSchedule("nightly")
	if err != nil {
		t.Fatal(err)
	}
	task, err := cf.Tasks.Get(t.Context(), taskGUID)
	if err != nil || task.Command != "java -jar app.jar" {
		t.Fatalf("task: %+v %v", task, err)
	}
	// That GET was the task's first observation; the history read is its second, which ends it.
	code, h := schedCall(t, do, "GET", s.URL()+"/jobs/"+jobGUID+"/history?page=1", nil)
	res := h["resources"].([]any)
	if code != 200 || len(res) != 1 || h["pagination"].(map[string]any)["total_results"].(float64) != 1 {
		t.Fatalf("history: %d %v", code, h)
	}
	run := res[0].(map[string]any)
	if run["task_guid"] != taskGUID || run["job_guid"] != jobGUID || run["schedule_guid"] != sched["guid"] ||
		run["state"] != "FAILED" || run["message"] != "exit status 2" || run["execution_end_time"] == nil ||
		run["execution_start_time"] == nil || run["scheduled_time"] == nil || run["guid"] == "" {
		t.Fatalf("run = %v", run)
	}
	if code, _ := schedCall(t, do, "GET", s.URL()+"/jobs/nope/history", nil); code != 404 {
		t.Fatalf("history of a missing job: %d", code)
	}
}
