package kubernetes

import (
	"context"
	"encoding/base64"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// probeCredentialsSecret names a Secret whose "credentials" key holds user:password for the HTTP probes: SCDF
// reads it when it deploys and adds "Authorization: Basic <its base64 value>" to each HTTP probe. A probe
// header cannot refer to a Secret, so the value is in the Deployment's spec, as it was with SCDF; a dry run
// shows where it comes from instead, and the Secret is read only by a deploy.
const probeCredentialsKey = "credentials"

// probeCredentialsPlaceholder is what Render shows for the header's value.
func probeCredentialsPlaceholder(secret string) string {
	return fmt.Sprintf("Basic <the %s key of Secret %s, read when deployed>", probeCredentialsKey, secret)
}

// setProbeAuthorization puts the Authorization header on the container's HTTP probes.
func setProbeAuthorization(c *corev1.Container, value string) {
	for _, p := range []*corev1.Probe{c.StartupProbe, c.ReadinessProbe, c.LivenessProbe} {
		if p == nil || p.HTTPGet == nil {
			continue
		}
		p.HTTPGet.HTTPHeaders = []corev1.HTTPHeader{{Name: "Authorization", Value: value}}
	}
}

// probeAuthorization reads the Secret and makes the header's value; a missing Secret or key fails the deploy
// before anything is written.
func (c *Client) probeAuthorization(ctx context.Context, secret string) (string, error) {
	s := &corev1.Secret{}
	err := c.secrets().get(ctx, secret, s)
	if apierrors.IsNotFound(err) {
		return "", fmt.Errorf("kubernetes.probeCredentialsSecret: there is no Secret %s in namespace %s", secret, c.Namespace)
	}
	if err != nil {
		return "", fmt.Errorf("kubernetes.probeCredentialsSecret: cannot read Secret %s in namespace %s: %w", secret, c.Namespace, err)
	}
	v, ok := s.Data[probeCredentialsKey]
	if !ok {
		return "", fmt.Errorf("kubernetes.probeCredentialsSecret: Secret %s has no %s key (user:password)", secret, probeCredentialsKey)
	}
	return "Basic " + base64.StdEncoding.EncodeToString(v), nil
}
