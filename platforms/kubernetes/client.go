// Package kubernetes runs stream apps (and task pods) on a Kubernetes namespace through client-go, with the
// object names, labels, container layout and status rules of SCDF's Kubernetes deployer.
package kubernetes

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/go-logr/logr"
	"k8s.io/client-go/rest"
	// kubectl's legacy `auth-provider: oidc` (an id-token, refreshed with the refresh-token at the issuer):
	// many clusters' kubeconfigs still use it, and without the plugin they failed with "no Auth Provider
	// found for name oidc". exec plugins, the current way, are built into client-go.
	_ "k8s.io/client-go/plugin/pkg/client/auth/oidc"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Client is a connection to one account's namespace.
type Client struct {
	// Config is the connection, for callers that need their own client (tests).
	Config    *rest.Config
	Namespace string
	Account   platforms.Account
	// env says, among others, the identity of the store the command runs for (ownership.go).
	env   platforms.Environment
	http  *http.Client
	core  *rest.RESTClient
	apps  lazyGroupClient
	batch lazyGroupClient
}

func (c *Client) pods() resources     { return resources{c.core, c.Namespace, "pods"} }
func (c *Client) services() resources { return resources{c.core, c.Namespace, "services"} }
func (c *Client) claims() resources   { return resources{c.core, c.Namespace, "persistentvolumeclaims"} }
func (c *Client) secrets() resources  { return resources{c.core, c.Namespace, "secrets"} }
func (c *Client) events() resources   { return resources{c.core, c.Namespace, "events"} }
func (c *Client) deployments() resources {
	return resources{c.apps.get(c.Config, c.http, appsGroup), c.Namespace, "deployments"}
}
func (c *Client) statefulSets() resources {
	return resources{c.apps.get(c.Config, c.http, appsGroup), c.Namespace, "statefulsets"}
}
func (c *Client) jobs() resources {
	return resources{c.batch.get(c.Config, c.http, batchGroup), c.Namespace, "jobs"}
}
func (c *Client) cronJobs() resources {
	return resources{c.batch.get(c.Config, c.http, batchGroup), c.Namespace, "cronjobs"}
}

// protocol is the HTTP version a client speaks to the API server.
type protocol int

const (
	// useHTTP2 multiplexes the burst of concurrent calls of a stream deploy or status on one connection.
	useHTTP2 protocol = iota
	// useHTTP1 is for clients whose calls follow one another (a task launch: a count, then a create): its
	// connection is ready sooner (no HTTP/2 preface and settings exchange) and each call is answered a little
	// faster (docs/tasks.md). Concurrent calls (the steps of a composed task's split) each get a connection of
	// their own.
	useHTTP1
)

var quietClientGo sync.Once

// kubeconfigPlaces names the files looked in for a kubeconfig, for an error that says none was there.
func kubeconfigPlaces(files []string) string {
	if len(files) == 0 {
		return "$KUBECONFIG or ~/.kube/config (neither HOME nor KUBECONFIG is set)"
	}
	return strings.Join(files, ", ")
}

// unwrapPathError leaves the path out of an os error that the message already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Connect builds the client of a Kubernetes account: its kubeconfig (or $KUBECONFIG, ~/.kube/config) and context,
// with the account's masterUrl, token (a literal or a ${ENV} reference), CA file and trustCerts on top; in a pod
// with no kubeconfig, the in-cluster service account. Nothing is sent to the server here.
func Connect(acc platforms.Account, env platforms.Environment) (*Client, error) {
	return connect(acc, env, useHTTP2)
}

func connect(acc platforms.Account, env platforms.Environment, proto protocol) (*Client, error) {
	quietClientGo.Do(func() {
		// client-go logs through klog to stderr (a cancelled request, a retry): noise in the middle of a
		// command's output. Every error that matters is returned to the caller and reported once.
		klog.SetLogger(logr.Discard())
	})
	k := acc.Kubernetes
	if k == nil {
		k = &platforms.KubernetesAccount{}
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.Precedence = platforms.KubeconfigFiles(k, env)
	rules.ExplicitPath = ""
	if k.Kubeconfig != "" {
		// client-go skips a missing file, then reports the in-cluster configuration it fell back to.
		if _, err := os.Stat(rules.Precedence[0]); err != nil {
			return nil, fmt.Errorf("account '%s': the kubeconfig %s cannot be read: %w", acc.Name, rules.Precedence[0], unwrapPathError(err))
		}
	}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: k.Context}
	overrides.ClusterInfo.Server = k.MasterURL
	overrides.ClusterInfo.CertificateAuthority = k.CACertFile
	overrides.ClusterInfo.InsecureSkipTLSVerify = k.TrustCerts
	if k.Token != "" {
		token, err := platforms.ResolveSecret(k.Token, env.Getenv)
		if err != nil {
			return nil, fmt.Errorf("account '%s': %w", acc.Name, err)
		}
		overrides.AuthInfo.Token = token
	}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).ClientConfig()
	if err != nil && clientcmd.IsEmptyConfig(err) {
		if cfg, err = rest.InClusterConfig(); errors.Is(err, rest.ErrNotInCluster) {
			return nil, fmt.Errorf("account '%s': no Kubernetes connection: no kubeconfig in %s, no masterUrl, and not in a cluster",
				acc.Name, kubeconfigPlaces(rules.Precedence))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("account '%s': no Kubernetes connection: %w", acc.Name, err)
	}
	// One command makes a burst of calls (a stream's objects, a status of every app); client-go's default of 5
	// requests per second would make that slow.
	cfg.QPS, cfg.Burst = 100, 200
	cfg.UserAgent = "dataflow"
	if proto == useHTTP1 {
		cfg.TLSClientConfig.NextProtos = []string{"http/1.1"} // client-go's way to leave HTTP/2 out
	}
	if err := limitRequests(cfg, acc); err != nil {
		return nil, err
	}
	c := &Client{Config: cfg, Namespace: platforms.KubernetesNamespace(k, env), Account: acc, env: env}
	// One HTTP client (one connection pool, one TLS configuration) for every group; a bad certificate or key
	// is reported here, before any call.
	if c.http, err = rest.HTTPClientFor(cfg); err != nil {
		return nil, fmt.Errorf("account '%s': %w", acc.Name, err)
	}
	if c.core, err = groupClient(cfg, c.http, coreGroup); err != nil {
		return nil, fmt.Errorf("account '%s': %w", acc.Name, err)
	}
	return c, nil
}
