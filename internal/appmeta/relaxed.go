package appmeta

import (
	"regexp"
	"strings"
	"unicode"
)

// relaxedNames lists the spellings a short option name may be matched under, in the order SCDF tries them
// (Spring Boot 1's RelaxedNames): the name as given first, then every combination of separator changes
// (- to _, _ to ., . to _, camelCase to _ or -, separated to camelCase) and case (as is, lower, upper).
func relaxedNames(name string) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		if seen[n] {
			return
		}
		for _, variation := range variations {
			for _, manipulation := range manipulations {
				result := variation(manipulation(n))
				if !seen[result] {
					seen[result] = true
					out = append(out, result)
				}
				walk(result)
			}
		}
	}
	walk(name)
	return out
}

var variations = []func(string) string{
	func(s string) string { return s },
	strings.ToLower,
	strings.ToUpper,
}

var camelCase = regexp.MustCompile(`([^A-Z-])([A-Z])`)

var manipulations = []func(string) string{
	func(s string) string { return s },
	func(s string) string { return strings.ReplaceAll(s, "-", "_") },
	func(s string) string { return strings.ReplaceAll(s, "_", ".") },
	func(s string) string { return strings.ReplaceAll(s, ".", "_") },
	func(s string) string { return camelTo(s, "_") },
	func(s string) string { return camelTo(s, "-") },
	func(s string) string { return separatedToCamel(s, false) },
	func(s string) string { return separatedToCamel(s, true) },
}

func camelTo(s, sep string) string {
	return camelCase.ReplaceAllStringFunc(s, func(m string) string {
		r := []rune(m)
		return string(r[:len(r)-1]) + sep + string(unicode.ToLower(r[len(r)-1]))
	})
}

func separatedToCamel(s string, caseInsensitive bool) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	for _, field := range strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		if caseInsensitive {
			field = strings.ToLower(field)
		}
		if b.Len() > 0 && field != "" {
			r := []rune(field)
			field = string(unicode.ToUpper(r[0])) + string(r[1:])
		}
		b.WriteString(field)
	}
	if last := s[len(s)-1]; last == '_' || last == '-' || last == '.' {
		b.WriteByte(last)
	}
	return b.String()
}
