package accounts

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

// fakeEnvironment is a machine with the given variables and files and nothing else.
func fakeEnvironment(vars map[string]string, files map[string]string) platforms.Environment {
	return platforms.Environment{
		Getenv: func(k string) string { return vars[k] },
		ReadFile: func(p string) ([]byte, error) {
			if data, ok := files[p]; ok {
				return []byte(data), nil
			}
			return nil, fmt.Errorf("open %s: %w", p, fs.ErrNotExist)
		},
		DataDir: "/data",
	}
}

// seedEnvironment is the seed's cluster: no kubeconfig, the in-cluster service at 10.0.0.1:443.
func seedEnvironment() platforms.Environment {
	return fakeEnvironment(map[string]string{"KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443", "HOME": "/home/scdf"}, nil)
}

func fixture(name string) (string, []byte) {
	path := filepath.Join("..", "..", "testdata", "accounts", name)
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return path, data
}

func importFixture(t *testing.T, c *Config, name string) MergeReport {
	t.Helper()
	im, err := ImportFile(fixture(name))
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

func streamRows(c *Config, env platforms.Environment) []row {
	var out []row
	for _, a := range c.StreamAccounts() {
		out = append(out, row{a.Name, a.Type.StreamTypeName(), Describe(a, env)})
	}
	return out
}

func taskRows(c *Config, env platforms.Environment) []row {
	var out []row
	for _, a := range c.TaskAccounts() {
		out = append(out, row{a.Name, a.Type.TaskTypeName(), Describe(a, env)})
	}
	return out
}

func checkRows(t *testing.T, what string, got, want []row) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// The seed's first two tables, character for character.
func TestSeedKubernetesConfigMaps(t *testing.T) {
	c := &Config{}
	report := importFixture(t, c, "skipper-config-kafka.yaml")
	if !reflect.DeepEqual(report.Streams, []string{"default", "kafkazone"}) || len(report.Tasks) != 0 {
		t.Fatalf("skipper's ConfigMap holds stream accounts: %+v", report)
	}
	report = importFixture(t, c, "server-config.yaml")
	if !reflect.DeepEqual(report.Tasks, []string{"default", "highmemory"}) || len(report.Streams) != 0 {
		t.Fatalf("the server's ConfigMap holds task accounts: %+v", report)
	}
	env := seedEnvironment()
	checkRows(t, "stream platform-list", streamRows(c, env), []row{
		{"default", "kubernetes", "master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]"},
		{"kafkazone", "kubernetes", "master url = [https://10.0.0.1:443/], namespace = [kafka-namespace], api version = [v1]"},
	})
	checkRows(t, "task platform-list", taskRows(c, env), []row{
		{"default", "Kubernetes", "master url = [https://10.0.0.1:443/], namespace = [default], api version = [v1]"},
		{"highmemory", "Kubernetes", "master url = [https://10.0.0.1:443/], namespace = [highmemory-namespace], api version = [v1]"},
	})
	kz := c.Streams[1].Kubernetes
	want := &platforms.KubernetesAccount{
		Namespace:            "kafka-namespace",
		EnvironmentVariables: "SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS=${KAFKA_SERVICE_HOST}:${KAFKA_SERVICE_PORT},SPRING_CLOUD_STREAM_KAFKA_BINDER_ZK_NODES=${KAFKA_ZK_SERVICE_HOST}:${KAFKA_ZK_SERVICE_PORT}",
		Limits:               platforms.Resources{Memory: "2048Mi", CPU: "500m"},
		ReadinessProbeDelay:  180,
		LivenessProbeDelay:   120,
	}
	if !reflect.DeepEqual(kz, want) {
		t.Errorf("kafkazone:\n got %+v\nwant %+v", kz, want)
	}
	if c.Tasks[1].Kubernetes.Limits.Memory != "4096Mi" {
		t.Errorf("highmemory limits: %+v", c.Tasks[1].Kubernetes.Limits)
	}
}

// The seed's third and fourth tables, from its manifests with the commas added and the placeholders filled.
func TestSeedCloudFoundryManifests(t *testing.T) {
	c := &Config{}
	importFixture(t, c, "skipper-manifest-cf-fixed.yml")
	importFixture(t, c, "dataflow-manifest-cf-fixed.yml")
	env := seedEnvironment()
	checkRows(t, "stream platform-list", streamRows(c, env), []row{
		{"default", "cloudfoundry", "org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]"},
		{"kafkazone", "cloudfoundry", "org = [kafka-org], space = [kafka-space], url = [https://api.run.pivotal.io]"},
	})
	checkRows(t, "task platform-list", taskRows(c, env), []row{
		{"default", "Cloud Foundry", "org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]"},
		{"highmemory", "Cloud Foundry", "org = [highmemory-org], space = [highmemory-space], url = [https://api.run.pivotal.io]"},
	})
	kz := c.Streams[1].CloudFoundry
	if kz.Deployment.Memory != "3072" || kz.Deployment.Services != "kafkacups" || kz.Connection.Password != "${CF_PASSWORD}" ||
		kz.Connection.Domain != "cfapps.io" || kz.Deployment.DeleteRoutes == nil || *kz.Deployment.DeleteRoutes ||
		kz.Deployment.EnableRandomAppNamePrefix == nil || *kz.Deployment.EnableRandomAppNamePrefix {
		t.Errorf("kafkazone: %+v", kz)
	}
	if hm := c.Tasks[1].CloudFoundry.Deployment; hm.Memory != "5120" || hm.Services != "postgresSQL" {
		t.Errorf("highmemory: %+v", hm)
	}
}

// The seed's fifth table: two CF accounts and the Kubernetes gpuzone, whose tree sits beside Skipper's.
func TestSeedMixedManifest(t *testing.T) {
	c := &Config{}
	report := importFixture(t, c, "skipper-manifest-mixed-fixed.yml")
	checkRows(t, "stream platform-list", streamRows(c, seedEnvironment()), []row{
		{"default", "cloudfoundry", "org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]"},
		{"kafkazone", "cloudfoundry", "org = [kafka-org], space = [kafka-space], url = [https://api.run.pivotal.io]"},
		{"gpuzone", "kubernetes", "master url = [https://10.0.0.1:443/], namespace = [gpuzone-namespace], api version = [v1]"},
	})
	if len(c.Tasks) != 0 {
		t.Errorf("a Skipper manifest configures no task accounts: %+v", c.Tasks)
	}
	if g := c.Streams[2].Kubernetes; !g.TrustCerts || g.MasterURL != "https://10.0.0.1:443" {
		t.Errorf("gpuzone fabric8 settings were not read: %+v", g)
	}
	// The seed spells skipSslValidation as skipSsValidation, which SCDF ignores; and gpuzone's tree is outside
	// any server's. Both are said, once each.
	want := []string{
		"account 'default': ignored unknown property connection.skipSsValidation (SCDF ignores it too)",
		"account 'kafkazone': ignored unknown property connection.skipSsValidation (SCDF ignores it too)",
		"account 'gpuzone': platform.kubernetes.accounts sits outside any server's tree; read it as spring.cloud.skipper.server (a stream account), which SCDF itself would not do",
	}
	if !reflect.DeepEqual(report.Warnings, want) {
		t.Errorf("warnings:\n got %q\nwant %q", report.Warnings, want)
	}
}

// The seed's manifests as published are not JSON: the error names the file, and the line and column in it.
func TestSeedTextAsPublishedIsRejectedWithItsPosition(t *testing.T) {
	cases := map[string]string{
		"skipper-manifest-cf.yml":               "skipper-manifest-cf.yml:20:36: invalid SPRING_APPLICATION_JSON: invalid character '<' looking for beginning of value (are quotes missing around a text value?)",
		"dataflow-manifest-cf.yml":              "dataflow-manifest-cf.yml:26:37: invalid SPRING_APPLICATION_JSON: invalid character '<' looking for beginning of value (are quotes missing around a text value?)",
		"skipper-manifest-mixed.yml":            "skipper-manifest-mixed.yml:20:36: invalid SPRING_APPLICATION_JSON: invalid character '<' looking for beginning of value (are quotes missing around a text value?)",
		"skipper-manifest-cf-missing-comma.yml": "skipper-manifest-cf-missing-comma.yml:28:24: invalid SPRING_APPLICATION_JSON: invalid character '\"' after object key:value pair (is a comma missing before it?)",
		"server-config-broken.yaml":             "server-config-broken.yaml:34:20: invalid application.yaml: did not find expected key (check the indentation)",
	}
	for name, want := range cases {
		path, data := fixture(name)
		_, err := ImportFile(path, data)
		if err == nil || err.Error() != filepath.Join("..", "..", "testdata", "accounts", want) {
			t.Errorf("%s:\n got %v\nwant %s", name, err, want)
		}
	}
}

func TestPositionsInsideEmbeddedBlocks(t *testing.T) {
	cases := []struct{ path, text, want string }{
		{"m.yml", "applications:\n  - name: skipper-server\n    env:\n      SPRING_APPLICATION_JSON: |-\n        {\n          \"a\" : {\n            \"b\" : 1\n          }\n          \"c\" : 2\n        }\n",
			`m.yml:9:11: invalid SPRING_APPLICATION_JSON: invalid character '"' after object key:value pair (is a comma missing before it?)`},
		// A quoted one-line value: the column counts from the opening quote's line and column.
		{"m.yml", "applications:\n- name: skipper\n  env:\n    SPRING_APPLICATION_JSON: '{\"a\": tru}'\n",
			"m.yml:4:40: invalid SPRING_APPLICATION_JSON: invalid character '}' in literal true (expecting 'e')"},
		{"cm.yaml", "kind: ConfigMap\ndata:\n  application.yaml: |-\n    spring:\n      cloud: [\n",
			"cm.yaml:5: invalid application.yaml: did not find expected node content"},
		{"cm.yaml", "kind: ConfigMap\ndata:\n  application.properties: |\n    a=1\n    b=\\u12\n",
			`cm.yaml:5: invalid application.properties: malformed \uXXXX escape '\u12'`},
		{"x.json", "{\n  \"a\": 1\n  \"b\": 2\n}\n", `x.json:3:3: invalid JSON: invalid character '"' after object key:value pair (is a comma missing before it?)`},
		{"a.properties", "ok=1\nbad=\\uZZZZ\n", `a.properties:2: malformed \uXXXX escape '\uZZZZ'`},
	}
	for _, c := range cases {
		_, err := ImportFile(c.path, []byte(c.text))
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.text, err, c.want)
		}
	}
}

func TestImportEnvRelaxedBinding(t *testing.T) {
	_, data := fixture("scdf-server.env")
	im, err := ImportEnv(strings.Split(strings.TrimSpace(string(data)), "\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := &Config{}
	if _, err := c.Merge(im); err != nil {
		t.Fatal(err)
	}
	checkRows(t, "stream platform-list", streamRows(c, seedEnvironment()), []row{
		{"kafkazone", "kubernetes", "master url = [https://10.0.0.1:443/], namespace = [kafka-namespace], api version = [v1]"},
	})
	checkRows(t, "task platform-list", taskRows(c, seedEnvironment()), []row{
		{"highmemory", "Kubernetes", "master url = [https://10.0.0.1:443/], namespace = [highmemory-namespace], api version = [v1]"},
		{"cfzone", "Cloud Foundry", "org = [scdf-%%], space = [space-%%%%%], url = [https://api.run.pivotal.io]"},
	})
	hm := c.Tasks[0].Kubernetes
	if hm.Limits.Memory != "4096Mi" || !reflect.DeepEqual(hm.Properties, map[string]string{"nodeSelector": "pool:highmem"}) {
		t.Errorf("highmemory: %+v", hm)
	}
	if c.Streams[0].Kubernetes.ReadinessProbeDelay != 180 || c.Streams[0].Kubernetes.Limits.Memory != "2048Mi" {
		t.Errorf("kafkazone: %+v", c.Streams[0].Kubernetes)
	}
	if FeatureEnabled(c.Features.Schedules) {
		t.Errorf("SPRING_CLOUD_DATAFLOW_FEATURES_SCHEDULES_ENABLED=false was not read")
	}
	_, err = ImportEnv([]string{`SPRING_APPLICATION_JSON={"a":}`})
	if err == nil || err.Error() != "SPRING_APPLICATION_JSON:1:6: invalid JSON: invalid character '}' looking for beginning of value" {
		t.Errorf("bad SPRING_APPLICATION_JSON: %v", err)
	}
	_, err = ImportEnv([]string{"SPRING_CLOUD_SKIPPER_SERVER_PLATFORM_KUBERNETES_ACCOUNTS_X_READINESS_PROBE_DELAY=soon"})
	if err == nil || err.Error() != "account 'x': readinessProbeDelay must be a whole number, got 'soon'" {
		t.Errorf("bad number: %v", err)
	}
}

// Kebab, camel and dotted spellings, ':' and blank separators and continuation lines all bind.
func TestImportPropertiesFile(t *testing.T) {
	im, err := ImportFile(fixture("application.properties"))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Streams) != 2 || len(im.Tasks) != 0 {
		t.Fatalf("accounts = %+v", im)
	}
	want := &platforms.KubernetesAccount{Namespace: "dev", ImagePullPolicy: "Always", LivenessProbeDelay: 45, Limits: platforms.Resources{Memory: "512Mi"},
		Properties: map[string]string{"statefulSet.volumeClaimTemplate.storage": "1Gi", "nodeSelector": "disk:ssd,zone:a"}}
	if got := im.Streams[0].Kubernetes; !reflect.DeepEqual(got, want) {
		t.Errorf("dev:\n got %+v\nwant %+v", got, want)
	}
	wantLocal := &platforms.LocalAccount{WorkDir: "/var/tmp/scdf", EnvVarsToInherit: []string{"PATH", "HOME"}, Properties: map[string]string{"portRange.low": "30000"}}
	if got := im.Streams[1].Local; !reflect.DeepEqual(got, wantLocal) {
		t.Errorf("laptop:\n got %+v\nwant %+v", got, wantLocal)
	}
}

// Spring binds YAML lists of environment variables and services; they land in the one comma-list field.
func TestYAMLListsJoinIntoTheirField(t *testing.T) {
	yml := `spring.cloud.skipper.server.platform:
  kubernetes.accounts.k:
    environmentVariables: [A=1, B=2]
    tolerations:
      - key: gpu
        effect: NoSchedule
  cloudfoundry.accounts.cf:
    connection: {url: "https://api.example.com", org: o, space: s, username: u, password: "${P}"}
    deployment:
      services: [mysql, rabbit]
      buildpacks: [java_buildpack]
`
	im, err := ImportFile("application.yaml", []byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	k := im.Streams[0].Kubernetes
	if k.EnvironmentVariables != "A=1,B=2" || k.Properties["tolerations[0].key"] != "gpu" || k.Properties["tolerations[0].effect"] != "NoSchedule" {
		t.Errorf("k = %+v", k)
	}
	if d := im.Streams[1].CloudFoundry.Deployment; d.Services != "mysql,rabbit" || d.Buildpacks != "java_buildpack" {
		t.Errorf("cf = %+v", d)
	}
}

// kubectl's multi-document install files: every ConfigMap is read, other resources are skipped.
func TestMultiDocumentFile(t *testing.T) {
	_, skipper := fixture("skipper-config-kafka.yaml")
	_, server := fixture("server-config.yaml")
	all := "apiVersion: v1\nkind: Service\nmetadata: {name: skipper}\n---\n" + string(skipper) + "\n---\n" + string(server)
	im, err := ImportFile("install.yaml", []byte(all))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Streams) != 2 || len(im.Tasks) != 2 {
		t.Fatalf("streams %d tasks %d", len(im.Streams), len(im.Tasks))
	}
}

func TestImportErrors(t *testing.T) {
	cases := map[string]string{
		"kind: ConfigMap\ndata:\n  other: x\n":                                                     `cm.yaml: the ConfigMap has no data."application.yaml" (or .yml, .properties)`,
		"spring.cloud.skipper.server.platform.openshift.accounts.x.namespace: y\n":                 "cm.yaml: spring.cloud.skipper.server.platform.openshift.accounts.x.namespace: unknown platform type 'openshift': use kubernetes, cloudfoundry or local",
		"spring.cloud.skipper.server.platform.local.accounts.bad name.workDir: /tmp\n":             "stream account name 'bad name' is invalid: use letters, digits, '-' and '_'",
		"spring.cloud.skipper.server.platform.cloudfoundry.accounts.cf.deployment.memory: 1024\n":  "stream account 'cf': connection.url is required (the Cloud Controller API, e.g. https://api.run.pivotal.io)",
		"spring.cloud.dataflow.task.platform.cloudfoundry.accounts.cf.deployment.instances: two\n": "cm.yaml: account 'cf': deployment.instances must be a whole number, got 'two'",
		"": "cm.yaml: the file is empty",
		"spring.cloud.skipper.server.platform:\n  kubernetes.accounts.a.namespace: x\n  local.accounts.a.javaCmd: j\n": "cm.yaml: account 'a' is configured both as kubernetes and as local",
	}
	for input, want := range cases {
		im, err := ImportFile("cm.yaml", []byte(input))
		if err == nil {
			_, err = (&Config{}).Merge(im)
		}
		if err == nil || err.Error() != want {
			t.Errorf("%q:\n got %v\nwant %s", input, err, want)
		}
	}
}

// An import never shows a password, and says when one is kept as plain text in the file.
func TestImportNeverPrintsASecret(t *testing.T) {
	const secret = "s3cr3t-Pa55"
	yml := "spring.cloud.dataflow.task.platform.cloudfoundry.accounts.cf.connection:\n" +
		"  {url: 'https://api.example.com', org: o, space: s, username: u, password: " + secret + ", skipSsValidation: true}\n" +
		"spring.cloud.dataflow.task.platform.kubernetes.accounts.k:\n  fabric8: {masterUrl: 'https://m', oauthToken: " + secret + ", password: " + secret + "}\n"
	im, err := ImportFile("application.yaml", []byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	report, err := (&Config{}).Merge(im)
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprintf("%v %v", report, report.Warnings)
	if strings.Contains(text, secret) {
		t.Fatalf("the report shows a secret: %s", text)
	}
	want := []string{
		"account 'cf': ignored unknown property connection.skipSsValidation (SCDF ignores it too)",
		"account 'cf': connection.password is stored as written; consider a ${ENV} reference instead",
		"account 'k': token is stored as written; consider a ${ENV} reference instead",
		"account 'k': fabric8.password is stored as written; consider a ${ENV} reference instead",
	}
	if !reflect.DeepEqual(report.Warnings, want) {
		t.Errorf("warnings:\n got %q\nwant %q", report.Warnings, want)
	}
	// Nor does a parse error quote the value around the problem.
	_, err = ImportFile("m.yml", []byte("applications:\n- name: skipper\n  env:\n    SPRING_APPLICATION_JSON: '{\"password\": \""+secret+"\" \"x\": 1}'\n"))
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("error shows a secret: %v", err)
	}
}

func TestMergeReplacesByNameAndKeepsOrder(t *testing.T) {
	c := &Config{Streams: []platforms.Account{{Name: "a", Type: platforms.Local}, {Name: "b", Type: platforms.Local}}}
	im := &Imported{Streams: []platforms.Account{{Name: "a", Type: platforms.Kubernetes, Kubernetes: &platforms.KubernetesAccount{Namespace: "n"}}, {Name: "c", Type: platforms.Local}}}
	report, err := c.Merge(im)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(report.Streams, []string{"a", "c"}) || !reflect.DeepEqual(report.ReplacedStreams, []string{"a"}) {
		t.Errorf("report = %+v", report)
	}
	var got []string
	for _, a := range c.Streams {
		got = append(got, a.Name+":"+string(a.Type))
	}
	if strings.Join(got, " ") != "a:kubernetes b:local c:local" {
		t.Errorf("streams = %v", got)
	}
	// A failing merge leaves the configuration as it was.
	before := fmt.Sprintf("%+v", *c)
	_, err = c.Merge(&Imported{Tasks: []platforms.Account{{Name: "x", Type: platforms.CloudFoundry, CloudFoundry: &platforms.CloudFoundryAccount{}}}, Features: Features{Tasks: boolPtr(false)}})
	if err == nil || fmt.Sprintf("%+v", *c) != before {
		t.Errorf("merge error %v changed the config", err)
	}
}

func TestImportFileReadsFeatureSwitches(t *testing.T) {
	im, err := ImportFile("application.yaml", []byte("spring.cloud.dataflow.features:\n  streams-enabled: false\n  tasksEnabled: true\n  schedules-enabled: maybe\n"))
	if err != nil {
		t.Fatal(err)
	}
	if im.Features.Streams == nil || *im.Features.Streams || im.Features.Tasks == nil || !*im.Features.Tasks || im.Features.Schedules != nil {
		t.Errorf("features = %+v", im.Features)
	}
	if len(im.Warnings) != 1 || !strings.Contains(im.Warnings[0], "must be true or false, got 'maybe'; ignored") {
		t.Errorf("warnings = %q", im.Warnings)
	}
}

// An account given as an empty map has every default, as Spring binds it: it is imported, not "no platform
// accounts found". The same in SPRING_APPLICATION_JSON and in a .properties file with an empty value.
func TestEmptyAccountHasEveryDefault(t *testing.T) {
	yamlDoc := "spring.cloud.skipper.server.platform.kubernetes.accounts:\n  default: {}\n" +
		"spring.cloud.dataflow.task.platform.local.accounts:\n  laptop: {}\n"
	im, err := ImportFile("scdf.yaml", []byte(yamlDoc))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Streams) != 1 || im.Streams[0].Name != "default" || im.Streams[0].Type != platforms.Kubernetes ||
		!reflect.DeepEqual(im.Streams[0].Kubernetes, &platforms.KubernetesAccount{}) {
		t.Fatalf("streams %+v", im.Streams)
	}
	if len(im.Tasks) != 1 || im.Tasks[0].Name != "laptop" || im.Tasks[0].Type != platforms.Local {
		t.Fatalf("tasks %+v", im.Tasks)
	}
	env, err := ImportEnv([]string{`SPRING_APPLICATION_JSON={"spring.cloud.skipper.server.platform.kubernetes.accounts":{"k8s":{}}}`})
	if err != nil || len(env.Streams) != 1 || env.Streams[0].Name != "k8s" {
		t.Fatalf("from SPRING_APPLICATION_JSON: %+v %v", env, err)
	}
	props, err := ImportFile("scdf.properties", []byte("spring.cloud.skipper.server.platform.kubernetes.accounts.dev=\n"))
	if err != nil || len(props.Streams) != 1 || props.Streams[0].Name != "dev" {
		t.Fatalf("from a .properties file: %+v %v", props, err)
	}
	// A map with nothing in it that is not an account stays nothing.
	if none, err := ImportFile("other.yaml", []byte("spring.cloud.skipper.server.platform.kubernetes: {}\n")); err != nil || len(none.Streams)+len(none.Tasks) != 0 {
		t.Fatalf("no account: %+v %v", none, err)
	}
}

// A Cloud Foundry account's deployment.env map (SCDF's account-wide environment variables) is kept, names as
// written, in every form SCDF binds: YAML maps, flattened keys, properties files.
func TestImportKeepsCloudFoundryAccountEnv(t *testing.T) {
	yml := `spring.cloud.skipper.server.platform.cloudfoundry.accounts.cf:
  connection: {url: "https://api.example.com", org: o, space: s, username: u, password: p}
  deployment:
    memory: 2g
    instances: 0
    env:
      JBP_CONFIG_OPEN_JDK_JRE: "{ jre: { version: 17.+ } }"
      spring.profiles.active: cloud
`
	props := "spring.cloud.dataflow.task.platform.cloudfoundry.accounts.cf.connection.url=https://api.example.com\n" +
		"spring.cloud.dataflow.task.platform.cloudfoundry.accounts.cf.connection.org=o\n" +
		"spring.cloud.dataflow.task.platform.cloudfoundry.accounts.cf.connection.space=s\n" +
		"spring.cloud.dataflow.task.platform.cloudfoundry.accounts.cf.deployment.env.TZ=Europe/Paris\n"
	for _, c := range []struct {
		path, text string
		want       map[string]string
	}{
		{"application.yaml", yml, map[string]string{"env.JBP_CONFIG_OPEN_JDK_JRE": "{ jre: { version: 17.+ } }", "env.spring.profiles.active": "cloud"}},
		{"application.properties", props, map[string]string{"env.TZ": "Europe/Paris"}},
	} {
		im, err := ImportFile(c.path, []byte(c.text))
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		accs := append(append([]platforms.Account(nil), im.Streams...), im.Tasks...)
		if len(accs) != 1 || accs[0].CloudFoundry == nil {
			t.Fatalf("%s: accounts %+v", c.path, im)
		}
		if got := accs[0].CloudFoundry.Deployment.Properties; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: properties %v, want %v", c.path, got, c.want)
		}
		// instances: 0 is kept as 0 (no instance), not taken for unset.
		if n := accs[0].CloudFoundry.Deployment.Instances; c.path == "application.yaml" && (n == nil || *n != 0) {
			t.Errorf("%s: instances %v, want 0", c.path, n)
		}
	}
}
