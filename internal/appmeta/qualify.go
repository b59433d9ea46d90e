package appmeta

import (
	"fmt"
	"sort"
	"strings"
)

// AmbiguousError is a short option name that several visible options share.
type AmbiguousError struct {
	Short string
	IDs   []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("Ambiguous short form property '%s' could mean any of [%s]", e.Short, strings.Join(e.IDs, ", "))
}

// Qualify turns the short option names in props into full ones as SCDF's VisibleProperties does: a key that
// is the full name of one of the app's options stays; otherwise, tried under its relaxed spellings, a key that
// is the short name of exactly one visible option becomes that option's full name, one that several visible
// options share is an AmbiguousError, and one that matches none stays as given.
func (o Options) Qualify(props map[string]string) (map[string]string, error) {
	if len(o) == 0 {
		return props, nil
	}
	full := make(map[string]bool, len(o))
	byShort := map[string][]string{}
	for _, opt := range o {
		full[opt.ID] = true
		if opt.Visible {
			byShort[opt.Name] = append(byShort[opt.Name], opt.ID)
		}
	}
	out := make(map[string]string, len(props))
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		value := props[key]
		if full[key] {
			out[key] = value
			continue
		}
		var ids []string
		var matched string
		for _, relaxed := range relaxedNames(key) {
			if ids = byShort[relaxed]; ids != nil {
				matched = relaxed
				break
			}
		}
		switch {
		case len(ids) == 0:
			out[key] = value
		case len(ids) > 1:
			sorted := append([]string(nil), ids...)
			sort.Strings(sorted)
			return nil, &AmbiguousError{Short: matched, IDs: sorted}
		default:
			out[ids[0]] = value
		}
	}
	return out, nil
}
