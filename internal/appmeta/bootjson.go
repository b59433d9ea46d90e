package appmeta

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// bootMetadata is Spring Boot's spring-configuration-metadata.json.
type bootMetadata struct {
	Groups []struct {
		Name       string `json:"name"`
		Type       string `json:"type"`
		SourceType string `json:"sourceType"`
	} `json:"groups"`
	Properties []struct {
		Name         string          `json:"name"`
		Type         string          `json:"type"`
		Description  string          `json:"description"`
		SourceType   string          `json:"sourceType"`
		DefaultValue json.RawMessage `json:"defaultValue"`
		Deprecation  *struct {
			Level string `json:"level"`
		} `json:"deprecation"`
	} `json:"properties"`
	Hints []struct {
		Name   string `json:"name"`
		Values []struct {
			Value json.RawMessage `json:"value"`
		} `json:"values"`
	} `json:"hints"`
}

// source is a metadata group entry: a @ConfigurationProperties type bound under a prefix.
type source struct{ groupID, typ string }

// group is what Boot's metadata repository calls a group: the properties under one prefix and the types that
// declare them. Properties of no known source form the root group.
type group struct {
	id      string
	types   map[string]bool
	options []Option
}

const rootGroup = "_ROOT_GROUP_"

// repository merges metadata files as Boot's ConfigurationMetadataRepositoryJsonBuilder does: groups by prefix,
// each property in the group of its source (the group whose type declared it, the longest prefix when several
// do), the first file to declare a property wins.
type repository struct {
	groups  map[string]*group
	order   []string
	seen    map[string]bool
	sources []source
	hints   map[string][]string
}

func newRepository() *repository {
	return &repository{groups: map[string]*group{}, seen: map[string]bool{}, hints: map[string][]string{}}
}

func (r *repository) group(id string) *group {
	g, ok := r.groups[id]
	if !ok {
		g = &group{id: id, types: map[string]bool{}}
		r.groups[id] = g
		r.order = append(r.order, id)
	}
	return g
}

// add reads one spring-configuration-metadata.json; name says where it came from, for the error.
func (r *repository) add(name string, data []byte) error {
	var m bootMetadata
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("%s is not valid configuration metadata: %v", name, err)
	}
	var sources []source
	for _, g := range m.Groups {
		if g.Name == "" && g.Type == "" {
			continue
		}
		s := source{groupID: g.Name, typ: g.Type}
		sources = append(sources, s)
		r.group(s.groupID).types[s.typ] = true
	}
	r.sources = append(r.sources, sources...)
	for _, h := range m.Hints {
		for _, v := range h.Values {
			if text, ok := valueText(v.Value); ok && !strings.HasSuffix(h.Name, ".keys") {
				r.hints[h.Name] = append(r.hints[h.Name], text)
			}
		}
	}
	for _, p := range m.Properties {
		if p.Name == "" {
			return fmt.Errorf("%s is not valid configuration metadata: a property without a name", name)
		}
		if p.Deprecation != nil && strings.EqualFold(p.Deprecation.Level, "error") {
			continue // Boot no longer binds it; SCDF leaves it out
		}
		opt := Option{ID: p.Name, Name: p.Name, Type: p.Type, Description: p.Description}
		opt.Default, opt.HasDefault = valueText(p.DefaultValue)
		g := rootGroup
		if s, ok := sourceOf(sources, p.Name, p.SourceType); ok {
			g = s.groupID
			if s.groupID != "" && strings.HasPrefix(p.Name, s.groupID+".") {
				opt.Name = p.Name[len(s.groupID)+1:]
			}
		}
		if r.seen[p.Name] {
			continue
		}
		r.seen[p.Name] = true
		grp := r.group(g)
		grp.options = append(grp.options, opt)
	}
	return nil
}

// sourceOf finds the group a property belongs to: one of the groups declared by its source type, the one
// whose prefix the property's name starts with (the longest such), or the only one there is.
func sourceOf(sources []source, id, sourceType string) (source, bool) {
	if sourceType == "" {
		return source{}, false
	}
	var candidates []source
	for _, s := range sources {
		if s.typ == sourceType {
			candidates = append(candidates, s)
		}
	}
	if len(candidates) == 1 {
		return candidates[0], true
	}
	best, found := source{}, false
	for _, s := range candidates {
		if strings.HasPrefix(id, s.groupID) && (!found || len(s.groupID) > len(best.groupID)) {
			best, found = s, true
		}
	}
	return best, found
}

// valueText renders a JSON default or hint value as text: strings as they are, arrays joined with commas (as
// Spring binds a comma list), numbers and booleans as written. null is no value.
func valueText(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, true
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err == nil {
		parts := make([]string, 0, len(list))
		for _, item := range list {
			text, _ := valueText(item)
			parts = append(parts, text)
		}
		return strings.Join(parts, ","), true
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		if f, err := strconv.ParseFloat(string(n), 64); err == nil && strings.ContainsAny(string(n), ".eE") {
			return strconv.FormatFloat(f, 'f', -1, 64), true
		}
		return string(n), true
	}
	return strings.TrimSpace(string(raw)), true
}

// options lists the repository's properties with their visibility: every property of a group all of whose
// types are visible classes, and every property whose full name is a visible name.
func (r *repository) options(v visibility) Options {
	var out Options
	for _, id := range r.order {
		g := r.groups[id]
		groupVisible := len(g.types) > 0 && id != rootGroup
		for t := range g.types {
			groupVisible = groupVisible && v.classes[t]
		}
		for _, opt := range g.options {
			opt.Visible = groupVisible || v.names[opt.ID]
			opt.Values = r.hints[opt.ID]
			if opt.Type == "java.lang.Boolean" || opt.Type == "boolean" {
				if len(opt.Values) == 0 {
					opt.Values = []string{"true", "false"}
				}
			}
			out = append(out, opt)
		}
	}
	out.sortByID()
	return out
}
