package accounts

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

func boolPtr(b bool) *bool { return &b }
func intPtr(n int) *int    { return &n }

func TestMissingConfigIsTheLocalDefault(t *testing.T) {
	c, err := LoadConfig(filepath.Join(t.TempDir(), "nope.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range [][]platforms.Account{c.StreamAccounts(), c.TaskAccounts()} {
		if len(list) != 1 || list[0].Name != "default" || list[0].Type != platforms.Local {
			t.Fatalf("accounts = %+v", list)
		}
	}
	if !FeatureEnabled(c.Features.Streams) || !FeatureEnabled(c.Features.Tasks) || !FeatureEnabled(c.Features.Schedules) {
		t.Fatal("features are on unless switched off")
	}
	if _, ok := c.TaskAccount("default"); !ok {
		t.Fatal("the default local account is found by name")
	}
	if _, ok := c.StreamAccount("kafkazone"); ok {
		t.Fatal("an unknown account is not found")
	}
}

func TestSaveAndLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "config.yaml")
	c := &Config{
		Features: Features{Schedules: boolPtr(false)},
		Streams: []platforms.Account{
			{Name: "k", Type: platforms.Kubernetes, Kubernetes: &platforms.KubernetesAccount{Kubeconfig: "~/.kube/other", Context: "dev", Namespace: "ns",
				Limits: platforms.Resources{Memory: "1Gi", CPU: "500m", GPU: "1"}, Requests: platforms.Resources{Memory: "512Mi"}, ReadinessProbeDelay: 120,
				LivenessProbeDelay: 90, ImagePullPolicy: "Always", EnvironmentVariables: "A=1,B=2",
				Properties: map[string]string{"nodeSelector": "gpu:true", "tolerations[0].key": "gpu"}}},
			{Name: "cf", Type: platforms.CloudFoundry, CloudFoundry: &platforms.CloudFoundryAccount{
				Connection: platforms.CloudFoundryConnection{URL: "https://api.example.com", Org: "o", Space: "s", Username: "u", Password: "${CF_PASSWORD}", SkipSSLValidation: true},
				Deployment: platforms.CloudFoundryDeployment{Memory: "2048", Services: "rabbitmq", DeleteRoutes: boolPtr(false), HealthCheck: "http",
					Properties: map[string]string{"stagingTimeout": "20m"}}}},
		},
		Tasks: []platforms.Account{
			{Name: "k", Type: platforms.Local, Local: &platforms.LocalAccount{WorkDir: "/w", ShutdownTimeout: intPtr(0), EnvVarsToInherit: []string{"PATH"}, DeleteFilesOnExit: boolPtr(false)}},
		},
	}
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the accounts file must be private: %v %v", info.Mode(), err)
	}
	back, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, c) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", back, c)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("the temporary file must be gone after the rename: %v", entries)
	}
}

func TestSaveRefusesAnInvalidConfigAndKeepsTheOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	good := &Config{Streams: []platforms.Account{{Name: "a", Type: platforms.Local}}}
	if err := good.Save(path); err != nil {
		t.Fatal(err)
	}
	bad := &Config{Streams: []platforms.Account{{Name: "a", Type: "openshift"}}}
	if err := bad.Save(path); err == nil {
		t.Fatal("an invalid config was saved")
	}
	back, err := LoadConfig(path)
	if err != nil || back.Streams[0].Type != platforms.Local {
		t.Fatalf("the old file must be intact: %+v %v", back, err)
	}
}

func TestTheExampleConfigLoads(t *testing.T) {
	c, err := LoadConfig(filepath.Join("..", "..", "testdata", "accounts", "dataflow-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range append(c.StreamAccounts(), c.TaskAccounts()...) {
		names = append(names, string(a.Type)+":"+a.Name)
	}
	want := "kubernetes:default kubernetes:kafkazone cloudfoundry:cfzone local:default kubernetes:highmemory"
	if strings.Join(names, " ") != want {
		t.Fatalf("accounts = %v", names)
	}
	if FeatureEnabled(c.Features.Schedules) || !FeatureEnabled(c.Features.Tasks) {
		t.Fatalf("features = %+v", c.Features)
	}
	if c.Streams[1].Kubernetes.Token != "${KAFKAZONE_TOKEN}" || c.Streams[1].Kubernetes.Properties["nodeSelector"] != "pool:kafka" {
		t.Fatalf("kafkazone = %+v", c.Streams[1].Kubernetes)
	}
	if d := c.Streams[2].CloudFoundry.Deployment; d.EnableRandomAppNamePrefix == nil || *d.EnableRandomAppNamePrefix || d.Memory != "3072" {
		t.Fatalf("cfzone deployment = %+v", d)
	}
}

// Every error names the file, and the line and column of what is wrong.
func TestLoadConfigErrorsPointAtTheProblem(t *testing.T) {
	cases := []struct{ body, want string }{
		{"streams:\n  - name: a\n    type: kubernetes\n  - name: a\n    type: local\n",
			"config.yaml:4:5: stream account 'a' is defined twice (as kubernetes and as local): account names are unique across types"},
		{"streams:\n  - name: a\n    type: openshift\n",
			"config.yaml:3:5: stream account 'a': unknown platform type 'openshift': use kubernetes, cloudfoundry or local"},
		{"streams:\n  - type: local\n", "config.yaml:2:5: stream account #1 has no name"},
		{"tasks:\n  - name: a\n", "config.yaml:2:5: task account 'a' has no type: use kubernetes, cloudfoundry or local"},
		{"tasks:\n  - name: a\n    type: local\n    kubernetes: {namespace: x}\n",
			"config.yaml:4:5: task account 'a': a local account cannot have a 'kubernetes' block"},
		{"streams:\n  - name: a\n    typo: local\n", "config.yaml:3:5: unknown field 'typo'"},
		{"streams:\n  - name: a\n    type: kubernetes\n    kubernetes:\n      readinessProbeDelay: soon\n",
			"config.yaml:5:28: expected a whole number, got 'soon'"},
		{"streams:\n  - name: a\n    type: local\n   local: {}\n", "config.yaml:4:4: did not find expected '-' indicator (check the indentation)"},
		{"streams:\n  - name: cf\n    type: cloudfoundry\n    cloudfoundry:\n      connection: {url: 'https://api.example.com', org: o}\n",
			"config.yaml:5:7: stream account 'cf': connection.space is required"},
		{"streams:\n  - name: cf\n    type: cloudfoundry\n    cloudfoundry:\n      connection: {url: 'ftp://x', org: o, space: s, useCfCliLogin: true}\n",
			"config.yaml:5:20: stream account 'cf': connection.url 'ftp://x' is not an http(s) URL"},
		{"streams:\n  - name: cf\n    type: cloudfoundry\n    cloudfoundry:\n      connection: {url: 'https://x', org: o, space: s, username: u}\n",
			"config.yaml:5:7: stream account 'cf': connection needs username and password, clientId and clientSecret, or useCfCliLogin: true"},
		{"streams:\n  - name: cf\n    type: cloudfoundry\n",
			"config.yaml:2:5: stream account 'cf': a cloudfoundry account needs a 'cloudfoundry' block with connection.url, org and space"},
		{"tasks:\n  - name: k\n    type: kubernetes\n    kubernetes:\n      masterUrl: https://m\n      kubeconfig: /k\n",
			"config.yaml:5:7: task account 'k': give either masterUrl or kubeconfig, not both"},
		{"tasks:\n  - name: k\n    type: kubernetes\n    kubernetes:\n      imagePullPolicy: Sometimes\n",
			"config.yaml:5:7: task account 'k': imagePullPolicy 'Sometimes' is invalid: use Always, IfNotPresent or Never"},
		{"tasks:\n  - name: 'bad name'\n    type: local\n",
			"config.yaml:2:5: task account name 'bad name' is invalid: use letters, digits, '-' and '_'"},
		{"tasks:\n  - name: k\n    type: kubernetes\n    kubernetes:\n      requestTimeout: soon\n",
			"config.yaml:5:7: task account 'k': requestTimeout 'soon' is not a duration: write seconds (30) or a number with a unit (500ms, 2m)"},
		{"streams:\n  - name: cf\n    type: cloudfoundry\n    cloudfoundry:\n      connection: {url: 'https://x', org: o, space: s, useCfCliLogin: true, requestTimeout: 0}\n",
			"config.yaml:5:77: stream account 'cf': connection.requestTimeout '0' must be more than zero"},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(path)
		if err == nil || err.Error() != filepath.Dir(path)+string(filepath.Separator)+c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.body, err, c.want)
		}
	}
}

// With useCfCliLogin, the cf CLI's target is the API: no url is needed.
func TestCFCLILoginNeedsNoURL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	body := "streams:\n  - name: cf\n    type: cloudfoundry\n    cloudfoundry:\n      connection: {org: o, space: s, useCfCliLogin: true}\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(path); err != nil {
		t.Fatal(err)
	}
}

// The same name may serve streams and tasks, as `default` does in the seed.
func TestTheSameNameMayAppearInBothLists(t *testing.T) {
	c := &Config{Streams: []platforms.Account{{Name: "default", Type: platforms.Kubernetes}}, Tasks: []platforms.Account{{Name: "default", Type: platforms.Local}}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}
