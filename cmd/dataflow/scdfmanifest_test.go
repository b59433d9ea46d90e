package main

import "github.com/dataflow-cli/dataflow/internal/scdftest"

// fooManifest is the manifest SCDF's Skipper stored for foo = time | log, time with the given fixed delay and log
// at level INFO: SCDF's layering (bindings, the stream's name, label and type, the common properties and the
// platform's own ones, extra) as Skipper renders it.
func fooManifest(fixedDelay string, extra map[string]string) string {
	common := map[string]string{
		"management.endpoints.web.exposure.include": "health,info,bindings",
		"management.metrics.tags.application":       "${spring.cloud.dataflow.stream.name:unknown}-${spring.cloud.dataflow.stream.app.label:unknown}-${spring.cloud.dataflow.stream.app.type:unknown}",
		"management.metrics.tags.application.guid":  "${spring.cloud.application.guid:unknown}",
		"management.metrics.tags.application.name":  "${vcap.application.application_name:${spring.cloud.dataflow.stream.app.label:unknown}}",
		"management.metrics.tags.application.type":  "${spring.cloud.dataflow.stream.app.type:unknown}",
		"management.metrics.tags.instance.index":    "${vcap.application.instance_index:${spring.cloud.stream.instanceIndex:0}}",
		"management.metrics.tags.stream.name":       "${spring.cloud.dataflow.stream.name:unknown}",
		"wavefront.application.name":                "${spring.cloud.dataflow.stream.name:unknown}",
		"wavefront.application.service":             "${spring.cloud.dataflow.stream.app.label:unknown}-${spring.cloud.dataflow.stream.app.type:unknown}",
	}
	for k, v := range extra {
		common[k] = v
	}
	with := func(kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range common {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	group := map[string]string{"spring.cloud.deployer.group": "foo"}
	return scdftest.SkipperManifest(
		scdftest.ManifestApp{Label: "log", Resource: "docker:myorg/log", Version: "1.0.0", DeploymentProperties: group,
			ApplicationProperties: with("level", "INFO", "spring.cloud.dataflow.stream.app.label", "log", "spring.cloud.dataflow.stream.app.type", "sink",
				"spring.cloud.dataflow.stream.name", "foo", "spring.cloud.stream.bindings.input.destination", "foo.time", "spring.cloud.stream.bindings.input.group", "foo")},
		scdftest.ManifestApp{Label: "time", Resource: "docker:myorg/time", Version: "1.0.0", DeploymentProperties: group,
			ApplicationProperties: with("fixed-delay", fixedDelay, "spring.cloud.dataflow.stream.app.label", "time", "spring.cloud.dataflow.stream.app.type", "source",
				"spring.cloud.dataflow.stream.name", "foo", "spring.cloud.stream.bindings.output.destination", "foo.time", "spring.cloud.stream.bindings.output.producer.requiredGroups", "foo")})
}

// cfCommonTags are the tags SCDF adds to every stream app on Cloud Foundry.
var cfCommonTags = map[string]string{
	"management.metrics.tags.organization.name":   "${vcap.application.org_name:default}",
	"management.metrics.tags.space.id":            "${vcap.application.space_id:unknown}",
	"management.metrics.tags.space.name":          "${vcap.application.space_name:unknown}",
	"management.metrics.tags.application.id":      "${vcap.application.application_id:unknown}",
	"management.metrics.tags.application.version": "${vcap.application.application_version:unknown}",
}
