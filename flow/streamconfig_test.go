package flow

import (
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

func specsFor(t *testing.T, def string, props map[string]string, typ platforms.AccountType) releaseConfig {
	t.Helper()
	s, err := dsl.ParseStream("foo", def)
	if err != nil {
		t.Fatal(err)
	}
	c, err := buildAppSpecs("foo", s, props, typ, func(a StreamApp, version string) (appSpec, error) {
		if version == "" {
			version = "1.0.0"
		}
		return appSpec{URI: "docker:org/" + a.Name + ":" + version, Resource: "docker:org/" + a.Name, Version: version}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// SCDF's layering: definition arguments under app.* under app.<label>, the stream's own keys on top, common
// properties only where absent, deployer.* under deployer.<label>, count also as instanceCount, sink first.
func TestBuildAppSpecsLayersPropertiesAsSCDF(t *testing.T) {
	c := specsFor(t, "cardata --mode=a | predict | cassandra", map[string]string{
		"app.*.mode":       "star",
		"app.cardata.mode": "label",
		"app.*.management.endpoints.web.exposure.include": "*",
		"app.predict.producer.partitionKeyExpression":     "headers.id",
		"app.cassandra.consumer.concurrency":              "3",
		"app.cassandra.spring.cloud.dataflow.stream.name": "hijack",
		"deployer.*.memory":                               "1g",
		"deployer.cassandra.memory":                       "2g",
		"deployer.cassandra.count":                        "3",
		"version.predict":                                 "2.0.0",
	}, platforms.Kubernetes)
	var order []string
	for _, a := range c.Apps {
		order = append(order, a.Label)
	}
	if strings.Join(order, ",") != "cassandra,predict,cardata" {
		t.Fatalf("deployment order %v, want sink first", order)
	}
	cardata, _ := c.app("cardata")
	predict, _ := c.app("predict")
	cassandra, _ := c.app("cassandra")
	checks := []struct{ got, want string }{
		{cardata.ApplicationProperties["mode"], "label"},
		{predict.ApplicationProperties["mode"], "star"},
		{cardata.ApplicationProperties["management.endpoints.web.exposure.include"], "*"},
		{cassandra.ApplicationProperties["management.metrics.tags.stream.name"], "${spring.cloud.dataflow.stream.name:unknown}"},
		{cassandra.ApplicationProperties["spring.cloud.stream.bindings.input.consumer.concurrency"], "3"},
		{cassandra.ApplicationProperties[streamNameKey], "foo"},
		{cassandra.ApplicationProperties["spring.cloud.stream.instanceCount"], "3"},
		{cardata.ApplicationProperties["spring.cloud.stream.instanceCount"], ""},
		{cardata.DeploymentProperties["spring.cloud.deployer.memory"], "1g"},
		{cassandra.DeploymentProperties["spring.cloud.deployer.memory"], "2g"},
		{cassandra.DeploymentProperties["spring.cloud.deployer.group"], "foo"},
		// partitioning: the consumer of a keyed producer is indexed, and the producer learns its count
		{cassandra.DeploymentProperties["spring.cloud.deployer.indexed"], "true"},
		{cassandra.ApplicationProperties["spring.cloud.stream.bindings.input.consumer.partitioned"], "true"},
		{predict.ApplicationProperties["spring.cloud.stream.bindings.output.producer.partitionCount"], "3"},
		{predict.DeploymentProperties["spring.cloud.deployer.indexed"], ""},
		{predict.URI, "docker:org/predict:2.0.0"},
		{cardata.ApplicationProperties["management.metrics.tags.space.id"], ""},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %q, want %q", i, c.got, c.want)
		}
	}
	cf := specsFor(t, "a | b", nil, platforms.CloudFoundry)
	if got := cf.Apps[0].ApplicationProperties["management.metrics.tags.space.id"]; got != "${vcap.application.space_id:unknown}" {
		t.Errorf("Cloud Foundry tag: %q", got)
	}
}

func TestDeployPropertiesRefuseUnknownApps(t *testing.T) {
	labels := []string{"time", "log"}
	for props, want := range map[string]string{
		"app.lgo.x":        "property 'app.lgo.x' names no app of stream 's' (its apps: time, log)",
		"deployer.tim.cpu": "names no app",
		"version.*":        "names no app",
		"spring.x":         "Only deployment property keys starting with 'app.', 'deployer.' or 'version.' allowed, got 'spring.x'",
	} {
		err := deployProperties{props: "1"}.checkLabels("s", labels)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", props, err, want)
		}
	}
	if err := (deployProperties{"app.*.x": "1", "deployer.log.count": "2", "version.time": "1"}).checkLabels("s", labels); err != nil {
		t.Error(err)
	}
}

// Skipper's difference: resource, version or properties, never the count.
func TestChangedAppsIgnoresTheCount(t *testing.T) {
	base := specsFor(t, "a | b | c", nil, platforms.Local)
	next := specsFor(t, "a | b | c", map[string]string{"app.b.x": "1", "version.c": "2.0.0"}, platforms.Local)
	a, _ := next.app("a")
	a.DeploymentProperties[deployerPrefix+"count"] = "4" // what a scale or an update's count does
	if got := strings.Join(changedApps(base, next), ","); got != "b,c" {
		t.Fatalf("changed %s, want b,c", got)
	}
	if got := changedApps(base, base); len(got) != 0 {
		t.Fatalf("no change reported %v", got)
	}
}

func TestRollbackTargetAsSkipper(t *testing.T) {
	e := newEngine(t)
	insert := func(name string, h []store.Release) {
		t.Helper()
		err := e.s.InTx(e.ctx, func(tx *store.Tx) error {
			for _, r := range h {
				r.Name, r.Platform = name, "default"
				if err := tx.InsertRelease(e.ctx, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	h := []store.Release{{Version: 5, Status: store.ReleaseFailed}, {Version: 4, Status: store.ReleaseDeployed},
		{Version: 3, Status: store.ReleaseFailed}, {Version: 2, Status: store.ReleaseDeleted}, {Version: 1, Status: store.ReleaseDeleted}}
	insert("s", h)
	insert("one", h[:3])
	for _, c := range []struct {
		version, want int
		err           string
	}{{0, 2, ""}, {1, 1, ""}, {4, 4, ""}, {3, 0, "its status is FAILED"}, {9, 0, "version '9' does not exist"}} {
		r, err := e.f.rollbackTarget(e.ctx, "s", c.version)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%d: %v, want %q", c.version, err, c.err)
			}
			continue
		}
		if err != nil || r.Version != c.want {
			t.Errorf("%d: got %d %v, want %d", c.version, r.Version, err, c.want)
		}
	}
	if _, err := e.f.rollbackTarget(e.ctx, "one", 0); err == nil {
		t.Error("a single usable release gave a rollback target")
	}
}

// The manifest is Skipper's: every scalar quoted, documents in deployment order, and no secret in it.
func TestManifestMasksSecrets(t *testing.T) {
	c := specsFor(t, "a --password=hunter2 | b", map[string]string{"app.b.spring.datasource.password": "s3cret"}, platforms.Local)
	m := renderManifest(c)
	if strings.Contains(m, "hunter2") || strings.Contains(m, "s3cret") {
		t.Fatalf("secret in the manifest:\n%s", m)
	}
	for _, want := range []string{"\"metadata\":\n  \"name\": \"b\"\n", "---\n\"apiVersion\": \"skipper.spring.io/v1\"\n",
		`  "resourceMetadata": "docker:org/a:jar:metadata:1.0.0"`, `    "password": "******"`} {
		if !strings.Contains(m, want) {
			t.Errorf("manifest lacks %q:\n%s", want, m)
		}
	}
	if strings.Index(m, `"name": "b"`) > strings.Index(m, `"name": "a"`) {
		t.Error("the sink is not first")
	}
}
