package flow

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dataflow-cli/dataflow/store"
	"github.com/dataflow-cli/dataflow/taskdb"
)

// SCDFExecution is one task execution as SCDF 2.x's /tasks/executions lists it (TaskExecutionResource). The
// listing carries everything the single-execution endpoint does (the manifest's properties and the job
// execution ids are read for the whole page), so the import reads pages, never one execution at a time.
type SCDFExecution struct {
	ID                   int64             `json:"executionId"`
	ExitCode             *int              `json:"exitCode"`
	TaskName             string            `json:"taskName"`
	StartTime            scdfDate          `json:"startTime"`
	EndTime              scdfDate          `json:"endTime"`
	ExitMessage          string            `json:"exitMessage"`
	Arguments            []string          `json:"arguments"`
	JobExecutionIDs      []int64           `json:"jobExecutionIds"`
	ErrorMessage         string            `json:"errorMessage"`
	ExternalID           string            `json:"externalExecutionId"`
	ParentID             *int64            `json:"parentExecutionId"`
	ResourceURL          string            `json:"resourceUrl"`
	AppProperties        map[string]string `json:"appProperties"`
	DeploymentProperties map[string]string `json:"deploymentProperties"`
	Platform             string            `json:"platformName"`
	Status               string            `json:"taskExecutionStatus"`
	// SchemaTarget is SCDF 2.11's schema target (boot2, boot3); SCDF before 2.11 has none.
	SchemaTarget string `json:"schemaTarget"`
}

// scdfDate reads SCDF's dates: ISO 8601 with milliseconds and an offset written either way (+00:00, +0000, Z),
// or epoch milliseconds from a server that writes dates as timestamps; null is the zero time.
type scdfDate struct{ time.Time }

var scdfDateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05.999999999"}

func (d *scdfDate) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] != '"' {
		ms, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return fmt.Errorf("a date must be a string or epoch milliseconds, got %s", b)
		}
		d.Time = time.UnixMilli(ms).UTC()
		return nil
	}
	var s string
	if len(b) >= 2 && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		s = string(b[1 : len(b)-1]) // no escapes: the common case, without decoding the string again
	} else if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	for _, layout := range scdfDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			d.Time = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("unreadable date %q", s)
}

// scdfLauncher is the launcher recorded for executions imported from SCDF: SCDF launched them, on platforms
// it owns. Nothing in dataflow stops, settles, sweeps, cleans up on a platform or writes the task database row
// of such an execution (IsSCDFExecution).
const scdfLauncher = "scdf"

// IsSCDFExecution says whether an execution was imported from SCDF: its run, if any, is SCDF's.
func IsSCDFExecution(e store.Execution) bool { return e.Launcher == scdfLauncher }

// scdfRunNote is what `task execution status` says of an imported execution that had not ended in SCDF.
const scdfRunNote = "launched by SCDF and imported while it had not ended: dataflow does not watch, stop or clean up SCDF's runs; its status here is SCDF's at the import (import again to refresh it)"

// errSCDFRun is the refusal of an action on the run of an imported execution.
func errSCDFRun(id int64, action string) error {
	return fmt.Errorf("Cannot %s task execution %d: it was launched by SCDF and imported from it; its run belongs to SCDF (%s it there)", action, id, action)
}

// SCDF's taskExecutionStatus of an execution whose app never recorded its start; kept as SCDF shows it.
const scdfStatusUnknown store.ExecutionStatus = "UNKNOWN"

// SCDFUpdate is an execution imported before whose record SCDF has changed since (a run that has ended).
const SCDFUpdate SCDFAction = "update"

// SCDFSkipped is an execution the import leaves in SCDF: its task is not defined here with SCDF's definition.
const SCDFSkipped SCDFAction = "skipped"

// readSCDFExecutions reads every page of SCDF's task executions. A page boundary may move while the server
// records new runs: an execution seen twice is kept once.
func readSCDFExecutions(ctx context.Context, server SCDFServer) ([]SCDFExecution, error) {
	c, err := newSCDFClient(server)
	if err != nil {
		return nil, err
	}
	if err := c.checkRoot(ctx); err != nil {
		return nil, err
	}
	if !c.hasExecutions {
		return nil, fmt.Errorf("%s is not an SCDF server with tasks enabled: its root resource has no 'tasks/executions' link", c.display())
	}
	var out []SCDFExecution
	type executionKey struct {
		target string
		id     int64
	}
	seen := map[executionKey]bool{}
	err = listItems(ctx, c, "/tasks/executions", "taskExecutionResourceList", func(e SCDFExecution) error {
		key := executionKey{e.SchemaTarget, e.ID}
		if !seen[key] {
			seen[key] = true
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// plannedExecutions are the executions an import writes.
type plannedExecutions struct {
	create, update []store.Execution
	byTask         map[string]int // how many each task gets, for its audit record
}

func (p plannedExecutions) empty() bool { return len(p.create)+len(p.update) == 0 }

// executionTally groups the per-execution decisions into one plan line per task and action.
type executionTally struct {
	task    string
	action  SCDFAction
	ids     []int64
	running int
	reason  string
}

// planSCDFExecutions decides, for each of SCDF's executions, what the import does with it:
//   - its task is not defined here with SCDF's definition after the import (destroyed in SCDF, or a conflict
//     here): skipped, listed;
//   - its id is free here: created with that id, which users know from SCDF;
//   - its id is an execution imported from SCDF before, of the same task and start: unchanged, or updated
//     when SCDF's record changed since (a run that has ended);
//   - its id is used here by another execution: a conflict, listed and left (--force does not replace
//     history), as is a second execution of SCDF's with the same id in another schema target.
//
// taskNames are the tasks the import leaves defined as SCDF defines them (composed children included).
func (f *Flow) planSCDFExecutions(ctx context.Context, list []SCDFExecution, taskNames, conflictingTasks map[string]bool) (plannedExecutions, []SCDFChange, []SCDFChange, []string, error) {
	planned := plannedExecutions{byTask: map[string]int{}}
	var problems []string
	if len(list) == 0 {
		return planned, nil, nil, nil, nil
	}
	sorted := slices.Clone(list)
	slices.SortFunc(sorted, func(a, b SCDFExecution) int {
		if c := cmp.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.SchemaTarget, b.SchemaTarget)
	})
	low, high := sorted[0].ID, sorted[len(sorted)-1].ID
	existing, err := f.Store.Read().ExecutionsBetween(ctx, low, high)
	if err != nil {
		return planned, nil, nil, nil, err
	}
	here := make(map[int64]store.Execution, len(existing))
	for _, e := range existing {
		here[e.ID] = e
	}
	// First pass: which of SCDF's executions will be here as SCDF's, so a step keeps its parent only when the
	// parent is SCDF's run too (never a parent id naming another execution here).
	action := make([]SCDFAction, len(sorted))
	reason := make([]string, len(sorted))
	records := make([]store.Execution, len(sorted))
	taken := map[int64]string{}
	imported := map[int64]bool{}
	for i, e := range sorted {
		if e.ID <= 0 || e.TaskName == "" {
			problems = append(problems, fmt.Sprintf("execution %d: SCDF lists it without an id or a task name", e.ID))
			continue
		}
		if e.SchemaTarget != "" {
			if _, err := taskdb.TargetNamed(e.SchemaTarget); err != nil {
				problems = append(problems, fmt.Sprintf("execution %d: %s", e.ID, oneLine(err.Error())))
				continue
			}
		}
		records[i] = scdfExecutionRecord(e)
		switch have, ok := here[e.ID]; {
		case !taskNames[e.TaskName]:
			action[i], reason[i] = SCDFSkipped, "task not defined here (destroyed in SCDF, or not imported)"
			if conflictingTasks[e.TaskName] {
				reason[i] = "the task here has another definition (a conflict)"
			}
		case taken[e.ID] != "":
			action[i], reason[i] = SCDFConflict, "SCDF has another execution with these ids in schema target "+taken[e.ID]+"; one id names one execution here"
		case !ok:
			action[i] = SCDFCreate
		case IsSCDFExecution(have) && have.TaskName == e.TaskName && have.StartTime.Equal(records[i].StartTime):
			action[i] = SCDFUnchanged // the same execution; compared once its parent is settled, below
		default:
			action[i], reason[i] = SCDFConflict, "the ids are used here by other executions"
		}
		if action[i] == SCDFCreate || action[i] == SCDFUnchanged {
			imported[e.ID] = true
			target := e.SchemaTarget
			if target == "" {
				target = "(none)"
			}
			taken[e.ID] = target
		}
	}
	if len(problems) > 0 {
		return planned, nil, nil, problems, nil
	}
	creates := 0
	for _, a := range action {
		if a == SCDFCreate {
			creates++
		}
	}
	planned.create = make([]store.Execution, 0, creates) // most of an import's executions, on a first import
	each := make([]SCDFChange, 0, len(sorted))
	tallies := map[string]*executionTally{}
	var order []string
	for i, e := range sorted {
		rec := records[i]
		if rec.ParentID != 0 && !imported[rec.ParentID] {
			rec.ParentID = 0
		}
		switch action[i] {
		case SCDFCreate:
			planned.create = append(planned.create, rec)
			planned.byTask[e.TaskName]++
		case SCDFUpdate:
			planned.update = append(planned.update, rec)
			planned.byTask[e.TaskName]++
		case SCDFUnchanged:
			if !sameExecution(here[e.ID], rec) {
				action[i] = SCDFUpdate // SCDF's record changed since (a run that has ended), or its parent's place here
				planned.update = append(planned.update, rec)
				planned.byTask[e.TaskName]++
			}
		}
		detail := string(rec.Status)
		if reason[i] != "" {
			detail = reason[i]
		}
		each = append(each, SCDFChange{Kind: scdfExecutionKind, Name: strconv.FormatInt(e.ID, 10), Action: action[i], Detail: e.TaskName + ": " + detail})
		key := e.TaskName + "\x00" + string(action[i]) + "\x00" + reason[i]
		t, ok := tallies[key]
		if !ok {
			t = &executionTally{task: e.TaskName, action: action[i], reason: reason[i]}
			tallies[key] = t
			order = append(order, key)
		}
		t.ids = append(t.ids, e.ID)
		if rec.EndTime.IsZero() {
			t.running++
		}
	}
	slices.SortFunc(order, func(a, b string) int { // by task, then by the first id of each line
		ta, tb := tallies[a], tallies[b]
		if c := strings.Compare(ta.task, tb.task); c != 0 {
			return c
		}
		return cmp.Compare(ta.ids[0], tb.ids[0])
	})
	summary := make([]SCDFChange, 0, len(order))
	for _, key := range order {
		t := tallies[key]
		summary = append(summary, SCDFChange{Kind: scdfExecutionKind, Name: t.task, Action: t.action, Detail: t.detail()})
	}
	return planned, summary, each, nil, nil
}

func (t *executionTally) detail() string {
	n := len(t.ids)
	noun := "executions"
	if n == 1 {
		noun = "execution"
	}
	s := fmt.Sprintf("%d %s (%s)", n, noun, idRanges(t.ids))
	if t.running > 0 && t.action != SCDFSkipped {
		s += fmt.Sprintf(", %d not ended in SCDF (kept as SCDF's: dataflow will not stop or settle them)", t.running)
	}
	if t.reason != "" {
		s += ": " + t.reason
	}
	return s
}

// idRanges writes sorted ids as ranges ("ids 1-40, 42"), at most a few, for a plan line.
func idRanges(ids []int64) string {
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.FormatInt(ids[i], 10))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", ids[i], ids[j]))
		}
		i = j + 1
	}
	const shown = 6
	word := "ids "
	if len(ids) == 1 {
		word = "id "
	}
	if len(parts) > shown {
		return word + strings.Join(parts[:shown], ", ") + fmt.Sprintf(", ... (%d more ranges)", len(parts)-shown)
	}
	return word + strings.Join(parts, ", ")
}

// scdfExecutionRecord is SCDF's execution as the store keeps it: secrets masked in the arguments, properties
// and messages, SCDF's status, ids and schema target kept, no platform handle (dataflow cannot reach the run).
func scdfExecutionRecord(e SCDFExecution) store.Execution {
	rec := store.Execution{ID: e.ID, TaskName: e.TaskName, Platform: e.Platform, Resource: DisplayURI(e.ResourceURL),
		Arguments: redactArgs(e.Arguments), Properties: scdfPropertyList(e), ExternalID: e.ExternalID,
		ExitCode: e.ExitCode, ExitMessage: RedactText(e.ExitMessage), StartTime: e.StartTime.Time, EndTime: e.EndTime.Time,
		Launcher: scdfLauncher, SchemaTarget: e.SchemaTarget, JobExecutionIDs: jobIDs(e.JobExecutionIDs)}
	if rec.ExitMessage == "" && e.ErrorMessage != "" {
		// The store has no error message of its own: the first line of SCDF's (often a stack trace) says why.
		rec.ExitMessage = RedactText(strings.TrimSpace(strings.SplitN(e.ErrorMessage, "\n", 2)[0]))
	}
	if e.ParentID != nil {
		rec.ParentID = *e.ParentID
	}
	if len(rec.Arguments) == 0 {
		rec.Arguments = nil
	}
	switch {
	case rec.StartTime.IsZero() && rec.EndTime.IsZero():
		rec.Status = scdfStatusUnknown
	case rec.EndTime.IsZero():
		rec.Status = store.ExecutionRunning
	case e.Status == string(store.ExecutionComplete) || e.Status == string(store.ExecutionError):
		rec.Status = store.ExecutionStatus(e.Status) // a composed run's is its job's, as SCDF derives it
	case rec.ExitCode != nil && *rec.ExitCode == 0:
		rec.Status = store.ExecutionComplete
	default:
		rec.Status = store.ExecutionError
	}
	return rec
}

// jobIDs are SCDF's job execution ids of a run, ascending and each once (SCDF reads them as a set), nil for
// none: an import compares them with what it stored before.
func jobIDs(ids []int64) []int64 {
	if len(ids) == 0 {
		return nil
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// scdfPropertyList is SCDF's deployment properties, then its app properties, as k=v pairs with secret values
// masked: SCDF's `task execution status` shows both.
func scdfPropertyList(e SCDFExecution) string {
	parts := make([]string, 0, len(e.DeploymentProperties)+len(e.AppProperties))
	for _, k := range sortedKeys(e.DeploymentProperties) {
		parts = append(parts, k+"="+RedactDeployerValue(k, e.DeploymentProperties[k]))
	}
	for _, k := range sortedKeys(e.AppProperties) {
		parts = append(parts, k+"="+RedactValue(k, e.AppProperties[k]))
	}
	return strings.Join(parts, ",")
}

// sameExecution compares what an import would write with what an earlier import stored.
func sameExecution(have, want store.Execution) bool {
	codes := (have.ExitCode == nil) == (want.ExitCode == nil) && (have.ExitCode == nil || *have.ExitCode == *want.ExitCode)
	return codes && have.TaskName == want.TaskName && have.Platform == want.Platform && have.Resource == want.Resource &&
		slices.Equal(have.Arguments, want.Arguments) && have.Properties == want.Properties && have.ExternalID == want.ExternalID &&
		have.Status == want.Status && have.ExitMessage == want.ExitMessage && have.StartTime.Equal(want.StartTime) &&
		have.EndTime.Equal(want.EndTime) && have.ParentID == want.ParentID && have.SchemaTarget == want.SchemaTarget &&
		slices.Equal(have.JobExecutionIDs, want.JobExecutionIDs)
}

// writeSCDFExecutions writes the planned executions, with one audit record per task.
func (f *Flow) writeSCDFExecutions(ctx context.Context, tx *store.Tx, source string, p plannedExecutions) error {
	if err := tx.ImportExecutions(ctx, p.create); err != nil {
		return fmt.Errorf("task executions: %w", err)
	}
	for _, e := range p.update {
		if err := tx.ReplaceImportedExecution(ctx, e); err != nil {
			return fmt.Errorf("task execution %d: %w", e.ID, err)
		}
	}
	for _, task := range sortedCounts(p.byTask) {
		_, err := tx.InsertAudit(ctx, store.AuditRecord{Operation: store.AuditTask, Action: store.AuditCreate, Correlation: task,
			Data: fmt.Sprintf("%d executions (imported from %s)", p.byTask[task], source), CreatedAt: f.Now(), Actor: f.Actor, Result: auditOK})
		if err != nil {
			return err
		}
	}
	return nil
}

func sortedCounts(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// scdfTaskNames are the tasks an import leaves defined as SCDF defines them (created, replaced, or the same
// already), with their composed children, and the tasks left as conflicts.
func (f *Flow) scdfTaskNames(ctx context.Context, plan scdfPlan) (defined, conflicting map[string]bool, err error) {
	defined, conflicting = map[string]bool{}, map[string]bool{}
	defs, err := f.Store.Read().ListDefinitions(ctx, store.TaskDefinitions)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range plan.tasks {
		for _, d := range t.defs {
			defined[d.Name] = true
		}
	}
	unchanged := map[string]bool{}
	for _, c := range plan.changes {
		switch {
		case c.Kind == "task" && c.Action == SCDFUnchanged:
			unchanged[c.Name] = true
			defined[c.Name] = true
		case c.Kind == "task" && c.Action == SCDFConflict:
			conflicting[c.Name] = true
		}
	}
	for _, d := range defs {
		if unchanged[d.ComposedParent] {
			defined[d.Name] = true
		}
	}
	return defined, conflicting, nil
}

// removeImportedRecord is the cleanup of an execution imported from SCDF: its run, its pods and its task
// database row are SCDF's and are not touched; with removeData its record here goes (and its steps').
func (f *Flow) removeImportedRecord(ctx context.Context, e store.Execution, removeData bool) error {
	if !removeData {
		return nil
	}
	audit := store.AuditRecord{Operation: store.AuditTask, Action: store.AuditDelete, Correlation: e.TaskName, Platform: e.Platform,
		Data: fmt.Sprintf("execution %d (imported from SCDF; its run and task database row are SCDF's, not touched)", e.ID)}
	return f.change(ctx, audit, func(tx *store.Tx) error { return tx.DeleteExecution(ctx, e.ID) })
}

// scdfExecutionKind is the kind of the plan lines of executions.
const scdfExecutionKind = "execution"

// ExecutionCount says how many of SCDF's executions have the action.
func (r SCDFImportResult) ExecutionCount(a SCDFAction) int {
	n := 0
	for _, c := range r.Executions {
		if c.Action == a {
			n++
		}
	}
	return n
}
