package shell

import (
	"sort"
	"strings"
	"testing"
)

// Tab proposes the job and step ids the last job command showed, without asking the task database.
func TestCompleteJobAndStepIDs(t *testing.T) {
	s, _, env, tmp := newTestSessionWithEnv(t)
	db := transcriptTaskDB(t, "postgresql", tmp, env)
	db.Exec(t, `INSERT INTO BATCH_JOB_INSTANCE VALUES (1, 0, 'j', 'k');
		INSERT INTO BATCH_JOB_EXECUTION VALUES (7, 1, 1, now(), now(), NULL, 'STARTED', 'UNKNOWN', '', now(), NULL), (8, 1, 1, now(), now(), NULL, 'STARTED', 'UNKNOWN', '', now(), NULL);
		INSERT INTO BATCH_STEP_EXECUTION VALUES (31, 1, 's', 8, now(), NULL, 'STARTED', 0, 0, 0, 0, 0, 0, 0, 0, 'EXECUTING', '', now())`)
	if got, _ := suggestionTexts(t, s, "job execution display "); len(got) != 0 {
		t.Fatalf("ids proposed before any listing: %v", got)
	}
	mustRun(t, s, "job execution list", "job execution step list 8")
	for line, want := range map[string]string{
		"job execution display ":                          "7,8",
		"job execution restart --id ":                     "7,8",
		"job execution step display --jobExecutionId ":    "7,8",
		"job execution step progress --jobExecutionId 8 ": "31",
	} {
		got, _ := suggestionTexts(t, s, line)
		sort.Strings(got)
		if strings.Join(got, ",") != want {
			t.Errorf("%q: %v, want %s", line, got, want)
		}
	}
}
