package platforms

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Environment is what an account description may look at on this machine: environment variables and files.
// Describing an account never calls the network.
type Environment struct {
	Getenv   func(string) string
	ReadFile func(string) ([]byte, error)
	// DataDir is where dataflow keeps its state; local accounts work under DataDir/local/<account>.
	DataDir string
}

// SystemEnvironment reads this process's variables (through getenv) and files.
func SystemEnvironment(getenv func(string) string, dataDir string) Environment {
	return Environment{Getenv: getenv, ReadFile: os.ReadFile, DataDir: dataDir}
}

// Describe is the Description column of `stream platform-list` / `task platform-list`, in SCDF's words.
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
		c := a.CloudFoundry.Connection
		return fmt.Sprintf("org = [%s], space = [%s], url = [%s]", c.Org, c.Space, c.URL)
	default:
		l := a.Local
		if l == nil {
			l = &LocalAccount{}
		}
		java := l.JavaCmd
		if java == "" {
			java = "java"
		}
		workDir := l.WorkDir
		if workDir == "" {
			workDir = filepath.Join(env.DataDir, "local", a.Name)
		}
		return fmt.Sprintf("ShellCommand = [/bin/sh -c], JavaCmd = [%s], WorkDir = [%s], DeleteFiles = [true]", java, workDir)
	}
}

// kubernetesTarget resolves the master URL and namespace the way fabric8's auto-configuration did in SCDF:
// the account's own settings, else its kubeconfig context (the default kubeconfig's current context when the
// account names none), else the in-cluster service variables.
func kubernetesTarget(k *KubernetesAccount, env Environment) (master, namespace string) {
	master, namespace = k.MasterURL, k.Namespace
	if master == "" || namespace == "" {
		server, ns := kubeconfigTarget(k, env)
		if master == "" {
			master = server
		}
		if namespace == "" {
			namespace = ns
		}
	}
	if master == "" {
		if host := env.Getenv("KUBERNETES_SERVICE_HOST"); host != "" {
			port := env.Getenv("KUBERNETES_SERVICE_PORT")
			if port == "" {
				port = "443"
			}
			master = "https://" + net.JoinHostPort(host, port)
		} else {
			master = "https://kubernetes.default.svc"
		}
	}
	if namespace == "" {
		namespace = env.Getenv("KUBERNETES_NAMESPACE")
	}
	if namespace == "" {
		namespace = "default"
	}
	// fabric8 keeps the master URL with a trailing slash, which is what SCDF shows.
	if !strings.HasSuffix(master, "/") {
		master += "/"
	}
	return master, namespace
}

// kubeconfig is the part of a kubeconfig file needed to name a cluster.
type kubeconfig struct {
	CurrentContext string `yaml:"current-context"`
	Clusters       []struct {
		Name    string `yaml:"name"`
		Cluster struct {
			Server string `yaml:"server"`
		} `yaml:"cluster"`
	} `yaml:"clusters"`
	Contexts []struct {
		Name    string `yaml:"name"`
		Context struct {
			Cluster   string `yaml:"cluster"`
			Namespace string `yaml:"namespace"`
		} `yaml:"context"`
	} `yaml:"contexts"`
}

// kubeconfigTarget reads the server and namespace of the account's context, or of the current context of the
// default kubeconfig ($KUBECONFIG, first file, else ~/.kube/config). Unreadable files resolve to nothing.
func kubeconfigTarget(k *KubernetesAccount, env Environment) (server, namespace string) {
	path := k.Kubeconfig
	if path == "" && k.MasterURL == "" {
		if list := env.Getenv("KUBECONFIG"); list != "" {
			path = filepath.SplitList(list)[0]
		} else if home := env.Getenv("HOME"); home != "" {
			path = filepath.Join(home, ".kube", "config")
		}
	}
	if path == "" {
		return "", ""
	}
	data, err := env.ReadFile(path)
	if err != nil {
		return "", ""
	}
	var kc kubeconfig
	if yaml.Unmarshal(data, &kc) != nil {
		return "", ""
	}
	ctxName := k.Context
	if ctxName == "" {
		ctxName = kc.CurrentContext
	}
	for _, c := range kc.Contexts {
		if c.Name != ctxName {
			continue
		}
		for _, cl := range kc.Clusters {
			if cl.Name == c.Context.Cluster {
				return cl.Cluster.Server, c.Context.Namespace
			}
		}
		return "", c.Context.Namespace
	}
	return "", ""
}
