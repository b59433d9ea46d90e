package cloudfoundry

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bootJar writes a Spring Boot-like jar: its own class, and nested jars under BOOT-INF/lib, stored (as Boot
// stores them) or compressed; cfenvIn names the nested jar that holds CfEnv ("top" puts it in the jar itself).
func bootJar(t *testing.T, cfenvIn string, method uint16) string {
	t.Helper()
	nested := func(classes ...string) []byte {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for _, c := range classes {
			w, err := z.Create(c)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = w.Write([]byte("cafebabe"))
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	path := filepath.Join(t.TempDir(), "app.jar")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	add := func(name string, data []byte, m uint16) {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	add("META-INF/MANIFEST.MF", []byte("Main-Class: org.springframework.boot.loader.JarLauncher\n"), zip.Deflate)
	add("BOOT-INF/classes/com/example/App.class", []byte("cafebabe"), zip.Deflate)
	add("BOOT-INF/lib/spring-core-6.1.0.jar", nested("org/springframework/core/SpringVersion.class"), method)
	switch cfenvIn {
	case "top":
		add("BOOT-INF/classes/"+cfEnvClass, []byte("cafebabe"), zip.Deflate)
	case "":
	default:
		add("BOOT-INF/lib/"+cfenvIn, nested(cfEnvClass, "io/pivotal/cfenv/core/CfService.class"), method)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// java-cfenv is found as SCDF's class lookup found it: in the jar, or in a nested jar stored or compressed.
func TestJarHasCfEnv(t *testing.T) {
	for _, c := range []struct {
		name   string
		path   string
		cfenv  bool
		isFile bool
	}{
		{"no java-cfenv", bootJar(t, "", zip.Store), false, true},
		{"nested, stored", bootJar(t, "java-cfenv-3.1.5.jar", zip.Store), true, true},
		{"nested, compressed", bootJar(t, "java-cfenv-3.1.5.jar", zip.Deflate), true, true},
		{"shaded into another jar", bootJar(t, "platform-libs-1.0.jar", zip.Store), true, true},
		{"in the app's classes", bootJar(t, "top", zip.Store), true, true},
	} {
		f, err := os.Open(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := jarHasCfEnv(f); got != c.cfenv {
			t.Errorf("%s: %v, want %v", c.name, got, c.cfenv)
		}
		_ = f.Close()
	}
	notZip := filepath.Join(t.TempDir(), "x.jar")
	_ = os.WriteFile(notZip, []byte("not a zip"), 0o600)
	f, err := os.Open(notZip)
	if err != nil {
		t.Fatal(err)
	}
	if jarHasCfEnv(f) || jarHasCfEnv(strings.NewReader("")) {
		t.Error("java-cfenv found in a file that is not a jar")
	}
	_ = f.Close()
}

// The cloud profile as SCDF's CfEnvConfigurer adds it.
func TestCloudProfile(t *testing.T) {
	for _, c := range []struct {
		in     map[string]string
		create string
		want   map[string]string
	}{
		{map[string]string{}, profilesProperty, map[string]string{profilesProperty: "cloud"}},
		{map[string]string{}, "", map[string]string{}},
		{map[string]string{profilesProperty: "dev"}, profilesProperty, map[string]string{profilesProperty: "dev,cloud"}},
		{map[string]string{profilesEnv: "dev,cloud"}, "", map[string]string{profilesEnv: "dev,cloud"}},
		{map[string]string{profilesKebab: ""}, "", map[string]string{profilesKebab: "cloud"}},
	} {
		if got := withCloudProfile(c.in, c.create); !mapsEqual(got, c.want) {
			t.Errorf("%v (create %q): %v, want %v", c.in, c.create, got, c.want)
		}
	}
	for arg, want := range map[string]string{
		"--spring.profiles.active=dev":   "--spring.profiles.active=dev,cloud",
		"--spring.profiles.active=":      "--spring.profiles.active=cloud",
		"--spring-profiles-active=a,b":   "--spring-profiles-active=a,b,cloud",
		"--format=yyyy":                  "--format=yyyy",
		"--spring.profiles.active=cloud": "--spring.profiles.active=cloud",
	} {
		if got := argWithCloudProfile(arg); got != want {
			t.Errorf("%s: %s, want %s", arg, got, want)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// A stream app and a task whose jar carries java-cfenv are pushed with the buildpack's auto-reconfiguration off
// and the cloud profile active; a task's profile argument gets it too, also when the staged app is reused.
func TestCfEnvAppsAndTasks(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	jar := bootJar(t, "java-cfenv-3.1.5.jar", zip.Store)
	cf := inspector(t, s)

	h := mustDeploy(t, newApps(t, s), deployment("foo", "log", 1, "file:"+jar, map[string]string{"spring.profiles.active": "kafka"}, nil))
	env, err := cf.Applications.GetEnvironmentVariables(ctx, h.GUID)
	if err != nil {
		t.Fatal(err)
	}
	var saj map[string]string
	if env[envAutoReconfiguration] == nil || *env[envAutoReconfiguration] != autoReconfigurationOff ||
		json.Unmarshal([]byte(*env[envApplicationJSON]), &saj) != nil || saj[profilesProperty] != "kafka,cloud" {
		t.Fatalf("stream app env: %v", env)
	}
	plain := mustDeploy(t, newApps(t, s), deployment("foo", "log", 2, "file:"+testJar(t), map[string]string{"k": "v"}, nil))
	if env, _ := cf.Applications.GetEnvironmentVariables(ctx, plain.GUID); env[envAutoReconfiguration] != nil || strings.Contains(*env[envApplicationJSON], "cloud") {
		t.Fatalf("an app without java-cfenv got its settings: %v", env)
	}

	l := newTasks(t, s)
	spec := taskSpec(1, jar, nil)
	spec.Args = append(spec.Args, "--spring.profiles.active=batch")
	for id := int64(1); id <= 2; id++ { // the second launch reuses the staged app
		spec.ExecutionID = id
		got, err := l.LaunchTask(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		task, err := cf.Tasks.Get(ctx, got.ExternalID)
		if err != nil || !strings.Contains(task.Command, "--spring.profiles.active=batch,cloud") {
			t.Fatalf("launch %d: task command %q %v", id, task.Command, err)
		}
	}
	if s.CountRequests("POST", "/v3/builds") != 3 { // two stream apps, one task app
		t.Errorf("builds: %v", s.Requests())
	}
	env, err = cf.Applications.GetEnvironmentVariables(ctx, s.AppGUID("timestamp"))
	if err != nil || env[envAutoReconfiguration] == nil || env[profilesEnv] == nil || *env[profilesEnv] != "cloud" {
		t.Fatalf("task app env: %v %v", env, err)
	}
}
