package kubernetes

import "testing"

// BenchmarkBuildAppObjects is what every deploy pays per app before anything is sent: the seed app, and the same
// app with the structured properties of the dry-run transcript (account-level flattened, app-level YAML).
func BenchmarkBuildAppObjects(b *testing.B) {
	plain := cardata(nil)
	acc := accountWith(map[string]string{"podSecurityContext.runAsUser": "65534", "podSecurityContext.runAsNonRoot": "'true'",
		"tolerations[0].key": "dedicated", "tolerations[0].operator": "Exists", "secretRefs[0]": "shared",
		"volumes[0].name": "certs", "volumes[0].secret.secretName": "certs", "volumeMounts[0].name": "certs", "volumeMounts[0].mountPath": "/etc/certs"})
	rich := appWith(map[string]string{
		"secretKeyRefs":                  "[{envVarName: DB_PASSWORD, secretName: db, dataKey: password}]",
		"affinity.podAntiAffinity":       "{preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, podAffinityTerm: {topologyKey: kubernetes.io/hostname}}]}",
		"initContainer":                  "{containerName: wait, imageName: busybox, commands: [sh, -c, 'echo hi']}",
		"containerSecurityContext":       "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}",
		"lifecycle.preStop.exec.command": "sh,-c,sleep 5",
	})
	for _, c := range []struct {
		name string
		run  func() error
	}{
		{"seed", func() error { _, err := buildAppObjects(kafkazone, "ns", plain); return err }},
		{"structured", func() error { _, err := buildAppObjects(acc, "ns", rich); return err }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
