package flow

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
)

// platformNamespaces are the deployer property namespaces of each account type (deployer.<app>.kubernetes.x).
var platformNamespaces = map[platforms.AccountType]string{
	platforms.Kubernetes: "kubernetes", platforms.CloudFoundry: "cloudfoundry", platforms.Local: "local",
}

// noteIgnoredDeployerKeys says, in one note, which deployer properties belong to another platform than the
// account's and are therefore ignored: a properties file shared between platforms is fine, but the user is
// told rather than left to wonder why a setting did nothing. The platform itself refuses unknown keys of its
// own namespace.
func (f *Flow) noteIgnoredDeployerKeys(acc platforms.Account, deployer ...map[string]string) {
	if f.note == nil {
		return
	}
	seen := map[string]bool{}
	for _, m := range deployer {
		for k := range m {
			rest, ok := strings.CutPrefix(k, deployerPrefix)
			if !ok {
				continue
			}
			ns, _, _ := strings.Cut(rest, ".")
			for t, other := range platformNamespaces {
				if ns == other && t != acc.Type && strings.Contains(rest, ".") {
					seen[rest] = true
				}
			}
		}
	}
	if len(seen) == 0 {
		return
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	f.note(fmt.Sprintf("Note: %s account '%s' ignores the other platforms' deployer properties: %s", acc.Type.TaskTypeName(), acc.Name, strings.Join(keys, ", ")))
}
