package kubernetes

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"k8s.io/client-go/rest"

	"github.com/dataflow-cli/dataflow/platforms"
)

// A kubeconfig whose user has kubectl's legacy `auth-provider: oidc` connects, and its id-token is sent as the
// bearer token (client-go sends credentials over TLS only; it failed with "no Auth Provider found for name oidc").
func TestKubeconfigWithOIDCAuthProvider(t *testing.T) {
	var mu sync.Mutex
	var auth string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = r.Header.Get("Authorization")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Success"}`))
	}))
	defer srv.Close()
	claims := base64.RawURLEncoding.EncodeToString([]byte(`{"exp": 4102444800}`)) // 2100-01-01
	idToken := "eyJhbGciOiJSUzI1NiJ9." + claims + ".c2lnbmF0dXJl"
	kubeconfig := `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "` + srv.URL + `", insecure-skip-tls-verify: true}
users:
- name: u
  user:
    auth-provider:
      name: oidc
      config:
        client-id: dataflow
        idp-issuer-url: https://issuer.invalid
        id-token: ` + idToken + `
contexts:
- name: ctx
  context: {cluster: c, user: u, namespace: ns}
current-context: ctx
`
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(kubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	acc := platforms.Account{Name: "oidc", Type: platforms.Kubernetes, Kubernetes: &platforms.KubernetesAccount{Kubeconfig: path}}
	c, err := Connect(acc, noKubeconfig(t))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	hc, err := rest.HTTPClientFor(c.Config)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Get(srv.URL + "/api/v1/namespaces/ns/pods")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	if auth != "Bearer "+idToken {
		t.Fatalf("Authorization %q, want the id-token as bearer", auth)
	}
}
