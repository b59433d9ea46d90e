package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/store"
)

// SCDFImportRequest is `scdf import`.
type SCDFImportRequest struct {
	Server SCDFServer
	// DryRun computes and returns the changes without writing anything.
	DryRun bool
	// Force replaces what conflicts (an app version registered with another URI, a definition of the same
	// name with another DSL) instead of leaving it alone; with Adopt, it adopts streams that do not run what
	// their definition and deployment properties give.
	Force bool
	// Adopt takes over the streams SCDF runs (scdfadopt.go).
	Adopt bool
	// Executions imports SCDF's task executions too (scdfexecutions.go).
	Executions bool
}

// SCDFAction is what an import does with one thing it read.
type SCDFAction string

const (
	SCDFCreate    SCDFAction = "create"
	SCDFUnchanged SCDFAction = "unchanged"
	SCDFConflict  SCDFAction = "conflict"
	SCDFReplace   SCDFAction = "replace"
	// SCDFNotScheduled is a schedule the import lists but does not create: SCDF's own schedule still fires on
	// the platform, and a second one would run the task twice.
	SCDFNotScheduled SCDFAction = "not scheduled"
)

// SCDFChange is one line of an import's plan. Detail never holds a secret value.
type SCDFChange struct {
	Kind   string     `json:"kind" yaml:"kind"` // app, stream, task, schedule
	Name   string     `json:"name" yaml:"name"`
	Action SCDFAction `json:"action" yaml:"action"`
	Detail string     `json:"detail,omitempty" yaml:"detail,omitempty"`
}

// SCDFImportResult is the plan of an import and whether it was written.
type SCDFImportResult struct {
	Source  string       `json:"source" yaml:"source"`
	Changes []SCDFChange `json:"changes" yaml:"changes"`
	// Executions has one line per task execution read; Changes sums them up per task.
	Executions []SCDFChange `json:"executions,omitempty" yaml:"executions,omitempty"`
	Written    bool         `json:"written" yaml:"written"`
}

// Count says how many apps, definitions and schedules have the action; executions, summed up per task in
// Changes, are counted one by one by ExecutionCount.
func (r SCDFImportResult) Count(a SCDFAction) int {
	n := 0
	for _, c := range r.Changes {
		if c.Action == a && c.Kind != scdfExecutionKind {
			n++
		}
	}
	return n
}

// scdfPlan is the checked import: what the transaction writes.
type scdfPlan struct {
	apps       []plannedApp
	streams    []plannedDefinition
	tasks      []plannedDefinition
	executions plannedExecutions
	changes    []SCDFChange
	// eachExecution is the plan of every execution; changes has one line per task and action.
	eachExecution []SCDFChange
}

type plannedApp struct {
	rec         store.AppRecord
	makeDefault bool
	replace     bool
}

type plannedDefinition struct {
	defs    []store.Definition // a composed task's children follow it
	replace bool
	audit   string
}

// ImportSCDF reads an SCDF server and registers its apps and creates its stream and task definitions here. It
// checks everything first (every app URI, every definition against the DSL and the registry as it will be) and
// then writes in one transaction, so a bad item imports nothing. What already matches is left as it is (a second
// import changes nothing); what conflicts is listed and left alone unless Force. Schedules are listed, not
// created (SCDFNotScheduled). Stream deployment properties and platforms are listed with secret values masked;
// dataflow keeps deployment properties with a stream's releases, so they are given at its first deploy.
func (f *Flow) ImportSCDF(ctx context.Context, req SCDFImportRequest) (SCDFImportResult, error) {
	est, err := ReadSCDF(ctx, req.Server)
	if err != nil {
		return SCDFImportResult{}, err
	}
	if req.Executions {
		if est.Executions, err = readSCDFExecutions(ctx, req.Server); err != nil {
			return SCDFImportResult{}, err
		}
	}
	var running []scdfRunning
	if req.Adopt {
		if running, err = readSCDFRunning(ctx, req.Server, est.Streams); err != nil {
			return SCDFImportResult{}, err
		}
	}
	source := RedactText(strings.TrimRight(req.Server.URI, "/"))
	if req.Adopt && !req.DryRun {
		// The adoption reads the platforms; one that cannot be read stops the import before it writes anything.
		preview := req
		preview.DryRun = true
		res, err := f.importSCDFEstate(ctx, source, est, true, req.Force)
		if err == nil {
			_, err = f.adoptSCDFStreams(ctx, res, est, running, preview)
		}
		if err != nil {
			return SCDFImportResult{}, err
		}
	}
	res, err := f.importSCDFEstate(ctx, source, est, req.DryRun, req.Force)
	if err != nil || !req.Adopt {
		return res, err
	}
	return f.adoptSCDFStreams(ctx, res, est, running, req)
}

func (f *Flow) importSCDFEstate(ctx context.Context, source string, est SCDFEstate, dryRun, force bool) (SCDFImportResult, error) {
	plan, err := f.planSCDFImport(ctx, est, force)
	if err != nil {
		return SCDFImportResult{}, err
	}
	res := SCDFImportResult{Source: source, Changes: plan.changes, Executions: plan.eachExecution}
	if dryRun || (len(plan.apps)+len(plan.streams)+len(plan.tasks) == 0 && plan.executions.empty()) {
		return res, nil
	}
	err = f.Store.InTx(ctx, func(tx *store.Tx) error { return f.writeSCDFPlan(ctx, tx, source, plan, force) })
	if err != nil {
		return SCDFImportResult{}, maskURIs(err)
	}
	res.Written = true
	return res, nil
}

// planSCDFImport checks every item and compares it with the store. Every problem is reported, one line each.
func (f *Flow) planSCDFImport(ctx context.Context, est SCDFEstate, force bool) (scdfPlan, error) {
	var plan scdfPlan
	var problems []string
	r := f.Store.Read()
	registered := map[typedApp]bool{} // every app type:name the registry will hold
	existingApps, err := r.ListApps(ctx)
	if err != nil {
		return plan, err
	}
	byVersion := map[string]store.AppRecord{}
	hasDefault := map[typedApp]bool{}
	for _, a := range existingApps {
		registered[typedApp{a.Name, AppType(a.Type)}] = true
		byVersion[a.Type+"."+a.Name+"@"+a.Version] = a
		hasDefault[typedApp{a.Name, AppType(a.Type)}] = hasDefault[typedApp{a.Name, AppType(a.Type)}] || a.Default
	}
	for _, a := range est.Apps {
		rec, err := scdfAppRecord(a, f)
		if err != nil {
			problems = append(problems, fmt.Sprintf("app %s.%s: %s", a.Type, a.Name, oneLine(maskURIs(err).Error())))
			continue
		}
		key := typedApp{rec.Name, AppType(rec.Type)}
		name := rec.Type + "." + rec.Name + "@" + rec.Version
		registered[key] = true
		existing, ok := byVersion[name]
		change := SCDFChange{Kind: "app", Name: name, Detail: DisplayURI(rec.URI)}
		switch {
		case !ok:
			change.Action = SCDFCreate
			plan.apps = append(plan.apps, plannedApp{rec: rec, makeDefault: a.DefaultVersion && !hasDefault[key]})
		case existing.URI == rec.URI && existing.MetadataURI == rec.MetadataURI && existing.BootVersion == rec.BootVersion:
			change.Action = SCDFUnchanged
		case force:
			change.Action = SCDFReplace
			change.Detail = DisplayURI(existing.URI) + " -> " + DisplayURI(rec.URI)
			rec.Default = existing.Default
			plan.apps = append(plan.apps, plannedApp{rec: rec, replace: true})
		default:
			change.Action = SCDFConflict
			change.Detail = "registered here as " + DisplayURI(existing.URI) + ", in SCDF as " + DisplayURI(rec.URI)
		}
		plan.changes = append(plan.changes, change)
	}

	streamDefs, err := r.ListDefinitions(ctx, store.StreamDefinitions)
	if err != nil {
		return plan, err
	}
	streams := definitionsByName(streamDefs)
	for _, s := range est.Streams {
		parsed, err := parseSCDFStream(s)
		if err != nil {
			problems = append(problems, fmt.Sprintf("stream %s: %s", s.Name, oneLine(err.Error())))
			continue
		}
		for _, a := range StreamApps(s.Name, parsed) {
			if !registered[typedApp{a.Name, a.Type}] {
				problems = append(problems, fmt.Sprintf("stream %s: %s", s.Name, notInRegistry(a.Name, a.Type)))
			}
		}
		shown := parsed.ToDSL(RedactValue)
		change := SCDFChange{Kind: "stream", Name: s.Name, Detail: shown + streamDeploymentNote(s)}
		def := store.Definition{Name: s.Name, Definition: s.DSL, Description: s.Description, CreatedAt: f.Now()}
		existing, ok := streams[s.Name]
		switch {
		case !ok:
			change.Action = SCDFCreate
			plan.streams = append(plan.streams, plannedDefinition{defs: []store.Definition{def}, audit: shown})
		case sameDefinition(existing, def):
			change.Action = SCDFUnchanged
		case force:
			// A release that is not undeployed runs apps built from the definition: replacing it underneath them
			// would make `stream update` and `rollback` work from a definition they never ran.
			if rel, found, err := r.LatestRelease(ctx, s.Name); err != nil {
				return plan, err
			} else if found && rel.Status != store.ReleaseDeleted {
				change.Action = SCDFConflict
				change.Detail = fmt.Sprintf("its release %d here is %s, with another definition; undeploy it to replace it", rel.Version, rel.Status)
				break
			}
			change.Action = SCDFReplace
			plan.streams = append(plan.streams, plannedDefinition{defs: []store.Definition{def}, replace: true, audit: shown})
		default:
			change.Action = SCDFConflict
			change.Detail = "defined here as '" + RedactText(existing.Definition) + "', in SCDF as '" + shown + "'"
		}
		plan.changes = append(plan.changes, change)
	}

	taskDefs, err := r.ListDefinitions(ctx, store.TaskDefinitions)
	if err != nil {
		return plan, err
	}
	tasks := definitionsByName(taskDefs)
	children := scdfComposedChildren(est.Tasks)
	for _, t := range est.Tasks {
		if children[t.Name] {
			continue // created with its composed task, as SCDF created it
		}
		if err := dsl.CheckTaskName(t.Name, t.DSL); err != nil {
			problems = append(problems, fmt.Sprintf("task %s: %s", t.Name, oneLine(err.Error())))
			continue
		}
		parsed, err := dsl.ParseTask(t.Name, t.DSL, true)
		if err != nil {
			problems = append(problems, fmt.Sprintf("task %s: %s", t.Name, oneLine(err.Error())))
			continue
		}
		for _, a := range taskApps(parsed) {
			if !registered[typedApp{a.Name, AppTypeTask}] {
				problems = append(problems, fmt.Sprintf("task %s: %s", t.Name, notInRegistry(a.Name, AppTypeTask)))
			}
		}
		defs := []store.Definition{{Name: t.Name, Definition: t.DSL, Description: t.Description, CreatedAt: f.Now()}}
		if parsed.IsComposed() {
			for _, a := range taskApps(parsed) {
				defs = append(defs, store.Definition{Name: parsed.ChildName(a), Definition: dsl.AppDSL(a.App), ComposedParent: t.Name, CreatedAt: f.Now()})
			}
		}
		shown := redactTaskDSL(parsed)
		change := SCDFChange{Kind: "task", Name: t.Name, Detail: shown}
		existing, ok := tasks[t.Name]
		switch {
		case !ok:
			for _, d := range defs[1:] {
				if _, taken := tasks[d.Name]; taken {
					problems = append(problems, fmt.Sprintf("task %s: Cannot register task %s because another one has already been registered with the same name", t.Name, d.Name))
				}
			}
			change.Action = SCDFCreate
			plan.tasks = append(plan.tasks, plannedDefinition{defs: defs, audit: shown})
		case sameDefinition(existing, defs[0]):
			change.Action = SCDFUnchanged
		case force:
			change.Action = SCDFReplace
			plan.tasks = append(plan.tasks, plannedDefinition{defs: defs, replace: true, audit: shown})
		default:
			change.Action = SCDFConflict
			change.Detail = "defined here as '" + RedactText(existing.Definition) + "', in SCDF as '" + shown + "'"
		}
		plan.changes = append(plan.changes, change)
	}

	schedules, err := r.ListSchedules(ctx, "", "")
	if err != nil {
		return plan, err
	}
	haveSchedule := map[string]bool{}
	for _, s := range schedules {
		haveSchedule[s.Name] = true
	}
	for _, s := range est.Schedules {
		change := SCDFChange{Kind: "schedule", Name: s.Name, Action: SCDFNotScheduled, Detail: scheduleCommand(s)}
		if haveSchedule[s.Name] {
			change.Action, change.Detail = SCDFUnchanged, "scheduled here already"
		}
		plan.changes = append(plan.changes, change)
	}
	if len(problems) == 0 && len(est.Executions) > 0 {
		defined, conflicting, err := f.scdfTaskNames(ctx, plan)
		if err != nil {
			return plan, err
		}
		var summary []SCDFChange
		var bad []string
		plan.executions, summary, plan.eachExecution, bad, err = f.planSCDFExecutions(ctx, est.Executions, defined, conflicting)
		if err != nil {
			return plan, err
		}
		plan.changes = append(plan.changes, summary...)
		problems = append(problems, bad...)
	}
	if len(problems) > 0 {
		return scdfPlan{}, &SCDFImportError{Problems: problems}
	}
	return plan, nil
}

// SCDFImportError lists everything that stopped an import, one line each; nothing was written.
type SCDFImportError struct{ Problems []string }

func (e *SCDFImportError) Error() string {
	return fmt.Sprintf("nothing imported: %d problem(s):\n%s", len(e.Problems), strings.Join(e.Problems, "\n"))
}

// writeSCDFPlan writes a checked plan; the registry checks run again inside the transaction.
func (f *Flow) writeSCDFPlan(ctx context.Context, tx *store.Tx, source string, plan scdfPlan, force bool) error {
	audit := func(op store.AuditOperation, action store.AuditAction, name, data string) error {
		_, err := tx.InsertAudit(ctx, store.AuditRecord{Operation: op, Action: action, Correlation: name,
			Data: RedactText(data + " (imported from " + source + ")"), CreatedAt: f.Now(), Actor: f.Actor, Result: auditOK})
		return err
	}
	for _, a := range plan.apps {
		register := registerInTx
		if a.replace {
			register = replaceInTx
		}
		if err := register(ctx, tx, a.rec, force); err != nil {
			return fmt.Errorf("app %s.%s: %w", a.rec.Type, a.rec.Name, err)
		}
		if a.rec.Default || a.makeDefault {
			if err := tx.SetDefaultApp(ctx, a.rec.Type, a.rec.Name, a.rec.Version); err != nil {
				return err
			}
		}
		if err := storeMetadata(ctx, tx, a.rec, AppOptions{}); err != nil {
			return err
		}
		if err := audit(store.AuditAppRegistration, store.AuditCreate, a.rec.Name, fmt.Sprintf("type=%s version=%s uri=%s", a.rec.Type, a.rec.Version, a.rec.URI)); err != nil {
			return err
		}
	}
	write := func(kind store.DefinitionKind, op store.AuditOperation, d plannedDefinition) error {
		action := store.AuditCreate
		if d.replace {
			action = store.AuditUpdate
			if err := deleteWithChildren(ctx, tx, kind, d.defs[0].Name); err != nil {
				return err
			}
		}
		for _, def := range d.defs {
			if err := tx.InsertDefinition(ctx, kind, def); err != nil {
				return fmt.Errorf("%s: %w", def.Name, err)
			}
		}
		return audit(op, action, d.defs[0].Name, d.audit)
	}
	for _, s := range plan.streams {
		if err := write(store.StreamDefinitions, store.AuditStream, s); err != nil {
			return err
		}
	}
	for _, t := range plan.tasks {
		if err := write(store.TaskDefinitions, store.AuditTask, t); err != nil {
			return err
		}
	}
	return f.writeSCDFExecutions(ctx, tx, source, plan.executions)
}

// replaceInTx gives a registered app version another URI. The version replaced may be the default, whose URI
// the other versions' URIs are checked against (they may differ from it by the version only, as in SCDF), so
// the check runs against the other versions.
func replaceInTx(ctx context.Context, tx *store.Tx, rec store.AppRecord, _ bool) error {
	versions, err := tx.AppVersions(ctx, rec.Type, rec.Name)
	if err != nil {
		return err
	}
	var others []store.AppRecord
	for _, v := range versions {
		if v.Version != rec.Version {
			others = append(others, v)
		}
	}
	if err := checkRegistration(others, rec, true); err != nil {
		return err
	}
	return tx.UpsertApp(ctx, rec)
}

// deleteWithChildren deletes a definition and, for a task, the child definitions its composed graph made.
func deleteWithChildren(ctx context.Context, tx *store.Tx, kind store.DefinitionKind, name string) error {
	if kind == store.TaskDefinitions {
		defs, err := tx.ListDefinitions(ctx, kind)
		if err != nil {
			return err
		}
		for _, d := range defs {
			if d.ComposedParent == name {
				if err := tx.DeleteDefinition(ctx, kind, d.Name); err != nil {
					return err
				}
			}
		}
	}
	err := tx.DeleteDefinition(ctx, kind, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// scdfAppRecord checks one registration as `app register` would and builds its registry record. The version
// is the one the URI carries, as dataflow's registry keys it (SCDF reads it from the URI too).
func scdfAppRecord(a SCDFApp, f *Flow) (store.AppRecord, error) {
	typ, err := ParseAppType(a.Type)
	if err != nil {
		return store.AppRecord{}, err
	}
	if err := ValidateAppName(a.Name); err != nil {
		return store.AppRecord{}, err
	}
	boot := a.BootVersion
	if boot != "" && boot != "2" && boot != "3" {
		return store.AppRecord{}, fmt.Errorf("Invalid AppBootSchemaVersion: %s", boot)
	}
	version, err := ResourceVersion(a.URI)
	if err != nil {
		return store.AppRecord{}, err
	}
	if a.MetadataURI != "" {
		if err := ValidateResourceURI(a.MetadataURI); err != nil {
			return store.AppRecord{}, err
		}
	}
	return store.AppRecord{Type: string(typ), Name: a.Name, Version: version, URI: a.URI, MetadataURI: a.MetadataURI,
		BootVersion: boot, CreatedAt: f.Now()}, nil
}

func parseSCDFStream(s SCDFStream) (*dsl.Stream, error) {
	if err := dsl.CheckStreamName(s.Name, s.DSL); err != nil {
		return nil, err
	}
	parsed, err := dsl.ParseStream(s.Name, s.DSL)
	if err != nil {
		return nil, err
	}
	if parsed.Name != "" && parsed.Name != s.Name {
		return nil, fmt.Errorf("the definition names the stream '%s' but SCDF lists it as '%s'", parsed.Name, s.Name)
	}
	return parsed, nil
}

// scdfComposedChildren names the task definitions SCDF made for the composed tasks it lists: creating the
// composed task here makes them again.
func scdfComposedChildren(tasks []SCDFTask) map[string]bool {
	out := map[string]bool{}
	for _, t := range tasks {
		parsed, err := dsl.ParseTask(t.Name, t.DSL, false)
		if err != nil || !parsed.IsComposed() {
			continue
		}
		for _, a := range taskApps(parsed) {
			out[parsed.ChildName(a)] = true
		}
	}
	return out
}

func definitionsByName(defs []store.Definition) map[string]store.Definition {
	out := make(map[string]store.Definition, len(defs))
	for _, d := range defs {
		out[d.Name] = d
	}
	return out
}

// sameDefinition compares what an import would write with what is stored, ignoring whitespace around the DSL.
func sameDefinition(have, want store.Definition) bool {
	return strings.TrimSpace(have.Definition) == strings.TrimSpace(want.Definition) && have.Description == want.Description
}

// streamDeploymentNote shows the platform and deployment properties SCDF holds for a stream, secret values
// masked; they are not stored with the definition.
func streamDeploymentNote(s SCDFStream) string {
	var parts []string
	if s.Platform != "" {
		parts = append(parts, "platform "+s.Platform)
	}
	if len(s.DeploymentProperties) > 0 {
		props := make([]string, 0, len(s.DeploymentProperties))
		for _, k := range sortedKeys(s.DeploymentProperties) {
			props = append(props, k+"="+RedactValue(k, s.DeploymentProperties[k]))
		}
		parts = append(parts, "deployment properties "+strings.Join(props, ","))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (in SCDF: " + strings.Join(parts, "; ") + "; give them at its deploy here)"
}

// scheduleCommand is the dataflow command that would make the schedule here.
func scheduleCommand(s SCDFSchedule) string {
	if s.Cron() == "" {
		return "SCDF lists no cron expression for it (task " + s.TaskName + ")"
	}
	cmd := fmt.Sprintf("task schedule create --name %s --definitionName %s --expression '%s'", s.Name, s.TaskName, s.Cron())
	if s.Platform != "" {
		cmd += " --platformName " + s.Platform
	}
	return cmd
}
