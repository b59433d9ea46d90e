package accounts

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

const twoClusterKubeconfig = `current-context: dev
clusters:
- name: c1
  cluster:
    server: https://k8s.example.com:6443
- name: c2
  cluster:
    server: https://other.example.com/
contexts:
- name: dev
  context:
    cluster: c1
    namespace: team
- name: other
  context:
    cluster: c2
`

func kubernetesDescription(k platforms.KubernetesAccount, env platforms.Environment) string {
	return Describe(platforms.Account{Name: "k", Type: platforms.Kubernetes, Kubernetes: &k}, env)
}

func TestDescribeKubernetesMasterURLAndNamespace(t *testing.T) {
	files := map[string]string{"/home/u/.kube/config": twoClusterKubeconfig, "/etc/k/custom": twoClusterKubeconfig}
	home := map[string]string{"HOME": "/home/u", "KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"}
	cases := []struct {
		name string
		acc  platforms.KubernetesAccount
		vars map[string]string
		want string
	}{
		{"default kubeconfig, current context", platforms.KubernetesAccount{}, home,
			"master url = [https://k8s.example.com:6443/], namespace = [team], api version = [v1]"},
		{"the account's namespace wins", platforms.KubernetesAccount{Namespace: "x"}, home,
			"master url = [https://k8s.example.com:6443/], namespace = [x], api version = [v1]"},
		{"a named context of a named kubeconfig", platforms.KubernetesAccount{Kubeconfig: "/etc/k/custom", Context: "other"}, home,
			"master url = [https://other.example.com/], namespace = [default], api version = [v1]"},
		{"~ in the kubeconfig path", platforms.KubernetesAccount{Kubeconfig: "~/.kube/config", Context: "other"}, home,
			"master url = [https://other.example.com/], namespace = [default], api version = [v1]"},
		{"explicit master URL, no kubeconfig read", platforms.KubernetesAccount{MasterURL: "https://m:443", Namespace: "n"}, home,
			"master url = [https://m:443/], namespace = [n], api version = [v1]"},
		{"KUBERNETES_NAMESPACE before the context's", platforms.KubernetesAccount{}, merge(home, map[string]string{"KUBERNETES_NAMESPACE": "envns"}),
			"master url = [https://k8s.example.com:6443/], namespace = [envns], api version = [v1]"},
		{"KUBECONFIG list: first file with the context wins", platforms.KubernetesAccount{}, merge(home, map[string]string{"KUBECONFIG": "/missing" + string(filepath.ListSeparator) + "/etc/k/custom"}),
			"master url = [https://k8s.example.com:6443/], namespace = [team], api version = [v1]"},
		{"unknown context: in-cluster", platforms.KubernetesAccount{Context: "nope"}, home,
			"master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]"},
		{"no kubeconfig: in-cluster, port defaults to 443", platforms.KubernetesAccount{}, map[string]string{"KUBERNETES_SERVICE_HOST": "10.96.0.1"},
			"master url = [https://10.96.0.1:443/], namespace = [default], api version = [v1]"},
		{"IPv6 service host", platforms.KubernetesAccount{}, map[string]string{"KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"},
			"master url = [https://[fd00::1]:6443/], namespace = [default], api version = [v1]"},
		{"nothing at all: fabric8's default", platforms.KubernetesAccount{}, map[string]string{},
			"master url = [https://kubernetes.default.svc/], namespace = [default], api version = [v1]"},
	}
	for _, c := range cases {
		if got := kubernetesDescription(c.acc, fakeEnvironment(c.vars, files)); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestDescribeInClusterReadsTheServiceAccountNamespace(t *testing.T) {
	env := fakeEnvironment(map[string]string{"KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"},
		map[string]string{"/var/run/secrets/kubernetes.io/serviceaccount/namespace": "scdf\n"})
	want := "master url = [https://10.0.0.1:443/], namespace = [scdf], api version = [v1]"
	if got := kubernetesDescription(platforms.KubernetesAccount{}, env); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestDescribeReadsARealKubeconfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(twoClusterKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	env := platforms.SystemEnvironment(func(k string) string { return map[string]string{"KUBECONFIG": path}[k] }, "/data")
	want := "master url = [https://k8s.example.com:6443/], namespace = [team], api version = [v1]"
	if got := kubernetesDescription(platforms.KubernetesAccount{}, env); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestDescribeCloudFoundry(t *testing.T) {
	a := platforms.Account{Name: "cf", Type: platforms.CloudFoundry, CloudFoundry: &platforms.CloudFoundryAccount{Connection: platforms.CloudFoundryConnection{
		URL: "https://api.run.pivotal.io", Org: "kafka-org", Space: "kafka-space", Password: "${P}"}}}
	want := "org = [kafka-org], space = [kafka-space], url = [https://api.run.pivotal.io]"
	if got := Describe(a, fakeEnvironment(nil, nil)); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestDescribeLocal(t *testing.T) {
	env := fakeEnvironment(nil, nil)
	cases := []struct {
		acc  platforms.Account
		want string
	}{
		{DefaultLocalAccount(), "ShutdownTimeout = [30], EnvVarsToInherit = [TMP,LANG,LANGUAGE,LC_.*,PATH,SPRING_APPLICATION_JSON], JavaCmd = [java], WorkingDirectoriesRoot = [/data/local/default], DeleteFilesOnExit = [true]"},
		{platforms.Account{Name: "l", Type: platforms.Local, Local: &platforms.LocalAccount{WorkDir: "/w", JavaCmd: "/opt/java", JavaOpts: "-Xmx1g", ShutdownTimeout: intPtr(5),
			EnvVarsToInherit: []string{"PATH"}, DeleteFilesOnExit: boolPtr(false)}},
			"JavaOpts = [-Xmx1g], ShutdownTimeout = [5], EnvVarsToInherit = [PATH], JavaCmd = [/opt/java], WorkingDirectoriesRoot = [/w], DeleteFilesOnExit = [false]"},
	}
	for _, c := range cases {
		if got := Describe(c.acc, env); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
