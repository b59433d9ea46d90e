package shell

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

func newTaskExecutionCommand(d *cmdDeps) *cobra.Command {
	return noun("execution", "Inspect task executions", newTaskExecutionListCommand(d), newTaskExecutionStatusCommand(d),
		newTaskExecutionLogCommand(d), newTaskExecutionStopCommand(d), newTaskExecutionCurrentCommand(d),
		newTaskExecutionRestartCommand(d), newTaskExecutionCleanupCommand(d))
}

// executionView is an execution as listings show it.
type executionView struct {
	ID          int64    `json:"executionId" yaml:"executionId"`
	TaskName    string   `json:"taskName" yaml:"taskName"`
	Platform    string   `json:"platformName" yaml:"platformName"`
	Status      string   `json:"status" yaml:"status"`
	StartTime   string   `json:"startTime" yaml:"startTime"`
	EndTime     string   `json:"endTime,omitempty" yaml:"endTime,omitempty"`
	ExitCode    *int     `json:"exitCode" yaml:"exitCode"`
	ExitMessage string   `json:"exitMessage,omitempty" yaml:"exitMessage,omitempty"`
	Arguments   []string `json:"arguments,omitempty" yaml:"arguments,omitempty"`
	Properties  string   `json:"deploymentProperties,omitempty" yaml:"deploymentProperties,omitempty"`
	Resource    string   `json:"resourceUrl" yaml:"resourceUrl"`
	ExternalID  string   `json:"externalExecutionId,omitempty" yaml:"externalExecutionId,omitempty"`
	ParentID    int64    `json:"parentExecutionId,omitempty" yaml:"parentExecutionId,omitempty"`
	RestartOf   int64    `json:"restartOf,omitempty" yaml:"restartOf,omitempty"`
	// Schedule is the schedule that started the run (a scheduled run, recorded when it was seen).
	Schedule string `json:"scheduleName,omitempty" yaml:"scheduleName,omitempty"`
	// Problem is why a run that has not ended does not run, as its platform says now (status only).
	Problem string `json:"problem,omitempty" yaml:"problem,omitempty"`
	// Steps are the step executions of a composed run (status only).
	Steps []executionView `json:"steps,omitempty" yaml:"steps,omitempty"`
	// SchemaTarget is the task database schema target holding the run's row (status only), "" without one.
	SchemaTarget string `json:"schemaTarget,omitempty" yaml:"schemaTarget,omitempty"`
	// JobExecutionIDs are the run's batch jobs: its task database row's, or, without one, those the store kept
	// (imported from SCDF).
	JobExecutionIDs []int64 `json:"jobExecutionIds,omitempty" yaml:"jobExecutionIds,omitempty"`
	// What the app wrote in the task database (status only).
	AppArguments []string `json:"appArguments,omitempty" yaml:"appArguments,omitempty"`
	ErrorMessage string   `json:"errorMessage,omitempty" yaml:"errorMessage,omitempty"`
}

func (d *cmdDeps) executionView(e flow.Execution) executionView {
	return executionView{ID: e.ID, TaskName: e.TaskName, Platform: e.Platform, Status: string(e.Status), StartTime: d.formatTime(e.StartTime),
		EndTime: d.formatTime(e.EndTime), ExitCode: e.ExitCode, ExitMessage: e.ExitMessage, Arguments: e.Arguments,
		Properties: e.Properties, Resource: e.Resource, ExternalID: e.ExternalID, ParentID: e.ParentID, RestartOf: e.RestartOf, Schedule: e.ScheduleName,
		JobExecutionIDs: e.JobExecutionIDs}
}

// stepLines renders the steps of a composed run, one "id name status exit code" per line.
func stepLines(steps []executionView) string {
	lines := make([]string, len(steps))
	for i, s := range steps {
		lines[i] = strings.TrimSpace(fmt.Sprintf("%d %s %s %s", s.ID, s.TaskName, s.Status, exitCodeText(s.ExitCode)))
	}
	return strings.Join(lines, "\n")
}

// joinIDs writes ids as SCDF's status shows a set: comma separated.
func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ", ")
}

func exitCodeText(c *int) string {
	if c == nil {
		return ""
	}
	return strconv.Itoa(*c)
}

// observeScheduledRuns records the runs schedules started before executions are shown; a platform that cannot
// be asked is said on stderr, and the command goes on with what is recorded.
func (d *cmdDeps) observeScheduledRuns(ctx context.Context, fl *flow.Flow) {
	if _, err := d.Accounts(); err != nil {
		return
	}
	if err := fl.ObserveScheduledRuns(ctx); err != nil {
		fmt.Fprintln(d.IO.ErrOut, "Warning: "+err.Error())
	}
}

func newTaskExecutionListCommand(d *cmdDeps) *cobra.Command {
	var name string
	var limit, page int
	cmd := leaf("list", "List created task executions filtered by taskName", groupTasks, nil)
	cmd.Flags().StringVar(&name, "name", "", "the task name to be used as a filter")
	cmd.Flags().IntVar(&limit, "limit", 100, "show at most this many, newest first (0 for all)")
	cmd.Flags().IntVar(&page, "page", 1, "which page of --limit executions to show (1: the newest)")
	positional(cmd, "name")
	completeFlagWith(cmd, "name", d, completeTaskNames)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkPaging(limit, page); err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		d.observeScheduledRuns(cmd.Context(), fl)
		list, err := fl.ExecutionsPage(cmd.Context(), name, limit, page, fl.Probe())
		if err != nil {
			return err
		}
		views := make([]executionView, len(list))
		for i, e := range list {
			views[i] = d.executionView(e)
		}
		return d.printListing(*format, views, func() render.Table {
			t := render.Table{Headers: []string{"Task Name", "ID", "Start Time", "End Time", "Exit Code", "Status"}}
			for _, v := range views {
				t.Rows = append(t.Rows, []string{v.TaskName, strconv.FormatInt(v.ID, 10), v.StartTime, v.EndTime, exitCodeText(v.ExitCode), v.Status})
			}
			return t
		})
	}
	return cmd
}

func newTaskExecutionStatusCommand(d *cmdDeps) *cobra.Command {
	var id int64
	var schemaTarget string
	cmd := leaf("status", "Display the status of a task execution", groupTasks, nil)
	cmd.Flags().Int64Var(&id, "id", 0, "the task execution id")
	cmd.Flags().StringVar(&schemaTarget, "schemaTarget", "", "the schema target (boot2, boot3) the execution must be in")
	require(cmd, "id")
	positional(cmd, "id")
	completeFlagWith(cmd, "schemaTarget", d, completeSchemaTargets)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		d.observeScheduledRuns(cmd.Context(), fl)
		e, problem, err := fl.ExecutionStatus(cmd.Context(), id, fl.Probe())
		if err != nil {
			return err
		}
		if err := flow.CheckSchemaTarget(e, schemaTarget); err != nil {
			return err
		}
		rec, err := fl.ExecutionRunRecord(cmd.Context(), e)
		if err != nil {
			fmt.Fprintln(d.IO.ErrOut, "Warning: what the app recorded cannot be read: "+err.Error())
		}
		v := d.executionView(flow.WithRunRecord(e, rec))
		v.Problem = problem
		v.SchemaTarget, v.AppArguments, v.ErrorMessage = e.SchemaTarget, rec.Arguments, rec.ErrorMessage
		steps, err := fl.ExecutionSteps(cmd.Context(), id)
		if err != nil {
			return err
		}
		for _, s := range steps {
			v.Steps = append(v.Steps, d.executionView(s))
		}
		return d.printListing(*format, v, func() render.Table {
			t := render.Table{Headers: []string{"Key ", "Value "}, Rows: [][]string{
				{"Id ", strconv.FormatInt(v.ID, 10)}, {"Resource URL ", v.Resource}, {"Name ", v.TaskName},
				{"CLI Arguments ", strings.Join(v.Arguments, " ")}, {"App Arguments ", strings.Join(v.AppArguments, "\n")},
				{"Deployment Properties ", v.Properties}, {"Job Execution Ids ", joinIDs(v.JobExecutionIDs)},
				{"Start Time ", v.StartTime}, {"End Time ", v.EndTime}, {"Exit Code ", exitCodeText(v.ExitCode)},
				{"Exit Message ", v.ExitMessage}, {"Error Message ", v.ErrorMessage}, {"Status ", v.Status}, {"Platform Name ", v.Platform},
				{"Schema Target ", v.SchemaTarget}, {"External Execution Id ", v.ExternalID},
			}}
			if v.ParentID != 0 {
				t.Rows = append(t.Rows, []string{"Composed Execution Id ", strconv.FormatInt(v.ParentID, 10)})
			}
			if v.RestartOf != 0 {
				t.Rows = append(t.Rows, []string{"Restart Of ", strconv.FormatInt(v.RestartOf, 10)})
			}
			if v.Schedule != "" {
				t.Rows = append(t.Rows, []string{"Schedule Name ", v.Schedule})
			}
			if v.Problem != "" {
				t.Rows = append(t.Rows, []string{"Problem ", v.Problem})
			}
			if len(v.Steps) > 0 {
				t.Rows = append(t.Rows, []string{"Steps ", stepLines(v.Steps)})
			}
			return t
		})
	}
	return cmd
}

func newTaskExecutionStopCommand(d *cmdDeps) *cobra.Command {
	var ids, platform string
	cmd := leaf("stop", "Stop executing tasks", groupTasks, func(cmd *cobra.Command, args []string) error {
		var list []int64
		for _, part := range strings.Split(ids, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil {
				return usageErrorf("Invalid execution id '%s' in --ids: give numbers separated by commas", part)
			}
			list = append(list, id)
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		if err := fl.StopExecutions(cmd.Context(), list, platform); err != nil {
			return err
		}
		if platform != "" {
			fmt.Fprintf(d.IO.Out, "Request to stop the task execution with id(s): %s for platform %s has been submitted\n", ids, platform)
			return nil
		}
		fmt.Fprintf(d.IO.Out, "Request to stop the task execution with id(s): %s has been submitted\n", ids)
		return nil
	})
	cmd.Flags().StringVar(&ids, "ids", "", "the ids of the task executions to stop, comma separated")
	cmd.Flags().StringVar(&platform, "platformName", "", "the name of the platform where the task is executing (checked against the one it runs on)")
	completeFlagWith(cmd, "platformName", d, completeTaskPlatformNames)
	require(cmd, "ids")
	positional(cmd, "ids")
	return cmd
}

func newTaskExecutionCurrentCommand(d *cmdDeps) *cobra.Command {
	cmd := leaf("current", "Display count of currently executing tasks and related information", groupTasks, nil)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		d.observeScheduledRuns(cmd.Context(), fl)
		loads, err := fl.CurrentExecutions(cmd.Context())
		if err != nil {
			return err
		}
		return d.printListing(*format, loads, func() render.Table {
			t := render.Table{Headers: []string{"Platform Name", "Platform Type", "Execution Count", "Maximum Executions"}}
			for _, l := range loads {
				t.Rows = append(t.Rows, []string{l.Name, l.Type, strconv.Itoa(l.Running), strconv.Itoa(l.Maximum)})
			}
			return t
		})
	}
	return cmd
}

func newTaskExecutionRestartCommand(d *cmdDeps) *cobra.Command {
	var id int64
	var properties string
	cmd := leaf("restart", "Restart a failed composed task execution from its failed step", groupTasks, func(cmd *cobra.Command, args []string) error {
		props, err := parseLaunchProperties(properties)
		if err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		req := flow.LaunchRequest{Properties: props}
		newID, err := fl.RestartComposedTask(cmd.Context(), id, req, func(line string) { fmt.Fprintln(d.IO.Out, line) })
		if err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Composed task execution %d (restart of %d) completed\n", newID, id)
		return nil
	})
	cmd.Flags().Int64Var(&id, "id", 0, "the failed composed task execution to restart")
	cmd.Flags().StringVar(&properties, "properties", "", "launch properties for the steps that run again (app.<step>.k=v, deployer.<step>.k=v)")
	require(cmd, "id")
	positional(cmd, "id")
	return cmd
}
