// Package appmeta reads what an app says about its options: Spring Boot's configuration metadata
// (META-INF/spring-configuration-metadata.json) and SCDF's list of the visible ones
// (META-INF/dataflow-configuration-metadata.properties and its older names), from an app jar, a metadata jar or
// a container image label. It knows nothing of the registry or the network: callers hand it bytes.
package appmeta

import (
	"sort"
)

// Option is one configuration property of an app.
type Option struct {
	// ID is the full property name (spel.function.expression).
	ID string `json:"id"`
	// Name is the name within its group (expression): the short form a definition may use.
	Name        string `json:"name"`
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	// Default is the default value as text; HasDefault tells an empty default from none.
	Default    string `json:"default,omitempty"`
	HasDefault bool   `json:"hasDefault,omitempty"`
	// Visible says whether the app lists the option as one of its own (SCDF's "visible" or whitelisted
	// properties); the others are the Boot and library properties `app info --exhaustive` adds.
	Visible bool `json:"visible,omitempty"`
	// Values are the hinted values (an enum's constants, metadata hints), for value completion.
	Values []string `json:"values,omitempty"`
}

// Options are an app's options, sorted by ID.
type Options []Option

// Visible returns the options the app lists as its own.
func (o Options) Visible() Options {
	var out Options
	for _, opt := range o {
		if opt.Visible {
			out = append(out, opt)
		}
	}
	return out
}

func (o Options) sortByID() {
	sort.Slice(o, func(i, j int) bool { return o[i].ID < o[j].ID })
}
