package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/store"
)

// DefinitionView is a stream or task definition as listings show it: the DSL with secret values masked.
type DefinitionView struct {
	Name        string `json:"name" yaml:"name"`
	Definition  string `json:"definition" yaml:"definition"`
	Description string `json:"description" yaml:"description"`
	Status      string `json:"status" yaml:"status"`
	// ComposedParent names the composed task a child definition belongs to.
	ComposedParent string `json:"composedTask,omitempty" yaml:"composedTask,omitempty"`
}

// missingApps returns SCDF's "does not exist in the app registry" line for every app that is not registered with
// the type its position gives it.
func missingApps(ctx context.Context, tx *store.Tx, wanted []typedApp) ([]string, error) {
	var lines []string
	for _, w := range wanted {
		vs, err := tx.AppVersions(ctx, string(w.typ), w.name)
		if err != nil {
			return nil, err
		}
		if len(vs) == 0 {
			lines = append(lines, notInRegistry(w.name, w.typ))
		}
	}
	return lines, nil
}

type typedApp struct {
	name string
	typ  AppType
}

// CreateStream parses, checks every app against the registry, and stores the definition.
func (f *Flow) CreateStream(ctx context.Context, name, definition, description string) (*dsl.Stream, error) {
	if err := dsl.CheckStreamName(name, definition); err != nil {
		return nil, err
	}
	s, err := dsl.ParseStream(name, definition)
	if err != nil {
		return nil, err
	}
	if s.Name != "" && s.Name != name {
		return nil, fmt.Errorf("the definition names the stream '%s' but --name is '%s'", s.Name, name)
	}
	var wanted []typedApp
	for _, a := range StreamApps(name, s) {
		wanted = append(wanted, typedApp{a.Name, a.Type})
	}
	audit := store.AuditRecord{Operation: store.AuditStream, Action: store.AuditCreate, Correlation: name, Data: s.ToDSL(RedactValue)}
	err = f.change(ctx, audit, func(tx *store.Tx) error {
		if _, err := tx.GetDefinition(ctx, store.StreamDefinitions, name); err == nil {
			return fmt.Errorf("Cannot create stream %s because another one has already been created with the same name", name)
		}
		missing, err := missingApps(ctx, tx, wanted)
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			return errors.New(strings.Join(missing, "\n"))
		}
		return tx.InsertDefinition(ctx, store.StreamDefinitions, store.Definition{Name: name, Definition: definition, Description: description, CreatedAt: f.Now()})
	})
	return s, err
}

// Streams lists the stream definitions with their status. Nothing is deployed by this version, so every
// stream is undeployed; deployment fills this in from the platform.
func (f *Flow) Streams(ctx context.Context) ([]DefinitionView, error) {
	defs, err := f.Store.Read().ListDefinitions(ctx, store.StreamDefinitions)
	if err != nil {
		return nil, err
	}
	out := make([]DefinitionView, 0, len(defs))
	for _, d := range defs {
		out = append(out, streamView(d))
	}
	return out, nil
}

func streamView(d store.Definition) DefinitionView {
	shown := RedactText(d.Definition) // a definition that no longer parses is still shown masked
	if s, err := dsl.ParseStream("", d.Definition); err == nil {
		shown = s.ToDSL(RedactValue)
	}
	return DefinitionView{Name: d.Name, Definition: shown, Description: d.Description, Status: "undeployed"}
}

// StreamDefinition returns one stream, parsed, with its view.
func (f *Flow) StreamDefinition(ctx context.Context, name string) (DefinitionView, *dsl.Stream, error) {
	d, err := f.Store.Read().GetDefinition(ctx, store.StreamDefinitions, name)
	if errors.Is(err, store.ErrNotFound) {
		return DefinitionView{}, nil, newError(CodeStreamNotFound, name)
	}
	if err != nil {
		return DefinitionView{}, nil, err
	}
	s, err := dsl.ParseStream(name, d.Definition)
	if err != nil {
		return DefinitionView{}, nil, fmt.Errorf("the stored definition of %s no longer parses: %w", name, err)
	}
	return streamView(d), s, nil
}

// DestroyStream deletes a stream definition.
func (f *Flow) DestroyStream(ctx context.Context, name string) error {
	audit := store.AuditRecord{Operation: store.AuditStream, Action: store.AuditDelete, Correlation: name}
	return f.change(ctx, audit, func(tx *store.Tx) error {
		err := tx.DeleteDefinition(ctx, store.StreamDefinitions, name)
		if errors.Is(err, store.ErrNotFound) {
			return newError(CodeStreamNotFound, name)
		}
		return err
	})
}

// DestroyAllStreams deletes every stream definition and says how many went.
func (f *Flow) DestroyAllStreams(ctx context.Context) (int, error) {
	return f.destroyAll(ctx, store.StreamDefinitions, store.AuditStream)
}

func (f *Flow) destroyAll(ctx context.Context, kind store.DefinitionKind, operation store.AuditOperation) (int, error) {
	n := 0
	audit := store.AuditRecord{Operation: operation, Action: store.AuditDelete, Correlation: "*"}
	err := f.change(ctx, audit, func(tx *store.Tx) error {
		names, err := tx.DefinitionNames(ctx, kind)
		if err != nil {
			return err
		}
		for _, name := range names {
			if err := tx.DeleteDefinition(ctx, kind, name); err != nil {
				return err
			}
		}
		n = len(names)
		return nil
	})
	return n, err
}

// AppValidation is one line of `stream validate` / `task validate`.
type AppValidation struct {
	App    string `json:"app" yaml:"app"` // type:name
	Status string `json:"status" yaml:"status"`
}

// ValidateStream checks each app of a stream against the registry.
func (f *Flow) ValidateStream(ctx context.Context, name string) (DefinitionView, []AppValidation, error) {
	view, s, err := f.StreamDefinition(ctx, name)
	if err != nil {
		return DefinitionView{}, nil, err
	}
	var out []AppValidation
	for _, a := range StreamApps(name, s) {
		out = append(out, f.validateApp(ctx, a.Type, a.Name))
	}
	return view, out, nil
}

// validateApp says "valid" when the app is registered with a URI dataflow can resolve, "invalid" otherwise. A
// maven:// or http(s):// artifact must resolve (it is fetched into the local repository or the download
// directory if it is not there yet), as SCDF's validation looked the resource up.
func (f *Flow) validateApp(ctx context.Context, typ AppType, name string) AppValidation {
	v := AppValidation{App: string(typ) + ":" + name, Status: "invalid"}
	app, err := f.FindApp(ctx, typ, name, "")
	if err != nil || ValidateResourceURI(app.URI) != nil {
		return v
	}
	if isFetchedArtifact(app.URI) {
		if _, err := f.ResolveArtifact(ctx, app.URI); err != nil {
			return v
		}
	}
	v.Status = "valid"
	return v
}

// DefinitionNames lists stream or task names, for completion.
func (f *Flow) DefinitionNames(ctx context.Context, tasks bool) ([]string, error) {
	kind := store.StreamDefinitions
	if tasks {
		kind = store.TaskDefinitions
	}
	return f.Store.Read().DefinitionNames(ctx, kind)
}
