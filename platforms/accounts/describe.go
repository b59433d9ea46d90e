package accounts

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Describe is the Description column of `stream platform-list` / `task platform-list`, in SCDF's words:
//
//	kubernetes:   master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]
//	cloudfoundry: org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]
//	local:        ShutdownTimeout = [30], EnvVarsToInherit = [...], JavaCmd = [java], WorkingDirectoriesRoot = [...], DeleteFilesOnExit = [true]
func Describe(a platforms.Account, env platforms.Environment) string {
	switch a.Type {
	case platforms.Kubernetes:
		k := a.Kubernetes
		if k == nil {
			k = &platforms.KubernetesAccount{}
		}
		master, namespace := platforms.KubernetesTarget(k, env)
		return fmt.Sprintf("master url = [%s], namespace = [%s], api version = [v1]", master, namespace)
	case platforms.CloudFoundry:
		var c platforms.CloudFoundryConnection
		if a.CloudFoundry != nil {
			c = a.CloudFoundry.Connection
		}
		return fmt.Sprintf("org = [%s], space = [%s], url = [%s]", c.Org, c.Space, c.URL)
	case platforms.Local:
		return describeLocal(a, env)
	}
	return ""
}

// describeLocal prints the settings the way SCDF's local launcher description does, with SCDF's defaults for
// what the account leaves unset.
func describeLocal(a platforms.Account, env platforms.Environment) string {
	l := a.Local
	if l == nil {
		l = &platforms.LocalAccount{}
	}
	var b strings.Builder
	if l.JavaOpts != "" {
		fmt.Fprintf(&b, "JavaOpts = [%s], ", l.JavaOpts)
	}
	shutdown := platforms.LocalDefaults.ShutdownTimeout
	if l.ShutdownTimeout != nil {
		shutdown = *l.ShutdownTimeout
	}
	inherit := l.EnvVarsToInherit
	if inherit == nil {
		inherit = platforms.LocalDefaults.EnvVarsToInherit
	}
	java := l.JavaCmd
	if java == "" {
		java = platforms.LocalDefaults.JavaCmd
	}
	deleteFiles := platforms.LocalDefaults.DeleteFilesOnExit
	if l.DeleteFilesOnExit != nil {
		deleteFiles = *l.DeleteFilesOnExit
	}
	fmt.Fprintf(&b, "ShutdownTimeout = [%d], EnvVarsToInherit = [%s], JavaCmd = [%s], WorkingDirectoriesRoot = [%s], DeleteFilesOnExit = [%s]",
		shutdown, strings.Join(inherit, ","), java, platforms.LocalWorkDir(a, env.DataDir), strconv.FormatBool(deleteFiles))
	return b.String()
}
