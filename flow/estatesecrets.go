package flow

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/dataflow-cli/dataflow/platforms"
)

// An estate file never holds a secret: `estate export` writes each secret value as a ${NAME} reference to an
// environment variable, and `estate apply` reads the variable. Only secret places are references (flow's rules of
// what is secret, redact.go): the value of a secret-looking key, the password of a URL's user info, a
// secret-looking variable of an environmentVariables list. Anywhere else ${...} is the app's own placeholder
// (Spring resolves it when the app starts) and is passed on as written.

// secretRefs names the references an export makes: NAME is the place's path in upper case
// (STREAM_LABEL_KEY), made unique in the order of the export, which is sorted, so a re-export names them alike.
type secretRefs struct{ used map[string]bool }

func newSecretRefs() *secretRefs { return &secretRefs{used: map[string]bool{}} }

var notEnvNameChars = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^A-Z0-9]+`) })

// envVariableName is the environment-variable spelling of a place: DB_PASSWORD for "db.password".
func envVariableName(parts ...string) string {
	name := strings.Trim(notEnvNameChars().ReplaceAllString(strings.ToUpper(strings.Join(parts, "_")), "_"), "_")
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		name = "SECRET_" + name
	}
	return name
}

// ref makes a new reference for a place.
func (r *secretRefs) ref(parts ...string) string {
	base := envVariableName(parts...)
	name := base
	for n := 2; r.used[name]; n++ {
		name = fmt.Sprintf("%s_%d", base, n)
	}
	r.used[name] = true
	return "${" + name + "}"
}

// keep records a reference the user wrote, so that a made one never takes its name.
func (r *secretRefs) keep(value string) {
	for _, m := range referenceRe().FindAllStringSubmatch(value, -1) {
		r.used[envVariableName(m[1])] = true
	}
}

// names lists the variables the references need, sorted.
func (r *secretRefs) names() []string {
	out := make([]string, 0, len(r.used))
	for n := range r.used {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// referenceRe finds ${NAME} and ${NAME:default} references.
var referenceRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{([^}:]+)(?::[^}]*)?\}`) })

// urlPasswordRe finds the password of a URL's user info: scheme://user:PASSWORD@.
var urlPasswordRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(://[^/\s:@]+:)([^/\s@]+)(@)`) })

// urlPasswords replaces the URL passwords in a value with references (one already a reference is kept).
func (r *secretRefs) urlPasswords(place, value string) string {
	if !strings.Contains(value, "://") {
		return value
	}
	return urlPasswordRe().ReplaceAllStringFunc(value, func(m string) string {
		sub := urlPasswordRe().FindStringSubmatch(m)
		if platforms.IsSecretReference(sub[2]) {
			r.keep(sub[2])
			return m
		}
		return sub[1] + r.ref(place, "password") + sub[3]
	})
}

// freeText replaces what RedactText would mask in a value whose key is not secret: the value of a secret key in
// key=value pairs (a list of them, an argument line, a query string), the word after a secret --option, and
// URL passwords.
func (r *secretRefs) freeText(place, value string) string {
	if strings.Contains(value, "=") {
		value = keyValue().ReplaceAllStringFunc(value, func(m string) string {
			sub := keyValue().FindStringSubmatch(m)
			v, quote := unquoteOption(sub[2])
			if v == "" || !IsSecretKey(sub[1]) {
				return m
			}
			return sub[1] + "=" + quote + r.secretValue(v, place, sub[1]) + quote
		})
	}
	if strings.Contains(value, "--") {
		value = optionValue().ReplaceAllStringFunc(value, func(m string) string {
			sub := optionValue().FindStringSubmatch(m)
			if !IsSecretKey(sub[1]) {
				return m
			}
			v, quote := unquoteOption(sub[3])
			return sub[1] + sub[2] + quote + r.secretValue(v, place, sub[1]) + quote
		})
	}
	return r.urlPasswords(place, value)
}

// secretValue is a value in a secret place as the file holds it: a reference already, or a new one.
func (r *secretRefs) secretValue(value string, place ...string) string {
	if value == "" {
		return value
	}
	if platforms.IsSecretReference(value) {
		r.keep(value)
		return value
	}
	return r.ref(place...)
}

// propertyKind says where a deploy property goes: "app", "deployer" or "version"; and its key inside the app.
func propertyKind(key string) (kind, label, rest string) {
	kind, after, _ := strings.Cut(key, ".")
	if kind == "version" {
		return kind, after, ""
	}
	label, rest, _ = strings.Cut(after, ".")
	return kind, label, rest
}

// wholeSecret says whether a deploy property's whole value is secret by its key: a secret-looking application
// property, or a deployer property dataflow masks (not the ones that name Secrets, such as imagePullSecrets).
func wholeSecret(key string) bool {
	kind, _, rest := propertyKind(key)
	switch kind {
	case "app":
		return IsSecretKey(rest)
	case "deployer":
		return RedactDeployerValue(deployerPrefix+rest, "x") == Redacted
	}
	return false
}

// properties writes a stream's deploy properties with their secrets as references.
func (r *secretRefs) properties(stream string, props map[string]string) map[string]string {
	out := make(map[string]string, len(props))
	for _, k := range sortedKeys(props) {
		v := props[k]
		_, label, rest := propertyKind(k)
		switch {
		case wholeSecret(k):
			out[k] = r.secretValue(v, stream, label, rest)
		case isEnvironmentVariablesKey(k):
			out[k] = r.environmentVariables(v, stream, label)
		default:
			out[k] = r.freeText(stream+"_"+label+"_"+rest, v)
		}
	}
	return out
}

// environmentVariables writes the secret-looking variables of a NAME=value,... list as references.
func (r *secretRefs) environmentVariables(list string, place ...string) string {
	pairs, err := platforms.EnvironmentVariables(list)
	if err != nil {
		return r.freeText(strings.Join(place, "_"), list)
	}
	changed := false
	for i, p := range pairs {
		if p[1] != "" && IsSecretKey(p[0]) {
			pairs[i][1] = r.secretValue(p[1], append(place, p[0])...)
			changed = true
		}
	}
	if !changed {
		return list
	}
	return joinEnvironmentVariables(pairs)
}

// joinEnvironmentVariables writes pairs as SCDF's list: NAME=value, a value holding a comma in single quotes.
func joinEnvironmentVariables(pairs [][2]string) string {
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		v := p[1]
		if strings.Contains(v, ",") {
			v = "'" + v + "'"
		}
		parts[i] = p[0] + "=" + v
	}
	return strings.Join(parts, ",")
}

// dslOption finds --key=value in a definition; a quoted value keeps its quotes.
var dslOption = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(--[A-Za-z0-9_.\-\[\]]+=)("[^"]*"|'[^']*'|[^\s"'|]*)`)
})

// definition writes a definition's secret option values as references, the rest of the text as it is.
func (r *secretRefs) definition(name, text string) string {
	return dslOption().ReplaceAllStringFunc(text, func(m string) string {
		sub := dslOption().FindStringSubmatch(m)
		key := strings.TrimSuffix(strings.TrimPrefix(sub[1], "--"), "=")
		value, quote := unquoteOption(sub[2])
		if IsSecretKey(key) {
			return sub[1] + quote + r.secretValue(value, name, key) + quote
		}
		return sub[1] + quote + r.freeText(name+"_"+key, value) + quote
	})
}

func unquoteOption(v string) (string, string) {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1], v[:1]
	}
	return v, ""
}

// maskedProperties writes a schedule's stored properties, whose secrets were masked when it was created, with a
// reference in place of each mask.
func (r *secretRefs) maskedProperties(schedule string, props map[string]string) map[string]string {
	out := make(map[string]string, len(props))
	for _, k := range sortedKeys(props) {
		out[k] = r.unmask(props[k], schedule, k)
	}
	return out
}

// maskedArgument is maskedProperties for one argument: "--db.password=******", or the masked word after
// "--password".
func (r *secretRefs) maskedArgument(schedule string, args []string, i int, arg string) string {
	if k, v, ok := strings.Cut(arg, "="); ok && strings.HasPrefix(k, "--") {
		return k + "=" + r.unmask(v, schedule, strings.TrimLeft(k, "-"))
	}
	if arg == Redacted && i > 0 && strings.HasPrefix(args[i-1], "--") {
		return r.ref(schedule, strings.TrimLeft(args[i-1], "-"))
	}
	return r.unmask(arg, schedule, fmt.Sprintf("arg%d", i+1))
}

// unmask replaces each mask in a stored value with a reference: the whole value, a URL's password, or a NAME=
// variable of a list.
func (r *secretRefs) unmask(value, place, key string) string {
	if !strings.Contains(value, Redacted) {
		return value
	}
	var b strings.Builder
	rest := value
	for {
		i := strings.Index(rest, Redacted)
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		before := rest[:i]
		b.WriteString(before)
		switch {
		case strings.HasSuffix(before, ":"):
			b.WriteString(r.ref(place, key, "password"))
		case strings.HasSuffix(before, "="):
			v := before[:len(before)-1]
			v = v[strings.LastIndexAny(v, ",= ")+1:]
			b.WriteString(r.ref(place, v))
		default:
			b.WriteString(r.ref(place, key))
		}
		rest = rest[i+len(Redacted):]
	}
}

// secretResolver reads the references of an estate file from the environment. Errors name the reference
// and where it is, never a value.
type secretResolver struct {
	getenv func(string) string
}

// resolve expands the references of a value in a secret place.
func (s secretResolver) resolve(where, value string) (string, error) {
	if !strings.Contains(value, "${") {
		return value, nil
	}
	out, err := platforms.ResolveSecret(value, s.getenv)
	if err != nil {
		return "", fmt.Errorf("%s: %w", where, err)
	}
	return out, nil
}

// urlPasswords expands the references that are URL passwords; other ${...} stay as written.
func (s secretResolver) urlPasswords(where, value string) (string, error) {
	if !strings.Contains(value, "${") || !strings.Contains(value, "://") {
		return value, nil
	}
	var failed error
	out := urlPasswordRe().ReplaceAllStringFunc(value, func(m string) string {
		sub := urlPasswordRe().FindStringSubmatch(m)
		pw, err := s.resolve(where, sub[2])
		if err != nil && failed == nil {
			failed = err
		}
		return sub[1] + pw + sub[3]
	})
	return out, failed
}

// freeText expands the references in the places secretRefs.freeText makes them: after a secret key's '=', after
// a secret --option, in a URL's password; other ${...} stay as written.
func (s secretResolver) freeText(where, value string) (string, error) {
	if !strings.Contains(value, "${") {
		return value, nil
	}
	var failed error
	fail := func(err error) {
		if failed == nil {
			failed = err
		}
	}
	if strings.Contains(value, "=") {
		value = keyValue().ReplaceAllStringFunc(value, func(m string) string {
			sub := keyValue().FindStringSubmatch(m)
			if !IsSecretKey(sub[1]) {
				return m
			}
			v, quote := unquoteOption(sub[2])
			v, err := s.resolve(where+" "+sub[1], v)
			fail(err)
			return sub[1] + "=" + quote + v + quote
		})
	}
	if strings.Contains(value, "--") {
		value = optionValue().ReplaceAllStringFunc(value, func(m string) string {
			sub := optionValue().FindStringSubmatch(m)
			if !IsSecretKey(sub[1]) {
				return m
			}
			v, quote := unquoteOption(sub[3])
			v, err := s.resolve(where+" "+sub[1], v)
			fail(err)
			return sub[1] + sub[2] + quote + v + quote
		})
	}
	if failed != nil {
		return "", failed
	}
	return s.urlPasswords(where, value)
}

// property expands the secret references of one deploy property.
func (s secretResolver) property(where, key, value string) (string, error) {
	switch {
	case wholeSecret(key):
		return s.resolve(where, value)
	case isEnvironmentVariablesKey(key):
		return s.environmentVariables(where, value)
	}
	return s.freeText(where, value)
}

func (s secretResolver) environmentVariables(where, list string) (string, error) {
	if !strings.Contains(list, "${") {
		return list, nil
	}
	pairs, err := platforms.EnvironmentVariables(list)
	if err != nil {
		return s.freeText(where, list)
	}
	for i, p := range pairs {
		if IsSecretKey(p[0]) {
			if pairs[i][1], err = s.resolve(where+" "+p[0], p[1]); err != nil {
				return "", err
			}
		}
	}
	return joinEnvironmentVariables(pairs), nil
}

// definition expands the references of a definition's secret option values.
func (s secretResolver) definition(where, text string) (string, error) {
	if !strings.Contains(text, "${") {
		return text, nil
	}
	var failed error
	out := dslOption().ReplaceAllStringFunc(text, func(m string) string {
		sub := dslOption().FindStringSubmatch(m)
		key := strings.TrimSuffix(strings.TrimPrefix(sub[1], "--"), "=")
		value, quote := unquoteOption(sub[2])
		var err error
		if IsSecretKey(key) {
			value, err = s.resolve(where+" --"+key, value)
		} else {
			value, err = s.freeText(where+" --"+key, value)
		}
		if err != nil && failed == nil {
			failed = err
		}
		return sub[1] + quote + value + quote
	})
	return out, failed
}

// argument expands the secret references of one task argument (a schedule's): the value of a secret option, the
// word after one, a URL password.
func (s secretResolver) argument(where string, args []string, i int) (string, error) {
	arg := args[i]
	if k, v, ok := strings.Cut(arg, "="); ok && strings.HasPrefix(k, "--") {
		if IsSecretKey(k) {
			v, err := s.resolve(where, v)
			return k + "=" + v, err
		}
		v, err := s.freeText(where, v)
		return k + "=" + v, err
	}
	if i > 0 && isBareOption(args[i-1]) && IsSecretKey(args[i-1]) {
		return s.resolve(where, arg)
	}
	return s.freeText(where, arg)
}
