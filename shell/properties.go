package shell

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/platforms/accounts"
)

// deployPropertiesOptions are --properties and --propertiesFile, which SCDF lets a command use one of.
type deployPropertiesOptions struct{ inline, file string }

func (o *deployPropertiesOptions) add(cmd *cobra.Command, what string) {
	cmd.Flags().StringVar(&o.inline, "properties", "", "the properties for the "+what+" (comma-separated key=value: app.<app>.k, deployer.<app>.k, version.<app>)")
	cmd.Flags().StringVar(&o.file, "propertiesFile", "", "a .properties or .yaml file with the properties for the "+what)
}

func (o *deployPropertiesOptions) read() (map[string]string, error) {
	if o.inline != "" && o.file != "" {
		return nil, errors.New("You cannot specify both 'properties' and 'propertiesFile'")
	}
	if o.file != "" {
		return accounts.ReadPropertiesFile(o.file)
	}
	return parseLaunchProperties(o.inline)
}

// checkLaunchKeys refuses a launch property SCDF's task launch refuses (a file's keys are not checked as they
// are read, unlike the comma list's).
func checkLaunchKeys(props map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(props)) {
		if !strings.HasPrefix(k, "app.") && !strings.HasPrefix(k, "deployer.") && !strings.HasPrefix(k, "scheduler.") && !strings.HasPrefix(k, "version.") {
			return fmt.Errorf("Only deployment property keys starting with 'app.', 'deployer.' or, 'scheduler.' allowed, got '%s'", k)
		}
	}
	return nil
}

// parseLaunchProperties reads SCDF's comma list: a fragment that does not start a new allowed key joins the
// previous value, so values may hold commas.
func parseLaunchProperties(s string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	last := ""
	for _, part := range strings.Split(s, ",") {
		k, v, hasEq := strings.Cut(part, "=")
		k = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(k), "--"))
		allowed := hasEq && (strings.HasPrefix(k, "app.") || strings.HasPrefix(k, "deployer.") || strings.HasPrefix(k, "scheduler.") || strings.HasPrefix(k, "version."))
		switch {
		case allowed:
			out[k] = strings.TrimSpace(v)
			last = k
		case last != "":
			out[last] += "," + part
		case hasEq:
			return nil, fmt.Errorf("Only deployment property keys starting with 'app.', 'deployer.' or, 'scheduler.' allowed, got '%s'", k)
		default:
			return nil, fmt.Errorf("Only deployment property keys starting with 'app.' or 'scheduler' or 'deployer.'  or 'version.' allowed. Not %s", part)
		}
	}
	return out, nil
}
