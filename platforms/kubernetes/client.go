// Package kubernetes runs stream apps (and task pods) on a Kubernetes namespace through client-go, with the
// object names, labels, container layout and status rules of SCDF's Kubernetes deployer.
package kubernetes

import (
	"fmt"
	"sync"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/rest"
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
	core      *rest.RESTClient
	apps      *rest.RESTClient
	batch     *rest.RESTClient
}

func (c *Client) pods() resources     { return resources{c.core, c.Namespace, "pods"} }
func (c *Client) services() resources { return resources{c.core, c.Namespace, "services"} }
func (c *Client) claims() resources   { return resources{c.core, c.Namespace, "persistentvolumeclaims"} }
func (c *Client) secrets() resources  { return resources{c.core, c.Namespace, "secrets"} }
func (c *Client) deployments() resources {
	return resources{c.apps, c.Namespace, "deployments"}
}
func (c *Client) statefulSets() resources {
	return resources{c.apps, c.Namespace, "statefulsets"}
}

var quietClientGo sync.Once

// Connect builds the client of a Kubernetes account: its kubeconfig (or $KUBECONFIG, ~/.kube/config) and context,
// with the account's masterUrl, token (a literal or a ${ENV} reference), CA file and trustCerts on top; in a pod
// with no kubeconfig, the in-cluster service account. Nothing is sent to the server here.
func Connect(acc platforms.Account, env platforms.Environment) (*Client, error) {
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
		cfg, err = rest.InClusterConfig()
	}
	if err != nil {
		return nil, fmt.Errorf("account '%s': no Kubernetes connection: %w", acc.Name, err)
	}
	// One command makes a burst of calls (a stream's objects, a status of every app); client-go's default of 5
	// requests per second would make that slow.
	cfg.QPS, cfg.Burst = 100, 200
	cfg.UserAgent = "dataflow"
	c := &Client{Config: cfg, Namespace: platforms.KubernetesNamespace(k, env), Account: acc}
	for _, g := range []struct {
		gv  schema.GroupVersion
		out **rest.RESTClient
	}{{schema.GroupVersion{Version: "v1"}, &c.core}, {schema.GroupVersion{Group: "apps", Version: "v1"}, &c.apps},
		{schema.GroupVersion{Group: "batch", Version: "v1"}, &c.batch}} {
		if *g.out, err = groupClient(cfg, g.gv); err != nil {
			return nil, fmt.Errorf("account '%s': %w", acc.Name, err)
		}
	}
	return c, nil
}
