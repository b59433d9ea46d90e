package flow

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Redacted is what a secret value is replaced with, as SCDF's ArgumentSanitizer does.
const Redacted = "******"

// secretWords are the words SCDF sanitises (password, secret, token, credentials, vcap_services), matched
// anywhere in a key, in any case.
var secretWords = []string{"password", "passwd", "secret", "token", "credentials", "vcap_services"}

// IsSecretKey reports whether a property or option name looks like it holds a secret: it holds one of
// secretWords, or ends in a "key" word ("key", "api-key", "ssh.key", "API_KEY", camel "apiKey"; not "monkey", nor
// the key of a list entry: "prop.1.key", "headers[0].key").
// Plain string tests, not a regular expression: every property of every app of a deploy goes through here, and
// a case-insensitive alternation cost more than the rest of building the deploy.
func IsSecretKey(key string) bool {
	k := strings.TrimLeft(key, "-")
	lower := strings.ToLower(k)
	for _, w := range secretWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return endsInKeyWord(k)
}

func endsInKeyWord(k string) bool {
	n := len(k)
	if n < 3 || !strings.EqualFold(k[n-3:], "key") {
		return false
	}
	if n == 3 {
		return true
	}
	before := k[n-4]
	switch {
	case before == '.' && isListEntry(k[:n-4]):
		return false // prop.1.key, headers[0].key: the key of a list entry, not a credential
	case before == '.' || before == '_' || before == '-':
		return true
	case k[n-3:] == "Key": // camel case: a lower-case letter or digit, then "Key"
		return before >= 'a' && before <= 'z' || before >= '0' && before <= '9'
	}
	return false
}

// isListEntry says whether a dotted name ends in a list index: a number segment (prop.1) or [n] (list[0]).
func isListEntry(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	if strings.HasSuffix(last, "]") {
		return true
	}
	if last == "" {
		return false
	}
	for _, r := range last {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// keyValue finds key=value pairs inside free text (properties lists, DSL, command lines); the value runs to the
// next comma, whitespace or quote.
var keyValue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([A-Za-z0-9_.\-\[\]]+)=("[^"]*"|'[^']*'|[^,\s"']*)`) })

// optionValue finds "--password secret" style options, where the value is the next word.
var optionValue = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(--[A-Za-z0-9_.\-]+)(\s+)("[^"]*"|'[^']*'|[^\s"'-][^\s]*)`)
})

// userInfo finds credentials embedded in URLs.
var userInfo = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(://[^/\s:@]+):[^/\s@]+@`) })

// IsSecretValue reports whether a value holds a secret whatever its key: a URL with a password in its user info
// (https://user:pw@host), which a datasource or repository URL often carries.
func IsSecretValue(v string) bool {
	return strings.Contains(v, "://") && userInfo().MatchString(v)
}

// isSecretProperty is what goes the secret way (a Kubernetes Secret, not the pod spec): a secret-looking key, or
// a value that holds a URL password.
func isSecretProperty(key, value string) bool { return IsSecretKey(key) || IsSecretValue(value) }

// mayHoldSecret says whether RedactText could mask anything in s: a URL's user info needs "://", and every other
// mask needs a key that IsSecretKey accepts, which holds one of secretWords or ends in "key" (ASCII, as the
// expressions' keys are). Most text (arguments, exit messages, by the thousand in an import) has neither and
// is returned without running the expressions.
func mayHoldSecret(s string) bool {
	if strings.Contains(s, "://") {
		return true
	}
	lower := strings.ToLower(s)
	if strings.Contains(lower, "key") {
		return true
	}
	for _, w := range secretWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// RedactValue is a property's value as dataflow shows or stores it: all of it masked when the key looks secret;
// otherwise the passwords of URLs in it (https://user:******@host), and whatever RedactText masks in free text.
func RedactValue(key, value string) string {
	if IsSecretKey(key) {
		return Redacted
	}
	if !strings.Contains(value, "=") && !strings.Contains(value, "://") && !strings.Contains(value, "--") {
		return value // most values: no need for the regular expressions
	}
	return RedactText(value)
}

// RedactText replaces secret-looking values in free text: key=value pairs, --option value pairs and URL user info.
// A value that is itself NAME=VALUE pairs (environmentVariables=DB_PASSWORD=x) is looked into too.
func RedactText(s string) string {
	if !mayHoldSecret(s) {
		return s
	}
	return redactWithExpressions(s)
}

// redactWithExpressions is RedactText's work, for text that may hold a secret.
func redactWithExpressions(s string) string {
	s = keyValue().ReplaceAllStringFunc(s, func(m string) string {
		sub := keyValue().FindStringSubmatch(m)
		switch v := sub[2]; {
		case IsSecretKey(sub[1]) && v != "":
			return sub[1] + "=" + Redacted
		case !strings.Contains(v, "="):
			return m
		case v[0] == '"' || v[0] == '\'':
			return sub[1] + "=" + v[:1] + RedactText(v[1:len(v)-1]) + v[len(v)-1:]
		}
		return sub[1] + "=" + RedactText(sub[2])
	})
	s = optionValue().ReplaceAllStringFunc(s, func(m string) string {
		sub := optionValue().FindStringSubmatch(m)
		if IsSecretKey(sub[1]) {
			return sub[1] + sub[2] + Redacted
		}
		// A quoted value may itself hold options (`--arguments "--token abc"`): look inside it too.
		if v := sub[3]; len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
			return sub[1] + sub[2] + v[:1] + RedactText(v[1:len(v)-1]) + v[len(v)-1:]
		}
		return m
	})
	return userInfo().ReplaceAllString(s, "$1:"+Redacted+"@")
}

// RedactProperties returns a copy with secret-looking values masked (RedactValue).
func RedactProperties(props map[string]string) map[string]string {
	out := make(map[string]string, len(props))
	for k, v := range props {
		out[k] = RedactValue(k, v)
	}
	return out
}

// secretNamingDeployerProperties are deployer properties whose names look secret but which name Secrets (or
// their keys) rather than hold one: their values are shown, as SCDF shows them.
var secretNamingDeployerProperties = []string{"imagepullsecret", "imagepullsecrets", "secretrefs", "secretkeyrefs", "configmapkeyrefs",
	"probecredentialssecret"}

// secretNamingFields are fields inside structured deployer properties that name a Secret or a key of one
// (volumes[0].secret.secretName, initContainers[0].env[0].valueFrom.secretKeyRef.key).
var secretNamingFields = []string{"secretname", "datakey", "key", "name"}

// RedactDeployerValue is a deployer property's value as dataflow shows or stores it: masked whole when its key
// looks secret (appAdmin.password, a Cloud Foundry service's credentials), except the properties that name
// Secrets; otherwise the secrets inside it (environmentVariables=DB_PASSWORD=x, URL passwords).
func RedactDeployerValue(key, value string) string {
	i := strings.Index(key, "kubernetes.")
	if i < 0 {
		return RedactValue(key, value)
	}
	rest := key[i+len("kubernetes."):]
	root := rest
	if j := strings.IndexAny(root, ".["); j >= 0 {
		root = root[:j]
	}
	root = strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(root))
	last := strings.ToLower(rest[strings.LastIndexByte(rest, '.')+1:])
	if slices.Contains(secretNamingDeployerProperties, root) || (root != strings.ToLower(rest) && slices.Contains(secretNamingFields, last)) {
		return RedactValue("", value)
	}
	return RedactValue(key, value)
}
