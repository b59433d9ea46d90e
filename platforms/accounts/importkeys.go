package accounts

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Property names below are compared in "squashed" form: relaxed binding with the dots gone too, so
// limits.memory, limitsMemory, LIMITS_MEMORY and limits-memory are all "limitsmemory".
func squash(key string) string { return relaxed(strings.ReplaceAll(key, ".", "")) }

// setKubernetes stores one account property in its typed field; false means the property has no typed field.
func setKubernetes(k *platforms.KubernetesAccount, key, v string) (bool, error) {
	var err error
	switch squash(key) {
	case "namespace", "fabric8namespace":
		k.Namespace = v
	case "fabric8masterurl", "masterurl":
		k.MasterURL = v
	case "fabric8trustcerts", "trustcerts":
		k.TrustCerts, err = parseBool("trustCerts", v)
	case "fabric8oauthtoken", "oauthtoken", "token":
		k.Token = v
	case "fabric8cacertfile", "cacertfile":
		k.CACertFile = v
	case "kubeconfig":
		k.Kubeconfig = v
	case "context":
		k.Context = v
	case "limitsmemory":
		k.Limits.Memory = v
	case "limitscpu":
		k.Limits.CPU = v
	case "limitsgpucount":
		k.Limits.GPU = v
	case "requestsmemory":
		k.Requests.Memory = v
	case "requestscpu":
		k.Requests.CPU = v
	case "environmentvariables":
		k.EnvironmentVariables = v
	case "readinessprobedelay", "readinesshttpprobedelay":
		k.ReadinessProbeDelay, err = parseInt("readinessProbeDelay", v)
	case "livenessprobedelay", "livenesshttpprobedelay":
		k.LivenessProbeDelay, err = parseInt("livenessProbeDelay", v)
	case "imagepullpolicy":
		k.ImagePullPolicy = v
	case "imagepullsecret":
		k.ImagePullSecret = v
	case "deploymentserviceaccountname":
		k.ServiceAccountName = v
	case "entrypointstyle":
		k.EntryPointStyle = v
	case "createjob":
		k.CreateJob, err = parseBool("createJob", v)
	case "maximumconcurrenttasks":
		k.MaxConcurrentTasks, err = parseInt("maximumConcurrentTasks", v)
	default:
		return false, nil
	}
	return true, err
}

func setConnection(c *platforms.CloudFoundryConnection, key, v string) (bool, error) {
	var err error
	switch squash(key) {
	case "url":
		c.URL = v
	case "domain":
		c.Domain = v
	case "org":
		c.Org = v
	case "space":
		c.Space = v
	case "username":
		c.Username = v
	case "password":
		c.Password = v
	case "clientid":
		c.ClientID = v
	case "clientsecret":
		c.ClientSecret = v
	case "loginhint":
		c.LoginHint = v
	case "skipsslvalidation":
		c.SkipSSLValidation, err = parseBool("connection.skipSslValidation", v)
	case "usecfclilogin":
		c.UseCFCLILogin, err = parseBool("connection.useCfCliLogin", v)
	default:
		return false, nil
	}
	return true, err
}

func setDeployment(d *platforms.CloudFoundryDeployment, key, v string) (bool, error) {
	var err error
	switch squash(key) {
	case "memory":
		d.Memory = v
	case "disk":
		d.Disk = v
	case "instances":
		var n int
		n, err = parseInt("deployment.instances", v)
		d.Instances = &n
	case "services":
		d.Services = v
	case "buildpacks", "buildpack":
		d.Buildpacks = v
	case "domain":
		d.Domain = v
	case "healthcheck":
		d.HealthCheck = strings.ToLower(v)
	case "healthcheckhttpendpoint":
		d.HealthCheckHTTPEndpoint = v
	case "healthchecktimeout":
		d.HealthCheckTimeout, err = parseInt("deployment.healthCheckTimeout", v)
	case "javaopts":
		d.JavaOpts = v
	case "enablerandomappnameprefix":
		d.EnableRandomAppNamePrefix, err = parseBoolPtr("deployment.enableRandomAppNamePrefix", v)
	case "appnameprefix":
		d.AppNamePrefix = v
	case "deleteroutes":
		d.DeleteRoutes, err = parseBoolPtr("deployment.deleteRoutes", v)
	case "schedulerurl":
		d.SchedulerURL = v
	case "maximumconcurrenttasks":
		d.MaxConcurrentTasks, err = parseInt("deployment.maximumConcurrentTasks", v)
	default:
		return false, nil
	}
	return true, err
}

func setLocal(l *platforms.LocalAccount, key, v string) (bool, error) {
	var err error
	switch squash(key) {
	case "workingdirectoriesroot", "workdir":
		l.WorkDir = v
	case "javacmd":
		l.JavaCmd = v
	case "javaopts":
		l.JavaOpts = v
	case "shutdowntimeout":
		var n int
		n, err = parseInt("shutdownTimeout", v)
		l.ShutdownTimeout = &n
	case "envvarstoinherit":
		l.EnvVarsToInherit = splitList(v)
	case "deletefilesonexit":
		l.DeleteFilesOnExit, err = parseBoolPtr("deleteFilesOnExit", v)
	case "maximumconcurrenttasks":
		l.MaxConcurrentTasks, err = parseInt("maximumConcurrentTasks", v)
	default:
		return false, nil
	}
	return true, err
}

// listProperties are the account properties SCDF binds as lists; YAML lists (key[0], key[1]) are joined with
// commas into the one typed field.
var listProperties = map[platforms.AccountType]map[string]bool{
	platforms.Kubernetes:   {"environmentvariables": true},
	platforms.CloudFoundry: {"deploymentservices": true, "deploymentbuildpacks": true, "deploymentbuildpack": true, "deploymentroutes": true},
	platforms.Local:        {"envvarstoinherit": true},
}

func parseInt(field, v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("%s must be a whole number, got '%s'", field, shorten(v, 40))
	}
	return n, nil
}

func parseBool(field, v string) (bool, error) {
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return false, fmt.Errorf("%s must be true or false, got '%s'", field, shorten(v, 40))
	}
	return b, nil
}

func parseBoolPtr(field, v string) (*bool, error) {
	b, err := parseBool(field, v)
	if err != nil {
		return nil, err
	}
	return &b, nil
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// canonicalName spells an untyped property the way SCDF documents it, whatever spelling it arrived in
// (NODE_SELECTOR, node-selector and nodeSelector all become nodeSelector), so the config file reads the same
// whichever source it came from. Unknown names and list indexes are kept as written.
func canonicalName(t platforms.AccountType, key string) string {
	base, rest := key, ""
	if i := strings.IndexByte(key, '['); i >= 0 {
		base, rest = key[:i], key[i:]
	}
	if name, ok := knownProperties()[t][squash(base)]; ok {
		return name + rest
	}
	return key
}

// knownProperties indexes the SCDF property names without a typed field (scdf-deployers §1.14, §2.3, local).
var knownProperties = sync.OnceValue(func() map[platforms.AccountType]map[string]string {
	kube := []string{
		"imagePullSecrets", "probeType", "probeCredentialsSecret", "maxTerminatedErrorRestarts",
		"maxCrashLoopBackOffRestarts", "createLoadBalancer", "serviceAnnotations", "podAnnotations", "jobAnnotations",
		"deploymentLabels", "minutesToWaitForLoadBalancer", "volumes", "volumeMounts", "hostNetwork", "nodeSelector",
		"tolerations", "nodeAffinity", "podAffinity", "podAntiAffinity", "taskServiceAccountName",
		"podSecurityContext", "containerSecurityContext", "secretKeyRefs", "configMapKeyRefs", "secretRefs",
		"configMapRefs", "statefulSet.volumeClaimTemplate.name", "statefulSet.volumeClaimTemplate.storage",
		"statefulSet.volumeClaimTemplate.storageClassName", "statefulSetInitContainerImageName", "initContainer",
		"initContainers", "additionalContainers", "lifecycle.postStart.exec.command", "lifecycle.preStop.exec.command",
		"terminationGracePeriodSeconds", "priorityClassName", "shareProcessNamespace", "restartPolicy", "backoffLimit",
		"ttlSecondsAfterFinished", "cron.concurrencyPolicy", "cron.ttlSecondsAfterFinished", "cron.backoffLimit",
		"appAdmin.user", "appAdmin.password", "limits.ephemeral-storage", "limits.hugepages-2Mi", "limits.hugepages-1Gi",
		"limits.gpuVendor", "requests.ephemeral-storage", "requests.hugepages-2Mi", "requests.hugepages-1Gi",
		"fabric8.username", "fabric8.password", "fabric8.caCertData", "fabric8.clientCertFile", "fabric8.clientCertData",
		"fabric8.clientKeyFile", "fabric8.clientKeyData", "fabric8.connectionTimeout", "fabric8.requestTimeout",
		"startupProbeScheme",
	}
	for _, probe := range []string{"liveness", "readiness", "startup"} {
		for _, kind := range []string{"Http", "Tcp", "Command", ""} {
			for _, field := range []string{"Delay", "Period", "Timeout", "Failure", "Success", "Path", "Port", "Scheme", "Command"} {
				kube = append(kube, probe+kind+"Probe"+field)
			}
		}
	}
	cf := []string{
		"deployment.host", "deployment.routes", "deployment.useSpringApplicationJson", "deployment.apiTimeout",
		"deployment.statusTimeout", "deployment.stagingTimeout", "deployment.startupTimeout",
		"deployment.pushTaskAppsEnabled", "deployment.autoDeleteMavenArtifacts", "deployment.scheduleSSLRetryCount",
		"deployment.scheduleTimeoutInSeconds", "deployment.unScheduleTimeoutInSeconds",
		"deployment.listTimeoutInSeconds", "deployment.appAdmin.user", "deployment.appAdmin.password",
	}
	local := []string{
		"useSpringApplicationJson", "portRange.low", "portRange.high", "inheritLogging", "debugPort", "debugAddress",
		"debugSuspend", "hostname", "docker.network", "docker.deleteContainerOnExit", "docker.portRange.low",
		"docker.portRange.high", "docker.portMappings", "docker.volumeMounts", "startupProbe.path", "healthProbe.path",
	}
	index := func(names []string, strip string) map[string]string {
		m := map[string]string{}
		for _, n := range names {
			m[squash(n)] = strings.TrimPrefix(n, strip)
		}
		return m
	}
	// CF keys arrive with their deployment. prefix and are stored without it (deployment.properties).
	return map[platforms.AccountType]map[string]string{platforms.Kubernetes: index(kube, ""), platforms.CloudFoundry: index(cf, "deployment."), platforms.Local: index(local, "")}
})
