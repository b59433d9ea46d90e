package platforms

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Environment is what an account description may look at on this machine: environment variables and files.
// Describing an account never calls the network.
type Environment struct {
	Getenv   func(string) string
	ReadFile func(string) ([]byte, error)
	// DataDir is where dataflow keeps its state; local accounts work under DataDir/local/<account> by default.
	DataDir string
	// Memo, when set, keeps what a platform learnt about an account for the next command (see Memo).
	Memo Memo
	// Supervisor is the command line of the dataflow process that watches a local run and records its end.
	Supervisor []string
}

// SystemEnvironment reads this process's variables (through getenv) and files.
func SystemEnvironment(getenv func(string) string, dataDir string) Environment {
	return Environment{Getenv: getenv, ReadFile: os.ReadFile, DataDir: dataDir}
}

// Describe is the Description column of `stream platform-list` / `task platform-list`, in SCDF's words:
//
//	kubernetes:   master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]
//	cloudfoundry: org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]
//	local:        ShutdownTimeout = [30], EnvVarsToInherit = [...], JavaCmd = [java], WorkingDirectoriesRoot = [...], DeleteFilesOnExit = [true]
func Describe(a Account, env Environment) string {
	switch a.Type {
	case Kubernetes:
		k := a.Kubernetes
		if k == nil {
			k = &KubernetesAccount{}
		}
		master, namespace := kubernetesTarget(k, env)
		return fmt.Sprintf("master url = [%s], namespace = [%s], api version = [v1]", master, namespace)
	case CloudFoundry:
		var c CloudFoundryConnection
		if a.CloudFoundry != nil {
			c = a.CloudFoundry.Connection
		}
		return fmt.Sprintf("org = [%s], space = [%s], url = [%s]", c.Org, c.Space, c.URL)
	case Local:
		return describeLocal(a, env)
	}
	return ""
}

// describeLocal prints the settings the way SCDF's local launcher description does, with SCDF's defaults for
// what the account leaves unset.
func describeLocal(a Account, env Environment) string {
	l := a.Local
	if l == nil {
		l = &LocalAccount{}
	}
	var b strings.Builder
	if l.JavaOpts != "" {
		fmt.Fprintf(&b, "JavaOpts = [%s], ", l.JavaOpts)
	}
	shutdown := LocalDefaults.ShutdownTimeout
	if l.ShutdownTimeout != nil {
		shutdown = *l.ShutdownTimeout
	}
	inherit := l.EnvVarsToInherit
	if inherit == nil {
		inherit = LocalDefaults.EnvVarsToInherit
	}
	java := l.JavaCmd
	if java == "" {
		java = LocalDefaults.JavaCmd
	}
	deleteFiles := LocalDefaults.DeleteFilesOnExit
	if l.DeleteFilesOnExit != nil {
		deleteFiles = *l.DeleteFilesOnExit
	}
	fmt.Fprintf(&b, "ShutdownTimeout = [%d], EnvVarsToInherit = [%s], JavaCmd = [%s], WorkingDirectoriesRoot = [%s], DeleteFilesOnExit = [%s]",
		shutdown, strings.Join(inherit, ","), java, LocalWorkDir(a, env.DataDir), strconv.FormatBool(deleteFiles))
	return b.String()
}

// LocalWorkDir is where a local account's apps run and log: its workDir, else <dataDir>/local/<account>
// (SCDF used the JVM's temp dir; keeping it beside the database keeps logs findable after a reboot).
func LocalWorkDir(a Account, dataDir string) string {
	if a.Local != nil && a.Local.WorkDir != "" {
		return a.Local.WorkDir
	}
	if dataDir == "" {
		dataDir = os.TempDir()
	}
	return filepath.Join(dataDir, "local", a.Name)
}

// serviceAccountNamespaceFile is where a pod finds its own namespace.
const serviceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"

// kubernetesTarget resolves the master URL and namespace as SCDF did through fabric8's auto-configuration:
//   - master URL: the account's masterUrl; else the server of its kubeconfig context (the default kubeconfig's
//     current context when it names none); else the in-cluster KUBERNETES_SERVICE_HOST/_PORT; else fabric8's
//     https://kubernetes.default.svc/.
//   - namespace: the account's namespace; else KUBERNETES_NAMESPACE (SCDF's own default); else the kubeconfig
//     context's namespace; else, in a cluster, the service account's namespace file; else "default".
func kubernetesTarget(k *KubernetesAccount, env Environment) (master, namespace string) {
	server, contextNamespace := "", ""
	if k.MasterURL == "" {
		server, contextNamespace = kubeconfigTarget(k, env)
	}
	inCluster := server == "" && k.MasterURL == "" && env.Getenv("KUBERNETES_SERVICE_HOST") != ""
	master = firstNonEmpty(k.MasterURL, server)
	if master == "" {
		if inCluster {
			port := firstNonEmpty(env.Getenv("KUBERNETES_SERVICE_PORT"), "443")
			master = "https://" + net.JoinHostPort(env.Getenv("KUBERNETES_SERVICE_HOST"), port)
		} else {
			master = "https://kubernetes.default.svc"
		}
	}
	namespace = firstNonEmpty(k.Namespace, env.Getenv("KUBERNETES_NAMESPACE"), contextNamespace)
	if namespace == "" && inCluster && env.ReadFile != nil {
		if data, err := env.ReadFile(serviceAccountNamespaceFile); err == nil {
			namespace = strings.TrimSpace(string(data))
		}
	}
	namespace = firstNonEmpty(namespace, "default")
	// fabric8 keeps the master URL with a trailing slash, which is what SCDF shows.
	if !strings.HasSuffix(master, "/") {
		master += "/"
	}
	return master, namespace
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// LocalRunID is the external execution id of a local run: the task's name and its supervisor's pid. The
// launcher records it, and so does the supervisor when the launcher died before it could.
func LocalRunID(task string, pid int) string { return fmt.Sprintf("%s-%d", task, pid) }
