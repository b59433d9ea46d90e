// Package platforms is the contract between flow and the places apps run: the account configuration (load,
// validate, import SCDF's own files) and, as platforms land, the interface they implement.
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

// ParseAccountType accepts SCDF's spellings of the three types.
func ParseAccountType(s string) (AccountType, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "-", "")) {
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

// Account is one named platform account.
type Account struct {
	Name         string               `yaml:"name"`
	Type         AccountType          `yaml:"type"`
	Kubernetes   *KubernetesAccount   `yaml:"kubernetes,omitempty"`
	CloudFoundry *CloudFoundryAccount `yaml:"cloudfoundry,omitempty"`
	Local        *LocalAccount        `yaml:"local,omitempty"`
}

// Resources is a Kubernetes limits or requests block.
type Resources struct {
	Memory string `yaml:"memory,omitempty"`
	CPU    string `yaml:"cpu,omitempty"`
	GPU    string `yaml:"gpuCount,omitempty"`
}

// KubernetesAccount is a namespace reached through a kubeconfig context or an explicit master URL, with the
// deployer defaults SCDF let an account set. Properties keeps every other deployer property by its SCDF name.
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
	EnvironmentVariables string            `yaml:"environmentVariables,omitempty"`
	ReadinessProbeDelay  int               `yaml:"readinessProbeDelay,omitempty"`
	LivenessProbeDelay   int               `yaml:"livenessProbeDelay,omitempty"`
	ImagePullPolicy      string            `yaml:"imagePullPolicy,omitempty"`
	ImagePullSecret      string            `yaml:"imagePullSecret,omitempty"`
	ServiceAccountName   string            `yaml:"deploymentServiceAccountName,omitempty"`
	EntryPointStyle      string            `yaml:"entryPointStyle,omitempty"`
	CreateJob            bool              `yaml:"createJob,omitempty"`
	MaxConcurrentTasks   int               `yaml:"maximumConcurrentTasks,omitempty"`
	Properties           map[string]string `yaml:"properties,omitempty"`
}

// CloudFoundryAccount is an org and space reached through the Cloud Controller API.
type CloudFoundryAccount struct {
	Connection CloudFoundryConnection `yaml:"connection"`
	Deployment CloudFoundryDeployment `yaml:"deployment,omitempty"`
}

// CloudFoundryConnection says where and as whom; secrets may be ${ENV} references.
type CloudFoundryConnection struct {
	URL               string `yaml:"url,omitempty"`
	Domain            string `yaml:"domain,omitempty"`
	Org               string `yaml:"org,omitempty"`
	Space             string `yaml:"space,omitempty"`
	Username          string `yaml:"username,omitempty"`
	Password          string `yaml:"password,omitempty"`
	ClientID          string `yaml:"clientId,omitempty"`
	ClientSecret      string `yaml:"clientSecret,omitempty"`
	SkipSSLValidation bool   `yaml:"skipSslValidation,omitempty"`
	// UseCFCLILogin reuses the cf CLI's login (~/.cf/config.json) instead of the credentials above.
	UseCFCLILogin bool `yaml:"useCfCliLogin,omitempty"`
}

// CloudFoundryDeployment holds the account's deployment defaults; Properties keeps the rest by SCDF name.
type CloudFoundryDeployment struct {
	Memory                    string            `yaml:"memory,omitempty"`
	Disk                      string            `yaml:"disk,omitempty"`
	Instances                 int               `yaml:"instances,omitempty"`
	Services                  string            `yaml:"services,omitempty"`
	Buildpacks                string            `yaml:"buildpacks,omitempty"`
	EnableRandomAppNamePrefix *bool             `yaml:"enableRandomAppNamePrefix,omitempty"`
	AppNamePrefix             string            `yaml:"appNamePrefix,omitempty"`
	DeleteRoutes              *bool             `yaml:"deleteRoutes,omitempty"`
	SchedulerURL              string            `yaml:"schedulerUrl,omitempty"`
	Properties                map[string]string `yaml:"properties,omitempty"`
}

// LocalAccount runs apps as child processes of this machine.
type LocalAccount struct {
	WorkDir            string `yaml:"workDir,omitempty"`
	JavaCmd            string `yaml:"javaCmd,omitempty"`
	MaxConcurrentTasks int    `yaml:"maximumConcurrentTasks,omitempty"`
}
