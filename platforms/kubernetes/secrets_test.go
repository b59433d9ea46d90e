package kubernetes

import (
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
