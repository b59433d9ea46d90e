package scdftest

import (
	"strconv"
	"time"
)

// Execution is one task execution as SCDF's task explorer holds it (a TASK_EXECUTION row with its manifest and
// the batch jobs it ran).
type Execution struct {
	ID       int64
	TaskName string
	// Start is zero for an execution SCDF launched whose app never started (SCDF says UNKNOWN); End is zero
	// while it runs.
	Start, End                 time.Time
	ExitCode                   *int
	ExitMessage, ErrorMessage  string
	Arguments                  []string
	JobExecutionIDs            []int64
	ExternalID                 string
	ParentID                   int64 // 0: none (SCDF serves null)
	ResourceURL                string
	AppProperties, Deployment  map[string]string
	Platform                   string
	SchemaTarget               string // "boot2", "boot3"; "" serves the field absent, as SCDF before 2.11 did
	ComposedJobExecutionStatus string // the composed-task-runner's job exit code, for a composed parent
}

// Status is the taskExecutionStatus SCDF's TaskExecutionResource derives: UNKNOWN without a start, RUNNING
// without an end, then COMPLETE or ERROR by the exit code (by the job's exit status for a composed run).
func (e Execution) Status() string {
	switch {
	case e.Start.IsZero():
		return "UNKNOWN"
	case e.End.IsZero():
		return "RUNNING"
	case e.ComposedJobExecutionStatus != "":
		if e.ComposedJobExecutionStatus == "ABANDONED" || e.ComposedJobExecutionStatus == "FAILED" || e.ComposedJobExecutionStatus == "STOPPED" {
			return "ERROR"
		}
		return "COMPLETE"
	case e.ExitCode == nil:
		return "RUNNING"
	case *e.ExitCode == 0:
		return "COMPLETE"
	}
	return "ERROR"
}

// scdfTime writes a date as SCDF's ISO8601DateFormatWithMilliSeconds does (Jackson's StdDateFormat with
// milliseconds); a zero time is null.
func scdfTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000-07:00")
}

// executionResource is SCDF 2.11's TaskExecutionResource, as /tasks/executions lists it: the manifest's app
// and deployment properties and the job execution ids are there too (the list reads them for the whole page).
func executionResource(base string, e Execution) map[string]any {
	args := e.Arguments
	if args == nil {
		args = []string{}
	}
	jobs := e.JobExecutionIDs
	if jobs == nil {
		jobs = []int64{}
	}
	var parent any
	if e.ParentID != 0 {
		parent = e.ParentID
	}
	var composed any
	if e.ComposedJobExecutionStatus != "" {
		composed = e.ComposedJobExecutionStatus
	}
	out := map[string]any{
		"executionId": e.ID, "exitCode": e.ExitCode, "taskName": e.TaskName, "startTime": scdfTime(e.Start), "endTime": scdfTime(e.End),
		"exitMessage": nullable(e.ExitMessage), "arguments": args, "jobExecutionIds": jobs, "errorMessage": nullable(e.ErrorMessage),
		"externalExecutionId": nullable(e.ExternalID), "parentExecutionId": parent, "resourceUrl": nullable(e.ResourceURL),
		"appProperties": e.AppProperties, "deploymentProperties": e.Deployment, "platformName": nullable(e.Platform),
		"taskExecutionStatus": e.Status(), "composedTaskJobExecutionStatus": composed,
		"_links": map[string]link{
			"self":              {Href: base + "/tasks/executions/" + strconv.FormatInt(e.ID, 10) + targetQuery("?", e.SchemaTarget)},
			"tasks/logs":        {Href: base + "/tasks/logs/" + e.ExternalID + "?platformName=" + e.Platform + targetQuery("&", e.SchemaTarget)},
			"tasks/definitions": {Href: base + "/tasks/definitions/" + e.TaskName},
		},
	}
	if e.SchemaTarget != "" {
		out["schemaTarget"] = e.SchemaTarget
	}
	return out
}

func targetQuery(sep, target string) string {
	if target == "" {
		return ""
	}
	return sep + "schemaTarget=" + target
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
