package platforms

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestMissingConfigIsTheLocalDefault(t *testing.T) {
	c, err := LoadConfig(filepath.Join(t.TempDir(), "nope.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range [][]Account{c.StreamAccounts(), c.TaskAccounts()} {
		if len(list) != 1 || list[0].Name != "default" || list[0].Type != Local {
			t.Fatalf("accounts = %+v", list)
		}
	}
	if !FeatureEnabled(c.Features.Streams) || !FeatureEnabled(c.Features.Schedules) {
		t.Fatal("features are on unless switched off")
	}
}

func TestSaveAndLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "config.yaml")
	off := false
	c := &Config{
		Features: Features{Schedules: &off},
		Streams:  []Account{{Name: "k", Type: Kubernetes, Kubernetes: &KubernetesAccount{Namespace: "ns", Limits: Resources{Memory: "1Gi"}, Properties: map[string]string{"nodeSelector": "gpu:true"}}}},
		Tasks:    []Account{{Name: "cf", Type: CloudFoundry, CloudFoundry: &CloudFoundryAccount{Connection: CloudFoundryConnection{URL: "https://api.example.com", Password: "${CF_PASSWORD}"}}}},
	}
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the accounts file must be private: %v %v", info.Mode(), err)
	}
	back, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, c) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", back, c)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	cases := map[string]string{
		"streams:\n  - name: a\n    type: kubernetes\n  - name: a\n    type: local\n": "stream account 'a' is defined twice",
		"streams:\n  - name: a\n    type: openshift\n":                                "unknown platform type 'openshift'",
		"streams:\n  - type: local\n":                                                 "stream account #1 has no name",
		"tasks:\n  - name: a\n    type: local\n    kubernetes: {namespace: x}\n":      "a local account cannot have a 'kubernetes' block",
		"streams:\n  - name: a\n    typo: local\n":                                    "config.yaml: line 3: field typo not found",
		"streams: [\n": "config.yaml: line",
	}
	for body, want := range cases {
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", body, err, want)
		}
	}
}

func TestDescribeKubernetesFromKubeconfig(t *testing.T) {
	dir := t.TempDir()
	kc := "current-context: dev\nclusters:\n- name: c1\n  cluster:\n    server: https://k8s.example.com:6443\ncontexts:\n- name: dev\n  context:\n    cluster: c1\n    namespace: team\n- name: other\n  context:\n    cluster: c1\n"
	path := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(path, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"KUBECONFIG": path, "KUBERNETES_SERVICE_HOST": "10.0.0.1"}
	e := Environment{Getenv: func(k string) string { return env[k] }, ReadFile: os.ReadFile}
	cases := []struct {
		acc  KubernetesAccount
		want string
	}{
		{KubernetesAccount{}, "master url = [https://k8s.example.com:6443/], namespace = [team], api version = [v1]"},
		{KubernetesAccount{Namespace: "x"}, "master url = [https://k8s.example.com:6443/], namespace = [x], api version = [v1]"},
		{KubernetesAccount{Kubeconfig: path, Context: "other"}, "master url = [https://k8s.example.com:6443/], namespace = [default], api version = [v1]"},
		{KubernetesAccount{MasterURL: "https://m:443/", Namespace: "n"}, "master url = [https://m:443/], namespace = [n], api version = [v1]"},
	}
	for _, c := range cases {
		acc := c.acc
		if got := Describe(Account{Name: "k", Type: Kubernetes, Kubernetes: &acc}, e); got != c.want {
			t.Errorf("%+v: got %s want %s", c.acc, got, c.want)
		}
	}
	delete(env, "KUBECONFIG")
	env["HOME"] = dir // no ~/.kube/config there: the in-cluster variables decide
	if got := Describe(Account{Name: "k", Type: Kubernetes}, e); got != "master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]" {
		t.Errorf("in-cluster: %s", got)
	}
}
