package platforms

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// seedEnvironment is the seed's cluster: no kubeconfig, the in-cluster service at 10.0.0.1:443.
func seedEnvironment() Environment {
	env := map[string]string{"KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443", "HOME": "/nonexistent"}
	return Environment{Getenv: func(k string) string { return env[k] }, ReadFile: os.ReadFile}
}

func importFixture(t *testing.T, c *Config, name string) MergeReport {
	t.Helper()
	path := filepath.Join("..", "testdata", "accounts", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	im, err := ImportFile(path, data)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	report, err := c.Merge(im)
	if err != nil {
		t.Fatalf("merge %s: %v", name, err)
	}
	return report
}

type row struct{ name, typ, description string }

func streamRows(c *Config, env Environment) []row {
	var out []row
	for _, a := range c.StreamAccounts() {
		out = append(out, row{a.Name, a.Type.StreamTypeName(), Describe(a, env)})
	}
	return out
}

func taskRows(c *Config, env Environment) []row {
	var out []row
	for _, a := range c.TaskAccounts() {
		out = append(out, row{a.Name, a.Type.TaskTypeName(), Describe(a, env)})
	}
	return out
}

func TestSeedKubernetesConfigMaps(t *testing.T) {
	c := &Config{}
	importFixture(t, c, "skipper-config-kafka.yaml")
	importFixture(t, c, "server-config.yaml")
	env := seedEnvironment()
	wantStreams := []row{
		{"default", "kubernetes", "master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]"},
		{"kafkazone", "kubernetes", "master url = [https://10.0.0.1:443/], namespace = [kafka-namespace], api version = [v1]"},
	}
	wantTasks := []row{
		{"default", "Kubernetes", "master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]"},
		{"highmemory", "Kubernetes", "master url = [https://10.0.0.1:443/], namespace = [highmemory-namespace], api version = [v1]"},
	}
	if got := streamRows(c, env); !reflect.DeepEqual(got, wantStreams) {
		t.Errorf("streams:\n got %v\nwant %v", got, wantStreams)
	}
	if got := taskRows(c, env); !reflect.DeepEqual(got, wantTasks) {
		t.Errorf("tasks:\n got %v\nwant %v", got, wantTasks)
	}
	kz := c.Streams[1].Kubernetes
	if kz.Limits.Memory != "2048Mi" || kz.Limits.CPU != "500m" || kz.ReadinessProbeDelay != 180 || kz.LivenessProbeDelay != 120 ||
		!strings.HasPrefix(kz.EnvironmentVariables, "SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS=${KAFKA_SERVICE_HOST}") {
		t.Errorf("kafkazone deployer defaults: %+v", kz)
	}
	if c.Tasks[1].Kubernetes.Limits.Memory != "4096Mi" {
		t.Errorf("highmemory limits: %+v", c.Tasks[1].Kubernetes.Limits)
	}
}

func TestSeedCloudFoundryManifests(t *testing.T) {
	c := &Config{}
	importFixture(t, c, "skipper-manifest-cf-fixed.yml")
	importFixture(t, c, "dataflow-manifest-cf-fixed.yml")
	env := seedEnvironment()
	wantStreams := []row{
		{"default", "cloudfoundry", "org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]"},
		{"kafkazone", "cloudfoundry", "org = [kafka-org], space = [kafka-space], url = [https://api.run.pivotal.io]"},
	}
	wantTasks := []row{
		{"default", "Cloud Foundry", "org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]"},
		{"highmemory", "Cloud Foundry", "org = [highmemory-org], space = [highmemory-space], url = [https://api.run.pivotal.io]"},
	}
	if got := streamRows(c, env); !reflect.DeepEqual(got, wantStreams) {
		t.Errorf("streams:\n got %v\nwant %v", got, wantStreams)
	}
	if got := taskRows(c, env); !reflect.DeepEqual(got, wantTasks) {
		t.Errorf("tasks:\n got %v\nwant %v", got, wantTasks)
	}
	kz := c.Streams[1].CloudFoundry
	if kz.Deployment.Memory != "3072" || kz.Deployment.Services != "kafkacups" || kz.Connection.Password != "${CF_PASSWORD}" {
		t.Errorf("kafkazone: %+v", kz)
	}
	if c.Tasks[1].CloudFoundry.Deployment.Memory != "5120" {
		t.Errorf("highmemory: %+v", c.Tasks[1].CloudFoundry.Deployment)
	}
}

func TestSeedMixedManifest(t *testing.T) {
	c := &Config{}
	report := importFixture(t, c, "skipper-manifest-mixed-fixed.yml")
	want := []row{
		{"default", "cloudfoundry", "org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]"},
		{"kafkazone", "cloudfoundry", "org = [kafka-org], space = [kafka-space], url = [https://api.run.pivotal.io]"},
		{"gpuzone", "kubernetes", "master url = [https://10.0.0.1:443/], namespace = [gpuzone-namespace], api version = [v1]"},
	}
	if got := streamRows(c, seedEnvironment()); !reflect.DeepEqual(got, want) {
		t.Errorf("streams:\n got %v\nwant %v", got, want)
	}
	if !c.Streams[2].Kubernetes.TrustCerts {
		t.Error("gpuzone fabric8.trustCerts was not read")
	}
	// The seed spells skipSslValidation as skipSsValidation; SCDF ignores that key, and we say so.
	if len(report.Warnings) == 0 || !strings.Contains(report.Warnings[0], "skipSsValidation") {
		t.Errorf("warnings = %v", report.Warnings)
	}
}

// The seed's own manifests are not valid JSON (missing commas, unquoted placeholders): the error names the file,
// and the line and column in that file.
func TestSeedManifestsAsPublishedAreRejectedWithPosition(t *testing.T) {
	cases := map[string]string{
		"skipper-manifest-cf.yml":    "skipper-manifest-cf.yml:20:36: invalid SPRING_APPLICATION_JSON: invalid character '<' looking for beginning of value",
		"dataflow-manifest-cf.yml":   "dataflow-manifest-cf.yml:26:37: invalid SPRING_APPLICATION_JSON: invalid character '<' looking for beginning of value",
		"skipper-manifest-mixed.yml": "skipper-manifest-mixed.yml:20:36: invalid SPRING_APPLICATION_JSON: invalid character '<' looking for beginning of value",
	}
	for name, want := range cases {
		path := filepath.Join("..", "testdata", "accounts", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ImportFile(path, data)
		if err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%s: got %v\nwant suffix %s", name, err, want)
		}
	}
}

func TestMissingCommaIsReportedWhereItIs(t *testing.T) {
	manifest := "applications:\n  - name: skipper-server\n    env:\n      SPRING_APPLICATION_JSON: |-\n        {\n          \"a\" : {\n            \"b\" : 1\n          }\n          \"c\" : 2\n        }\n"
	_, err := ImportFile("m.yml", []byte(manifest))
	want := "m.yml:9:11: invalid SPRING_APPLICATION_JSON: invalid character '\"' after object key:value pair"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestImportEnvRelaxedBinding(t *testing.T) {
	im, err := ImportEnv([]string{
		"SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_KUBERNETES_ACCOUNTS_HIGHMEMORY_NAMESPACE=highmemory-namespace",
		"SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_KUBERNETES_ACCOUNTS_HIGHMEMORY_LIMITS_MEMORY=4096Mi",
		"SPRING_CLOUD_SKIPPER_SERVER_PLATFORM_KUBERNETES_ACCOUNTS_KAFKAZONE_ENVIRONMENT_VARIABLES=A=1,B=2",
		"SPRING_CLOUD_DATAFLOW_FEATURES_SCHEDULES_ENABLED=false",
		`SPRING_APPLICATION_JSON={"spring.cloud.dataflow.task.platform.cloudfoundry.accounts":{"cf1":{"connection":{"url":"https://api.example.com","org":"o","space":"s"}}}}`,
		"PATH=/usr/bin",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Tasks) != 2 || im.Tasks[0].Name != "highmemory" || im.Tasks[0].Kubernetes.Namespace != "highmemory-namespace" || im.Tasks[0].Kubernetes.Limits.Memory != "4096Mi" {
		t.Fatalf("tasks = %+v", im.Tasks)
	}
	if im.Tasks[1].Name != "cf1" || im.Tasks[1].CloudFoundry.Connection.Org != "o" {
		t.Fatalf("cf1 = %+v", im.Tasks[1])
	}
	if len(im.Streams) != 1 || im.Streams[0].Kubernetes.EnvironmentVariables != "A=1,B=2" {
		t.Fatalf("streams = %+v", im.Streams)
	}
	if im.Features.Schedules == nil || *im.Features.Schedules {
		t.Fatalf("features = %+v", im.Features)
	}
	if _, err := ImportEnv([]string{`SPRING_APPLICATION_JSON={"a":}`}); err == nil || !strings.Contains(err.Error(), "line 1, column 6") {
		t.Fatalf("bad SPRING_APPLICATION_JSON: %v", err)
	}
}

func TestImportPropertiesFile(t *testing.T) {
	props := "spring.cloud.skipper.server.platform.kubernetes.accounts.dev.namespace=dev\n" +
		"spring.cloud.skipper.server.platform.kubernetes.accounts.dev.image-pull-policy=Always\n" +
		"spring.cloud.skipper.server.platform.kubernetes.accounts.dev.statefulSet.volumeClaimTemplate.storage=1Gi\n"
	im, err := ImportFile("application.properties", []byte(props))
	if err != nil {
		t.Fatal(err)
	}
	k := im.Streams[0].Kubernetes
	if k.Namespace != "dev" || k.ImagePullPolicy != "Always" || k.Properties["statefulSet.volumeClaimTemplate.storage"] != "1Gi" {
		t.Fatalf("dev = %+v", k)
	}
}

func TestImportErrors(t *testing.T) {
	cases := map[string]string{
		"kind: ConfigMap\ndata:\n  other: x\n":                                          "has no data.\"application.yaml\"",
		"kind: ConfigMap\ndata:\n  application.yaml: |-\n    spring:\n      cloud: [\n": "cm.yaml:5: invalid application.yaml",
		"spring.cloud.skipper.server.platform.openshift.accounts.x.namespace: y\n":      "unknown platform type 'openshift'",
		"a: [\n": "cm.yaml: line",
		"spring.cloud.skipper.server.platform.local.accounts.bad name.workDir: /tmp\n":            "account name 'bad name' is invalid",
		"spring.cloud.skipper.server.platform.cloudfoundry.accounts.cf.deployment.memory: 1024\n": "needs connection.url",
		"": "the file is empty",
	}
	for input, want := range cases {
		im, err := ImportFile("cm.yaml", []byte(input))
		if err == nil {
			_, err = (&Config{}).Merge(im)
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", input, err, want)
		}
	}
}
