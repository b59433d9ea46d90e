package flow

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/store"
)

// The estate is everything a store defines, as one YAML document a team keeps in git: `estate export` writes it,
// `estate apply` makes a store and its platforms match it. Lists are sorted by name (apps by type and name,
// versions by version) and maps are written sorted, so a re-export of an unchanged store is the same file.

// Estate file header values.
const (
	EstateAPIVersion = "dataflow/v1"
	EstateKind       = "Estate"
)

// Estate is the file's document.
type Estate struct {
	APIVersion string           `json:"apiVersion" yaml:"apiVersion"`
	Kind       string           `json:"kind" yaml:"kind"`
	Apps       []EstateApp      `json:"apps,omitempty" yaml:"apps,omitempty"`
	Streams    []EstateStream   `json:"streams,omitempty" yaml:"streams,omitempty"`
	Tasks      []EstateTask     `json:"tasks,omitempty" yaml:"tasks,omitempty"`
	Schedules  []EstateSchedule `json:"schedules,omitempty" yaml:"schedules,omitempty"`
}

// EstateApp is one registered app with its versions.
type EstateApp struct {
	Type     string             `json:"type" yaml:"type"`
	Name     string             `json:"name" yaml:"name"`
	Versions []EstateAppVersion `json:"versions" yaml:"versions"`
}

// EstateAppVersion is one registered version; its version number is the URI's. One version of an app is its
// default: the one marked, or the only one.
type EstateAppVersion struct {
	URI         string `json:"uri" yaml:"uri"`
	MetadataURI string `json:"metadataUri,omitempty" yaml:"metadataUri,omitempty"`
	BootVersion string `json:"bootVersion,omitempty" yaml:"bootVersion,omitempty"`
	Default     bool   `json:"default,omitempty" yaml:"default,omitempty"`
}

// EstateStream is a stream definition and, when it runs, where and with which deployment properties.
type EstateStream struct {
	Name        string            `json:"name" yaml:"name"`
	Definition  string            `json:"definition" yaml:"definition"`
	Description string            `json:"description,omitempty" yaml:"description,omitempty"`
	Deployment  *EstateDeployment `json:"deployment,omitempty" yaml:"deployment,omitempty"`
}

// EstateDeployment says a stream is deployed: on which stream platform account, with the properties a
// `stream deploy` would be given (app.<label>.k, deployer.<label>.k, version.<label>).
type EstateDeployment struct {
	Platform   string            `json:"platform" yaml:"platform"`
	Properties map[string]string `json:"properties,omitempty" yaml:"properties,omitempty"`
}

// EstateTask is a task definition. A composed task's children are not listed: creating the task makes them.
type EstateTask struct {
	Name        string `json:"name" yaml:"name"`
	Definition  string `json:"definition" yaml:"definition"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
}

// EstateSchedule is a task schedule.
type EstateSchedule struct {
	Name       string            `json:"name" yaml:"name"`
	Task       string            `json:"task" yaml:"task"`
	Cron       string            `json:"cron" yaml:"cron"`
	Platform   string            `json:"platform" yaml:"platform"`
	Properties map[string]string `json:"properties,omitempty" yaml:"properties,omitempty"`
	Arguments  []string          `json:"arguments,omitempty" yaml:"arguments,omitempty"`
}

// EstateExport is what `estate export` produced: the document, the environment variables its secret references
// name (an apply needs them set), and what could not be written exactly (said to the user, never silently
// dropped).
type EstateExport struct {
	Estate Estate
	// Variables are the ${NAME} references the export made for secret values, sorted.
	Variables []string
	Notes     []string
}

// ExportEstate reads the store's estate. Secret values become ${NAME} references (a value the user gave as a
// reference stays one); nothing secret is in the result.
func (f *Flow) ExportEstate(ctx context.Context) (EstateExport, error) {
	r := f.Store.Read()
	out := EstateExport{Estate: Estate{APIVersion: EstateAPIVersion, Kind: EstateKind}}
	refs := newSecretRefs()
	apps, err := r.ListApps(ctx)
	if err != nil {
		return EstateExport{}, err
	}
	out.Estate.Apps = exportApps(apps, refs)

	streams, err := r.ListDefinitions(ctx, store.StreamDefinitions)
	if err != nil {
		return EstateExport{}, err
	}
	for _, d := range streams {
		s, notes, err := f.exportStream(ctx, d, refs)
		if err != nil {
			return EstateExport{}, err
		}
		out.Estate.Streams = append(out.Estate.Streams, s)
		out.Notes = append(out.Notes, notes...)
	}
	tasks, err := r.ListDefinitions(ctx, store.TaskDefinitions)
	if err != nil {
		return EstateExport{}, err
	}
	for _, d := range tasks {
		if d.ComposedParent != "" {
			continue // made by its composed task's create
		}
		out.Estate.Tasks = append(out.Estate.Tasks, EstateTask{Name: d.Name, Description: d.Description,
			Definition: refs.definition(d.Name, d.Definition)})
	}
	schedules, err := r.ListSchedules(ctx, "", "")
	if err != nil {
		return EstateExport{}, err
	}
	for _, s := range schedules {
		out.Estate.Schedules = append(out.Estate.Schedules, exportSchedule(s, refs))
	}
	sortEstate(&out.Estate)
	out.Variables = refs.names()
	return out, nil
}

// exportApps groups the registry's versions by app; the secrets of URIs (a URL password, a token in the query)
// become references.
func exportApps(apps []store.AppRecord, refs *secretRefs) []EstateApp {
	var out []EstateApp
	index := map[string]int{}
	for _, a := range apps {
		key := a.Type + ":" + a.Name
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, EstateApp{Type: a.Type, Name: a.Name})
		}
		base := a.Type + "_" + a.Name + "_" + a.Version
		out[i].Versions = append(out[i].Versions, EstateAppVersion{URI: refs.freeText(base+"_uri", a.URI),
			MetadataURI: refs.freeText(base+"_metadata_uri", a.MetadataURI), BootVersion: a.BootVersion, Default: a.Default})
	}
	return out
}

// exportStream is a stream definition and, when deployed, the properties that rebuild its release's config.
func (f *Flow) exportStream(ctx context.Context, d store.Definition, refs *secretRefs) (EstateStream, []string, error) {
	out := EstateStream{Name: d.Name, Description: d.Description, Definition: refs.definition(d.Name, d.Definition)}
	cur, deployed, err := f.Store.Read().DeployedRelease(ctx, d.Name)
	if err != nil || !deployed {
		return out, nil, err
	}
	s, err := dsl.ParseStream(d.Name, d.Definition)
	if err != nil {
		return EstateStream{}, nil, fmt.Errorf("the stored definition of %s no longer parses: %w", d.Name, err)
	}
	props, notes, err := f.deployPropertiesOf(ctx, d.Name, s, cur)
	if err != nil {
		return EstateStream{}, nil, err
	}
	out.Deployment = &EstateDeployment{Platform: cur.Platform, Properties: refs.properties(d.Name, props)}
	return out, notes, nil
}

// exportSchedule writes a schedule's record: its properties and arguments were stored masked, so each masked
// value becomes a reference whose variable the apply must be given.
func exportSchedule(s store.Schedule, refs *secretRefs) EstateSchedule {
	out := EstateSchedule{Name: s.Name, Task: s.TaskName, Cron: s.Expression, Platform: s.Platform}
	props := map[string]string{}
	for _, line := range strings.Split(s.Properties, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			props[k] = v
		}
	}
	if len(props) > 0 {
		out.Properties = refs.maskedProperties(s.Name, props)
	}
	for i, a := range s.Arguments {
		out.Arguments = append(out.Arguments, refs.maskedArgument(s.Name, s.Arguments, i, a))
	}
	return out
}

func sortEstate(e *Estate) {
	sort.SliceStable(e.Apps, func(i, j int) bool {
		if e.Apps[i].Type != e.Apps[j].Type {
			return e.Apps[i].Type < e.Apps[j].Type
		}
		return e.Apps[i].Name < e.Apps[j].Name
	})
	for _, a := range e.Apps {
		sort.SliceStable(a.Versions, func(i, j int) bool { return a.Versions[i].URI < a.Versions[j].URI })
	}
	slices.SortStableFunc(e.Streams, func(a, b EstateStream) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(e.Tasks, func(a, b EstateTask) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(e.Schedules, func(a, b EstateSchedule) int { return strings.Compare(a.Name, b.Name) })
}

// MarshalEstate writes an estate as the file `estate export` writes: YAML, two-space indent, maps sorted.
func MarshalEstate(e Estate) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
