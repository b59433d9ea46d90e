// Package platforms is the contract between flow and the places apps run: the accounts they receive, the
// interfaces they implement and the specs and statuses that cross it. The account configuration (the file,
// its checks, the SCDF import, platform-list descriptions) is package platforms/accounts.
package platforms

import (
	"fmt"
	"strings"
)

// AccountType is the kind of platform an account points at.
type AccountType string

const (
	Kubernetes   AccountType = "kubernetes"
	CloudFoundry AccountType = "cloudfoundry"
	Local        AccountType = "local"
)

// ParseAccountType accepts SCDF's spellings of the three types ("Cloud Foundry", "cloudfoundry", "k8s", ...).
func ParseAccountType(s string) (AccountType, error) {
	switch strings.ToLower(strings.NewReplacer(" ", "", "-", "", "_", "").Replace(s)) {
	case "kubernetes", "k8s":
		return Kubernetes, nil
	case "cloudfoundry", "cf":
		return CloudFoundry, nil
	case "local":
		return Local, nil
	}
	return "", fmt.Errorf("unknown platform type '%s': use kubernetes, cloudfoundry or local", s)
}

// StreamTypeName is how `stream platform-list` (Skipper) spells the type.
func (t AccountType) StreamTypeName() string { return string(t) }

// TaskTypeName is how `task platform-list` (the SCDF server) spells the type.
func (t AccountType) TaskTypeName() string {
	switch t {
	case Kubernetes:
		return "Kubernetes"
	case CloudFoundry:
		return "Cloud Foundry"
	case Local:
		return "Local"
	}
	return string(t)
}

// Account is one named platform account. Exactly the block matching Type is set.
type Account struct {
	Name         string               `yaml:"name"`
	Type         AccountType          `yaml:"type"`
	Kubernetes   *KubernetesAccount   `yaml:"kubernetes,omitempty"`
	CloudFoundry *CloudFoundryAccount `yaml:"cloudfoundry,omitempty"`
	Local        *LocalAccount        `yaml:"local,omitempty"`
}

// Resources is a Kubernetes limits or requests block; rarer keys (ephemeral-storage, hugepages, gpuVendor) stay
// in the account's Properties as limits.<key> / requests.<key>.
type Resources struct {
	Memory string `yaml:"memory,omitempty"`
	CPU    string `yaml:"cpu,omitempty"`
	GPU    string `yaml:"gpuCount,omitempty"`
}

// KubernetesAccount is a namespace reached through a kubeconfig context or an explicit master URL, with the
// deployer defaults SCDF let an account set. With no connection settings at all the default kubeconfig
// ($KUBECONFIG, ~/.kube/config) and its current context are used, then the in-cluster service account.
// Properties keeps every other deployer property under its SCDF name (nodeSelector, tolerations[0].key,
// fabric8.username, ...), so an import loses nothing.
type KubernetesAccount struct {
	Kubeconfig           string            `yaml:"kubeconfig,omitempty"`
	Context              string            `yaml:"context,omitempty"`
	MasterURL            string            `yaml:"masterUrl,omitempty"`
	Token                string            `yaml:"token,omitempty"` // a literal or a ${ENV} reference
	CACertFile           string            `yaml:"caCertFile,omitempty"`
	TrustCerts           bool              `yaml:"trustCerts,omitempty"`
	Namespace            string            `yaml:"namespace,omitempty"`
	Limits               Resources         `yaml:"limits,omitempty"`
	Requests             Resources         `yaml:"requests,omitempty"`
	EnvironmentVariables string            `yaml:"environmentVariables,omitempty"` // K=V,K2=V2
	ReadinessProbeDelay  int               `yaml:"readinessProbeDelay,omitempty"`
	LivenessProbeDelay   int               `yaml:"livenessProbeDelay,omitempty"`
	ImagePullPolicy      string            `yaml:"imagePullPolicy,omitempty"`
	ImagePullSecret      string            `yaml:"imagePullSecret,omitempty"`
	ServiceAccountName   string            `yaml:"deploymentServiceAccountName,omitempty"`
	EntryPointStyle      string            `yaml:"entryPointStyle,omitempty"`
	CreateJob            bool              `yaml:"createJob,omitempty"`
	MaxConcurrentTasks   int               `yaml:"maximumConcurrentTasks,omitempty"`
	RequestTimeout       string            `yaml:"requestTimeout,omitempty"` // each API call's limit (ours): "30", "30s", "500ms"
	Properties           map[string]string `yaml:"properties,omitempty"`
}

// CloudFoundryAccount is an org and space reached through the Cloud Controller API.
type CloudFoundryAccount struct {
	Connection CloudFoundryConnection `yaml:"connection"`
	Deployment CloudFoundryDeployment `yaml:"deployment,omitempty"`
}

// CloudFoundryConnection says where and as whom; Password and ClientSecret may be ${ENV} references.
type CloudFoundryConnection struct {
	URL      string `yaml:"url,omitempty"`
	Domain   string `yaml:"domain,omitempty"` // the apps domain; SCDF's own code reads it from deployment.domain
	Org      string `yaml:"org,omitempty"`
	Space    string `yaml:"space,omitempty"`
	Username string `yaml:"username,omitempty"`
	Password string `yaml:"password,omitempty"`
	// ClientID and ClientSecret select a UAA client instead of the cf CLI's public client.
	ClientID          string `yaml:"clientId,omitempty"`
	ClientSecret      string `yaml:"clientSecret,omitempty"`
	LoginHint         string `yaml:"loginHint,omitempty"`
	SkipSSLValidation bool   `yaml:"skipSslValidation,omitempty"`
	// UseCFCLILogin reuses the cf CLI's login (~/.cf/config.json) instead of the credentials above.
	UseCFCLILogin bool `yaml:"useCfCliLogin,omitempty"`
	// RequestTimeout bounds each call to the Cloud Controller, UAA and the scheduler (ours, not SCDF's).
	RequestTimeout string `yaml:"requestTimeout,omitempty"`
}

// CloudFoundryDeployment holds the account's deployment defaults; Properties keeps the rest by SCDF name.
// Pointers and zero values mean "SCDF's default" (scdf-deployers §2.3), so a saved file says only what the
// user said.
type CloudFoundryDeployment struct {
	Memory                    string            `yaml:"memory,omitempty"`
	Disk                      string            `yaml:"disk,omitempty"`
	Instances                 *int              `yaml:"instances,omitempty"`  // nil: unset (1); 0 deploys no instance, as in SCDF
	Services                  string            `yaml:"services,omitempty"`   // comma list
	Buildpacks                string            `yaml:"buildpacks,omitempty"` // comma list
	Domain                    string            `yaml:"domain,omitempty"`
	HealthCheck               string            `yaml:"healthCheck,omitempty"` // port, http, process, none
	HealthCheckHTTPEndpoint   string            `yaml:"healthCheckHttpEndpoint,omitempty"`
	HealthCheckTimeout        int               `yaml:"healthCheckTimeout,omitempty"` // seconds
	JavaOpts                  string            `yaml:"javaOpts,omitempty"`
	EnableRandomAppNamePrefix *bool             `yaml:"enableRandomAppNamePrefix,omitempty"`
	AppNamePrefix             string            `yaml:"appNamePrefix,omitempty"`
	DeleteRoutes              *bool             `yaml:"deleteRoutes,omitempty"`
	SchedulerURL              string            `yaml:"schedulerUrl,omitempty"`
	MaxConcurrentTasks        int               `yaml:"maximumConcurrentTasks,omitempty"`
	Properties                map[string]string `yaml:"properties,omitempty"`
}

// LocalAccount runs apps as child processes of this machine. Unset fields take SCDF's local deployer defaults
// (LocalDefaults).
type LocalAccount struct {
	WorkDir            string            `yaml:"workDir,omitempty"` // SCDF's workingDirectoriesRoot
	JavaCmd            string            `yaml:"javaCmd,omitempty"`
	JavaOpts           string            `yaml:"javaOpts,omitempty"`
	ShutdownTimeout    *int              `yaml:"shutdownTimeout,omitempty"` // seconds
	EnvVarsToInherit   []string          `yaml:"envVarsToInherit,omitempty"`
	DeleteFilesOnExit  *bool             `yaml:"deleteFilesOnExit,omitempty"`
	MaxConcurrentTasks int               `yaml:"maximumConcurrentTasks,omitempty"`
	Properties         map[string]string `yaml:"properties,omitempty"`
}

// LocalDefaults are SCDF's local deployer defaults, used where a LocalAccount leaves a field unset.
var LocalDefaults = struct {
	JavaCmd            string
	ShutdownTimeout    int
	EnvVarsToInherit   []string
	DeleteFilesOnExit  bool
	MaxConcurrentTasks int
}{
	JavaCmd:            "java",
	ShutdownTimeout:    30,
	EnvVarsToInherit:   []string{"TMP", "LANG", "LANGUAGE", "LC_.*", "PATH", "SPRING_APPLICATION_JSON"},
	DeleteFilesOnExit:  true,
	MaxConcurrentTasks: 20,
}

// AppsDomain is the domain app routes are made in: deployment.domain, where SCDF reads it, else the
// connection.domain the SCDF docs and seed manifests write; empty means the foundation's shared domain.
func (c *CloudFoundryAccount) AppsDomain() string {
	return firstNonEmpty(c.Deployment.Domain, c.Connection.Domain)
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
