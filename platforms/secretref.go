package platforms

import (
	"fmt"
	"strings"
)

// ResolveSecret expands ${NAME} and ${NAME:default} references in a configured value (a password, a token) from
// the environment. The config keeps the reference as written; only the code that connects calls this, so a
// secret never lands in the config file, a table or an error. NAME is looked up as written, then in the form
// Spring's environment binding uses (upper case, '.' and '-' as '_'), so the seed's ${mysql-root-password}
// finds MYSQL_ROOT_PASSWORD. Errors name the reference, never a value.
func ResolveSecret(v string, getenv func(string) string) (string, error) {
	var out strings.Builder
	rest := v
	for {
		start := strings.Index(rest, "${")
		if start < 0 {
			out.WriteString(rest)
			return out.String(), nil
		}
		out.WriteString(rest[:start])
		end := strings.IndexByte(rest[start:], '}')
		if end < 0 {
			return "", fmt.Errorf("unclosed '${' in a secret reference: write ${NAME}")
		}
		ref := rest[start+2 : start+end]
		name, def, hasDefault := strings.Cut(ref, ":")
		name = strings.TrimSpace(name)
		if name == "" {
			return "", fmt.Errorf("empty secret reference '${%s}': write ${NAME}", ref)
		}
		value := lookupEnv(name, getenv)
		if value == "" {
			if !hasDefault {
				return "", fmt.Errorf("environment variable %s is not set (referenced as ${%s})", envName(name), name)
			}
			value = def
		}
		out.WriteString(value)
		rest = rest[start+end+1:]
	}
}

func lookupEnv(name string, getenv func(string) string) string {
	if v := getenv(name); v != "" {
		return v
	}
	if alt := envName(name); alt != name {
		return getenv(alt)
	}
	return ""
}

// envName is the environment-variable spelling of a property name.
func envName(name string) string {
	return strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(name))
}

// IsSecretReference says whether a value is only a ${...} reference, i.e. holds no secret itself.
func IsSecretReference(v string) bool {
	return strings.HasPrefix(v, "${") && strings.HasSuffix(v, "}") && strings.Count(v, "${") == 1
}
