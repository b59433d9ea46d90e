package kubernetes

import "testing"

func TestAppHandleRoundTrip(t *testing.T) {
	for _, h := range []appHandle{
		{service: "foo-log"},
		{secret: true, service: "foo-log"},
		{statefulSet: true, secret: true, service: "foo-part"},
	} {
		got, ok := parseAppHandle(h.String())
		if !ok || got != h {
			t.Errorf("%q read back as %+v (%v)", h.String(), got, ok)
		}
	}
	// Handles of apps deployed before are undeployed by their labels.
	for _, old := range []string{"", noSecretHandle, "-", "deployment", "deployment;secret", "pod;service=x", "deployment;colour=red;service=x"} {
		if h, ok := parseAppHandle(old); ok {
			t.Errorf("%q read as a handle that names its objects: %+v", old, h)
		}
	}
}
