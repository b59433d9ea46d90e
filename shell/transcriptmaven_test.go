package shell

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/jartest"
	"github.com/dataflow-cli/dataflow/internal/maven/maventest"
)

// logSinkMetadata and transformMetadata are the options of the transcripts' log sink and transform processor,
// trimmed from SCDF's stock apps.
const logSinkMetadata = `{
  "groups": [{"name": "log", "type": "org.springframework.cloud.fn.consumer.log.LogConsumerProperties",
              "sourceType": "org.springframework.cloud.fn.consumer.log.LogConsumerProperties"}],
  "properties": [
    {"name": "log.expression", "type": "java.lang.String", "sourceType": "org.springframework.cloud.fn.consumer.log.LogConsumerProperties",
     "description": "A SpEL expression (against the incoming message) to evaluate as the logged message.", "defaultValue": "payload"},
    {"name": "log.level", "type": "org.springframework.integration.handler.LoggingHandler$Level",
     "sourceType": "org.springframework.cloud.fn.consumer.log.LogConsumerProperties", "description": "The level at which to log messages."},
    {"name": "log.name", "type": "java.lang.String", "sourceType": "org.springframework.cloud.fn.consumer.log.LogConsumerProperties",
     "description": "The name of the logger to use."}
  ],
  "hints": [{"name": "log.level", "values": [{"value": "FATAL"}, {"value": "ERROR"}, {"value": "WARN"}, {"value": "INFO"}, {"value": "DEBUG"}, {"value": "TRACE"}]}]
}`

const transformMetadata = `{
  "groups": [{"name": "spel.function", "type": "org.springframework.cloud.fn.spel.SpelFunctionProperties",
              "sourceType": "org.springframework.cloud.fn.spel.SpelFunctionProperties"}],
  "properties": [
    {"name": "spel.function.expression", "type": "java.lang.String", "sourceType": "org.springframework.cloud.fn.spel.SpelFunctionProperties",
     "description": "A SpEL expression to apply.", "defaultValue": "payload"},
    {"name": "server.port", "type": "java.lang.Integer", "description": "Server HTTP port.", "defaultValue": 8080}
  ]
}`

// startTranscriptRepo serves, for a transcript's "#! maven" line, a Maven repository holding the apps the
// transcripts register by maven:// and http:// URI, and points the session's configuration at it ($MAVEN is
// its URL in commands and output).
func startTranscriptRepo(t *testing.T, tmp, configPath string) *maventest.Repo {
	t.Helper()
	repo := maventest.Start(filepath.Join(tmp, "remote"))
	t.Cleanup(repo.Close)
	logVisible := "configuration-properties.classes=org.springframework.cloud.fn.consumer.log.LogConsumerProperties\n"
	transformVisible := "configuration-properties.classes=org.springframework.cloud.fn.spel.SpelFunctionProperties\n"
	publish := []struct {
		group, artifact, version, file string
		jar                            jartest.Entries
	}{
		{"org.springframework.cloud.stream.app", "log-sink-rabbit", "3.2.1", "log-sink-rabbit-3.2.1.jar", jartest.FatJar(logSinkMetadata, logVisible, "", 0)},
		{"apps", "transform-processor-rabbit", "3.2.1", "transform-processor-rabbit-3.2.1.jar", jartest.FatJar(transformMetadata, transformVisible, "", 0)},
		{"apps", "transform-processor-rabbit", "3.2.1", "transform-processor-rabbit-3.2.1-metadata.jar", jartest.MetadataJar(transformMetadata, transformVisible)},
		{"apps", "secretive", "1.0.0", "secretive-1.0.0.jar", jartest.MetadataJar("", "")},
		{"org.springframework.cloud.stream.app", "time-source-rabbit", "3.2.1", "time-source-rabbit-3.2.1-metadata.jar", jartest.MetadataJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible)},
	}
	for _, p := range publish {
		if err := repo.Publish(p.group, p.artifact, p.version, p.file, jartest.Bytes(p.jar), true); err != nil {
			t.Fatal(err)
		}
	}
	config := fmt.Sprintf("maven:\n  localRepository: %s\n  remoteRepositories:\n    repo1:\n      url: %s\n",
		filepath.Join(tmp, "m2"), repo.URL())
	if err := os.WriteFile(configPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return repo
}
