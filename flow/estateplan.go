package flow

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// EstateApplyRequest is `estate apply`: the file's text (Path names it in errors), whether to remove what the
// file does not hold (Prune), and whether a change may stop running streams (Force).
type EstateApplyRequest struct {
	Path   string
	Data   []byte
	Prune  bool
	Force  bool
	Getenv func(string) string
}

// Estate step actions, in the words the plan prints.
const (
	EstateRegister   = "register"   // an app version is registered
	EstateReregister = "reregister" // an app version's URI, metadata or boot version changes
	EstateDefault    = "default"    // another version becomes the app's default
	EstateCreate     = "create"     // a definition or a schedule is made
	EstateRecreate   = "recreate"   // a definition is destroyed and made again (a deployed stream: undeployed first)
	EstateDeploy     = "deploy"     // a stream is deployed
	EstateUpdate     = "update"     // a deployed stream is updated (red/black) to the file's config
	EstateRedeploy   = "redeploy"   // a deployed stream moves to another platform: undeployed, deployed there
	EstateReplace    = "replace"    // a schedule is destroyed and created again
	EstateUndeploy   = "undeploy"   // a stream is undeployed (--prune)
	EstateDestroy    = "destroy"    // a definition or schedule goes (--prune)
	EstateUnregister = "unregister" // an app version goes (--prune)
)

// EstateStep is one change of a plan. Status is set as the apply runs: done, failed, or not run.
type EstateStep struct {
	Kind       string           `json:"kind" yaml:"kind"`
	Name       string           `json:"name" yaml:"name"`
	Action     string           `json:"action" yaml:"action"`
	Detail     string           `json:"detail,omitempty" yaml:"detail,omitempty"`
	Properties []PropertyChange `json:"properties,omitempty" yaml:"properties,omitempty"`
	Status     string           `json:"status,omitempty" yaml:"status,omitempty"`
	Error      string           `json:"error,omitempty" yaml:"error,omitempty"`
	run        func(ctx context.Context) error
}

// Step statuses after an apply.
const (
	EstateStepDone   = "done"
	EstateStepFailed = "failed"
	EstateStepNotRun = "not run"
)

// EstatePlan is what an apply does, in order: registrations, definitions, deployments, schedules, then (with
// --prune) the removals in the reverse order. Unchanged counts what already matches.
type EstatePlan struct {
	File      string       `json:"file" yaml:"file"`
	Steps     []EstateStep `json:"steps" yaml:"steps"`
	Unchanged int          `json:"unchanged" yaml:"unchanged"`
	Notes     []string     `json:"notes,omitempty" yaml:"notes,omitempty"`
}

// EstateNeedsForceError is an apply refused because it would stop running streams without --force; nothing was
// changed. The shell reports it as it reports a destructive command run without --force.
type EstateNeedsForceError struct{ Changes []string }

func (e *EstateNeedsForceError) Error() string {
	return fmt.Sprintf("the apply would stop running streams (%s): add --force to let it; nothing was changed", strings.Join(e.Changes, "; "))
}

// estatePlanner holds what planning reads once: the file, the store's estate, the environment.
type estatePlanner struct {
	f       *Flow
	ctx     context.Context
	file    *estateFile
	req     EstateApplyRequest
	secrets secretResolver
	plan    *EstatePlan
	// what the store has
	apps      map[string][]store.AppRecord // type:name
	streams   map[string]store.Definition
	tasks     map[string]store.Definition
	schedules map[string]store.Schedule
	// what the file has
	fileApps       map[string]EstateApp
	fileTasks      map[string]bool
	recreatedTasks map[string]bool
	undeploys      []EstateStep // streams the file keeps but does not deploy (--prune)
	appRemovals    []EstateStep // versions of the apps the file lists that it does not list (--prune)
	removals       []EstateStep
	running        []string // deployed streams the plan stops, refused without --force
	resolve        func(a StreamApp, version string) (appSpec, error)
}

// PlanEstate reads and checks an estate file and compares it with the store and its platforms, changing
// nothing: every check an apply makes is made here, so a file that fails changes nothing at all.
func (f *Flow) PlanEstate(ctx context.Context, req EstateApplyRequest) (*EstatePlan, error) {
	file, err := readEstateFile(req.Path, req.Data)
	if err != nil {
		return nil, err
	}
	getenv := req.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	p := &estatePlanner{f: f, ctx: ctx, file: file, req: req, secrets: secretResolver{getenv: getenv}, plan: &EstatePlan{File: req.Path},
		fileApps: map[string]EstateApp{}, fileTasks: map[string]bool{}, recreatedTasks: map[string]bool{}}
	if err := p.readStore(); err != nil {
		return nil, err
	}
	for _, step := range []func() error{p.planApps, p.planTasks, p.planStreams, p.planSchedules, p.planPrune} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if len(p.running) > 0 && !p.req.Force {
		return nil, &EstateNeedsForceError{Changes: p.running}
	}
	p.plan.Steps = append(p.plan.Steps, p.removals...)
	return p.plan, nil
}

func (p *estatePlanner) readStore() error {
	r := p.f.Store.Read()
	apps, err := r.ListApps(p.ctx)
	if err != nil {
		return err
	}
	p.apps = map[string][]store.AppRecord{}
	for _, a := range apps {
		p.apps[a.Type+":"+a.Name] = append(p.apps[a.Type+":"+a.Name], a)
	}
	index := func(kind store.DefinitionKind) (map[string]store.Definition, error) {
		list, err := r.ListDefinitions(p.ctx, kind)
		out := map[string]store.Definition{}
		for _, d := range list {
			out[d.Name] = d
		}
		return out, err
	}
	if p.streams, err = index(store.StreamDefinitions); err != nil {
		return err
	}
	if p.tasks, err = index(store.TaskDefinitions); err != nil {
		return err
	}
	list, err := r.ListSchedules(p.ctx, "", "")
	p.schedules = map[string]store.Schedule{}
	for _, s := range list {
		p.schedules[s.Name] = s
	}
	return err
}

func (p *estatePlanner) add(step EstateStep) { p.plan.Steps = append(p.plan.Steps, step) }

// planApps registers the file's app versions that the store lacks or holds otherwise, and sets defaults.
func (p *estatePlanner) planApps() error {
	for i, a := range p.file.estate.Apps {
		typ, err := ParseAppType(a.Type)
		if err != nil {
			return p.file.errorAt(err, "apps", i, "type")
		}
		if err := ValidateAppName(a.Name); err != nil {
			return p.file.errorAt(err, "apps", i, "name")
		}
		if len(a.Versions) == 0 {
			return p.file.errorAt(fmt.Errorf("app '%s:%s' lists no versions", a.Type, a.Name), "apps", i)
		}
		key := string(typ) + ":" + a.Name
		p.fileApps[key] = a
		have := map[string]store.AppRecord{}
		storeDefault := ""
		for _, v := range p.apps[key] {
			have[v.Version] = v
			if v.Default {
				storeDefault = v.Version
			}
		}
		defaults, versions := 0, map[string]bool{}
		fileDefault := ""
		var register []EstateStep
		records := map[string]store.AppRecord{} // what each register step writes, by step name
		at := map[string]int{}                  // and the index of its version in the file
		for j, v := range a.Versions {
			uri, err := p.secrets.freeText(fmt.Sprintf("app '%s' uri", key), v.URI)
			if err != nil {
				return p.file.errorAt(err, "apps", i, "versions", j, "uri")
			}
			metadata, err := p.secrets.freeText(fmt.Sprintf("app '%s' metadataUri", key), v.MetadataURI)
			if err != nil {
				return p.file.errorAt(err, "apps", i, "versions", j, "metadataUri")
			}
			version, err := ResourceVersion(uri)
			if err != nil {
				return p.file.errorAt(maskURIs(err), "apps", i, "versions", j, "uri")
			}
			if metadata != "" {
				if err := ValidateResourceURI(metadata); err != nil {
					return p.file.errorAt(maskURIs(err), "apps", i, "versions", j, "metadataUri")
				}
			}
			if v.BootVersion != "" && v.BootVersion != "2" && v.BootVersion != "3" {
				return p.file.errorAt(fmt.Errorf("Invalid AppBootSchemaVersion: %s (2 or 3)", v.BootVersion), "apps", i, "versions", j, "bootVersion")
			}
			if versions[version] {
				return p.file.errorAt(fmt.Errorf("version %s of app '%s' is given twice", version, key), "apps", i, "versions", j)
			}
			versions[version] = true
			if v.Default || len(a.Versions) == 1 {
				defaults++
				fileDefault = version
			}
			req := RegisterRequest{Name: a.Name, Type: typ, URI: uri, MetadataURI: metadata, BootVersion: v.BootVersion}
			shown := DisplayURI(v.URI)
			old, registered := have[version]
			records[key+":"+version] = store.AppRecord{Type: string(typ), Name: a.Name, Version: version, URI: uri}
			at[key+":"+version] = j
			switch {
			case !registered:
				register = append(register, EstateStep{Kind: "app", Name: key + ":" + version, Action: EstateRegister, Detail: shown,
					run: func(ctx context.Context) error { _, err := p.f.RegisterApp(ctx, req); return err }})
			case old.URI != uri || old.MetadataURI != metadata || old.BootVersion != v.BootVersion:
				req.Force = true
				register = append(register, EstateStep{Kind: "app", Name: key + ":" + version, Action: EstateReregister,
					Detail: DisplayURI(old.URI) + " -> " + shown,
					run:    func(ctx context.Context) error { _, err := p.f.RegisterApp(ctx, req); return err }})
			default:
				p.plan.Unchanged++
			}
		}
		if defaults != 1 {
			return p.file.errorAt(fmt.Errorf("app '%s' must mark exactly one version 'default: true' (it marks %d)", key, defaults), "apps", i, "versions")
		}
		// A new app's first registration becomes its default: register the file's default first.
		slices.SortStableFunc(register, func(x, y EstateStep) int {
			return boolOrder(strings.HasSuffix(y.Name, ":"+fileDefault)) - boolOrder(strings.HasSuffix(x.Name, ":"+fileDefault))
		})
		// The registry's own rule, checked here so that an apply it would stop half-way is refused whole.
		registry := slices.Clone(p.apps[key])
		for _, step := range register {
			rec := records[step.Name]
			if err := checkRegistration(registry, rec, true); err != nil {
				return p.file.errorAt(fmt.Errorf("app '%s' version %s: %w (unregister the app first, or register the new URI under another name)",
					key, rec.Version, maskURIs(err)), "apps", i, "versions", at[step.Name], "uri")
			}
			rec.Default = !slices.ContainsFunc(registry, func(v store.AppRecord) bool { return v.Default })
			registry = append(registry, rec)
		}
		p.plan.Steps = append(p.plan.Steps, register...)
		if storeDefault != "" && storeDefault != fileDefault {
			def := fileDefault
			p.add(EstateStep{Kind: "app", Name: key, Action: EstateDefault, Detail: storeDefault + " -> " + def,
				run: func(ctx context.Context) error { return p.f.SetDefaultApp(ctx, typ, a.Name, def) }})
		}
		if p.req.Prune {
			var stale []store.AppRecord
			for _, v := range p.apps[key] {
				if !versions[v.Version] {
					stale = append(stale, v)
				}
			}
			p.pruneAppVersions(typ, a.Name, stale)
		}
	}
	return nil
}

func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (p *estatePlanner) pruneAppVersions(typ AppType, name string, versions []store.AppRecord) {
	for _, v := range versions {
		version := v.Version
		p.appRemovals = append(p.appRemovals, EstateStep{Kind: "app", Name: string(typ) + ":" + name + ":" + version, Action: EstateUnregister,
			Detail: DisplayURI(v.URI), run: func(ctx context.Context) error {
				_, err := p.f.UnregisterApp(ctx, typ, name, version)
				return err
			}})
	}
}

// registered says whether an app is registered once the apply has run: listed in the file, or (unless the
// apply prunes the store's other apps) in the store.
func (p *estatePlanner) registered(typ AppType, name string) bool {
	key := string(typ) + ":" + name
	if _, ok := p.fileApps[key]; ok {
		return true
	}
	return !p.req.Prune && len(p.apps[key]) > 0
}

// planTasks creates the file's task definitions and re-creates those whose definition or description changed.
func (p *estatePlanner) planTasks() error {
	for i, t := range p.file.estate.Tasks {
		if err := dsl.CheckTaskName(t.Name, t.Definition); err != nil {
			return p.file.errorAt(err, "tasks", i, "name")
		}
		parsed, err := dsl.ParseTask(t.Name, t.Definition, true)
		if err != nil {
			return p.file.dslErrorAt(fmt.Sprintf("task '%s'", t.Name), err, "tasks", i, "definition")
		}
		for _, a := range taskApps(parsed) {
			if !p.registered(AppTypeTask, a.Name) {
				return p.file.errorAt(errors.New(notInRegistry(a.Name, AppTypeTask)), "tasks", i, "definition")
			}
		}
		if d, ok := p.tasks[t.Name]; ok && d.ComposedParent != "" {
			return p.file.errorAt(fmt.Errorf("task '%s' is a step of the composed task '%s' here: it is made by that task's create", t.Name, d.ComposedParent), "tasks", i, "name")
		}
		p.fileTasks[t.Name] = true
		definition, err := p.secrets.definition(fmt.Sprintf("task '%s'", t.Name), t.Definition)
		if err != nil {
			return p.file.errorAt(err, "tasks", i, "definition")
		}
		name, description := t.Name, t.Description
		create := func(ctx context.Context) error {
			_, err := p.f.CreateTask(ctx, name, definition, description)
			return err
		}
		d, exists := p.tasks[t.Name]
		switch {
		case !exists:
			p.add(EstateStep{Kind: "task", Name: name, Action: EstateCreate, Detail: RedactText(t.Definition), run: create})
		case (d.Definition == definition || d.Definition == t.Definition) && d.Description == description:
			p.plan.Unchanged++
		default:
			detail := RedactText(d.Definition) + " -> " + RedactText(t.Definition)
			if d.Definition == definition || d.Definition == t.Definition {
				detail = fmt.Sprintf("description '%s' -> '%s'", d.Description, description)
			}
			if scheduled := p.schedulesOf(name); len(scheduled) > 0 {
				detail += "; its schedules go with it (" + strings.Join(scheduled, ", ") + ")"
			}
			p.recreatedTasks[name] = true
			p.add(EstateStep{Kind: "task", Name: name, Action: EstateRecreate, Detail: detail, run: func(ctx context.Context) error {
				if err := p.f.DestroyTask(ctx, name, false); err != nil {
					return err
				}
				return create(ctx)
			}})
		}
	}
	return nil
}

func (p *estatePlanner) schedulesOf(task string) []string {
	var out []string
	for _, s := range p.schedules {
		if s.TaskName == task {
			out = append(out, s.Name)
		}
	}
	slices.Sort(out)
	return out
}

// planStreams creates the file's streams, re-creates changed definitions, and deploys, updates or moves
// deployments.
func (p *estatePlanner) planStreams() error {
	for i, s := range p.file.estate.Streams {
		if err := p.planStream(i, s); err != nil {
			return err
		}
	}
	return nil
}

func (p *estatePlanner) planStream(i int, s EstateStream) error {
	name := s.Name
	if err := dsl.CheckStreamName(name, s.Definition); err != nil {
		return p.file.errorAt(err, "streams", i, "name")
	}
	parsed, err := dsl.ParseStream(name, s.Definition)
	if err != nil {
		return p.file.dslErrorAt(fmt.Sprintf("stream '%s'", name), err, "streams", i, "definition")
	}
	if parsed.Name != "" && parsed.Name != name {
		return p.file.errorAt(fmt.Errorf("the definition names the stream '%s' but its name is '%s'", parsed.Name, name), "streams", i, "definition")
	}
	for _, a := range StreamApps(name, parsed) {
		if !p.registered(a.Type, a.Name) {
			return p.file.errorAt(errors.New(notInRegistry(a.Name, a.Type)), "streams", i, "definition")
		}
	}
	definition, err := p.secrets.definition(fmt.Sprintf("stream '%s'", name), s.Definition)
	if err != nil {
		return p.file.errorAt(err, "streams", i, "definition")
	}
	d, exists := p.streams[name]
	var cur store.Release
	deployed := false
	if exists {
		if cur, deployed, err = p.f.Store.Read().DeployedRelease(p.ctx, name); err != nil {
			return err
		}
	}
	sameDefinition := exists && (d.Definition == definition || d.Definition == s.Definition)
	var props map[string]string
	var acc platforms.Account
	if s.Deployment != nil {
		if acc, err = p.f.streamAccount(s.Deployment.Platform); err != nil {
			return p.file.errorAt(err, "streams", i, "deployment", "platform")
		}
		var current map[string]string
		if deployed && sameDefinition && cur.Platform == acc.Name && p.releaseHoldsReference(cur, s.Deployment.Properties) {
			// A value the deployed release already holds as written (a reference the app resolves itself) is
			// kept as written.
			if current, _, err = p.f.deployPropertiesOf(p.ctx, name, parsed, cur); err != nil {
				return err
			}
		}
		if props, err = p.deployProperties(i, name, parsed, s.Deployment.Properties, current); err != nil {
			return err
		}
	}
	deploy := func(ctx context.Context) error {
		_, err := p.f.DeployStream(ctx, StreamDeployRequest{Name: name, Platform: acc.Name, Properties: props})
		return err
	}
	// A deploy the plan makes is checked now as the deploy will check it (the config it builds, the platform's
	// own checks of each app), so that a bad property fails the file before anything is done.
	checkDeploy := func() error {
		config, err := buildAppSpecs(name, parsed, props, acc.Type, p.resolveApp())
		if err == nil {
			var deployer platforms.AppDeployer
			if deployer, err = p.f.deployer(acc); err == nil {
				err = validateApps(deployer, name, placeholderPrefix(acc), config)
			}
		}
		if err != nil {
			return p.file.errorAt(fmt.Errorf("stream '%s': %w", name, err), "streams", i, "deployment")
		}
		return nil
	}
	create := func(ctx context.Context) error {
		_, err := p.f.CreateStream(ctx, name, definition, s.Description)
		return err
	}
	switch {
	case !exists:
		p.add(EstateStep{Kind: "stream", Name: name, Action: EstateCreate, Detail: RedactText(s.Definition), run: create})
		if s.Deployment != nil {
			if err := checkDeploy(); err != nil {
				return err
			}
			p.add(EstateStep{Kind: "stream", Name: name, Action: EstateDeploy, Detail: "on '" + acc.Name + "'", run: deploy})
		}
		return nil
	case !sameDefinition || d.Description != s.Description && !deployed:
		detail := RedactText(d.Definition) + " -> " + RedactText(s.Definition)
		if sameDefinition {
			detail = fmt.Sprintf("description '%s' -> '%s'", d.Description, s.Description)
		}
		if deployed {
			detail += fmt.Sprintf("; release %d on '%s' is undeployed first", cur.Version, cur.Platform)
			p.running = append(p.running, fmt.Sprintf("stream '%s' runs and its definition changes", name))
		}
		p.add(EstateStep{Kind: "stream", Name: name, Action: EstateRecreate, Detail: detail, run: func(ctx context.Context) error {
			if err := p.f.UndeployIfDeployed(ctx, name); err != nil {
				return err
			}
			if err := p.f.DestroyStream(ctx, name); err != nil {
				return err
			}
			return create(ctx)
		}})
		if s.Deployment != nil {
			if err := checkDeploy(); err != nil {
				return err
			}
			p.add(EstateStep{Kind: "stream", Name: name, Action: EstateDeploy, Detail: "on '" + acc.Name + "'", run: deploy})
		}
		return nil
	}
	if d.Description != s.Description {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("stream '%s' runs: its description stays '%s' (a new one needs the stream re-created)", name, d.Description))
	}
	switch {
	case s.Deployment == nil && deployed:
		if !p.req.Prune {
			p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("stream '%s' runs on '%s' but the file does not deploy it: left running (--prune undeploys it)", name, cur.Platform))
			p.plan.Unchanged++
			return nil
		}
		p.running = append(p.running, fmt.Sprintf("stream '%s' would be undeployed", name))
		p.undeploys = append(p.undeploys, EstateStep{Kind: "stream", Name: name, Action: EstateUndeploy,
			Detail: fmt.Sprintf("release %d on '%s'", cur.Version, cur.Platform), run: func(ctx context.Context) error { return p.f.UndeployStream(ctx, name) }})
	case s.Deployment == nil:
		p.plan.Unchanged++
	case !deployed:
		if err := checkDeploy(); err != nil {
			return err
		}
		p.add(EstateStep{Kind: "stream", Name: name, Action: EstateDeploy, Detail: "on '" + acc.Name + "'", run: deploy})
	case cur.Platform != acc.Name:
		if err := checkDeploy(); err != nil {
			return err
		}
		p.running = append(p.running, fmt.Sprintf("stream '%s' moves from '%s' to '%s'", name, cur.Platform, acc.Name))
		p.add(EstateStep{Kind: "stream", Name: name, Action: EstateRedeploy, Detail: fmt.Sprintf("from '%s' to '%s'", cur.Platform, acc.Name),
			run: func(ctx context.Context) error {
				if err := p.f.UndeployStream(ctx, name); err != nil {
					return err
				}
				return deploy(ctx)
			}})
	default:
		if err := p.planUpdate(name, parsed, acc, cur, props); err != nil {
			return p.file.errorAt(err, "streams", i, "deployment")
		}
	}
	return nil
}

// deployProperties are a stream's deploy properties from the file, checked, with their secret references
// read (one the deployed release holds as written is kept).
func (p *estatePlanner) deployProperties(i int, name string, s *dsl.Stream, given, current map[string]string) (map[string]string, error) {
	props := make(map[string]string, len(given))
	for _, k := range sortedKeys(given) {
		v := given[k]
		if cv, ok := current[k]; ok && cv == v {
			props[k] = v
			continue
		}
		resolved, err := p.secrets.property(fmt.Sprintf("stream '%s' property %s", name, k), k, v)
		if err != nil {
			return nil, p.file.errorAt(err, "streams", i, "deployment", "properties", k)
		}
		props[k] = resolved
	}
	if err := deployProperties(props).checkLabels(name, labelsOf(s)); err != nil {
		return nil, p.file.errorAt(err, "streams", i, "deployment", "properties")
	}
	return props, nil
}

// planUpdate compares the config a deploy of the file's properties would build with the deployed release's,
// with the code a deploy uses; an app that differs is deployed again by the update engine, with the file's config
// as the next one (a property the file no longer has is removed, unlike `stream update`'s merge).
func (p *estatePlanner) planUpdate(name string, s *dsl.Stream, acc platforms.Account, cur store.Release, props map[string]string) error {
	from, err := estateConfigOf(cur)
	if err != nil {
		return err
	}
	next, err := buildAppSpecs(name, s, props, acc.Type, p.resolveApp())
	if err != nil {
		return fmt.Errorf("stream '%s': %w", name, err)
	}
	changed := estateChangedApps(from, next)
	if len(changed) == 0 {
		p.plan.Unchanged++
		return nil
	}
	var diff []PropertyChange
	for _, label := range changed {
		o, _ := from.app(label)
		n, _ := next.app(label)
		for _, c := range propertyChanges(o, n) {
			c.Key = label + ": " + c.Key
			diff = append(diff, c)
		}
		if o.Version != n.Version {
			diff = append(diff, PropertyChange{Kind: "version", Key: label, Action: PlanChange, Old: o.Version, New: n.Version})
		}
	}
	p.add(EstateStep{Kind: "stream", Name: name, Action: EstateUpdate, Properties: diff,
		Detail: fmt.Sprintf("release %d on '%s', apps %s deployed again", cur.Version, cur.Platform, strings.Join(changed, ", ")),
		run:    func(ctx context.Context) error { return p.f.updateStreamToConfig(ctx, name, props) }})
	return nil
}

// resolveApp looks an app up as the registry will be once the apply's registrations are made: the file's
// versions for the apps it lists, the store's for the others. A version the store does not have yet has no
// options to qualify with; the update itself builds its config again after the registrations.
func (p *estatePlanner) resolveApp() func(a StreamApp, version string) (appSpec, error) {
	if p.resolve == nil {
		p.resolve = memoResolve(p.lookupApp())
	}
	return p.resolve
}

func (p *estatePlanner) lookupApp() func(a StreamApp, version string) (appSpec, error) {
	fromStore := p.f.resolveStreamApp(p.ctx)
	return func(a StreamApp, version string) (appSpec, error) {
		app, listed := p.fileApps[string(a.Type)+":"+a.Name]
		if !listed {
			return fromStore(a, version)
		}
		for _, v := range app.Versions {
			uri, _ := p.secrets.freeText("", v.URI)
			metadata, _ := p.secrets.freeText("", v.MetadataURI)
			vv, err := ResourceVersion(uri)
			if err != nil || !(version == vv || version == "" && (v.Default || len(app.Versions) == 1)) {
				continue
			}
			spec := appSpec{Resource: skipperResource(uri, vv), Version: vv, URI: uri, MetadataURI: metadata}
			for _, have := range p.apps[string(a.Type)+":"+a.Name] {
				if have.Version == vv && have.URI == uri {
					opts, err := appOptions(p.ctx, p.f.Store.Read(), string(a.Type), a.Name, vv, false)
					if err != nil {
						return appSpec{}, err
					}
					spec.options = opts
				}
			}
			return spec, nil
		}
		return appSpec{}, &NoSuchAppError{Name: a.Name, Type: a.Type, Version: version}
	}
}

// planSchedules creates the file's schedules and replaces those that differ (a schedule cannot be changed in
// place, on SCDF either).
func (p *estatePlanner) planSchedules() error {
	for i, s := range p.file.estate.Schedules {
		if !p.fileTasks[s.Task] && (p.req.Prune || p.tasks[s.Task].Name == "") {
			return p.file.errorAt(newError(CodeTaskNotFound, s.Task), "schedules", i, "task")
		}
		if t := p.taskDefinitionText(s.Task); t != "" {
			if parsed, err := dsl.ParseTask(s.Task, t, false); err == nil && parsed.IsComposed() {
				return p.file.errorAt(fmt.Errorf("task '%s' is a composed task: its graph runs in dataflow, not on the platform, so it cannot be scheduled there", s.Task), "schedules", i, "task")
			}
		}
		acc, err := p.f.scheduleAccount(s.Platform)
		if err != nil {
			return p.file.errorAt(err, "schedules", i, "platform")
		}
		if err := p.f.noSchedules(acc); err != nil {
			return p.file.errorAt(err, "schedules", i, "platform")
		}
		name, err := p.f.scheduleNameFor(acc, s.Name)
		if err != nil {
			return p.file.errorAt(err, "schedules", i, "name")
		}
		if err := validateCron(p.f.traits(acc).Cron, s.Cron); err != nil {
			return p.file.errorAt(err, "schedules", i, "cron")
		}
		props := map[string]string{}
		for _, k := range sortedKeys(s.Properties) {
			if props[k], err = p.secrets.property(fmt.Sprintf("schedule '%s' property %s", s.Name, k), k, s.Properties[k]); err != nil {
				return p.file.errorAt(err, "schedules", i, "properties", k)
			}
		}
		args := make([]string, len(s.Arguments))
		for j := range s.Arguments {
			if args[j], err = p.secrets.argument(fmt.Sprintf("schedule '%s' argument %d", s.Name, j+1), s.Arguments, j); err != nil {
				return p.file.errorAt(err, "schedules", i, "arguments", j)
			}
		}
		req := ScheduleRequest{Name: s.Name, DefinitionName: s.Task, Expression: s.Cron, Platform: acc.Name, Properties: props, Arguments: args}
		create := func(ctx context.Context) error { _, err := p.f.CreateSchedule(ctx, req); return err }
		have, exists := p.schedules[name]
		// The store keeps a schedule's secrets masked: it is compared as it was recorded.
		same := exists && have.TaskName == s.Task && have.Platform == acc.Name && have.Expression == strings.TrimSpace(s.Cron) &&
			have.Properties == propertyLines(props) && slices.Equal(have.Arguments, redactArgList(args))
		switch {
		case !exists:
			p.add(EstateStep{Kind: "schedule", Name: name, Action: EstateCreate, Detail: fmt.Sprintf("task %s at '%s' on '%s'", s.Task, s.Cron, acc.Name), run: create})
		case same && !p.recreatedTasks[s.Task]:
			p.plan.Unchanged++
		default:
			detail := fmt.Sprintf("task %s at '%s' on '%s'", s.Task, s.Cron, acc.Name)
			if same {
				detail += "; its task is re-created"
			}
			p.add(EstateStep{Kind: "schedule", Name: name, Action: EstateReplace, Detail: detail, run: func(ctx context.Context) error {
				if err := p.f.DestroySchedule(ctx, name, ""); err != nil && !errors.Is(err, ErrScheduleNotFound) {
					return err
				}
				return create(ctx)
			}})
		}
		delete(p.schedules, name)
	}
	return nil
}

// taskDefinitionText is a task's definition as it will be: the file's, or the store's.
func (p *estatePlanner) taskDefinitionText(name string) string {
	for _, t := range p.file.estate.Tasks {
		if t.Name == name {
			return t.Definition
		}
	}
	return p.tasks[name].Definition
}

// planPrune removes, with --prune, what the store has and the file does not, in the reverse order of the rest:
// schedules, streams (undeployed first), tasks, then app versions.
func (p *estatePlanner) planPrune() error {
	if !p.req.Prune {
		return nil
	}
	var removals []EstateStep
	for _, name := range slices.Sorted(maps.Keys(p.schedules)) {
		s := p.schedules[name]
		if p.recreatedTasks[s.TaskName] {
			continue // it goes with its task
		}
		removals = append(removals, EstateStep{Kind: "schedule", Name: name, Action: EstateDestroy, Detail: "task " + s.TaskName + " on '" + s.Platform + "'",
			run: func(ctx context.Context) error { return p.f.DestroySchedule(ctx, name, "") }})
	}
	removals = append(removals, p.undeploys...)
	inFile := map[string]bool{}
	for _, s := range p.file.estate.Streams {
		inFile[s.Name] = true
	}
	for _, name := range slices.Sorted(maps.Keys(p.streams)) {
		if inFile[name] {
			continue
		}
		detail := ""
		cur, deployed, err := p.f.Store.Read().DeployedRelease(p.ctx, name)
		if err != nil {
			return err
		}
		if deployed {
			detail = fmt.Sprintf("release %d on '%s' is undeployed first", cur.Version, cur.Platform)
			p.running = append(p.running, fmt.Sprintf("stream '%s' would be undeployed and destroyed", name))
		}
		removals = append(removals, EstateStep{Kind: "stream", Name: name, Action: EstateDestroy, Detail: detail, run: func(ctx context.Context) error {
			if err := p.f.UndeployIfDeployed(ctx, name); err != nil {
				return err
			}
			return p.f.DestroyStream(ctx, name)
		}})
	}
	for _, name := range slices.Sorted(maps.Keys(p.tasks)) {
		if d := p.tasks[name]; d.ComposedParent != "" || p.fileTasks[name] {
			continue
		}
		removals = append(removals, EstateStep{Kind: "task", Name: name, Action: EstateDestroy,
			run: func(ctx context.Context) error { return p.f.DestroyTask(ctx, name, false) }})
	}
	removals = append(removals, p.appRemovals...)
	p.appRemovals = nil
	for _, key := range slices.Sorted(maps.Keys(p.apps)) {
		if _, listed := p.fileApps[key]; listed {
			continue
		}
		typ, name, _ := strings.Cut(key, ":")
		versions := slices.Clone(p.apps[key])
		// The default goes last: the others' removal never leaves the app without one meanwhile.
		slices.SortStableFunc(versions, func(a, b store.AppRecord) int { return boolOrder(a.Default) - boolOrder(b.Default) })
		p.pruneAppVersions(AppType(typ), name, versions)
	}
	removals = append(removals, p.appRemovals...)
	p.removals = removals
	return nil
}

// releaseHoldsReference says whether a deployed release holds, as written, a ${...} reference the file's
// properties give: only then is the release read back into properties (which builds its config many times) to
// find the properties to keep as written. Most releases hold the values the references stand for.
func (p *estatePlanner) releaseHoldsReference(cur store.Release, props map[string]string) bool {
	for _, v := range props {
		for _, ref := range referenceRe().FindAllString(v, -1) {
			if strings.Contains(cur.Config, ref) {
				return true
			}
		}
	}
	return false
}
