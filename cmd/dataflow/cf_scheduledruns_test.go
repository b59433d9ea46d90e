package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// cfRunRow is the part of a `task execution list -o json` row a scheduled run is checked by.
type cfRunRow struct {
	ID         int64  `json:"executionId"`
	Status     string `json:"status"`
	ExternalID string `json:"externalExecutionId"`
	Schedule   string `json:"scheduleName"`
}

func cfRuns(t *testing.T, dir string) []cfRunRow {
	t.Helper()
	var rows []cfRunRow
	if err := json.Unmarshal([]byte(mustRunCF(t, dir, "task", "execution", "list", "--name", "ts", "-o", "json")), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// runsOf returns the rows recording this CF task, failing on one recorded twice.
func runsOf(t *testing.T, rows []cfRunRow, taskGUID string) []cfRunRow {
	t.Helper()
	var out []cfRunRow
	for _, r := range rows {
		if r.ExternalID == taskGUID {
			out = append(out, r)
		}
	}
	if len(out) != 1 {
		t.Fatalf("run %s recorded %d times: %+v", taskGUID, len(out), rows)
	}
	return out
}

// The task a CF schedule's job starts shows up in `task execution list` once, however often it is listed, and
// its status is read from the CF task like a launched run's: COMPLETE, or ERROR when the task failed.
func TestCloudFoundryScheduledRunsRecorded(t *testing.T) {
	s := cctest.New()
	defer s.Close()
	dir := t.TempDir()
	yaml := "tasks:\n  - name: cfsched\n    type: cloudfoundry\n    cloudfoundry:\n      connection:\n        url: " + s.URL() +
		"\n        org: " + cctest.DefaultOrg + "\n        space: " + cctest.DefaultSpace + "\n        username: admin\n        password: ${CF_PASSWORD}\n" +
		"      deployment:\n        schedulerUrl: " + s.URL() + "\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfTimestampTask(t, dir)
	mustRunCF(t, dir, "task", "schedule", "create", "--name", "Nightly", "--definitionName", "ts", "--expression", "0 2 * * *", "--platform", "cfsched")
	if rows := cfRuns(t, dir); len(rows) != 0 {
		t.Fatalf("runs before the schedule fired: %+v", rows)
	}

	ok, err := s.FireSchedule("Nightly")
	if err != nil {
		t.Fatal(err)
	}
	run := runsOf(t, cfRuns(t, dir), ok)[0]
	if run.Schedule != "Nightly" {
		t.Fatalf("run = %+v", run)
	}
	runsOf(t, cfRuns(t, dir), ok) // a second listing records it no second time
	if status := mustRunCF(t, dir, "task", "execution", "status", strconv.FormatInt(run.ID, 10)); !strings.Contains(status, "COMPLETE") || !strings.Contains(status, "Nightly") {
		t.Fatalf("status:\n%s", status)
	}

	s.FailTask("ts", "exit status 1")
	failed, err := s.FireSchedule("Nightly")
	if err != nil {
		t.Fatal(err)
	}
	rows := cfRuns(t, dir)
	bad := runsOf(t, rows, failed)[0]
	runsOf(t, rows, ok)
	if status := mustRunCF(t, dir, "task", "execution", "status", strconv.FormatInt(bad.ID, 10)); !strings.Contains(status, "ERROR") || !strings.Contains(status, "exit status 1") {
		t.Fatalf("status of the failed run:\n%s", status)
	}
}
