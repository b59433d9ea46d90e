package cloudfoundry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/cloudfoundry/go-cfclient/v3/client"
	"github.com/cloudfoundry/go-cfclient/v3/resource"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

func TestDeployDockerAppAsSCDFDoes(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	ctx := context.Background()
	d := deployment("foo", "predict", 1, "docker:springcloud/predict:1.0.0",
		map[string]string{"spring.cloud.stream.bindings.input.destination": "foo.cardata", "server.port": "9000"}, nil)
	d.NamePrefix = "Ab3dE5g"
	h := mustDeploy(t, a, d)
	if h.Name != "Ab3dE5g-foo-predict-v1" {
		t.Fatalf("app name %q", h.Name)
	}
	cf := inspector(t, s)
	app, err := cf.Applications.Get(ctx, h.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if app.Lifecycle.Type != "docker" || app.State != "STARTED" || *app.Metadata.Labels["spring-group-id"] != "foo" {
		t.Fatalf("app: %+v", app)
	}
	env, err := cf.Applications.GetEnvironmentVariables(ctx, h.GUID)
	if err != nil {
		t.Fatal(err)
	}
	var saj map[string]string
	if err := json.Unmarshal([]byte(*env[envApplicationJSON]), &saj); err != nil {
		t.Fatal(err)
	}
	if saj["spring.cloud.stream.bindings.input.destination"] != "foo.cardata" || saj["server.port"] != "" {
		t.Fatalf("SPRING_APPLICATION_JSON %v (server.port must be dropped)", saj)
	}
	if *env[envGroup] != "foo" || *env[envGUID] != "${vcap.application.name}:${vcap.application.instance_index}" ||
		*env[envIndex] != "${vcap.application.instance_index}" {
		t.Fatalf("env %v", env)
	}
	proc, err := cf.Processes.Get(ctx, h.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if proc.MemoryInMB != 1024 || proc.DiskInMB != 1024 || proc.Instances != 1 || proc.HealthCheck.Type != "port" ||
		*proc.HealthCheck.Data.Timeout != 120 {
		t.Fatalf("process: %+v %+v", proc, proc.HealthCheck)
	}
	routes, err := cf.Routes.ListForAppAll(ctx, h.GUID, nil)
	if err != nil || len(routes) != 1 || routes[0].URL != "ab3de5g-foo-predict-v1."+cctest.DefaultSharedDomain {
		t.Fatalf("routes %+v %v", routes, err)
	}
}

func TestDeployHonoursAccountAndAppProperties(t *testing.T) {
	s := newServer(t)
	rabbit := s.AddServiceInstance(s.DefaultSpaceGUID(), "rabbitmq", true, map[string]any{"uri": "amqp://x"})
	s.AddServiceInstance(s.DefaultSpaceGUID(), "configserver", false, nil)
	s.AddSharedDomain("internal.test.local")
	a := newApps(t, s, func(cf *platforms.CloudFoundryAccount) {
		cf.Deployment.Memory = "3072" // SCDF's bare number is megabytes
		cf.Deployment.Services = "configserver"
		cf.Deployment.HealthCheck = "http"
		cf.Deployment.JavaOpts = "-Xss256k"
		cf.Deployment.Properties = map[string]string{"env.ACCOUNT_VAR": "a"}
	})
	d := deployment("bar", "log", 2, "docker:springcloud/log:1", map[string]string{"k": "v"}, map[string]string{
		"spring.cloud.deployer.disk":                                 "2g",
		"spring.cloud.deployer.cloudfoundry.services":                "'rabbitmq queue:bar,durable:true'",
		"spring.cloud.deployer.cloudfoundry.healthCheckHttpEndpoint": "/actuator/health", // camelCase works (SCDF ignored it)
		"spring.cloud.deployer.cloudfoundry.health-check-timeout":    "30",
		"spring.cloud.deployer.cloudfoundry.routes":                  "bar-log.internal.test.local/api",
		"spring.cloud.deployer.cloudfoundry.env.APP_VAR":             "b",
	})
	d.Count = 2
	h := mustDeploy(t, a, d)
	ctx := context.Background()
	cf := inspector(t, s)
	proc, err := cf.Processes.Get(ctx, h.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if proc.MemoryInMB != 3072 || proc.DiskInMB != 2048 || proc.Instances != 2 || proc.HealthCheck.Type != "http" ||
		*proc.HealthCheck.Data.Endpoint != "/actuator/health" || *proc.HealthCheck.Data.Timeout != 30 {
		t.Fatalf("process: %+v %+v", proc, proc.HealthCheck.Data)
	}
	env, err := cf.Applications.GetEnvironmentVariables(ctx, h.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if *env["ACCOUNT_VAR"] != "a" || *env["APP_VAR"] != "b" || *env[envJavaOpts] != "-Xss256k" {
		t.Fatalf("env %v", env)
	}
	routes, err := cf.Routes.ListForAppAll(ctx, h.GUID, nil)
	if err != nil || len(routes) != 1 || routes[0].URL != "bar-log.internal.test.local/api" {
		t.Fatalf("routes %+v %v", routes, err)
	}
	o := client.NewServiceCredentialBindingListOptions()
	o.AppGUIDs.EqualTo(h.GUID)
	bindings, err := cf.ServiceCredentialBindings.ListAll(ctx, o)
	if err != nil || len(bindings) != 2 {
		t.Fatalf("bindings %+v %v", bindings, err)
	}
	for _, b := range bindings {
		if b.Relationships.ServiceInstance.Data.GUID != rabbit {
			continue
		}
		params, err := cf.ServiceCredentialBindings.GetParameters(ctx, b.GUID)
		if err != nil || !strings.Contains(string(*params), `"queue":"bar"`) || !strings.Contains(string(*params), `"durable":"true"`) {
			t.Fatalf("parameters %s %v", *params, err)
		}
	}
}

func TestInstancesFromCountOrAccount(t *testing.T) {
	s := newServer(t)
	three, zero := 3, 0
	a := newApps(t, s, func(c *platforms.CloudFoundryAccount) { c.Deployment.Instances = &three })
	ctx := context.Background()
	cf := inspector(t, s)
	h := mustDeploy(t, a, deployment("foo", "a", 1, "docker:x:1", nil, nil))
	if p, _ := cf.Processes.Get(ctx, h.GUID); p.Instances != 3 {
		t.Fatalf("account instances: %d", p.Instances)
	}
	d := deployment("foo", "b", 1, "docker:x:1", nil, map[string]string{"spring.cloud.deployer.count": "2"})
	d.Count = 2
	h = mustDeploy(t, a, d)
	if p, _ := cf.Processes.Get(ctx, h.GUID); p.Instances != 2 {
		t.Fatalf("deployer count: %d", p.Instances)
	}
	// An account with instances: 0 deploys its apps with none, as SCDF did (it was read as unset, so 1).
	none := newApps(t, s, func(c *platforms.CloudFoundryAccount) { c.Deployment.Instances = &zero })
	h = mustDeploy(t, none, deployment("foo", "c", 1, "docker:x:1", nil, nil))
	if p, _ := cf.Processes.Get(ctx, h.GUID); p.Instances != 0 {
		t.Fatalf("account instances 0: %d", p.Instances)
	}
	st, err := none.Status(ctx, []platforms.AppRef{{DeploymentID: "foo-c-v1", Handle: h.String()}})
	if err != nil || st[0].State != platforms.StateDeployed {
		t.Fatalf("status of an app with no instance: %+v %v", st, err)
	}
}

// A broker busy with another binding answers CF-ConcurrencyError: the binding is tried again, as SCDF did.
func TestBindingRetriedOnConcurrencyError(t *testing.T) {
	s := newServer(t)
	s.AddServiceInstance(s.DefaultSpaceGUID(), "rabbitmq", true, nil)
	a := newApps(t, s, func(c *platforms.CloudFoundryAccount) { c.Deployment.Services = "rabbitmq" })
	s.InjectFailure(cctest.Failure{Method: "POST", PathPrefix: "/v3/service_credential_bindings", Status: 422, Code: 10001,
		Detail: "another operation is in progress", Times: 2})
	mustDeploy(t, a, deployment("foo", "log", 1, "docker:x:1", nil, nil))
	if n := s.CountRequests("POST", "/v3/service_credential_bindings"); n != 3 {
		t.Fatalf("%d binding requests, want 2 refused and 1 made", n)
	}
	s.InjectFailure(cctest.Failure{Method: "POST", PathPrefix: "/v3/service_credential_bindings", Status: 502, Code: 10001,
		Detail: "broker down", Times: 1})
	s.InjectFailure(cctest.Failure{Method: "POST", PathPrefix: "/v3/service_credential_bindings", Status: 500, Code: 10011,
		Detail: "database down", Times: 1})
	_, err := a.Deploy(context.Background(), deployment("foo", "log", 2, "docker:x:1", nil, nil))
	if err == nil || !strings.Contains(err.Error(), "database down") || s.AppGUID("foo-log-v2") != "" {
		t.Fatalf("other errors are not retried: %v", err)
	}
}

func TestNoRouteAndDefaultDomainFromAccount(t *testing.T) {
	s := newServer(t)
	s.AddSharedDomain("cfapps.io")
	a := newApps(t, s, func(cf *platforms.CloudFoundryAccount) { cf.Connection.Domain = "cfapps.io" })
	cf := inspector(t, s)
	ctx := context.Background()
	h := mustDeploy(t, a, deployment("foo", "sink", 1, "docker:x/sink:1", nil, nil))
	routes, _ := cf.Routes.ListForAppAll(ctx, h.GUID, nil)
	if len(routes) != 1 || routes[0].URL != "foo-sink-v1.cfapps.io" {
		t.Fatalf("routes %+v", routes)
	}
	h = mustDeploy(t, a, deployment("foo", "src", 1, "docker:x/src:1", nil, map[string]string{"spring.cloud.deployer.cloudfoundry.no-route": "true"}))
	if routes, _ := cf.Routes.ListForAppAll(ctx, h.GUID, nil); len(routes) != 0 {
		t.Fatalf("no-route app has routes %+v", routes)
	}
}

func TestHostDomainAndRoutePathShapeTheDefaultRoute(t *testing.T) {
	s := newServer(t)
	s.AddSharedDomain("internal.test.local")
	a := newApps(t, s)
	h := mustDeploy(t, a, deployment("foo", "http", 1, "docker:x/http:1", nil, map[string]string{
		"spring.cloud.deployer.cloudfoundry.host":       "Ingest",
		"spring.cloud.deployer.cloudfoundry.domain":     "internal.test.local",
		"spring.cloud.deployer.cloudfoundry.route-path": "/in",
	}))
	routes, err := inspector(t, s).Routes.ListForAppAll(context.Background(), h.GUID, nil)
	if err != nil || len(routes) != 1 || routes[0].URL != "ingest.internal.test.local/in" {
		t.Fatalf("routes %+v %v", routes, err)
	}
}

func TestLongNamesAreHashedKeepingTheVersion(t *testing.T) {
	long := "a-very-long-stream-name-that-goes-on-and-on-x-processor-label-v12"
	n1, err := AppName("Ab3dE5g", long)
	if err != nil {
		t.Fatal(err)
	}
	n2, _ := AppName("Ab3dE5g", strings.Replace(long, "-v12", "-v13", 1))
	if len(n1) != maxAppName || !strings.HasSuffix(n1, "-v12") || !strings.HasSuffix(n2, "-v13") || n1[:50] != n2[:50] {
		t.Fatalf("names %q %q", n1, n2)
	}
	if again, _ := AppName("Ab3dE5g", long); again != n1 {
		t.Fatalf("not deterministic: %q %q", n1, again)
	}
	if short, _ := AppName("", "foo.bar-log-v1"); short != "foo-bar-log-v1" {
		t.Fatalf("short %q", short)
	}
	if _, err := AppName("", "---"); err == nil || !strings.Contains(err.Error(), "cannot be a Cloud Foundry app name") {
		t.Fatalf("err %v", err)
	}
}

// Bad input fails before the first request: nothing is created, not even a login.
func TestBadPropertiesFailBeforeAnyRequest(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	for prop, want := range map[string]string{
		"spring.cloud.deployer.memory":                            "memory must be a size",
		"spring.cloud.deployer.cloudfoundry.health-check":         "must be port, http, process or none",
		"spring.cloud.deployer.cloudfoundry.route":                "is not a route",
		"spring.cloud.deployer.cloudfoundry.no-route":             "must be true or false",
		"spring.cloud.deployer.cloudfoundry.services":             "parameters are written key:value",
		"spring.cloud.deployer.cloudfoundry.health-check-timeout": "must be a whole number",
	} {
		value := map[string]string{"spring.cloud.deployer.cloudfoundry.services": "svc nocolon"}[prop]
		if value == "" {
			value = "lots"
		}
		_, err := a.Deploy(context.Background(), deployment("foo", "log", 1, "docker:x:1", nil, map[string]string{prop: value}))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s=%s: err %v, want %q", prop, value, err, want)
		}
	}
	if _, err := a.Deploy(context.Background(), deployment("foo", "log", 1, "maven://org:app:1", nil, nil)); err == nil ||
		!strings.Contains(err.Error(), "docker:, file: or http(s):") {
		t.Errorf("maven: %v", err)
	}
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d requests sent for bad input: %v", n, s.Requests())
	}
}

func TestFailedDeployLeavesNothingBehind(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	ctx := context.Background()

	s.FailStaging("foo-log-v1", "no image")
	_, err := a.Deploy(ctx, deployment("foo", "log", 1, "docker:x/log:1", nil, nil))
	if err == nil || !strings.Contains(err.Error(), "StagingError - no image") {
		t.Fatalf("staging failure: %v", err)
	}
	assertNothingLeft(t, s)

	s.FailNext("POST", "/v3/routes/", 500, 10001, "the router is busy")
	_, err = a.Deploy(ctx, deployment("foo", "log", 2, "docker:x/log:1", nil, nil))
	if err == nil || !strings.Contains(err.Error(), "the router is busy") {
		t.Fatalf("route failure: %v", err)
	}
	assertNothingLeft(t, s)

	s.FailNext("POST", "/v3/deployments", 500, 10011, "database down")
	_, err = a.Deploy(ctx, deployment("foo", "log", 3, "docker:x/log:1", nil, nil))
	if err == nil || !strings.Contains(err.Error(), "database down") {
		t.Fatalf("start failure: %v", err)
	}
	assertNothingLeft(t, s)

	// An unknown domain is found beside the app's creation: the app goes again.
	_, err = a.Deploy(ctx, deployment("foo", "log", 7, "docker:x/log:1", nil, map[string]string{"spring.cloud.deployer.cloudfoundry.domain": "nope.example"}))
	if err == nil || !strings.Contains(err.Error(), "domain 'nope.example' does not exist") {
		t.Fatalf("unknown domain: %v", err)
	}
	assertNothingLeft(t, s)

	// A cleanup that fails too is reported, with what to do.
	s.FailStaging("foo-log-v6", "no image")
	s.InjectFailure(cctest.Failure{Method: "DELETE", PathPrefix: "/v3/apps/", Status: 500, Code: 10011, Detail: "database down", Times: 1})
	_, err = a.Deploy(ctx, deployment("foo", "log", 6, "docker:x/log:1", nil, nil))
	if err == nil || strings.Contains(err.Error(), "\n") || !errors.Is(err, platforms.ErrLeftBehind) ||
		!strings.Contains(err.Error(), "no image; and the app could not be removed (delete it with `cf delete foo-log-v6`)") {
		t.Fatalf("failed cleanup: %v", err)
	}
	if err := a.Undeploy(ctx, platforms.AppRef{DeploymentID: "foo-log-v6", Handle: appHandle{"foo-log-v6", s.AppGUID("foo-log-v6")}.String()}); err != nil {
		t.Fatal(err)
	}
	s.FailStaging("foo-log-v6", "")

	// A missing service is found before the app exists.
	s.ResetRequests()
	_, err = a.Deploy(ctx, deployment("foo", "log", 4, "docker:x/log:1", nil, map[string]string{"spring.cloud.deployer.cloudfoundry.services": "nope"}))
	if err == nil || !strings.Contains(err.Error(), "no service instance named nope") || s.CountRequests("POST", "/v3/apps") != 0 {
		t.Fatalf("missing service: %v, %v", err, s.Requests())
	}
	assertNothingLeft(t, s)

	// An app of that name already there (made by hand) is reported, and kept.
	mustDeploy(t, a, deployment("foo", "log", 5, "docker:x/log:1", nil, nil))
	_, err = a.Deploy(ctx, deployment("foo", "log", 5, "docker:x/log:1", nil, nil))
	if err == nil || !strings.Contains(err.Error(), "already exists") || len(s.AppNames()) != 1 {
		t.Fatalf("duplicate: %v %v", err, s.AppNames())
	}
}

func assertNothingLeft(t *testing.T, s *cctest.Server) {
	t.Helper()
	if names := s.AppNames(); len(names) != 0 {
		t.Fatalf("apps left: %v", names)
	}
	routes, err := inspector(t, s).Routes.ListAll(context.Background(), nil)
	if err != nil || len(routes) != 0 {
		t.Fatalf("routes left: %+v %v", routes, err)
	}
}

func TestStatusFromProcessStats(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	ctx := context.Background()
	src := mustDeploy(t, a, deployment("foo", "src", 1, "docker:x/src:1", nil, nil))
	sink := mustDeploy(t, a, deployment("foo", "sink", 1, "docker:x/sink:1", nil, nil))
	refs := []platforms.AppRef{{DeploymentID: "foo-src-v1", Handle: src.String()}, {DeploymentID: "foo-sink-v1", Handle: sink.String()},
		{DeploymentID: "foo-gone-v1", Handle: appHandle{Name: "foo-gone-v1", GUID: "no-such-guid"}.String()}}
	s.ResetRequests()
	st, err := a.Status(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.Requests()); n != len(refs) {
		t.Fatalf("%d requests for %d apps: %v", n, len(refs), s.Requests())
	}
	if st[0].State != platforms.StateDeploying || st[1].State != platforms.StateDeploying || st[2].State != platforms.StateUnknown {
		t.Fatalf("first look: %+v", st)
	}
	st, _ = a.Status(ctx, refs)
	if st[0].State != platforms.StateDeployed || st[0].Instances[0].ID != src.Name+"-0" || st[0].Instances[0].Attributes["guid"] != src.Name+":0" {
		t.Fatalf("running: %+v", st[0])
	}
	s.CrashInstances(sink.Name)
	st, _ = a.Status(ctx, refs)
	if st[1].State != platforms.StateFailed || !strings.Contains(st[1].Reason, "CRASHED") {
		t.Fatalf("crashed: %+v", st[1])
	}
	s.FailNext("GET", "/v3/apps/"+src.GUID, 503, 10015, "try later")
	st, _ = a.Status(ctx, refs[:1])
	if st[0].State != platforms.StateError || !strings.Contains(st[0].Reason, "try later") {
		t.Fatalf("error: %+v", st[0])
	}
}

func TestScaleAndUndeploy(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	ctx := context.Background()
	h := mustDeploy(t, a, deployment("foo", "log", 1, "docker:x/log:1", nil, nil))
	ref := platforms.AppRef{DeploymentID: "foo-log-v1", Handle: h.String()}
	if _, err := a.Scale(ctx, ref, 3); err != nil {
		t.Fatal(err)
	}
	st, _ := a.Status(ctx, []platforms.AppRef{ref})
	if len(st[0].Instances) != 3 {
		t.Fatalf("instances after scale: %+v", st[0])
	}

	s.FailNext("DELETE", "/v3/apps/", 500, 10011, "database down")
	if err := a.Undeploy(ctx, ref); err == nil || !strings.Contains(err.Error(), "database down") {
		t.Fatalf("undeploy failure not reported: %v", err)
	}
	if err := a.Undeploy(ctx, ref); err != nil {
		t.Fatal(err)
	}
	assertNothingLeft(t, s) // the app and its route
	if err := a.Undeploy(ctx, ref); err != nil {
		t.Fatalf("undeploying a gone app: %v", err)
	}
	if _, err := a.Scale(ctx, ref, 1); err == nil {
		t.Fatal("scaling a gone app succeeded")
	}
}

// An interrupted deploy leaves apps whose handles flow never kept: undeploy finds them by their label.
func TestUndeployWithoutHandleFindsTheAppByItsLabel(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	d := deployment("foo", "log", 1, "docker:x:1", nil, nil)
	d.NamePrefix = "Ab3dE5g"
	mustDeploy(t, a, d)
	mustDeploy(t, a, deployment("foo", "src", 1, "docker:x:1", nil, nil))
	if err := a.Undeploy(context.Background(), platforms.AppRef{DeploymentID: "foo-log-v1"}); err != nil {
		t.Fatal(err)
	}
	if names := s.AppNames(); len(names) != 1 || names[0] != "foo-src-v1" {
		t.Fatalf("apps left: %v", names)
	}
	if err := a.Undeploy(context.Background(), platforms.AppRef{DeploymentID: "foo-log-v1"}); err != nil {
		t.Fatalf("nothing to find is not an error: %v", err)
	}
}

func TestUndeployKeepsSharedRoutesAndHonoursDeleteRoutes(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	ctx := context.Background()
	fixed := map[string]string{"spring.cloud.deployer.cloudfoundry.route": "foo-http." + cctest.DefaultSharedDomain}
	v1 := mustDeploy(t, a, deployment("foo", "http", 1, "docker:x/http:1", nil, fixed))
	v2 := mustDeploy(t, a, deployment("foo", "http", 2, "docker:x/http:1", nil, fixed)) // red/black: both on the route
	if err := a.Undeploy(ctx, platforms.AppRef{DeploymentID: "foo-http-v1", Handle: v1.String()}); err != nil {
		t.Fatal(err)
	}
	cf := inspector(t, s)
	routes, _ := cf.Routes.ListForAppAll(ctx, v2.GUID, nil)
	if len(routes) != 1 {
		t.Fatalf("the route v2 shares was deleted with v1: %+v", routes)
	}
	keep := newApps(t, s, func(c *platforms.CloudFoundryAccount) { f := false; c.Deployment.DeleteRoutes = &f })
	if err := keep.Undeploy(ctx, platforms.AppRef{DeploymentID: "foo-http-v2", Handle: v2.String()}); err != nil {
		t.Fatal(err)
	}
	if all, _ := cf.Routes.ListAll(ctx, nil); len(all) != 1 || len(s.AppNames()) != 0 {
		t.Fatalf("deleteRoutes=false: routes %+v apps %v", all, s.AppNames())
	}
}

func TestDeployJarAsBitsWithBuildpacks(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	jar := testJar(t)
	a := newApps(t, s)
	h := mustDeploy(t, a, deployment("foo", "log", 1, "file://"+jar, nil, nil))
	cf := inspector(t, s)
	app, err := cf.Applications.Get(ctx, h.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if app.Lifecycle.Type != "buildpack" || fmt.Sprint(buildpacksOf(app)) != "["+defaultBuildpack+"]" {
		t.Fatalf("lifecycle %+v", app.Lifecycle)
	}
	pkgs, _ := cf.Packages.ListForAppAll(ctx, h.GUID, nil)
	info, _ := os.Stat(jar)
	if len(pkgs) != 1 || s.UploadedBytes(pkgs[0].GUID) != info.Size() {
		t.Fatalf("packages %+v, want the jar's %d bytes", pkgs, info.Size())
	}
	b := newApps(t, s, func(c *platforms.CloudFoundryAccount) { c.Deployment.Buildpacks = "java_buildpack_offline" })
	h = mustDeploy(t, b, deployment("foo", "log", 2, "file:"+jar, nil, nil))
	app, _ = cf.Applications.Get(ctx, h.GUID)
	if fmt.Sprint(buildpacksOf(app)) != "[java_buildpack_offline]" {
		t.Fatalf("account buildpacks: %+v", app.Lifecycle)
	}
	// An app's buildpack replaces the account's list, as in SCDF (a merge would stage with both).
	for i, c := range []struct{ key, value, want string }{
		{"buildpack", "https://github.com/cloudfoundry/java-buildpack.git#v4.77", "[https://github.com/cloudfoundry/java-buildpack.git#v4.77]"},
		{"buildpacks", "nodejs_buildpack, java_buildpack", "[nodejs_buildpack java_buildpack]"},
	} {
		h = mustDeploy(t, b, deployment("foo", "log", 10+i, "file:"+jar, nil, map[string]string{cfPrefix + c.key: c.value}))
		if app, _ = cf.Applications.Get(ctx, h.GUID); fmt.Sprint(buildpacksOf(app)) != c.want {
			t.Errorf("app %s over the account's: %v, want %s", c.key, buildpacksOf(app), c.want)
		}
	}
	s.ResetRequests()
	if _, err := b.Deploy(ctx, deployment("foo", "log", 3, "file:/nope/log.jar", nil, nil)); err == nil ||
		!strings.Contains(err.Error(), "cannot read the app file") || s.CountRequests("POST", "/v3/apps") != 0 {
		t.Fatalf("missing jar: %v %v", err, s.Requests())
	}
}

func buildpacksOf(app *resource.App) []string {
	if d, ok := app.Lifecycle.Data.(*resource.BuildpackLifecycle); ok {
		return d.Buildpacks
	}
	return nil
}

func TestRenderShowsTheManifestAndSendsNothing(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s, func(c *platforms.CloudFoundryAccount) {
		c.Connection.Domain = "cfapps.io"
		c.Deployment.Memory = "2048"
	})
	d := deployment("foo", "predict", 1, "docker:myorg/predict:1.0.0", map[string]string{"model": "v1"}, map[string]string{
		"spring.cloud.deployer.cloudfoundry.services": "'rabbitmq queue:foo'",
	})
	d.NamePrefix = "Ab3dE5g"
	out, err := a.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: Ab3dE5g-foo-predict-v1", "image: myorg/predict:1.0.0", "memory: 2G", "disk_quota: 1G",
		"health-check-type: port", "timeout: 120", "route: ab3de5g-foo-predict-v1.cfapps.io", "queue: foo", `SPRING_APPLICATION_JSON: '{"model":"v1"}'`} {
		if !strings.Contains(out, want) {
			t.Errorf("manifest lacks %q:\n%s", want, out)
		}
	}
	if len(s.Requests()) != 0 {
		t.Fatalf("render sent %v", s.Requests())
	}
	if _, err := a.Render(deployment("foo", "x", 1, "docker:x:1", nil, map[string]string{"spring.cloud.deployer.disk": "big"})); err == nil {
		t.Fatal("render took a bad disk size")
	}
}

// The droplet is made current and the app started by one deployment; a Cloud Controller that will not deploy
// a stopped app (or has no deployments) gets the droplet and the start as two requests, and a failed start
// there is undone too.
func TestStartFallsBackWhenDeploymentsAreRefused(t *testing.T) {
	s := newServer(t)
	a := newApps(t, s)
	ctx := context.Background()
	h := mustDeploy(t, a, deployment("foo", "new", 1, "docker:x:1", nil, nil))
	if s.CountRequests("POST", "/v3/deployments") != 1 || s.CountRequests("PATCH", "/v3/apps/") != 0 || s.CountRequests("POST", "/v3/apps/") != 0 {
		t.Fatalf("start by deployment: %v", s.Requests())
	}
	app, err := inspector(t, s).Applications.Get(ctx, h.GUID)
	if err != nil || app.State != "STARTED" {
		t.Fatalf("app %+v %v", app, err)
	}
	for _, refusal := range []cctest.Failure{
		{Method: "POST", PathPrefix: "/v3/deployments", Status: 422, Code: 10008, Detail: "Cannot create deployment for a STOPPED app."},
		{Method: "POST", PathPrefix: "/v3/deployments", Status: 404, Code: 10000, Detail: "Unknown request"},
	} {
		s.ResetRequests()
		s.InjectFailure(refusal)
		h := mustDeploy(t, a, deployment("foo", fmt.Sprintf("old%d", refusal.Status), 1, "docker:x:1", nil, nil))
		if s.CountRequests("PATCH", "/v3/apps/"+h.GUID+"/relationships/current_droplet") != 1 || s.CountRequests("POST", "/v3/apps/"+h.GUID+"/actions/start") != 1 {
			t.Fatalf("after a %d: %v", refusal.Status, s.Requests())
		}
		if app, err := inspector(t, s).Applications.Get(ctx, h.GUID); err != nil || app.State != "STARTED" {
			t.Fatalf("app %+v %v", app, err)
		}
	}
	s.InjectFailure(cctest.Failure{Method: "POST", PathPrefix: "/v3/deployments", Status: 404, Code: 10000, Detail: "Unknown request"})
	s.FailNext("POST", "/v3/apps/", 500, 10011, "database down")
	if _, err := a.Deploy(ctx, deployment("foo", "broken", 1, "docker:x:1", nil, nil)); err == nil || !strings.Contains(err.Error(), "cannot start app foo-broken-v1: database down") {
		t.Fatalf("failed start: %v", err)
	}
	if s.AppGUID("foo-broken-v1") != "" {
		t.Fatal("the app that did not start is still there")
	}
}

// Full routes beside host or domain are refused before any request, as SCDF's push refused them, whether the
// host or domain is the app's or the account's.
func TestRoutesWithHostOrDomainAreRefused(t *testing.T) {
	s := newServer(t)
	withDomain := newApps(t, s, func(c *platforms.CloudFoundryAccount) { c.Deployment.Domain = "apps.example.com" })
	plain := newApps(t, s)
	for _, c := range []struct {
		apps     *Apps
		deployer map[string]string
		want     string
	}{
		{plain, map[string]string{cfPrefix + "routes": "a.apps.example.com", cfPrefix + "host": "b"}, "cloudfoundry.routes (or route) cannot be used with cloudfoundry.host ('b')"},
		{plain, map[string]string{cfPrefix + "route": "a.apps.example.com", cfPrefix + "domain": "other.com"}, "cannot be used with cloudfoundry.domain ('other.com')"},
		{withDomain, map[string]string{cfPrefix + "routes": "a.apps.example.com"}, "cannot be used with cloudfoundry.domain ('apps.example.com')"},
	} {
		_, err := c.apps.Deploy(context.Background(), deployment("foo", "log", 1, "docker:x:1", nil, c.deployer))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.deployer, err, c.want)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d requests sent for refused routes: %v", n, s.Requests())
	}
}

// Service parameters as SCDF's ServiceParser reads them: key:value, key=value, spaces around; a pair without
// one separator is refused.
func TestServiceParameters(t *testing.T) {
	for _, c := range []struct {
		item string
		want map[string]string
		err  string
	}{
		{"mysql", nil, ""},
		{"nfs share:1.2.3.4/export, uid:65534, gid:65534, mount:/var/scdf", map[string]string{"share": "1.2.3.4/export", "uid": "65534", "gid": "65534", "mount": "/var/scdf"}, ""},
		{"nfs share=1.2.3.4/export, uid=65534, gid=65534, mount=/var/scdf", map[string]string{"share": "1.2.3.4/export", "uid": "65534", "gid": "65534", "mount": "/var/scdf"}, ""},
		{"test-service foo : bar", map[string]string{"foo": "bar"}, ""},
		{"test-service foo bar", nil, "service 'test-service': parameters are written key:value,key2:value2 (or key=value), got 'foo bar'"},
		{"svc url:http://x", nil, "service 'svc': parameters are written"},
	} {
		got, err := parseService(c.item)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: %v, want %q", c.item, err, c.err)
			}
		case err != nil || !reflect.DeepEqual(got.params, c.want):
			t.Errorf("%q: %+v %v, want %v", c.item, got, err, c.want)
		}
	}
}

// The account's appAdmin credentials reach stream apps as SCDF's AppAdmin variables, both or neither; the
// dry-run manifest shows the password masked.
func TestAppAdminCredentials(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	admin := newApps(t, s, func(c *platforms.CloudFoundryAccount) {
		c.Deployment.Properties = map[string]string{"appAdmin.user": "admin", "app-admin.password": "s3cret"}
	})
	h := mustDeploy(t, admin, deployment("foo", "log", 1, "docker:x:1", nil, nil))
	env, err := inspector(t, s).Applications.GetEnvironmentVariables(ctx, h.GUID)
	if err != nil || env[envAdminUser] == nil || *env[envAdminUser] != "admin" || env[envAdminPassword] == nil || *env[envAdminPassword] != "s3cret" {
		t.Fatalf("env %v %v", env, err)
	}
	text, err := admin.Render(deployment("foo", "log", 2, "docker:x:1", nil, nil))
	if err != nil || strings.Contains(text, "s3cret") || !strings.Contains(text, envAdminPassword+": '******'") || !strings.Contains(text, envAdminUser+": admin") {
		t.Fatalf("render:\n%s %v", text, err)
	}
	userOnly := newApps(t, s, func(c *platforms.CloudFoundryAccount) {
		c.Deployment.Properties = map[string]string{"appAdmin.user": "admin"}
	})
	h = mustDeploy(t, userOnly, deployment("foo", "log", 3, "docker:x:1", nil, nil))
	if env, _ := inspector(t, s).Applications.GetEnvironmentVariables(ctx, h.GUID); env[envAdminUser] != nil || env[envAdminPassword] != nil {
		t.Fatalf("a user without a password was set: %v", env)
	}
}
