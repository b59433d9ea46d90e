package kubernetes

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Structured properties (tolerations, volumes, security contexts, affinity, init containers, ...) reach us in
// every form SCDF binds: a YAML value (tolerations=[{key: a, effect: NoSchedule}]), flattened keys as `platform
// import` and Spring's property files write them (tolerations[0].key=a), or both mixed. Spring's binder also
// converts quoted scalars ('true', '1000') to the field's type; Kubernetes' JSON decoding does not, so tree
// and bind do it first, then decode with Kubernetes' own field names and types.

// pathToken is one step of a flattened key: a name (".x") or a list index ("[0]").
type pathToken struct {
	name    string
	relaxed string // name, relaxed
	index   int
	isIdx   bool
}

// parsePath splits "initContainers[0].volumeMounts[1].name" into names and indexes.
func parsePath(key string) ([]pathToken, error) {
	var out []pathToken
	for _, seg := range strings.Split(key, ".") {
		name, rest, _ := strings.Cut(seg, "[")
		if name != "" {
			out = append(out, pathToken{name: name, relaxed: relaxed(name)})
		}
		for rest != "" {
			num, after, ok := strings.Cut(rest, "]")
			n, err := strconv.Atoi(num)
			if !ok || err != nil || n < 0 {
				return nil, fmt.Errorf("'%s' has a malformed list index", key)
			}
			out = append(out, pathToken{index: n, isIdx: true})
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return out, nil
}

// propertyKey is one of a source's raw property names, parsed once (a deploy asks for some twenty structured
// properties, each of which looks at every key).
type propertyKey struct {
	key   string
	path  []pathToken // nil when the key does not parse as a path
	value string
}

// parseKeys parses a source's raw names, sorted: a YAML value ("x") comes before its flattened keys ("x.y").
func parseKeys(raw map[string]string) []propertyKey {
	out := make([]propertyKey, 0, len(raw))
	for k, v := range raw {
		path, _ := parsePath(k)
		out = append(out, propertyKey{key: k, path: path, value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// tree gathers the value of a structured property from one source (the app's or the account's keys): its YAML
// value, and the flattened keys under it, merged (a flattened key wins over the YAML value's field). ok is false
// when the source does not set the property at all.
func tree(keys []propertyKey, name string) (any, bool, error) {
	if len(keys) == 0 {
		return nil, false, nil
	}
	want, _ := parsePath(name)
	var root any
	found := false
	for _, pk := range keys {
		path := pk.path
		if path == nil || !hasPrefixTokens(path, want) {
			continue
		}
		k, v := pk.key, pk.value
		var leaf any = v
		t := strings.TrimSpace(v)
		if t == "" {
			continue // SCDF reads a blank value as not set
		}
		// A YAML value is a flow collection ([...], {...}) or a block (several lines); a scalar stays a string,
		// which bind converts as the field needs (a comma list, 'true', 1000).
		if strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") || strings.Contains(t, "\n") {
			var decoded any
			if err := yaml.Unmarshal([]byte(v), &decoded); err != nil {
				return nil, false, fmt.Errorf("kubernetes.%s is not valid YAML: %s", k, firstYAMLProblem(err))
			}
			leaf = normalize(decoded)
		}
		found = true
		var err error
		root, err = setPath(root, path[len(want):], leaf, k)
		if err != nil {
			return nil, false, err
		}
	}
	return root, found, nil
}

// hasPrefixTokens matches a key's first steps to a property's name, relaxed (podSecurityContext,
// pod-security-context, POD_SECURITY_CONTEXT).
func hasPrefixTokens(path, want []pathToken) bool {
	if len(path) < len(want) {
		return false
	}
	for i, w := range want {
		if path[i].isIdx != w.isIdx || path[i].index != w.index || path[i].relaxed != w.relaxed {
			return false
		}
	}
	return true
}

// setPath puts v at path inside root, making maps and lists as needed; maps merge.
func setPath(root any, path []pathToken, v any, key string) (any, error) {
	if len(path) == 0 {
		if m, ok := root.(map[string]any); ok {
			if vm, ok := v.(map[string]any); ok {
				for k, x := range vm {
					m[k] = x
				}
				return m, nil
			}
		}
		return v, nil
	}
	t := path[0]
	if t.isIdx {
		list, _ := root.([]any)
		if root != nil && list == nil {
			return nil, fmt.Errorf("'%s' indexes a value that is not a list", key)
		}
		for len(list) <= t.index {
			list = append(list, nil)
		}
		x, err := setPath(list[t.index], path[1:], v, key)
		list[t.index] = x
		return list, err
	}
	m, _ := root.(map[string]any)
	if root != nil && m == nil {
		return nil, fmt.Errorf("'%s' names a field of a value that is not a map", key)
	}
	if m == nil {
		m = map[string]any{}
	}
	x, err := setPath(m[t.name], path[1:], v, key)
	m[t.name] = x
	return m, err
}

// normalize turns yaml.v3's map[any]any (a mapping with a non-string key) into map[string]any all the way down.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = normalize(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	}
	return v
}

// bind decodes a gathered value into out (a Kubernetes type or one of SCDF's property classes), converting
// scalars as Spring's binder does and refusing fields the type does not have: a misspelt field would otherwise
// vanish, as it did in SCDF.
func bind(v any, out any, name string) error {
	if v == nil {
		return nil
	}
	conv, err := coerce(v, reflect.TypeOf(out).Elem(), name)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(conv)
	if err != nil {
		return fmt.Errorf("kubernetes.%s: %v", name, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("kubernetes.%s does not fit Kubernetes' schema: %v", name, err)
	}
	return nil
}

var jsonUnmarshaler = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

// coerce walks v along the Go type t: quoted booleans and numbers become booleans and numbers, numbers become
// strings where a string is wanted, a comma list a list of strings, field names are matched relaxed and
// written as the type's JSON names; an unknown field is an error naming its path.
func coerce(v any, t reflect.Type, path string) (any, error) {
	if v == nil {
		return nil, nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) { // IntOrString, Quantity: they read strings and numbers
		if s, ok := v.(string); ok && t.Name() == "IntOrString" {
			if n, err := strconv.Atoi(s); err == nil {
				return n, nil
			}
		}
		return v, nil
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("kubernetes.%s must be a map of fields, got '%v'", path, v)
		}
		fields := structFields(t)
		out := map[string]any{}
		names := make([]string, 0, len(m))
		for k := range m {
			names = append(names, k)
		}
		sort.Strings(names) // the first unknown field named is always the same one
		for _, k := range names {
			e := m[k]
			f, ok := fields[relaxed(k)]
			if !ok {
				return nil, fmt.Errorf("kubernetes.%s.%s is not a field Kubernetes knows (%s)", path, k, knownFieldNames(fields))
			}
			jsonName, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			c, err := coerce(e, f.Type, path+"."+k)
			if err != nil {
				return nil, err
			}
			out[jsonName] = c
		}
		return out, nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 { // []byte is base64 text in JSON
			return v, nil
		}
		list, ok := v.([]any)
		if s, isStr := v.(string); isStr && !ok {
			for _, part := range strings.Split(s, ",") {
				list = append(list, strings.TrimSpace(part))
			}
		} else if m, isMap := v.(map[string]any); isMap && !ok {
			list = indexedMap(m) // Spring binds {0: a, 1: b} as a list
		} else if !ok {
			list = []any{v}
		}
		out := make([]any, 0, len(list))
		for i, e := range list {
			if e == nil {
				return nil, fmt.Errorf("kubernetes.%s[%d] is missing: list entries must be numbered from 0 without gaps", path, i)
			}
			c, err := coerce(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("kubernetes.%s must be a map, got '%v'", path, v)
		}
		out := map[string]any{}
		for k, e := range m {
			c, err := coerce(e, t.Elem(), path+"."+k)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	case reflect.Bool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			if b, err := strconv.ParseBool(strings.ToLower(unquote(x))); err == nil {
				return b, nil
			}
		}
		return nil, fmt.Errorf("kubernetes.%s must be true or false, got '%v'", path, v)
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Int16, reflect.Int8:
		switch x := v.(type) {
		case int:
			return x, nil
		case string:
			if n, err := strconv.ParseInt(unquote(x), 10, 64); err == nil {
				return n, nil
			}
		}
		return nil, fmt.Errorf("kubernetes.%s must be a whole number, got '%v'", path, v)
	case reflect.String:
		switch v.(type) {
		case map[string]any, []any:
			return nil, fmt.Errorf("kubernetes.%s must be a single value, got '%v'", path, v)
		}
		return fmt.Sprint(v), nil
	}
	return v, nil
}

// fieldCache keeps each struct type's fields by relaxed name: reflecting over Kubernetes' large types for each
// value bound was most of a deploy's cost.
var fieldCache sync.Map // reflect.Type -> map[string]reflect.StructField

func structFields(t reflect.Type) map[string]reflect.StructField {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]reflect.StructField)
	}
	fields := map[string]reflect.StructField{}
	collectFields(t, fields)
	fieldCache.Store(t, fields)
	return fields
}

// collectFields lists a struct's JSON fields by relaxed name, inline embedded structs' included.
func collectFields(t reflect.Type, out map[string]reflect.StructField) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && (name == "" || strings.Contains(opts, "inline")) {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			collectFields(ft, out)
			continue
		}
		if name == "" || name == "-" {
			continue
		}
		out[relaxed(name)] = f
	}
}

func knownFieldNames(fields map[string]reflect.StructField) string {
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, n)
	}
	sort.Strings(names)
	return "its fields: " + strings.Join(names, ", ")
}

// indexedMap reads {"0": a, "1": b} as [a, b].
func indexedMap(m map[string]any) []any {
	out := make([]any, len(m))
	for k, v := range m {
		n, err := strconv.Atoi(k)
		if err != nil || n < 0 || n >= len(m) {
			return []any{m}
		}
		out[n] = v
	}
	return out
}

// unquote drops blanks and one pair of quotes around a scalar written as a property ('true', "1000").
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
