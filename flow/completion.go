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
	return dsl.Catalog{Apps: apps, Streams: streams, StreamLabels: func(name string) []string {
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

// CompleteStreamDefinition and CompleteTaskDefinition propose whole definitions extending what is typed.
func CompleteStreamDefinition(prefix string, c dsl.Catalog) []string {
	return dsl.CompleteStream(prefix, c)
}

// CompleteTaskDefinition proposes task apps for the app being typed.
func CompleteTaskDefinition(prefix string, c dsl.Catalog) []string {
	return dsl.CompleteTask(prefix, c)
}
