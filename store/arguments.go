package store

import (
	"encoding/json"
	"fmt"
	"strings"
)

// argSeparator joins arguments in one column on SQLite; it cannot appear in a command-line argument.
const argSeparator = "\x00"

// joinArgs puts a list of arguments in one text column: joined by NUL on SQLite, as a JSON array on PostgreSQL,
// whose text cannot hold NUL. No arguments is "" on both.
func (e engine) joinArgs(args []string) string {
	if len(args) == 0 {
		return ""
	}
	if e == enginePostgres {
		b, _ := json.Marshal(args) // a []string always marshals
		return string(b)
	}
	return strings.Join(args, argSeparator)
}

// splitArgs reads what joinArgs wrote.
func (e engine) splitArgs(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	if e == enginePostgres {
		var args []string
		if err := json.Unmarshal([]byte(s), &args); err != nil {
			return nil, fmt.Errorf("store: unreadable arguments %q: %w", s, err)
		}
		return args, nil
	}
	return strings.Split(s, argSeparator), nil
}
