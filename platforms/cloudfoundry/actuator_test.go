package cloudfoundry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
)

// throughRouter sends route requests to the test server's router, as HTTP_PROXY does for the binary.
func throughRouter(t *testing.T, s *cctest.Server) {
	proxy, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	saved := actuatorClient
	actuatorClient = &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
	t.Cleanup(func() { actuatorClient = saved })
}

func TestActuatorGoesThroughTheRouteToTheInstance(t *testing.T) {
	s := newServer(t)
	throughRouter(t, s)
	a := newApps(t, s, func(c *platforms.CloudFoundryAccount) {
		c.Deployment.Properties = map[string]string{"appAdmin.user": "admin", "app-admin.password": "s3cret"}
	})
	ctx := context.Background()
	h := mustDeploy(t, a, deployment("foo", "log", 1, "docker:x/log:1", nil, nil))
	ref := platforms.AppRef{DeploymentID: "foo-log-v1", Handle: h.String()}
	if _, err := a.Scale(ctx, ref, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Status(ctx, []platforms.AppRef{ref}); err != nil { // instances start when observed
		t.Fatal(err)
	}
	var posted []string
	s.ServeApp(h.Name, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "application/json" {
			w.WriteHeader(http.StatusNotAcceptable)
			return
		}
		if u, p, ok := r.BasicAuth(); !ok || u != "admin" || p != "s3cret" { // the account's appAdmin
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch r.Method + " " + r.URL.Path {
		case "GET /actuator/info":
			fmt.Fprintf(w, `{"instance":%q}`, r.Header.Get("X-Cf-App-Instance"))
		case "POST /actuator/loggers/org.example":
			body, _ := io.ReadAll(r.Body)
			posted = append(posted, r.Header.Get("Content-Type")+" "+string(body))
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))

	got, err := a.Actuator(ctx, ref, platforms.ActuatorRequest{Instance: h.Name + "-1", Method: "GET", Endpoint: "info"})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(`{"instance":"%s:1"}`, h.GUID); got.StatusCode != 200 || string(got.Body) != want {
		t.Errorf("got %d %s, want 200 %s", got.StatusCode, got.Body, want)
	}
	// SCDF's guid form names the same instance.
	got, err = a.Actuator(ctx, ref, platforms.ActuatorRequest{Instance: h.Name + ":0", Method: "POST", Endpoint: "/loggers/org.example",
		Body: []byte(`{"configuredLevel":"DEBUG"}`)})
	if err != nil || got.StatusCode != http.StatusNoContent {
		t.Fatalf("post: %v %+v", err, got)
	}
	if len(posted) != 1 || posted[0] != `application/json {"configuredLevel":"DEBUG"}` {
		t.Errorf("the app got %q", posted)
	}
	got, err = a.Actuator(ctx, ref, platforms.ActuatorRequest{Instance: h.Name + "-0", Method: "GET", Endpoint: "nosuch"})
	if err != nil || got.StatusCode != http.StatusNotFound {
		t.Errorf("a missing endpoint is the app's 404: %v %+v", err, got)
	}

	_, err = a.Actuator(ctx, ref, platforms.ActuatorRequest{Instance: h.Name + "-7", Method: "GET", Endpoint: "info"})
	var none *platforms.NoSuchInstanceError
	if !errors.As(err, &none) || !strings.Contains(err.Error(), h.Name+"-0, "+h.Name+"-1") {
		t.Errorf("an unknown instance: %v", err)
	}
	s.CrashInstances(h.Name)
	_, err = a.Actuator(ctx, ref, platforms.ActuatorRequest{Instance: h.Name + "-0", Method: "GET", Endpoint: "info"})
	if err == nil || !strings.Contains(err.Error(), "is failed, not deployed") {
		t.Errorf("a crashed instance: %v", err)
	}
	s.SetInstanceState(h.Name, "")
	s.ServeApp(h.Name, nil)
	got, err = a.Actuator(ctx, ref, platforms.ActuatorRequest{Instance: h.Name + "-0", Method: "GET", Endpoint: "info"})
	if err != nil || got.StatusCode != http.StatusBadGateway {
		t.Errorf("an app that does not answer: the router's 502, got %v %+v", err, got)
	}
}
