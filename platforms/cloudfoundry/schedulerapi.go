package cloudfoundry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cloudfoundry/go-cfclient/v3/client"
)

// schedulerAPI speaks the PCF Scheduler's /jobs API. Its requests go through go-cfclient's authenticated HTTP
// client, so they carry the CC's UAA token and share its refresh, as SCDF's scheduler client shares the CC's
// token provider.
type schedulerAPI struct{ base string }

type schedJob struct {
	GUID      string `json:"guid"`
	Name      string `json:"name"`
	Command   string `json:"command"`
	AppGUID   string `json:"app_guid"`
	Schedules []struct {
		Expression string `json:"expression"`
	} `json:"job_schedules"`
}

func (a *schedulerAPI) createJob(ctx context.Context, api *client.Client, appGUID, name, command string) (schedJob, error) {
	var job schedJob
	err := a.call(ctx, api, http.MethodPost, "/jobs?app_guid="+url.QueryEscape(appGUID), map[string]string{"name": name, "command": command}, &job)
	if err == nil && job.GUID == "" {
		err = errors.New("the scheduler answered without a job guid")
	}
	return job, err
}

func (a *schedulerAPI) createSchedule(ctx context.Context, api *client.Client, jobGUID, expression string) error {
	body := map[string]any{"enabled": true, "expression": expression, "expression_type": "cron_expression"}
	return a.call(ctx, api, http.MethodPost, "/jobs/"+url.PathEscape(jobGUID)+"/schedules", body, nil)
}

// deleteJob deletes a job and its schedules; one already gone is not an error.
func (a *schedulerAPI) deleteJob(ctx context.Context, api *client.Client, jobGUID string) error {
	err := a.call(ctx, api, http.MethodDelete, "/jobs/"+url.PathEscape(jobGUID), nil, nil)
	var se *schedulerError
	if errors.As(err, &se) && se.status == http.StatusNotFound {
		return nil
	}
	return err
}

// listJobs reads every page of the space's jobs, with their schedules.
func (a *schedulerAPI) listJobs(ctx context.Context, api *client.Client, space string) ([]schedJob, error) {
	return listAll[schedJob](ctx, a, api, "/jobs?space_guid="+url.QueryEscape(space)+"&detailed=true")
}

// jobRun is one entry of a job's history: one time the scheduler ran it, and the CF task it started (empty
// until it has started one). Times are RFC 3339; the end is null or a zero time while the run goes on.
type jobRun struct {
	GUID      string `json:"guid"`
	TaskGUID  string `json:"task_guid"`
	State     string `json:"state"`
	Message   string `json:"message"`
	StartTime string `json:"execution_start_time"`
	EndTime   string `json:"execution_end_time"`
}

// jobHistory reads every page of a job's runs.
func (a *schedulerAPI) jobHistory(ctx context.Context, api *client.Client, jobGUID string) ([]jobRun, error) {
	return listAll[jobRun](ctx, a, api, "/jobs/"+url.PathEscape(jobGUID)+"/history")
}

// listAll reads a scheduler list through its last page.
func listAll[T any](ctx context.Context, a *schedulerAPI, api *client.Client, path string) ([]T, error) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var all []T
	for page := 1; ; page++ {
		var resp struct {
			Pagination struct {
				TotalPages int `json:"total_pages"`
			} `json:"pagination"`
			Resources []T `json:"resources"`
		}
		if err := a.call(ctx, api, http.MethodGet, path+sep+"page="+strconv.Itoa(page), nil, &resp); err != nil {
			return nil, err
		}
		all = append(all, resp.Resources...)
		if page >= resp.Pagination.TotalPages || len(resp.Resources) == 0 {
			return all, nil
		}
	}
}

// schedulerError is an answer other than 2xx, with the scheduler's own words.
type schedulerError struct {
	status  int
	message string
}

func (e *schedulerError) Error() string {
	return fmt.Sprintf("the scheduler answered %d: %s", e.status, e.message)
}

func (a *schedulerAPI) call(ctx context.Context, api *client.Client, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return fmt.Errorf("schedulerUrl %s: %v", a.base, err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := api.HTTPAuthClient().Do(req)
	if err != nil {
		// The URL error names the request, never the token (it travels in a header).
		return fmt.Errorf("cannot reach the scheduler at %s: %s", a.base, describe(err))
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &schedulerError{status: resp.StatusCode, message: schedulerMessage(raw)}
	}
	if out == nil || len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("the scheduler at %s answered %s %s with something that is not its JSON: %v", a.base, method, strings.SplitN(path, "?", 2)[0], err)
	}
	return nil
}

// schedulerMessage reads the scheduler's error ({"description", "errors": [{"messages"}]}), or the CC's
// ({"errors": [{"detail", "title"}]}) that a gateway in front of both may answer with, on one line.
func schedulerMessage(raw []byte) string {
	var e struct {
		Description string `json:"description"`
		Errors      []struct {
			Messages []string `json:"messages"`
			Detail   string   `json:"detail"`
			Title    string   `json:"title"`
		} `json:"errors"`
	}
	if json.Unmarshal(raw, &e) == nil {
		switch {
		case e.Description != "":
			return e.Description
		case len(e.Errors) > 0 && e.Errors[0].Detail != "":
			return strings.TrimSpace(e.Errors[0].Detail + " (" + e.Errors[0].Title + ")")
		case len(e.Errors) > 0 && len(e.Errors[0].Messages) > 0:
			return strings.Join(e.Errors[0].Messages, "; ")
		}
	}
	text := strings.Join(strings.Fields(string(raw)), " ")
	if len(text) > 200 {
		text = text[:200] + "..."
	}
	if text == "" {
		text = "no message"
	}
	return text
}
