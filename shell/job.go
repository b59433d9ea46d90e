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

// groupJobs is the SCDF shell's JobCommands group.
const groupJobs = "Job Commands"

func newJobCommand(d *cmdDeps) *cobra.Command {
	step := noun("step", "Inspect the steps of a job execution", newJobStepListCommand(d), newJobStepProgressCommand(d), newJobStepDisplayCommand(d))
	execution := noun("execution", "Inspect and restart job executions", newJobExecutionListCommand(d), newJobExecutionDisplayCommand(d),
		newJobExecutionRestartCommand(d), step)
	instance := noun("instance", "Inspect job instances", newJobInstanceDisplayCommand(d))
	return noun("job", "Spring Batch jobs recorded in the task database", execution, instance)
}

// jobExecutionView is a job execution as the job commands print it with -o json|yaml.
type jobExecutionView struct {
	ID               int64               `json:"jobExecutionId" yaml:"jobExecutionId"`
	TaskExecutionID  int64               `json:"taskExecutionId,omitempty" yaml:"taskExecutionId,omitempty"`
	TaskName         string              `json:"taskName,omitempty" yaml:"taskName,omitempty"`
	InstanceID       int64               `json:"jobInstanceId" yaml:"jobInstanceId"`
	JobName          string              `json:"jobName" yaml:"jobName"`
	CreateTime       string              `json:"createTime" yaml:"createTime"`
	StartTime        string              `json:"startTime" yaml:"startTime"`
	EndTime          string              `json:"endTime" yaml:"endTime"`
	Running          bool                `json:"running" yaml:"running"`
	Stopping         bool                `json:"stopping" yaml:"stopping"`
	StepCount        int                 `json:"stepExecutionCount" yaml:"stepExecutionCount"`
	Status           string              `json:"status" yaml:"status"`
	ExitStatus       string              `json:"exitStatus" yaml:"exitStatus"`
	ExitMessage      string              `json:"exitMessage" yaml:"exitMessage"`
	DefinitionStatus string              `json:"definitionStatus" yaml:"definitionStatus"`
	SchemaTarget     string              `json:"schemaTarget" yaml:"schemaTarget"`
	Parameters       []flow.JobParameter `json:"jobParameters,omitempty" yaml:"jobParameters,omitempty"`
}

func (d *cmdDeps) jobView(j flow.JobExecution) jobExecutionView {
	status := "Destroyed"
	if j.Defined {
		status = "Created"
	}
	params := make([]flow.JobParameter, len(j.Parameters))
	for i, p := range j.Parameters {
		p.Value = flow.RedactValue(p.Key, p.Value)
		params[i] = p
	}
	return jobExecutionView{ID: j.ID, TaskExecutionID: j.TaskExecutionID, TaskName: j.TaskName, InstanceID: j.InstanceID, JobName: j.JobName,
		CreateTime: d.formatTime(j.CreateTime), StartTime: d.formatTime(j.StartTime), EndTime: d.formatTime(j.EndTime), Running: j.Running(),
		Stopping: j.Stopping(), StepCount: j.StepCount, Status: j.Status, ExitStatus: j.ExitCode, ExitMessage: j.ExitMessage,
		DefinitionStatus: status, SchemaTarget: j.Target.Name, Parameters: params}
}

// schemaTargetOption adds SCDF 2.11's --schemaTarget, checked before anything is read.
func schemaTargetOption(cmd *cobra.Command, d *cmdDeps, target *string) {
	cmd.Flags().StringVar(target, "schemaTarget", "", "the schema target (boot2, boot3); both are searched when not given")
	completeFlagWith(cmd, "schemaTarget", d, completeSchemaTargets)
}

// jobFlow checks --schemaTarget and opens flow: how every job command that takes one starts.
func (d *cmdDeps) jobFlow(ctx context.Context, target string) (*flow.Flow, error) {
	if err := checkSchemaTarget(target); err != nil {
		return nil, err
	}
	return d.Flow(ctx)
}

func checkSchemaTarget(target string) error {
	if target == "" {
		return nil
	}
	if _, err := flow.ParseSchemaTarget(target); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	return nil
}

func newJobExecutionListCommand(d *cmdDeps) *cobra.Command {
	var name string
	var limit int
	cmd := leaf("list", "List created job executions filtered by jobName", groupJobs, nil)
	cmd.Flags().StringVar(&name, "name", "", "the job name to be used as a filter")
	cmd.Flags().IntVar(&limit, "limit", 100, "show at most this many, newest first (0 for all)")
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := checkPaging(limit, 1); err != nil {
			return err
		}
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		list, err := fl.JobExecutions(cmd.Context(), name, limit)
		if err != nil {
			return err
		}
		views := make([]jobExecutionView, len(list))
		for i, j := range list {
			views[i] = d.jobView(j)
		}
		return d.printListing(*format, views, func() render.Table {
			t := render.Table{Headers: []string{"ID ", "Task ID", "Job Name ", "Start Time ", "Step Execution Count ", "Definition Status ", "Schema Target"}}
			for _, v := range views {
				t.Rows = append(t.Rows, []string{strconv.FormatInt(v.ID, 10), idText(v.TaskExecutionID), v.JobName, v.StartTime,
					strconv.Itoa(v.StepCount), v.DefinitionStatus, v.SchemaTarget})
			}
			return t
		})
	}
	return cmd
}

// idText is an id, or nothing for none.
func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func newJobExecutionDisplayCommand(d *cmdDeps) *cobra.Command {
	var id int64
	var target string
	cmd := leaf("display", "Display the details of a specific job execution", groupJobs, nil)
	cmd.Flags().Int64Var(&id, "id", 0, "the job execution id")
	require(cmd, "id")
	positional(cmd, "id")
	schemaTargetOption(cmd, d, &target)
	completeFlagWith(cmd, "id", d, completeJobExecutionIDs)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.jobFlow(cmd.Context(), target)
		if err != nil {
			return err
		}
		j, err := fl.JobExecution(cmd.Context(), id, target)
		if err != nil {
			return err
		}
		v := d.jobView(j)
		return d.printListing(*format, v, func() render.Table {
			t := render.Table{Headers: []string{"Key ", "Value "}, Rows: [][]string{
				{"Job Execution Id ", strconv.FormatInt(v.ID, 10)}, {"Task Execution Id ", idText(v.TaskExecutionID)},
				{"Task Instance Id ", strconv.FormatInt(v.InstanceID, 10)}, {"Job Name ", v.JobName},
				{"Create Time ", v.CreateTime}, {"Start Time ", v.StartTime}, {"End Time ", v.EndTime},
				{"Running ", strconv.FormatBool(v.Running)}, {"Stopping ", strconv.FormatBool(v.Stopping)},
				{"Step Execution Count ", strconv.Itoa(v.StepCount)}, {"Execution Status ", v.Status},
				{"Exit Status ", v.ExitStatus}, {"Exit Message ", v.ExitMessage}, {"Definition Status ", v.DefinitionStatus},
				{"Schema Target ", v.SchemaTarget}, {"Job Parameters ", ""},
			}}
			for _, p := range v.Parameters {
				key := strings.TrimLeft(p.Key, "-")
				if !p.Identifying {
					key = "-" + key
				}
				t.Rows = append(t.Rows, []string{fmt.Sprintf("%s(%s) ", key, parameterTypeName(p.Type)), p.Value})
			}
			return t
		})
	}
	return cmd
}

// parameterTypeName is the type as SCDF shows it: Batch 4's STRING/LONG/DOUBLE/DATE; Batch 5's class names
// shortened to the same words.
func parameterTypeName(t string) string {
	switch t {
	case "java.lang.String":
		return "STRING"
	case "java.lang.Long", "java.lang.Integer":
		return "LONG"
	case "java.lang.Double", "java.lang.Float":
		return "DOUBLE"
	case "java.util.Date", "java.time.LocalDate", "java.time.LocalDateTime":
		return "DATE"
	}
	return t
}

func newJobExecutionRestartCommand(d *cmdDeps) *cobra.Command {
	var id int64
	var target string
	cmd := leaf("restart", "Restart a failed job by jobExecutionId", groupJobs, nil)
	cmd.Flags().Int64Var(&id, "id", 0, "the job execution id")
	require(cmd, "id")
	positional(cmd, "id")
	schemaTargetOption(cmd, d, &target)
	completeFlagWith(cmd, "id", d, completeJobExecutionIDs)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.jobFlow(cmd.Context(), target)
		if err != nil {
			return err
		}
		_, st, err := fl.RestartJobExecution(cmd.Context(), id, target)
		if err != nil {
			return err
		}
		fmt.Fprintf(d.IO.Out, "Restart request has been sent for job execution '%d', schema target '%s'\n", id, st)
		return nil
	}
	return cmd
}

// stepView is a step execution as the step commands print it with -o json|yaml.
type stepView struct {
	ID               int64  `json:"stepExecutionId" yaml:"stepExecutionId"`
	JobExecutionID   int64  `json:"jobExecutionId" yaml:"jobExecutionId"`
	Name             string `json:"stepName" yaml:"stepName"`
	StartTime        string `json:"startTime" yaml:"startTime"`
	EndTime          string `json:"endTime" yaml:"endTime"`
	Status           string `json:"status" yaml:"status"`
	LastUpdated      string `json:"lastUpdated,omitempty" yaml:"lastUpdated,omitempty"`
	ReadCount        int64  `json:"readCount" yaml:"readCount"`
	WriteCount       int64  `json:"writeCount" yaml:"writeCount"`
	FilterCount      int64  `json:"filterCount" yaml:"filterCount"`
	ReadSkipCount    int64  `json:"readSkipCount" yaml:"readSkipCount"`
	WriteSkipCount   int64  `json:"writeSkipCount" yaml:"writeSkipCount"`
	ProcessSkipCount int64  `json:"processSkipCount" yaml:"processSkipCount"`
	CommitCount      int64  `json:"commitCount" yaml:"commitCount"`
	RollbackCount    int64  `json:"rollbackCount" yaml:"rollbackCount"`
	ExitStatus       string `json:"exitStatus" yaml:"exitStatus"`
	ExitDescription  string `json:"exitDescription" yaml:"exitDescription"`
	Complete         string `json:"percentageComplete,omitempty" yaml:"percentageComplete,omitempty"`
	Duration         string `json:"duration,omitempty" yaml:"duration,omitempty"`
}

func (d *cmdDeps) stepView(s flow.StepExecution) stepView {
	return stepView{ID: s.ID, JobExecutionID: s.JobExecutionID, Name: s.Name, StartTime: d.formatTime(s.StartTime), EndTime: d.formatTime(s.EndTime),
		Status: s.Status, LastUpdated: d.formatTime(s.LastUpdated), ReadCount: s.ReadCount, WriteCount: s.WriteCount, FilterCount: s.FilterCount,
		ReadSkipCount: s.ReadSkipCount, WriteSkipCount: s.WriteSkipCount, ProcessSkipCount: s.ProcessSkipCount, CommitCount: s.CommitCount,
		RollbackCount: s.RollbackCount, ExitStatus: s.ExitCode, ExitDescription: s.ExitMessage}
}

func newJobStepListCommand(d *cmdDeps) *cobra.Command {
	var id int64
	var target string
	cmd := leaf("list", "List step executions filtered by jobExecutionId", groupJobs, nil)
	cmd.Flags().Int64Var(&id, "id", 0, "the job execution id to be used as a filter")
	require(cmd, "id")
	positional(cmd, "id")
	schemaTargetOption(cmd, d, &target)
	completeFlagWith(cmd, "id", d, completeJobExecutionIDs)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.jobFlow(cmd.Context(), target)
		if err != nil {
			return err
		}
		steps, err := fl.JobStepExecutions(cmd.Context(), id, target)
		if err != nil {
			return err
		}
		views := make([]stepView, len(steps))
		for i, s := range steps {
			views[i] = d.stepView(s)
		}
		return d.printListing(*format, views, func() render.Table {
			t := render.Table{Headers: []string{"ID ", "Step Name ", "Job Exec Id ", "Start Time ", "End Time ", "Status "}}
			for _, v := range views {
				t.Rows = append(t.Rows, []string{strconv.FormatInt(v.ID, 10), v.Name, strconv.FormatInt(id, 10), v.StartTime, v.EndTime, v.Status})
			}
			return t
		})
	}
	return cmd
}

// stepCommand is the options step progress and step display share.
func stepCommand(d *cmdDeps, use, short string, show func(cmd *cobra.Command, fl *flow.Flow, p flow.StepProgress, format string) error) *cobra.Command {
	var id, jobExecutionID int64
	var target string
	cmd := leaf(use, short, groupJobs, nil)
	cmd.Flags().Int64Var(&id, "id", 0, "the step execution id")
	cmd.Flags().Int64Var(&jobExecutionID, "jobExecutionId", 0, "the job execution id")
	require(cmd, "id", "jobExecutionId")
	positional(cmd, "id")
	schemaTargetOption(cmd, d, &target)
	completeFlagWith(cmd, "id", d, completeStepIDs)
	completeFlagWith(cmd, "jobExecutionId", d, completeJobExecutionIDs)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.jobFlow(cmd.Context(), target)
		if err != nil {
			return err
		}
		p, err := fl.JobStepProgress(cmd.Context(), jobExecutionID, id, target)
		if err != nil {
			return err
		}
		return show(cmd, fl, p, *format)
	}
	return cmd
}

// percent is SCDF's `<fraction*100>%` (a Java double: 100.0%, 50.0%).
func percent(f float64) string {
	s := strconv.FormatFloat(f*100, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s + "%"
}

func newJobStepProgressCommand(d *cmdDeps) *cobra.Command {
	return stepCommand(d, "progress", "Display the details of a specific step progress", func(cmd *cobra.Command, _ *flow.Flow, p flow.StepProgress, format string) error {
		v := d.stepView(p.Step)
		v.Complete, v.Duration = percent(p.Complete), fmt.Sprintf("%d ms", p.Duration.Milliseconds())
		return d.printListing(format, v, func() render.Table {
			return render.Table{Headers: []string{"ID ", "Step Name ", "Complete ", "Duration "}, Rows: [][]string{{strconv.FormatInt(v.ID, 10), v.Name, v.Complete, v.Duration}}}
		})
	})
}

func newJobStepDisplayCommand(d *cmdDeps) *cobra.Command {
	return stepCommand(d, "display", "Display the details of a specific step execution", func(cmd *cobra.Command, _ *flow.Flow, p flow.StepProgress, format string) error {
		v := d.stepView(p.Step)
		v.Duration = fmt.Sprintf("%d ms", p.Duration.Milliseconds())
		n := func(c int64) string { return strconv.FormatInt(c, 10) }
		return d.printListing(format, v, func() render.Table {
			return render.Table{Headers: []string{"Key ", "Value "}, Rows: [][]string{
				{"Step Execution Id ", n(v.ID)}, {"Job Execution Id ", n(v.JobExecutionID)}, {"Step Name ", v.Name},
				{"Start Time ", v.StartTime}, {"End Time ", v.EndTime}, {"Duration ", v.Duration}, {"Status ", v.Status},
				{"Last Updated ", v.LastUpdated}, {"Read Count ", n(v.ReadCount)}, {"Write Count ", n(v.WriteCount)},
				{"Filter Count ", n(v.FilterCount)}, {"Read Skip Count ", n(v.ReadSkipCount)}, {"Write Skip Count ", n(v.WriteSkipCount)},
				{"Process Skip Count ", n(v.ProcessSkipCount)}, {"Commit Count ", n(v.CommitCount)}, {"Rollback Count ", n(v.RollbackCount)},
				{"Exit Status ", v.ExitStatus}, {"Exit Description ", v.ExitDescription},
			}}
		})
	})
}

// jobInstanceView is a job instance with its executions, for -o json|yaml.
type jobInstanceView struct {
	ID           int64              `json:"jobInstanceId" yaml:"jobInstanceId"`
	JobName      string             `json:"jobName" yaml:"jobName"`
	SchemaTarget string             `json:"schemaTarget" yaml:"schemaTarget"`
	Executions   []jobExecutionView `json:"jobExecutions" yaml:"jobExecutions"`
}

func newJobInstanceDisplayCommand(d *cmdDeps) *cobra.Command {
	var id int64
	var target string
	cmd := leaf("display", "Display the job executions for a specific job instance.", groupJobs, nil)
	cmd.Flags().Int64Var(&id, "id", 0, "the job instance id")
	require(cmd, "id")
	positional(cmd, "id")
	schemaTargetOption(cmd, d, &target)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fl, err := d.jobFlow(cmd.Context(), target)
		if err != nil {
			return err
		}
		name, st, runs, err := fl.JobInstance(cmd.Context(), id, target)
		if err != nil {
			return err
		}
		v := jobInstanceView{ID: id, JobName: name, SchemaTarget: st.Name}
		for _, r := range runs {
			v.Executions = append(v.Executions, d.jobView(flow.JobExecution{JobExecution: r}))
		}
		return d.printListing(*format, v, func() render.Table {
			t := render.Table{Headers: []string{"Name ", "Execution ID ", "Step Execution Count ", "Status ", "Schema Target ", "Job Parameters "}}
			for _, e := range v.Executions {
				t.Rows = append(t.Rows, []string{name, strconv.FormatInt(e.ID, 10), strconv.Itoa(e.StepCount), e.Status, e.SchemaTarget, parametersString(e.Parameters)})
			}
			return t
		})
	}
	return cmd
}

// parametersString is Spring Batch's JobParameters as one line: key=value pairs, comma separated.
func parametersString(ps []flow.JobParameter) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		key := p.Key
		if !p.Identifying {
			key = "-" + key
		}
		parts[i] = key + "=" + p.Value
	}
	return strings.Join(parts, ",")
}

func completeJobExecutionIDs(ctx context.Context, f *Factory) []string {
	fl, err := f.Flow(ctx)
	if err != nil {
		return nil
	}
	return fl.RememberedIDs(ctx, "job-executions")
}

func completeStepIDs(ctx context.Context, f *Factory) []string {
	fl, err := f.Flow(ctx)
	if err != nil {
		return nil
	}
	return fl.RememberedIDs(ctx, "steps")
}
