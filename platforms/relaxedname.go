package platforms

import "strings"

// RelaxedName is Spring's relaxed-binding comparison form of one key segment: case, dashes and underscores
// ignored. The account import reads SCDF's property names this way, and the platforms match deployer
// properties the same way.
func RelaxedName(s string) string { return strings.ToLower(separators.Replace(s)) }

// separators is built once: building a Replacer for each of the hundreds of lookups a launch makes cost more
// than a millisecond of every launch.
var separators = strings.NewReplacer("-", "", "_", "")
