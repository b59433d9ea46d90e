package kubernetes

import (
	"fmt"
	"net/http"

	"k8s.io/client-go/rest"

	"github.com/dataflow-cli/dataflow/internal/calltimeout"
	"github.com/dataflow-cli/dataflow/platforms"
)

// limitRequests gives every call to the API server the account's requestTimeout (30 s by default): client-go
// sets none, so a server that accepts a request and never answers would hold a deploy or a launch for ever.
// Every call dataflow makes is a short request/response (nothing watches), so no call is cut that should run
// longer; a followed log is the exception, bounded until it starts only (calltimeout.Streaming).
func limitRequests(cfg *rest.Config, acc platforms.Account) error {
	var setting string
	if acc.Kubernetes != nil {
		setting = acc.Kubernetes.RequestTimeout
	}
	timeout, err := calltimeout.Parse(setting)
	if err != nil {
		return fmt.Errorf("account '%s': kubernetes.requestTimeout %v", acc.Name, err)
	}
	limit := calltimeout.Error{Account: acc.Name, Server: "the Kubernetes API", Setting: "kubernetes.requestTimeout", Timeout: timeout}
	wrap := cfg.WrapTransport
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		if wrap != nil {
			rt = wrap(rt)
		}
		return calltimeout.Transport(rt, limit)
	}
	return nil
}

// plainTimeout drops what client-go and net/http put around a timeout (the method and URL), which would only
// repeat what the caller's message says.
func plainTimeout(err error) error {
	if te, ok := calltimeout.As(err); ok {
		return te
	}
	return err
}
