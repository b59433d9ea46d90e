package kubernetes

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Secret-looking properties (app.AppDeployment.SecretKeys) never reach the pod spec, where `kubectl get
// deployment -o yaml` and every copy of the spec would show them. They go into a Secret of the app version,
// named like its Deployment and labelled like it (so undeploy removes it), and reach the container as
// environment variables read from that Secret. With the exec entry point style the arguments refer to them
// ($(NAME), which Kubernetes expands), so the app gets the same arguments as before; with the boot style the
// variables follow Spring Boot's relaxed binding, so Boot binds them to the same properties; the shell style
// names them as SCDF does.

// secretEnv is one secret property delivered through the app's Secret.
type secretEnv struct {
	key, env, value string
}

// secretEnvs pairs each secret property with its variable name; two keys that map to one name are refused.
func secretEnvs(app platforms.AppDeployment, style string) ([]secretEnv, error) {
	var out []secretEnv
	seen := map[string]string{}
	for _, k := range app.SecretKeys {
		v, ok := app.AppProperties[k]
		if !ok || v == "" {
			continue
		}
		name := relaxedEnvName(k)
		if style == "shell" {
			name = shellEnvName(k)
		}
		if errs := validation.IsEnvVarName(name); len(errs) > 0 {
			return nil, fmt.Errorf("the secret property '%s' cannot be passed as the environment variable '%s': %s", k, name, strings.Join(errs, "; "))
		}
		if other, dup := seen[name]; dup {
			return nil, fmt.Errorf("the secret properties '%s' and '%s' would both be the environment variable %s", other, k, name)
		}
		seen[name] = k
		out = append(out, secretEnv{key: k, env: name, value: v})
	}
	return out, nil
}

// isSecretKey says whether a property is delivered through the Secret.
func isSecretKey(app platforms.AppDeployment, key string) bool {
	return slices.Contains(app.SecretKeys, key)
}

// relaxedEnvName is Spring Boot's environment form of a property: dots to underscores, dashes dropped, list
// indexes between underscores, upper case (spring.datasource.password -> SPRING_DATASOURCE_PASSWORD,
// my.list[0].api-key -> MY_LIST_0_APIKEY).
func relaxedEnvName(key string) string {
	r := strings.NewReplacer(".", "_", "-", "", "[", "_", "]", "")
	return strings.ToUpper(r.Replace(key))
}

// shellEnvName is SCDF's shell entry point style: dots to underscores, upper case.
func shellEnvName(key string) string { return strings.ToUpper(strings.ReplaceAll(key, ".", "_")) }

// appSecret is the Secret holding an app version's secret properties and secret environment variables (by
// variable name: the variable given wins over a property of the same name, as it does in the container); nil
// when it has none.
func appSecret(namespace, id string, labels map[string]string, secrets []secretEnv, envSecrets map[string]string) *corev1.Secret {
	if len(secrets) == 0 && len(envSecrets) == 0 {
		return nil
	}
	data := make(map[string][]byte, len(secrets)+len(envSecrets))
	for _, s := range secrets {
		data[s.env] = []byte(s.value)
	}
	for name, v := range envSecrets {
		data[name] = []byte(v)
	}
	return &corev1.Secret{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: metav1.ObjectMeta{Name: id, Namespace: namespace, Labels: labels},
		Type:       corev1.SecretTypeOpaque,
		Data:       data,
	}
}

// secretEnvVars are the container's variables that read the Secret.
func secretEnvVars(secretName string, secrets []secretEnv) []corev1.EnvVar {
	out := make([]corev1.EnvVar, 0, len(secrets))
	for _, s := range secrets {
		out = append(out, secretEnvVar(secretName, s.env))
	}
	return out
}

// secretEnvVar is a variable read from the key of its own name in the Secret.
func secretEnvVar(secretName, name string) corev1.EnvVar {
	return corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: secretName}, Key: name}}}
}
