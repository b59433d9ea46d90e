package shell

import (
	"fmt"
	"strings"
)

// confirm asks a yes/no question the SCDF way (`<question> [y, n]: `, empty means no, anything else asks again).
// Outside an interactive shell nobody can answer, so a destructive command refuses unless --force was given.
func (f *Factory) confirm(question string, force bool) (bool, error) {
	if force {
		return true, nil
	}
	if !f.Interactive || f.Ask == nil {
		return false, usageErrorf("%s: not asking because the shell is not interactive; add --force to proceed", strings.TrimSuffix(question, "?"))
	}
	for {
		answer, err := f.Ask(question + " [y, n]: ")
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "y":
			return true, nil
		case "", "n":
			fmt.Fprintln(f.IO.Out)
			return false, nil
		}
	}
}
