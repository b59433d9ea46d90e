package flow

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/platforms"
)

// appSpec is one app of a stream release as Skipper's package held it: what the app is, what it gets, how the
// platform runs it. A release's config is its specs; its manifest is their rendering.
type appSpec struct {
	Label string  `json:"label"`
	Name  string  `json:"name"` // the registered name
	Type  AppType `json:"type"`
	// Resource is the registered URI without its version, as Skipper stores it; URI is the one to deploy.
	Resource              string            `json:"resource"`
	Version               string            `json:"version"`
	URI                   string            `json:"uri"`
	MetadataURI           string            `json:"metadataUri,omitempty"`
	ApplicationProperties map[string]string `json:"applicationProperties"`
	DeploymentProperties  map[string]string `json:"deploymentProperties"`
	// options are the registered version's options, to qualify short names with; runURI is the resource the
	// platform runs when it is not URI (a maven:// jar resolved to a file). Neither is part of the release.
	options AppOptions
	runURI  string
}

// releaseConfig is every app of a release, in deployment order (sink first, as SCDF deploys).
type releaseConfig struct {
	Apps []appSpec `json:"apps"`
}

// deployerProperties are each app's deployer properties.
func (c releaseConfig) deployerProperties() []map[string]string {
	out := make([]map[string]string, len(c.Apps))
	for i, a := range c.Apps {
		out[i] = a.DeploymentProperties
	}
	return out
}

func (c releaseConfig) app(label string) (appSpec, bool) {
	for _, a := range c.Apps {
		if a.Label == label {
			return a, true
		}
	}
	return appSpec{}, false
}

// deployerPrefix is what SCDF turns deployer.<app>. into.
const deployerPrefix = "spring.cloud.deployer."

// streamCommonProperties are put, if absent, into every stream app (SCDF's
// application-stream-common-properties-defaults.yml): the actuator endpoints the probes and runtime views use,
// and the metrics tags, whose ${...} placeholders the app resolves itself.
var streamCommonProperties = map[string]string{
	"management.endpoints.web.exposure.include": "health,info,bindings",
	"management.metrics.tags.stream.name":       "${spring.cloud.dataflow.stream.name:unknown}",
	"management.metrics.tags.application.name":  "${vcap.application.application_name:${spring.cloud.dataflow.stream.app.label:unknown}}",
	"management.metrics.tags.application.type":  "${spring.cloud.dataflow.stream.app.type:unknown}",
	"management.metrics.tags.instance.index":    "${vcap.application.instance_index:${spring.cloud.stream.instanceIndex:0}}",
	"management.metrics.tags.application.guid":  "${spring.cloud.application.guid:unknown}",
	"management.metrics.tags.application":       "${spring.cloud.dataflow.stream.name:unknown}-${spring.cloud.dataflow.stream.app.label:unknown}-${spring.cloud.dataflow.stream.app.type:unknown}",
	"wavefront.application.name":                "${spring.cloud.dataflow.stream.name:unknown}",
	"wavefront.application.service":             "${spring.cloud.dataflow.stream.app.label:unknown}-${spring.cloud.dataflow.stream.app.type:unknown}",
}

// cloudFoundryCommonTags are the tags the same file adds for Cloud Foundry accounts only.
var cloudFoundryCommonTags = map[string]string{
	"management.metrics.tags.organization.name":   "${vcap.application.org_name:default}",
	"management.metrics.tags.space.id":            "${vcap.application.space_id:unknown}",
	"management.metrics.tags.space.name":          "${vcap.application.space_name:unknown}",
	"management.metrics.tags.application.id":      "${vcap.application.application_id:unknown}",
	"management.metrics.tags.application.version": "${vcap.application.application_version:unknown}",
}

// commonProperties are the put-if-absent properties for an account of the given type.
func commonProperties(t platforms.AccountType) map[string]string {
	out := map[string]string{}
	for k, v := range streamCommonProperties {
		out[k] = v
	}
	if t == platforms.CloudFoundry {
		for k, v := range cloudFoundryCommonTags {
			out[k] = v
		}
	}
	return out
}

// deployProperties are the flat --properties of a deploy or an update, sorted into what each app gets.
type deployProperties map[string]string

// appProperties returns app.*.k and app.<label>.k (the label's win), with SCDF's producer./consumer. shorthands
// expanded to the output and input bindings.
func (p deployProperties) appProperties(label string) map[string]string {
	out := map[string]string{}
	for _, prefix := range []string{"app.*.", "app." + label + "."} {
		for _, k := range sortedKeys(p) {
			if key, ok := strings.CutPrefix(k, prefix); ok {
				out[expandBindingShorthand(key)] = p[k]
			}
		}
	}
	return out
}

func expandBindingShorthand(key string) string {
	if rest, ok := strings.CutPrefix(key, "producer."); ok {
		return "spring.cloud.stream.bindings.output.producer." + rest
	}
	if rest, ok := strings.CutPrefix(key, "consumer."); ok {
		return "spring.cloud.stream.bindings.input.consumer." + rest
	}
	return key
}

// deployerProperties returns deployer.*.k and deployer.<label>.k as spring.cloud.deployer.k (the label's win).
func (p deployProperties) deployerProperties(label string) map[string]string {
	out := map[string]string{}
	for _, prefix := range []string{"deployer.*.", "deployer." + label + "."} {
		for _, k := range sortedKeys(p) {
			if key, ok := strings.CutPrefix(k, prefix); ok {
				out[deployerPrefix+key] = p[k]
			}
		}
	}
	return out
}

// checkLabels fails on app., deployer. and version. keys that name no app of the stream: SCDF ignored them,
// which hid typos until the app ran without its setting.
func (p deployProperties) checkLabels(streamName string, labels []string) error {
	known := map[string]bool{"*": true}
	for _, l := range labels {
		known[l] = true
	}
	for _, k := range sortedKeys(p) {
		kind, rest, _ := strings.Cut(k, ".")
		if kind != "app" && kind != "deployer" && kind != "version" {
			return fmt.Errorf("Only deployment property keys starting with 'app.', 'deployer.' or 'version.' allowed, got '%s'", k)
		}
		label, _, _ := strings.Cut(rest, ".")
		if kind == "version" {
			label = rest
		}
		if !known[label] || (kind == "version" && label == "*") {
			return fmt.Errorf("property '%s' names no app of stream '%s' (its apps: %s)", k, streamName, strings.Join(labels, ", "))
		}
	}
	return nil
}

// instanceCountKey is the app property Spring Cloud Stream reads its instance count from.
const instanceCountKey = "spring.cloud.stream.instanceCount"

// syncInstanceCount gives the app the instance count it is deployed with, as SCDF does at deploy: an app
// deployed with `deployer.<app>.count` gets spring.cloud.stream.instanceCount to match, so that a manifest
// never shows one count in its deployment properties and another in its app properties.
func (a *appSpec) syncInstanceCount() {
	if _, set := a.DeploymentProperties[deployerPrefix+"count"]; set {
		if n, err := count(a.DeploymentProperties); err == nil { // a bad count is refused before
			a.ApplicationProperties[instanceCountKey] = strconv.Itoa(n)
		}
	}
}

// count is an app's instance count from its deployer properties (1 when unset).
func count(deployer map[string]string) (int, error) {
	v, ok := deployer[deployerPrefix+"count"]
	if !ok || v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("deployer count must be a whole number of instances, got '%s'", v)
	}
	return n, nil
}

// buildAppSpecs applies SCDF's layering (AppDeploymentRequestCreator) to a parsed stream: definition properties
// and bindings under app.* and app.<label> deploy properties, the stream's name/label/type on top, the common
// properties where absent; deployer.* and deployer.<label> as spring.cloud.deployer.*, the group, the instance
// count, partitioning. Resolve looks each app up in the registry. The result is in deployment order.
func buildAppSpecs(streamName string, s *dsl.Stream, props deployProperties, accountType platforms.AccountType,
	resolve func(a StreamApp, version string) (appSpec, error)) (releaseConfig, error) {
	apps := StreamApps(streamName, s)
	specs := make([]appSpec, len(apps))
	for i, a := range apps {
		spec, err := resolve(a, props["version."+a.Label])
		if err != nil {
			return releaseConfig{}, err
		}
		appProps := a.Properties
		for k, v := range props.appProperties(a.Label) {
			appProps[k] = v
		}
		// SCDF qualifies the definition's and the deploy's app properties together, before it adds its own.
		appProps, err = qualify(fmt.Sprintf("app '%s'", a.Label), spec.options, appProps)
		if err != nil {
			return releaseConfig{}, err
		}
		appProps[streamNameKey], appProps[streamAppLabelKey], appProps[streamAppTypeKey] = streamName, a.Label, string(a.Type)
		for k, v := range commonProperties(accountType) {
			if _, ok := appProps[k]; !ok {
				appProps[k] = v
			}
		}
		deployer := props.deployerProperties(a.Label)
		deployer[deployerPrefix+"group"] = streamName
		if _, err := count(deployer); err != nil {
			return releaseConfig{}, fmt.Errorf("app '%s': %w", a.Label, err)
		}
		spec.Label, spec.Name, spec.Type = a.Label, a.Name, a.Type
		spec.ApplicationProperties, spec.DeploymentProperties = appProps, deployer
		spec.syncInstanceCount()
		specs[i] = spec
	}
	applyPartitioning(specs)
	// SCDF deploys sink first, so that consumers are there before producers send.
	for i, j := 0, len(specs)-1; i < j; i, j = i+1, j-1 {
		specs[i], specs[j] = specs[j], specs[i]
	}
	return releaseConfig{Apps: specs}, nil
}

// applyPartitioning follows SCDF: an app whose upstream producer has a partition key expression or extractor
// is indexed and a partitioned consumer, and the producer learns the consumer's instance count. specs are in
// stream order here.
func applyPartitioning(specs []appSpec) {
	const out = "spring.cloud.stream.bindings.output.producer."
	for i := 1; i < len(specs); i++ {
		up := specs[i-1].ApplicationProperties
		_, byExpr := up[out+"partitionKeyExpression"]
		_, byClass := up[out+"partitionKeyExtractorClass"]
		if !byExpr && !byClass {
			continue
		}
		specs[i].DeploymentProperties[deployerPrefix+"indexed"] = "true"
		specs[i].ApplicationProperties["spring.cloud.stream.bindings.input.consumer.partitioned"] = "true"
		n, _ := count(specs[i].DeploymentProperties)
		up[out+"partitionCount"] = strconv.Itoa(n)
	}
}

// deploymentOf turns a spec into what the platform gets.
func (a appSpec) deploymentOf(stream, deploymentID string) (platforms.AppDeployment, error) {
	n, err := count(a.DeploymentProperties)
	if err != nil {
		return platforms.AppDeployment{}, err
	}
	resource := a.URI
	if a.runURI != "" {
		resource = a.runURI
	}
	return platforms.AppDeployment{Group: stream, Label: a.Label, DeploymentID: deploymentID, Resource: resource,
		AppProperties: a.ApplicationProperties, DeployerProperties: a.DeploymentProperties, Count: n,
		SecretKeys: secretKeys(a.ApplicationProperties), SecretEnvNames: secretEnvNames(a.DeploymentProperties)}, nil
}

// redacted is the spec as `stream deploy --dry-run` shows it: app properties masked as everywhere, deployer
// properties as RedactDeployerValue says (the keys that name Secrets, imagePullSecret and secretRefs, are
// shown).
func (a appSpec) redacted() appSpec {
	a.ApplicationProperties = RedactProperties(a.ApplicationProperties)
	deployer := make(map[string]string, len(a.DeploymentProperties))
	for k, v := range a.DeploymentProperties {
		deployer[k] = RedactDeployerValue(k, v)
	}
	a.DeploymentProperties = deployer
	return a
}

// secretEnvNames lists, sorted, the environment variables given in deployer properties (SCDF's
// environmentVariables=NAME=value,...) whose names look secret and whose values are not empty: the platform
// sets them from a secret. A list that does not parse is left to the platform, which refuses it.
func secretEnvNames(deployer map[string]string) []string {
	var names []string
	for k, v := range deployer {
		if !isEnvironmentVariablesKey(k) {
			continue
		}
		pairs, _ := platforms.EnvironmentVariables(v)
		for _, p := range pairs {
			if p[1] != "" && IsSecretKey(p[0]) && !slices.Contains(names, p[0]) {
				names = append(names, p[0])
			}
		}
	}
	sort.Strings(names)
	return names
}

// isEnvironmentVariablesKey says whether a deployer property is an environmentVariables list, its name matched
// relaxed as the platforms match it (environmentVariables, environment-variables, ENVIRONMENT_VARIABLES).
func isEnvironmentVariablesKey(key string) bool {
	last := key[strings.LastIndexByte(key, '.')+1:]
	return strings.EqualFold(platforms.RelaxedName(last), "environmentvariables")
}

// secretKeys lists, sorted, the properties that go the secret way: secret-looking keys, and values holding a URL
// password (the whole value goes, so the platform never sees the URL in the clear).
func secretKeys(props map[string]string) []string {
	var keys []string
	for k, v := range props {
		if isSecretProperty(k, v) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// labelsOf lists a stream's labels in stream order.
func labelsOf(s *dsl.Stream) []string {
	labels := make([]string, len(s.Apps))
	for i, a := range s.Apps {
		labels[i] = a.EffectiveLabel()
	}
	return labels
}

// sortedLabels is used where order must be stable but has no meaning.
func sortedLabels(c releaseConfig) []string {
	out := make([]string, len(c.Apps))
	for i, a := range c.Apps {
		out[i] = a.Label
	}
	sort.Strings(out)
	return out
}
