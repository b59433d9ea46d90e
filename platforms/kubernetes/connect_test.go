package kubernetes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

// A kubeconfig that is not there is named as such: client-go skips a missing file and reported the in-cluster
// configuration it then fell back to.
func TestConnectNamesTheMissingKubeconfig(t *testing.T) {
	if os.Getenv("KUBERNETES_SERVICE_HOST") != "" {
		t.Skip("running in a cluster: the in-cluster configuration answers")
	}
	env := noKubeconfig(t)
	home := env.Getenv("HOME")
	acc := platforms.Account{Name: "k8s", Type: platforms.Kubernetes, Kubernetes: &platforms.KubernetesAccount{Kubeconfig: "~/nosuch/config"}}
	_, err := Connect(acc, env)
	want := "account 'k8s': the kubeconfig " + filepath.Join(home, "nosuch/config") + " cannot be read: no such file or directory"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}

	// None of the default places has one, and this is not a pod: say where dataflow looked.
	acc.Kubernetes.Kubeconfig = ""
	_, err = Connect(acc, env)
	want = "account 'k8s': no Kubernetes connection: no kubeconfig in " + filepath.Join(home, ".kube/config") + ", no masterUrl, and not in a cluster"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	listed := platforms.Environment{Getenv: func(k string) string {
		return map[string]string{"HOME": home, "KUBECONFIG": "/a/one" + string(os.PathListSeparator) + "/b/two"}[k]
	}}
	if _, err = Connect(acc, listed); err == nil || !strings.Contains(err.Error(), "no kubeconfig in /a/one, /b/two,") {
		t.Fatalf("KUBECONFIG list: %v", err)
	}
}
