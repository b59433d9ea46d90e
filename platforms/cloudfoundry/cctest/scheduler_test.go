package cctest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/cloudfoundry/go-cfclient/v3/resource"
)

func newRequest(url string) (*http.Request, error) {
	return http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
}

// schedCall sends a scheduler request through go-cfclient's authenticated transport (same UAA token),
// as SCDF's scheduler client shares the CC's token provider.
func schedCall(t *testing.T, do func(*http.Request) (*http.Response, error), method, url string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(context.Background(), method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	resp, err := do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestScheduler(t *testing.T) {
	s, cf := newClient(t)
	app := stageDocker(t, s, cf, "timestamp-task")
	do := cf.HTTPAuthClient().Do

	code, job := schedCall(t, do, "POST", s.URL()+"/jobs?app_guid="+app.GUID, map[string]any{"name": "nightly", "command": "java -jar app.jar"})
	if code != 201 || job["app_guid"] != app.GUID || job["space_guid"] != s.DefaultSpaceGUID() {
		t.Fatalf("create job: %d %v", code, job)
	}
	jobGUID := job["guid"].(string)
	code, sched := schedCall(t, do, "POST", s.URL()+"/jobs/"+jobGUID+"/schedules",
		map[string]any{"enabled": true, "expression": "*/1 * ? * *", "expression_type": "cron_expression"})
	if code != 201 || sched["expression"] != "*/1 * ? * *" || sched["job_guid"] != jobGUID {
		t.Fatalf("schedule: %d %v", code, sched)
	}
	if code, _ := schedCall(t, do, "POST", s.URL()+"/jobs/"+jobGUID+"/schedules",
		map[string]any{"expression": "bad", "expression_type": "cron_expression"}); code != 422 {
		t.Fatalf("bad cron accepted: %d", code)
	}

	code, list := schedCall(t, do, "GET", s.URL()+"/jobs?space_guid="+s.DefaultSpaceGUID()+"&detailed=true&page=1", nil)
	res := list["resources"].([]any)
	if code != 200 || len(res) != 1 || list["pagination"].(map[string]any)["total_pages"].(float64) != 1 {
		t.Fatalf("list: %d %v", code, list)
	}
	js := res[0].(map[string]any)["job_schedules"].([]any)
	if js[0].(map[string]any)["expression"] != "*/1 * ? * *" {
		t.Fatalf("job_schedules = %v", js)
	}
	code, scheds := schedCall(t, do, "GET", s.URL()+"/jobs/"+jobGUID+"/schedules", nil)
	if code != 200 || len(scheds["resources"].([]any)) != 1 {
		t.Fatalf("schedules: %d %v", code, scheds)
	}
	if got := s.ScheduledJobs(); len(got) != 1 || got[0].Expressions[0] != "*/1 * ? * *" {
		t.Fatalf("ScheduledJobs = %+v", got)
	}

	if code, _ := schedCall(t, do, "DELETE", s.URL()+"/jobs/"+jobGUID, nil); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if len(s.ScheduledJobs()) != 0 {
		t.Fatal("job still there")
	}

	// Without a token the scheduler answers 401.
	resp, err := http.Get(s.URL() + "/jobs?space_guid=" + s.DefaultSpaceGUID())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("unauthenticated: %d", resp.StatusCode)
	}
	_ = resource.JobStateComplete
}
