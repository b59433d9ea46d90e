package flow

import (
	"context"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/store"
)

// Catalog is what definition completion proposes from (the DSL package's type, named here for the shell).
type Catalog = dsl.Catalog

// DefinitionCatalog reads what definition completion may propose: registered apps by type, stream names and,
// for taps, the labels of each stream's apps that write to a destination. Local state only.
func (f *Flow) DefinitionCatalog(ctx context.Context) (dsl.Catalog, error) {
	r := f.Store.Read()
	apps, err := r.AppNames(ctx)
	if err != nil {
		return dsl.Catalog{}, err
	}
	streams, err := r.DefinitionNames(ctx, store.StreamDefinitions)
	if err != nil {
		return dsl.Catalog{}, err
	}
	return dsl.Catalog{Apps: apps, Streams: streams, Options: func(typ, name string, all bool) []dsl.OptionInfo {
		return f.completionOptions(ctx, r, typ, name, all)
	}, StreamLabels: func(name string) []string {
		d, err := r.GetDefinition(ctx, store.StreamDefinitions, name)
		if err != nil {
			return nil
		}
		s, err := dsl.ParseStream(name, d.Definition)
		if err != nil {
			return nil
		}
		var labels []string
		for _, a := range StreamApps(name, s) {
			if a.Type != AppTypeSink {
				labels = append(labels, a.Label)
			}
		}
		return labels
	}}, nil
}

// OptionCatalog is the part of the catalog option completion needs: the options of one app, read when asked,
// without listing every registered app.
func (f *Flow) OptionCatalog(ctx context.Context) dsl.Catalog {
	r := f.Store.Read()
	return dsl.Catalog{Options: func(typ, name string, all bool) []dsl.OptionInfo { return f.completionOptions(ctx, r, typ, name, all) }}
}

// completionOptions are the stored options of an app's default version, for completion after "app --": the
// visible ones, or every one.
func (f *Flow) completionOptions(ctx context.Context, r *store.Tx, typ, name string, all bool) []dsl.OptionInfo {
	versions, err := r.AppVersions(ctx, typ, name)
	if err != nil {
		return nil
	}
	for _, v := range versions {
		if !v.Default {
			continue
		}
		opts, err := appOptions(ctx, r, v.Type, v.Name, v.Version, !all)
		if err != nil {
			return nil
		}
		out := make([]dsl.OptionInfo, len(opts.Options))
		for i, o := range opts.Options {
			out[i] = dsl.OptionInfo{ID: o.ID, Name: o.Name, Description: o.Description, Visible: o.Visible, Values: o.Values}
		}
		return out
	}
	return nil
}

// Proposal is a completed definition with a description of what it adds.
type Proposal = dsl.Proposal

// CompleteDefinitionOptions proposes the options of the app being typed in a stream or task definition.
func CompleteDefinitionOptions(prefix string, c dsl.Catalog, task bool) []Proposal {
	if task {
		return dsl.CompleteTaskOptions(prefix, c)
	}
	return dsl.CompleteStreamOptions(prefix, c)
}

// CompleteStreamDefinition and CompleteTaskDefinition propose whole definitions extending what is typed.
func CompleteStreamDefinition(prefix string, c dsl.Catalog) []string {
	return dsl.CompleteStream(prefix, c)
}

// CompleteTaskDefinition proposes task apps for the app being typed.
func CompleteTaskDefinition(prefix string, c dsl.Catalog) []string {
	return dsl.CompleteTask(prefix, c)
}
