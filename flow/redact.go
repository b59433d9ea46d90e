package flow

import (
	"regexp"
	"strings"
	"sync"
)

// Redacted is what a secret value is replaced with, as SCDF's ArgumentSanitizer does.
const Redacted = "******"

// secretWord matches the words SCDF sanitises (password, secret, token, credentials, vcap_services) anywhere in a key.
var secretWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(password|passwd|secret|token|credentials|vcap_services)`)
})

// keyWord matches a final "key" word: "key", "api-key", "ssh.key", "API_KEY" or camel "apiKey", not "monkey".
var keyWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|[._\-])(?i:key)$|[a-z0-9]Key$`) })

// IsSecretKey reports whether a property or option name looks like it holds a secret.
func IsSecretKey(key string) bool {
	k := strings.TrimLeft(key, "-")
	return secretWord().MatchString(k) || keyWord().MatchString(k)
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

// RedactText replaces secret-looking values in free text: key=value pairs, --option value pairs and URL user info.
func RedactText(s string) string {
	s = keyValue().ReplaceAllStringFunc(s, func(m string) string {
		sub := keyValue().FindStringSubmatch(m)
		if IsSecretKey(sub[1]) && sub[2] != "" {
			return sub[1] + "=" + Redacted
		}
		return m
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

// RedactProperties returns a copy with secret-looking values replaced.
func RedactProperties(props map[string]string) map[string]string {
	out := make(map[string]string, len(props))
	for k, v := range props {
		if IsSecretKey(k) {
			v = Redacted
		}
		out[k] = v
	}
	return out
}
