package flow

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/accounts"
	"github.com/dataflow-cli/dataflow/store"
	"github.com/dataflow-cli/dataflow/taskdb"
)

// taskDatabase is an open task database and what apps are given to reach it.
type taskDatabase struct {
	db   *taskdb.DB
	conf *accounts.TaskDatabase
	// url and password are what dataflow (and local apps) connect with: the URL resolved, the secret read.
	url      string
	password string
}

// TaskDBCache keeps the task database open across the commands of a session (the REPL) for as long as its
// configuration stays the same; a one-shot command opens it once. A failed open is not kept: the next command
// tries again.
type TaskDBCache struct {
	mu  sync.Mutex
	key string
	t   *taskDatabase
}

// Close closes the database the cache holds.
func (c *TaskDBCache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t == nil {
		return nil
	}
	err := c.t.db.Close()
	c.t = nil
	return err
}

// taskDB opens the configured task database (creating or upgrading its tables), or returns the one the session
// has open; nil when none is configured.
func (f *Flow) taskDB(ctx context.Context) (*taskDatabase, error) {
	acc, err := f.accounts()
	if errors.Is(err, errNoAccounts) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	conf := acc.Config().TaskDatabase
	if conf == nil {
		return nil, nil
	}
	c := f.platforms.taskDBCache()
	key := strings.Join([]string{conf.URL, conf.AppURL, conf.Username, conf.Password, conf.PasswordFile}, "\x00")
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t != nil && c.key == key {
		return c.t, nil
	}
	if c.t != nil {
		_ = c.t.db.Close() // the configuration changed under the session
		c.t = nil
	}
	getenv := acc.Environment().Getenv
	t := &taskDatabase{conf: conf}
	if t.url, err = conf.ResolvedURL(getenv); err != nil {
		return nil, err
	}
	if t.password, err = conf.ResolvedPassword(getenv); err != nil {
		return nil, err
	}
	if t.db, err = taskdb.Open(context.WithoutCancel(ctx), taskdb.Options{URL: t.url, Username: conf.Username, Password: t.password}); err != nil {
		return nil, err
	}
	c.key, c.t = key, t
	return t, nil
}

// taskDBAsync starts opening the task database and returns what waits for it.
func (f *Flow) taskDBAsync(ctx context.Context) func() (*taskDatabase, error) {
	type opened struct {
		t   *taskDatabase
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		t, err := f.taskDB(ctx)
		ch <- opened{t, err}
	}()
	return sync.OnceValues(func() (*taskDatabase, error) {
		o := <-ch
		return o.t, o.err
	})
}

// secretPasswordVariable carries the task database password to the app: Spring Boot binds it to
// spring.datasource.password, and it never appears in the app's arguments.
const secretPasswordVariable = "SPRING_DATASOURCE_PASSWORD"

// appArgs are what a launch adds for a task database, as SCDF's server does (TaskServiceUtils and
// DefaultTaskExecutionService): the datasource (unless the task sets its own url or driver), the execution id,
// the parent's for a composed step, and the schema target's table prefixes, with Spring's own schema creation
// off since dataflow made the tables. The password travels apart (secretPasswordVariable).
func (t *taskDatabase) appArgs(acc platforms.Account, target taskdb.Target, id, parentID int64, props map[string]string) []string {
	args := t.datasourceArgs(acc, target, props)
	if parentID > 0 {
		args = append(args, "--spring.cloud.task.parent-execution-id="+strconv.FormatInt(parentID, 10))
	}
	return append(args, "--spring.cloud.task.executionid="+strconv.FormatInt(id, 10))
}

// datasourceArgs are the datasource and the target's prefixes: what a schedule's runs get too, as SCDF's
// scheduler service adds them. A scheduled run creates its own row (SCDF passes no execution id there either).
func (t *taskDatabase) datasourceArgs(acc platforms.Account, target taskdb.Target, props map[string]string) []string {
	url := t.url
	if acc.Local == nil {
		// Apps elsewhere reach the database by the address given for them, placeholders left for their Spring.
		url = t.conf.URL
		if t.conf.AppURL != "" {
			url = t.conf.AppURL
		}
	}
	var args []string
	add := func(k, v string) {
		if _, set := props[k]; !set {
			args = append(args, "--"+k+"="+v)
		}
	}
	add("spring.datasource.url", url)
	add("spring.datasource.driverClassName", t.db.Address().Engine.DriverClassName())
	if t.conf.Username != "" {
		add("spring.datasource.username", t.conf.Username)
	}
	return append(args, "--spring.cloud.task.initialize-enabled=false", "--spring.batch.jdbc.table-prefix="+target.BatchPrefix,
		"--spring.cloud.task.tablePrefix="+target.TaskPrefix, "--spring.cloud.task.schemaTarget="+target.Name)
}

// createRow creates the task database row of a launch, its id above every id the store has used.
func (f *Flow) createRow(ctx context.Context, t *taskDatabase, target taskdb.Target, name string, parentID int64) (int64, error) {
	floor, err := f.Store.Read().MaxExecutionID(ctx)
	if err != nil {
		return 0, err
	}
	return t.db.CreateExecution(ctx, target, name, parentID, floor, f.Now())
}

// endRow writes the platform's end into the task database where the app wrote none, so the row does not stay
// running for ever (SCDF's pain point with OOMKilled and evicted pods). Only runs with a row are touched.
func (f *Flow) endRow(ctx context.Context, e store.Execution, exitCode int, message string, at time.Time) error {
	if e.SchemaTarget == "" || IsSCDFExecution(e) {
		return nil // SCDF's row is SCDF's to write
	}
	t, err := f.taskDB(ctx)
	if err != nil || t == nil {
		return err
	}
	target, err := taskdb.TargetNamed(e.SchemaTarget)
	if err != nil {
		return err
	}
	errorMessage := ""
	if exitCode != 0 {
		errorMessage = message
	}
	_, err = t.db.CompleteExecution(ctx, target, e.ID, exitCode, at, message, errorMessage)
	return err
}

// RunRecord is what a run's app wrote of itself in the task database.
type RunRecord struct {
	Found           bool
	StartTime       time.Time
	EndTime         time.Time
	ExitCode        *int
	ExitMessage     string
	ErrorMessage    string
	Arguments       []string
	JobExecutionIDs []int64
}

// ExecutionRunRecord reads the row of an execution launched with a task database; Found is false for others.
func (f *Flow) ExecutionRunRecord(ctx context.Context, e store.Execution) (RunRecord, error) {
	if e.SchemaTarget == "" {
		return RunRecord{}, nil
	}
	t, err := f.taskDB(ctx)
	if err != nil || t == nil {
		return RunRecord{}, err
	}
	target, err := taskdb.TargetNamed(e.SchemaTarget)
	if err != nil {
		return RunRecord{}, err
	}
	row, err := t.db.Execution(ctx, target, e.ID)
	if errors.Is(err, taskdb.ErrNotFound) {
		return RunRecord{}, nil
	}
	if err != nil {
		return RunRecord{}, err
	}
	if IsSCDFExecution(e) && row.TaskName != e.TaskName {
		return RunRecord{}, nil // the task database is not the one SCDF used: its row of that id is another run's
	}
	return RunRecord{Found: true, StartTime: row.StartTime, EndTime: row.EndTime, ExitCode: row.ExitCode, ExitMessage: row.ExitMessage,
		ErrorMessage: row.ErrorMessage, Arguments: redactArgs(row.Arguments), JobExecutionIDs: row.JobExecutionIDs}, nil
}

// WithRunRecord is an execution as its app recorded it: the app's start, its job executions, and its end, exit
// code and messages when it wrote them. Where the app wrote no end (it crashed, was killed, never started) the
// platform's end stays. Without a row, the job executions stay those the store kept (SCDF's, from an import).
func WithRunRecord(e store.Execution, r RunRecord) store.Execution {
	if !r.Found {
		return e
	}
	e.JobExecutionIDs = r.JobExecutionIDs
	if !r.StartTime.IsZero() {
		e.StartTime = r.StartTime
	}
	if !r.EndTime.IsZero() && r.ExitCode != nil {
		e.EndTime, e.ExitCode, e.ExitMessage = r.EndTime, r.ExitCode, r.ExitMessage
		e.Status = store.ExecutionComplete
		if *r.ExitCode != 0 {
			e.Status = store.ExecutionError
		}
	}
	return e
}

// CheckSchemaTarget refuses a --schemaTarget that is not the execution's: dataflow's execution ids are one
// sequence over both targets, so the option only confirms where the row is.
func CheckSchemaTarget(e store.Execution, schemaTarget string) error {
	if schemaTarget == "" {
		return nil
	}
	t, err := taskdb.TargetNamed(schemaTarget)
	if err != nil {
		return err
	}
	if e.SchemaTarget != t.Name {
		where := "no task database row"
		if e.SchemaTarget != "" {
			where = "its row in schema target " + e.SchemaTarget
		}
		return fmt.Errorf("Task execution %d is not in schema target %s: it has %s", e.ID, t.Name, where)
	}
	return nil
}

// LaunchSchemaTarget is the schema target a launched execution reports (SCDF's `, schemaTarget <st>`): where
// its row is, or, launched without a task database, the target its app's Boot version would use.
func (f *Flow) LaunchSchemaTarget(ctx context.Context, id int64) (string, error) {
	e, err := f.Store.Read().GetExecution(ctx, id)
	if err != nil || e.SchemaTarget != "" {
		return e.SchemaTarget, err
	}
	d, err := f.Store.Read().GetDefinition(ctx, store.TaskDefinitions, e.TaskName)
	if err != nil {
		return "", err
	}
	task, err := f.resolveTask(ctx, e.TaskName, d, nil)
	if err != nil {
		return "", err
	}
	return taskdb.TargetForBootVersion(task.registration.BootVersion).Name, nil
}

// deleteRows removes the task database rows of executions (and the batch jobs they ran), before their records
// go: a failure leaves both, and the cleanup can be run again.
func (f *Flow) deleteRows(ctx context.Context, list []store.Execution) error {
	byTarget := map[string][]int64{}
	for _, e := range list {
		if e.SchemaTarget != "" && !IsSCDFExecution(e) { // SCDF's rows are SCDF's
			byTarget[e.SchemaTarget] = append(byTarget[e.SchemaTarget], e.ID)
		}
	}
	if len(byTarget) == 0 {
		return nil
	}
	t, err := f.requireTaskDB(ctx)
	if err != nil {
		return fmt.Errorf("the task database rows of these executions cannot be removed: %w", err)
	}
	for name, ids := range byTarget {
		target, err := taskdb.TargetNamed(name)
		if err != nil {
			return err
		}
		if err := t.db.DeleteExecutions(ctx, target, ids); err != nil {
			return err
		}
	}
	return nil
}
