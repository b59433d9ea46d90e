package kubernetes

import (
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// Secret properties leave the arguments (and SPRING_APPLICATION_JSON) for the app version's Secret, and reach
// the container as variables Spring Boot binds to the same properties.
func TestSecretPropertiesGoThroughASecret(t *testing.T) {
	for _, style := range []string{"exec", "boot"} {
		app := cardata(map[string]string{"spring.cloud.deployer.kubernetes.entryPointStyle": style})
		app.AppProperties["spring.datasource.password"] = "hunter2"
		app.AppProperties["my.list[0].api-key"] = "k3y"
		app.SecretKeys = []string{"my.list[0].api-key", "spring.datasource.password"}
		objs, err := buildAppObjects(kafkazone, "ns", app)
		if err != nil {
			t.Fatal(err)
		}
		c := objs.Deployment.Spec.Template.Spec.Containers[0]
		var plain strings.Builder
		refs := map[string]*corev1.SecretKeySelector{}
		for _, e := range c.Env {
			plain.WriteString(e.Name + "=" + e.Value + "\n")
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				refs[e.Name] = e.ValueFrom.SecretKeyRef
			}
		}
		plain.WriteString(strings.Join(c.Args, " "))
		if strings.Contains(plain.String(), "hunter2") || strings.Contains(plain.String(), "k3y") {
			t.Errorf("%s: a secret is in the pod spec:\n%s", style, plain.String())
		}
		if !strings.Contains(plain.String(), "foo.cardata") {
			t.Errorf("%s: the plain property went with the secrets:\n%s", style, plain.String())
		}
		want := map[string]string{"SPRING_DATASOURCE_PASSWORD": "hunter2", "MY_LIST_0_APIKEY": "k3y"}
		// exec: the arguments the app gets are the same as without secrets, once Kubernetes expands them.
		if args := strings.Join(c.Args, " "); style == "exec" && (!strings.Contains(args, "--spring.datasource.password=$(SPRING_DATASOURCE_PASSWORD)") ||
			!strings.Contains(args, "--my.list[0].api-key=$(MY_LIST_0_APIKEY)")) {
			t.Errorf("exec: the secrets are not referenced from the arguments: %s", args)
		}
		if objs.Secret == nil || objs.Secret.Name != "foo-cardata-v1" || objs.Secret.Labels[labelAppID] != "foo-cardata-v1" {
			t.Fatalf("%s: secret %+v", style, objs.Secret)
		}
		for name, value := range want {
			ref := refs[name]
			if ref == nil || ref.Name != "foo-cardata-v1" || ref.Key != name || string(objs.Secret.Data[name]) != value {
				t.Errorf("%s: %s: ref %+v, data %q", style, name, ref, objs.Secret.Data[name])
			}
		}
	}
}

// SCDF's shell style names the variables its own way, for secrets too.
func TestShellStyleSecretNames(t *testing.T) {
	app := cardata(map[string]string{"spring.cloud.deployer.kubernetes.entryPointStyle": "shell"})
	app.AppProperties["spring.datasource.api-key"] = "k3y"
	app.SecretKeys = []string{"spring.datasource.api-key"}
	objs, err := buildAppObjects(kafkazone, "ns", app)
	if err != nil {
		t.Fatal(err)
	}
	if string(objs.Secret.Data["SPRING_DATASOURCE_API-KEY"]) != "k3y" {
		t.Errorf("secret data: %v", objs.Secret.Data)
	}
}

// A secret key that cannot be a variable, or two that would be the same one, fail before anything is made.
func TestSecretPropertyNamesAreChecked(t *testing.T) {
	app := cardata(map[string]string{"spring.cloud.deployer.kubernetes.entryPointStyle": "shell"})
	app.AppProperties["my.list[0].token"] = "x"
	app.SecretKeys = []string{"my.list[0].token"}
	if _, err := buildAppObjects(kafkazone, "ns", app); err == nil || !strings.Contains(err.Error(), "cannot be passed as the environment variable 'MY_LIST[0]_TOKEN'") {
		t.Errorf("shell style with brackets: %v", err)
	}
	app = cardata(nil)
	app.AppProperties["db.pass-word"] = "a"
	app.AppProperties["db.password"] = "b"
	app.SecretKeys = []string{"db.pass-word", "db.password"}
	if _, err := buildAppObjects(kafkazone, "ns", app); err == nil || !strings.Contains(err.Error(), "would both be the environment variable DB_PASSWORD") {
		t.Errorf("colliding names: %v", err)
	}
	app = cardata(nil)
	if objs, err := buildAppObjects(kafkazone, "ns", app); err != nil || objs.Secret != nil {
		t.Errorf("an app without secrets got a Secret: %+v %v", objs.Secret, err)
	}
}

// The environment variables flow names secret read the app's Secret (a variable given by name wins over a
// secret property of the same name, as in the container); the others keep their values. Task pods and CronJobs
// do the same with the run's or the schedule's Secret.
func TestSecretEnvironmentVariablesGoThroughTheSecret(t *testing.T) {
	app := cardata(map[string]string{"spring.cloud.deployer.kubernetes.environmentVariables": "DB_PASSWORD=hunter2,FOO=bar,API_KEY='a,b'"})
	app.AppProperties["db.password"] = "from-property"
	app.SecretKeys = []string{"db.password"}
	app.SecretEnvNames = []string{"API_KEY", "DB_PASSWORD"}
	objs, err := buildAppObjects(kafkazone, "ns", app)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, e := range objs.Deployment.Spec.Template.Spec.Containers[0].Env {
		env[e.Name] = e.Value
		if r := e.ValueFrom; r != nil && r.SecretKeyRef != nil {
			env[e.Name] = "secret:" + r.SecretKeyRef.Name + "/" + r.SecretKeyRef.Key
		}
	}
	for name, want := range map[string]string{"DB_PASSWORD": "secret:foo-cardata-v1/DB_PASSWORD", "API_KEY": "secret:foo-cardata-v1/API_KEY", "FOO": "bar"} {
		if env[name] != want {
			t.Errorf("%s: %q, want %q", name, env[name], want)
		}
	}
	if d := objs.Secret.Data; string(d["DB_PASSWORD"]) != "hunter2" || string(d["API_KEY"]) != "a,b" || len(d) != 2 {
		t.Errorf("secret data: %q", d)
	}

	spec := scheduleSpec("nightly", map[string]string{"spring.cloud.deployer.kubernetes.environmentVariables": "DB_PASSWORD=hunter2,FOO=bar"})
	spec.Task.SecretEnvNames = []string{"DB_PASSWORD"}
	s := &Schedules{&Client{Namespace: "ns", Account: highmemory}}
	cron, values, err := s.cronJob(spec)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(cron)
	if strings.Contains(string(raw), "hunter2") || values["DB_PASSWORD"] != "hunter2" || len(values) != 1 ||
		!strings.Contains(string(raw), `{"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"nightly","key":"DB_PASSWORD"}}}`) {
		t.Errorf("CronJob %s, secret values %v", raw, values)
	}
}
