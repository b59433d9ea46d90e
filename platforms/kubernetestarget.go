package platforms

import (
	"net"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// kubeconfig is the part of a kubeconfig file needed to name a cluster and a namespace. Parsing it here keeps
// `platform-list` free of client-go and of any network call.
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

// kubeconfigFiles are the files the account's connection is read from: its own kubeconfig, else $KUBECONFIG
// (a path list, merged as kubectl merges it), else ~/.kube/config.
func kubeconfigFiles(k *KubernetesAccount, env Environment) []string {
	home := env.Getenv("HOME")
	if k.Kubeconfig != "" {
		return []string{expandHome(k.Kubeconfig, home)}
	}
	if list := env.Getenv("KUBECONFIG"); list != "" {
		var files []string
		for _, f := range filepath.SplitList(list) {
			if f != "" {
				files = append(files, expandHome(f, home))
			}
		}
		return files
	}
	if home != "" {
		return []string{filepath.Join(home, ".kube", "config")}
	}
	return nil
}

func expandHome(path, home string) string {
	if home != "" && (path == "~" || strings.HasPrefix(path, "~/")) {
		return filepath.Join(home, strings.TrimPrefix(path, "~"))
	}
	return path
}

// kubeconfigTarget reads the server and namespace of the account's context, or of the current context. With
// several files the first to set current-context wins and the first definition of a name wins, as in kubectl.
// Unreadable files count as absent: a description must not fail.
func kubeconfigTarget(k *KubernetesAccount, env Environment) (server, namespace string) {
	if env.ReadFile == nil {
		return "", ""
	}
	current := ""
	clusters := map[string]string{}
	type ctx struct{ cluster, namespace string }
	contexts := map[string]ctx{}
	for _, path := range kubeconfigFiles(k, env) {
		data, err := env.ReadFile(path)
		if err != nil {
			continue
		}
		var kc kubeconfig
		if yaml.Unmarshal(data, &kc) != nil {
			continue
		}
		if current == "" {
			current = kc.CurrentContext
		}
		for _, c := range kc.Clusters {
			if _, seen := clusters[c.Name]; !seen {
				clusters[c.Name] = c.Cluster.Server
			}
		}
		for _, c := range kc.Contexts {
			if _, seen := contexts[c.Name]; !seen {
				contexts[c.Name] = ctx{c.Context.Cluster, c.Context.Namespace}
			}
		}
	}
	name := firstNonEmpty(k.Context, current)
	c, ok := contexts[name]
	if !ok {
		return "", ""
	}
	return clusters[c.cluster], c.namespace
}

// KubeconfigFiles are the kubeconfig files an account connects with (its own, else $KUBECONFIG, else
// ~/.kube/config), for the platform code that builds the client.
func KubeconfigFiles(k *KubernetesAccount, env Environment) []string { return kubeconfigFiles(k, env) }

// KubernetesNamespace is the namespace an account works in, decided as its platform-list description says.
func KubernetesNamespace(k *KubernetesAccount, env Environment) string {
	if k.Namespace != "" {
		return k.Namespace // it wins over everything else: no kubeconfig to read (the client reads it once more)
	}
	_, ns := KubernetesTarget(k, env)
	return ns
}

// serviceAccountNamespaceFile is where a pod finds its own namespace.
const serviceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"

// KubernetesTarget resolves the master URL and namespace as SCDF did through fabric8's auto-configuration:
//   - master URL: the account's masterUrl; else the server of its kubeconfig context (the default kubeconfig's
//     current context when it names none); else the in-cluster KUBERNETES_SERVICE_HOST/_PORT; else fabric8's
//     https://kubernetes.default.svc/.
//   - namespace: the account's namespace; else KUBERNETES_NAMESPACE (SCDF's own default); else the kubeconfig
//     context's namespace; else, in a cluster, the service account's namespace file; else "default".
//
// platform-list describes an account with it and the client works in its namespace (KubernetesNamespace), so
// the two agree.
func KubernetesTarget(k *KubernetesAccount, env Environment) (master, namespace string) {
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
