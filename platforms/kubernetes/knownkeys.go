package kubernetes

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Every deployer property is checked against the names SCDF's Kubernetes deployer reads (its
// KubernetesDeployerProperties, the task launcher's and the scheduler's): SCDF ignored a name it did not
// know, so a typo (kubernetes.limits.memroy) deployed an app without its setting. A name that is not known is
// refused before any call, with the nearest known name.

// scalarProperties are the names whose value is one string.
var scalarProperties = []string{
	"imagePullSecret", "imagePullPolicy", "entryPointStyle", "environmentVariables",
	"limits.cpu", "limits.memory", "limits.ephemeral-storage", "limits.hugepages-2Mi", "limits.hugepages-1Gi",
	"limits.gpuVendor", "limits.gpuCount",
	"requests.cpu", "requests.memory", "requests.ephemeral-storage", "requests.hugepages-2Mi", "requests.hugepages-1Gi",
	"probeType", "bootMajorVersion", "probeCredentialsSecret", "startupProbeScheme",
	"maxTerminatedErrorRestarts", "maxCrashLoopBackOffRestarts",
	"createLoadBalancer", "createNodePort", "servicePorts", "containerPorts", "minutesToWaitForLoadBalancer",
	"serviceAnnotations", "podAnnotations", "jobAnnotations", "deploymentLabels",
	"hostNetwork", "nodeSelector", "deploymentServiceAccountName", "taskServiceAccountName",
	"statefulSet.volumeClaimTemplate.name", "statefulSet.volumeClaimTemplate.storage",
	"statefulSet.volumeClaimTemplate.storageClassName", "statefulSetInitContainerImageName",
	"containerCommand", "terminationGracePeriodSeconds", "priorityClassName", "shareProcessNamespace", "restartPolicy",
	"createJob", "backoffLimit", "ttlSecondsAfterFinished", "maximumConcurrentTasks",
	"cron.concurrencyPolicy", "concurrencyPolicy", "cron.ttlSecondsAfterFinished", "cron.backoffLimit",
	"appAdmin.user", "appAdmin.password",
}

// accountOnlyProperties are the account's connection settings (ours and fabric8's); an app or a schedule giving
// one is told where it belongs, as SCDF would have ignored it there.
var accountOnlyProperties = map[string]string{
	"namespace":       "the namespace is the account's: set it in the accounts file (kubernetes.namespace)",
	"requestTimeout":  "the API call timeout is the account's: set it in the accounts file (kubernetes.requestTimeout)",
	"cron.expression": "a schedule's expression is given with task schedule create --expression",
}

// structuredProperties are the names whose value is a YAML value or flattened keys under it (name.x, name[0]).
var structuredProperties = []string{
	"tolerations", "volumes", "volumeMounts", "imagePullSecrets", "podSecurityContext", "containerSecurityContext",
	"affinity.nodeAffinity", "affinity.podAffinity", "affinity.podAntiAffinity",
	"secretKeyRefs", "configMapKeyRefs", "secretRefs", "configMapRefs",
	"initContainer", "initContainers", "additionalContainers",
	"lifecycle.postStart.exec.command", "lifecycle.preStop.exec.command",
}

// accountOnlyStructured are SCDF's account field names for affinity, and fabric8's connection settings.
var accountOnlyStructured = []string{"nodeAffinity", "podAffinity", "podAntiAffinity", "fabric8"}

// knownNames indexes every name by its relaxed form, with the probe names SCDF derives.
var knownNames = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	add := func(names ...string) {
		for _, n := range names {
			out[relaxedKey(n)] = n
		}
	}
	add(scalarProperties...)
	add(structuredProperties...)
	for _, kind := range []string{"liveness", "readiness", "startup"} {
		for _, typ := range []string{"Http", "Tcp", "Command", ""} {
			for _, field := range []string{"Delay", "Period", "Timeout", "Failure", "Success", "Path", "Port", "Scheme", "Command"} {
				add(kind + typ + "Probe" + field)
			}
		}
	}
	return out
})

// relaxedKey is a dotted name relaxed segment by segment, list indexes kept.
func relaxedKey(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = relaxed(p)
	}
	return strings.Join(parts, ".")
}

// knownProperty says whether a name (after kubernetes.) is one the deployer reads; account names may also be
// SCDF's account-only ones.
func knownProperty(name string, account bool) bool {
	rk := relaxedKey(name)
	if _, ok := knownNames()[rk]; ok {
		return true
	}
	roots := structuredProperties
	if account {
		roots = append(append([]string{}, structuredProperties...), accountOnlyStructured...)
	}
	for _, root := range roots {
		r := relaxedKey(root)
		if rk == r || strings.HasPrefix(rk, r+".") || strings.HasPrefix(rk, r+"[") {
			return true
		}
	}
	return false
}

// nearestProperty is the known name closest to name (edit distance on the relaxed forms); the structured
// roots are compared with the key's first segments too, so tolerations[0].kee still points at tolerations.
func nearestProperty(name string) string {
	rk := relaxedKey(name)
	candidates := []string{rk}
	if i := strings.IndexAny(rk, ".["); i > 0 {
		candidates = append(candidates, rk[:i])
		if j := strings.IndexAny(rk[i+1:], ".["); j > 0 {
			candidates = append(candidates, rk[:i+1+j])
		}
	}
	best, bestD := "", 1<<30
	keys := make([]string, 0, len(knownNames()))
	for k := range knownNames() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, c := range candidates {
			if d := editDistance(c, k); d < bestD {
				best, bestD = knownNames()[k], d
			}
		}
	}
	return best
}

// editDistance is Levenshtein's distance between two strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// genericDeployerKeys are the spring.cloud.deployer.x keys of SCDF's deployer SPI that flow and SCDF set or
// users give (deployer.<app>.count); the Kubernetes deployer reads the first ones and ignores the resource ones,
// which it reads under kubernetes.limits / kubernetes.requests instead.
var genericDeployerKeys = map[string]string{
	"count": "", "group": "", "indexed": "", "appName": "",
	"memory": "kubernetes.limits.memory", "cpu": "kubernetes.limits.cpu", "disk": "kubernetes.limits.ephemeral-storage",
}

// otherPlatformPrefixes are the deployer namespaces of the other platforms: flow notes their keys as ignored.
var otherPlatformPrefixes = []string{"cloudfoundry.", "local."}

// checkDeployerKeys refuses an app's or a task's deployer property the Kubernetes deployer does not know, and
// one of the account's, naming the nearest known property.
func checkDeployerKeys(s settings, deployer map[string]string) error {
	var keys []string
	for k := range deployer {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rest, ok := strings.CutPrefix(k, "spring.cloud.deployer.")
		if !ok {
			continue
		}
		if name, isK8s := strings.CutPrefix(rest, "kubernetes."); isK8s {
			if advice, ok := accountOnlyProperties[accountOnlyName(name)]; ok {
				return fmt.Errorf("deployer property kubernetes.%s cannot be set here: %s", name, advice)
			}
			if !knownProperty(name, false) {
				return fmt.Errorf("deployer property kubernetes.%s is not one the Kubernetes deployer knows: did you mean kubernetes.%s?", name, nearestProperty(name))
			}
			continue
		}
		if hasAnyPrefix(rest, otherPlatformPrefixes) {
			continue // another platform's: flow notes it as ignored
		}
		if rest == "cron.expression" {
			return fmt.Errorf("deployer property cron.expression cannot be set here: %s", accountOnlyProperties["cron.expression"])
		}
		instead, known := genericDeployerKeys[rest]
		switch {
		case known && instead != "":
			return fmt.Errorf("deployer property %s is not read on Kubernetes: use %s", rest, instead)
		case !known:
			guess := rest
			if first, after, ok := strings.Cut(rest, "."); ok && editDistance(strings.ToLower(first), "kubernetes") <= 2 {
				guess = after // a misspelt namespace: kubernets.limits.cpu
			}
			return fmt.Errorf("deployer property %s is not one the Kubernetes deployer knows: did you mean kubernetes.%s?", rest, nearestProperty(guess))
		}
	}
	accountKeys := make([]string, 0, len(s.accountRaw))
	for k := range s.accountRaw {
		accountKeys = append(accountKeys, k)
	}
	sort.Strings(accountKeys)
	for _, k := range accountKeys {
		if _, ok := accountOnlyProperties[accountOnlyName(k)]; ok && accountOnlyName(k) != "cron.expression" {
			continue
		}
		if !knownProperty(k, true) {
			return fmt.Errorf("account '%s': its property %s is not one the Kubernetes deployer knows: did you mean %s? (fix it in the accounts file)", s.accountName, k, nearestProperty(k))
		}
	}
	return nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// accountOnlyName is the accountOnlyProperties key a name matches (relaxed), or the name itself.
func accountOnlyName(name string) string {
	for k := range accountOnlyProperties {
		if relaxedKey(k) == relaxedKey(name) {
			return k
		}
	}
	return name
}
