package accounts

import (
	"slices"
	"sort"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
)

// literalSecrets names the fields of an account that hold a secret as plain text rather than as a ${ENV}
// reference, so an import can suggest moving them out of the file (without ever printing them).
func literalSecrets(a platforms.Account) []string {
	var fields []string
	check := func(field, v string) {
		if v != "" && !platforms.IsSecretReference(v) {
			fields = append(fields, field)
		}
	}
	switch {
	case a.Kubernetes != nil:
		check("token", a.Kubernetes.Token)
		keys := make([]string, 0, len(a.Kubernetes.Properties))
		for k := range a.Kubernetes.Properties {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if looksSecret(k) {
				check(k, a.Kubernetes.Properties[k])
			}
		}
	case a.CloudFoundry != nil:
		check("connection.password", a.CloudFoundry.Connection.Password)
		check("connection.clientSecret", a.CloudFoundry.Connection.ClientSecret)
	}
	return fields
}

// namesSecrets are the Kubernetes deployer properties whose names hold "secret" but whose values name a Secret
// (or one of its keys) rather than hold one.
var namesSecrets = []string{"imagepullsecret", "imagepullsecrets", "secretrefs", "secretkeyrefs", "probecredentialssecret"}

// looksSecret matches property names whose values must not be shown, as flow's redaction does; the names of
// Secrets (imagePullSecrets[0], secretRefs, volumes[0].secret.secretName) are not secrets.
func looksSecret(key string) bool {
	k := strings.ToLower(key)
	root := k
	if i := strings.IndexAny(root, ".["); i >= 0 {
		root = root[:i]
	}
	if slices.Contains(namesSecrets, relaxed(root)) || strings.HasSuffix(k, ".secretname") || strings.HasSuffix(k, ".datakey") {
		return false
	}
	for _, word := range []string{"password", "secret", "token", "credentials", "keydata", "keyfile", "passphrase"} {
		if strings.Contains(k, word) {
			return true
		}
	}
	return false
}
