// Package cloudfoundry runs stream apps and tasks on a Cloud Foundry org and space through the Cloud Controller
// v3 API (go-cfclient v3), with the app names, environment, defaults and state mapping of SCDF's CF deployer.
// Unlike SCDF, a deploy waits until the app is staged and started, so its failures reach the user, and a
// failed deploy deletes what it created.
package cloudfoundry

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/config"
	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/internal/calltimeout"
	"github.com/dataflow-cli/dataflow/platforms"
)

// Options tune how long and how often the client waits for the Cloud Controller.
type Options struct {
	// PollInterval is the longest pause between two looks at something under way (a build, a job); the first
	// looks come sooner, so quick answers are seen quickly.
	PollInterval time.Duration
	// StagingTimeout bounds the wait for a build (SCDF's stagingTimeout, 15 minutes).
	StagingTimeout time.Duration
	// JobTimeout bounds the wait for an asynchronous delete or binding.
	JobTimeout time.Duration
}

// DefaultOptions are SCDF's timeouts.
var DefaultOptions = Options{PollInterval: 2 * time.Second, StagingTimeout: 15 * time.Minute, JobTimeout: 5 * time.Minute}

// Client is one account's connection to the Cloud Controller. It logs in on first use, not when it is made:
// commands that never talk to Cloud Foundry never build a client nor send a request. The token lives in memory
// only (go-cfclient refreshes it); nothing of it is written anywhere. The login endpoints and the GUIDs of the
// org and space are remembered between commands (platforms.Memo), each checked before it is relied on.
type Client struct {
	Account platforms.Account
	env     platforms.Environment
	opts    Options

	mu      sync.Mutex // guards the login and the search for the org and space
	api     *client.Client
	connErr error        // a failed login, kept for the command: trying again would fail the same way
	lookup  *placeLookup // the search for the org and space, started once

	domainMu  sync.Mutex // a lock of its own: apps deploying side by side must not wait on it to log in
	domainOrg string     // the org the domain below was looked up for
	domain    string     // GUID of the default apps domain, looked up when a route needs it
}

// NewClient keeps what it needs to connect later.
func NewClient(acc platforms.Account, env platforms.Environment, opts Options) (*Client, error) {
	if acc.CloudFoundry == nil {
		return nil, fmt.Errorf("account '%s' has no cloudfoundry settings", acc.Name)
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultOptions.PollInterval
	}
	if opts.StagingTimeout <= 0 {
		opts.StagingTimeout = DefaultOptions.StagingTimeout
	}
	if opts.JobTimeout <= 0 {
		opts.JobTimeout = DefaultOptions.JobTimeout
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	return &Client{Account: acc, env: env, opts: opts}, nil
}

// Connect starts logging in and finding the space, in the background (platforms.Connector).
func (c *Client) Connect(ctx context.Context) {
	go func() { _, _, _ = c.connect(ctx) }()
}

// session logs in, once per command (a Client lives as long as one command). Calls that name their objects by
// GUID need nothing more.
func (c *Client) session(ctx context.Context) (*client.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.api != nil || c.connErr != nil {
		return c.api, c.connErr
	}
	api, err := c.login(ctx)
	if err != nil && ctx.Err() == nil { // a cancelled login is not a verdict on the account
		c.connErr = err
	}
	c.api = api
	return api, err
}

// connect is session plus the account's space, looked up (or its remembered GUID confirmed) first.
func (c *Client) connect(ctx context.Context) (*client.Client, string, error) {
	api, err := c.session(ctx)
	if err != nil {
		return nil, "", err
	}
	at, err := c.findPlace(ctx, api).wait(ctx)
	return api, at.space, err
}

// guessPlace is connect without waiting when the org and space were remembered: the caller goes on with
// the remembered GUIDs and must ask the returned lookup (confirm) before it relies on them. The lookup is nil
// when there was nothing to guess (the place returned was found).
func (c *Client) guessPlace(ctx context.Context) (*client.Client, place, *placeLookup, error) {
	api, err := c.session(ctx)
	if err != nil {
		return nil, place{}, nil, err
	}
	l := c.findPlace(ctx, api)
	if l.guess != (place{}) {
		return api, l.guess, l, nil
	}
	at, err := l.wait(ctx)
	return api, at, nil, err // found, not guessed: nothing to confirm
}

func (c *Client) login(ctx context.Context) (*client.Client, error) {
	conn := c.Account.CloudFoundry.Connection
	cfg, _, err := c.config(ctx, conn)
	if te, ok := calltimeout.As(err); ok {
		return nil, te // it names the account already
	}
	if err != nil {
		return nil, fmt.Errorf("account '%s': %w", c.Account.Name, err)
	}
	api, err := client.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("account '%s': %w", c.Account.Name, err)
	}
	return api, nil
}

// place is the GUIDs of the account's org and space.
type place struct{ org, space string }

// placeLookup is the search for the account's org and space, made once per command. When the memo had them,
// guess holds them and the search only confirms them, beside the calls that already use them.
type placeLookup struct {
	guess place
	done  chan struct{} // closed once found or err is set
	found place
	err   error
}

func (l *placeLookup) wait(ctx context.Context) (place, error) {
	select {
	case <-l.done:
		return l.found, l.err
	case <-ctx.Done():
		return place{}, ctx.Err()
	}
}

// confirm reports whether the guess was right; when the search failed, its error (the space is gone, say).
func (l *placeLookup) confirm(ctx context.Context) (bool, error) {
	found, err := l.wait(ctx)
	return err == nil && found == l.guess, err
}

// findPlace starts the search for the org and space, once; the memo's GUIDs become its guess, and what the
// search finds is remembered when it differs.
func (c *Client) findPlace(ctx context.Context, api *client.Client) *placeLookup {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lookup != nil {
		return c.lookup
	}
	conn := c.Account.CloudFoundry.Connection
	l := &placeLookup{done: make(chan struct{})}
	if v, ok := c.env.Recall(ctx, c.Account.Name, c.placeKey()); ok {
		if org, space, ok := strings.Cut(v, " "); ok && org != "" && space != "" {
			l.guess = place{org: org, space: space}
		}
	}
	c.lookup = l
	go func() {
		defer close(l.done)
		org, space, err := findSpace(ctx, api, conn.Org, conn.Space)
		if te, ok := calltimeout.As(err); ok {
			l.err = te
			return
		}
		if err != nil {
			l.err = fmt.Errorf("account '%s': %s", c.Account.Name, describe(err))
			return
		}
		l.found = place{org: org, space: space}
		if l.found != l.guess {
			c.env.Remember(ctx, c.Account.Name, c.placeKey(), org+" "+space)
		}
	}()
	return l
}

// placeKey is the memo's key for the account's org and space GUIDs: the API, the org and the space it names.
func (c *Client) placeKey() string {
	conn := c.Account.CloudFoundry.Connection
	return fmt.Sprintf("cf.space %s %q %q", memoURL(conn.URL), conn.Org, conn.Space)
}

// memoURL is an API URL as a memo key names it: without a trailing slash, and without any user info a URL
// might carry (the memo holds nothing secret).
func memoURL(apiURL string) string {
	if u, err := url.Parse(apiURL); err == nil && u.User != nil {
		u.User = nil
		apiURL = u.String()
	}
	return strings.TrimRight(apiURL, "/")
}

// config builds go-cfclient's configuration: the cf CLI's login when the account asks for it, else the
// account's user (password grant) or client (client-credentials grant). go-cfclient fetches a token here. It
// returns the resolved secret so that errors can be checked for it.
func (c *Client) config(ctx context.Context, conn platforms.CloudFoundryConnection) (*config.Config, string, error) {
	// Apps deploy side by side: keep enough idle connections that each burst of requests reuses them instead
	// of dialling (net/http keeps 2 per host by default).
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 32
	if conn.SkipSSLValidation {
		transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} // #nosec G402 -- the account asks for it
	}
	timeout, err := calltimeout.Parse(conn.RequestTimeout)
	if err != nil {
		return nil, "", fmt.Errorf("connection.requestTimeout %v", err)
	}
	limit := calltimeout.Error{Account: c.Account.Name, Server: "Cloud Foundry", Setting: "connection.requestTimeout", Timeout: timeout}
	// go-cfclient insists on a client timeout of its own (30 s when none is given): it is set past the
	// account's, so that the account's limit, which says which account and which setting, is the one that ends
	// a request.
	backstop := timeout + 5*time.Second
	httpClient := &http.Client{Transport: calltimeout.Transport(transport, limit), Timeout: backstop}
	opts := []config.Option{config.HttpClient(httpClient), config.RequestTimeout(backstop)}
	if conn.SkipSSLValidation {
		opts = append(opts, config.SkipTLSValidation())
	}
	if conn.LoginHint != "" {
		opts = append(opts, config.Origin(conn.LoginHint))
	}
	if conn.UseCFCLILogin {
		home := c.env.Getenv("CF_HOME")
		if home == "" {
			home = c.env.Getenv("HOME")
		}
		cfg, err := config.NewFromCFHomeDir(home, opts...)
		if err != nil {
			return nil, "", fmt.Errorf("cannot use the cf CLI's login in %s (run `cf login` first): %s", filepath.Join(home, ".cf", "config.json"), describe(err))
		}
		if target := strings.TrimRight(cfg.ApiURL(""), "/"); conn.URL != "" && target != strings.TrimRight(conn.URL, "/") {
			return nil, "", fmt.Errorf("the cf CLI is logged in to %s, not to connection.url %s: run `cf login -a %s`, or drop the url", target, conn.URL, conn.URL)
		}
		return cfg, "", nil
	}
	if conn.URL == "" {
		return nil, "", errors.New("connection.url is not set")
	}
	clientSecret, err := platforms.ResolveSecret(conn.ClientSecret, c.env.Getenv)
	if err != nil {
		return nil, "", err
	}
	secret := clientSecret
	switch {
	case conn.Username != "":
		password, err := platforms.ResolveSecret(conn.Password, c.env.Getenv)
		if err != nil {
			return nil, "", err
		}
		if password == "" {
			return nil, "", errors.New("connection.password is not set (write it as a ${ENV} reference)")
		}
		secret = password
		opts = append(opts, config.UserPassword(conn.Username, password))
		if conn.ClientID != "" {
			opts = append(opts, config.ClientCredentials(conn.ClientID, clientSecret))
		}
	case conn.ClientID != "" && clientSecret != "":
		opts = append(opts, config.ClientCredentials(conn.ClientID, clientSecret))
	default:
		return nil, "", errors.New("connection needs a username and password, a clientId and clientSecret, or useCfCliLogin: true")
	}
	cfg, err := c.loginWith(ctx, httpClient, conn.URL, opts)
	if te, ok := calltimeout.As(err); ok {
		return nil, "", te
	}
	if err != nil {
		return nil, "", fmt.Errorf("cannot log in to %s as %s: %s", conn.URL, firstNonEmpty(conn.Username, conn.ClientID), hideSecret(describe(err), secret))
	}
	return cfg, secret, nil
}

// loginWith makes the configuration (and so gets the token) with the login endpoints the memo remembers for
// the API, or discovers them (GET /) and remembers them. Remembered endpoints that fail are discovered again
// and, if they changed, tried once more.
func (c *Client) loginWith(ctx context.Context, hc *http.Client, apiURL string, opts []config.Option) (*config.Config, error) {
	key := "cf.login " + memoURL(apiURL)
	known, recalled := c.env.Recall(ctx, c.Account.Name, key)
	ep, err := parseEndpoints(known)
	if !recalled || err != nil {
		if ep, err = discoverEndpoints(ctx, hc, apiURL); err != nil {
			return nil, err
		}
		c.env.Remember(ctx, c.Account.Name, key, ep.String())
	}
	cfg, err := config.New(apiURL, append(opts, config.AuthTokenURL(ep.login, ep.uaa))...)
	if err == nil || !recalled {
		return cfg, err
	}
	fresh, derr := discoverEndpoints(ctx, hc, apiURL)
	if derr != nil || fresh == ep {
		return nil, err
	}
	c.env.Remember(ctx, c.Account.Name, key, fresh.String())
	return config.New(apiURL, append(opts, config.AuthTokenURL(fresh.login, fresh.uaa))...)
}

// findSpace finds the space and its org in one request (spaces by name, with their orgs included), which
// keeps the login chain one request shorter than looking the org up first.
func findSpace(ctx context.Context, api *client.Client, orgName, spaceName string) (string, string, error) {
	if orgName == "" || spaceName == "" {
		return "", "", errors.New("connection.org and connection.space must both be set")
	}
	so := client.NewSpaceListOptions()
	so.Names.EqualTo(spaceName)
	spaces, orgs, err := api.Spaces.ListIncludeOrganizationsAll(ctx, so)
	if err != nil {
		return "", "", fmt.Errorf("cannot find space '%s' of org '%s': %w", spaceName, orgName, err)
	}
	for _, o := range orgs {
		if o.Name != orgName {
			continue
		}
		for _, sp := range spaces {
			if sp.Relationships.Organization.Data != nil && sp.Relationships.Organization.Data.GUID == o.GUID {
				return o.GUID, sp.GUID, nil
			}
		}
	}
	return "", "", fmt.Errorf("space '%s' does not exist in org '%s', or the user cannot see it", spaceName, orgName)
}

// defaultDomain is the GUID of the domain app routes go to: the account's apps domain, else the org's default.
func (c *Client) defaultDomain(ctx context.Context, api *client.Client, org string) (string, error) {
	c.domainMu.Lock()
	defer c.domainMu.Unlock()
	if c.domain != "" && c.domainOrg == org {
		return c.domain, nil
	}
	var g string
	if name := c.Account.CloudFoundry.AppsDomain(); name != "" {
		var err error
		if g, err = domainGUID(ctx, api, name); err != nil {
			return "", err
		}
	} else {
		d, err := api.Organizations.GetDefaultDomain(ctx, org)
		if err != nil {
			return "", fmt.Errorf("cannot find the default domain of org '%s': %s", c.Account.CloudFoundry.Connection.Org, describe(err))
		}
		g = d.GUID
	}
	c.domain, c.domainOrg = g, org
	return g, nil
}

func domainGUID(ctx context.Context, api *client.Client, name string) (string, error) {
	o := client.NewDomainListOptions()
	o.Names.EqualTo(name)
	ds, _, err := api.Domains.List(ctx, o)
	if err != nil {
		return "", fmt.Errorf("cannot find domain '%s': %s", name, describe(err))
	}
	if len(ds) == 0 {
		return "", fmt.Errorf("domain '%s' does not exist", name)
	}
	return ds[0].GUID, nil
}

// describe makes a Cloud Controller error read as the CC wrote it: "detail (CF-Title)".
func describe(err error) string {
	if te, ok := calltimeout.As(err); ok {
		return te.Error()
	}
	if cfErr, ok := ccError(err); ok {
		return fmt.Sprintf("%s (%s)", cfErr.Detail, cfErr.Title)
	}
	return err.Error()
}

// ccError is the (first) Cloud Controller error in err, in either form go-cfclient returns.
func ccError(err error) (resource.CloudFoundryError, bool) {
	var cfErr resource.CloudFoundryError
	if errors.As(err, &cfErr) {
		return cfErr, true
	}
	var cfErrs resource.CloudFoundryErrors
	if errors.As(err, &cfErrs) && len(cfErrs.Errors) > 0 {
		return cfErrs.Errors[0], true
	}
	return resource.CloudFoundryError{}, false
}

// hideSecret masks a secret should a library ever echo it in an error.
func hideSecret(text, secret string) string {
	if len(secret) < 3 {
		return text
	}
	return strings.ReplaceAll(text, secret, "******")
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
