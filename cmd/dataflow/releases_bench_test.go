package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/store"
)

// BenchmarkStreamReleases times the commands that read a stream's releases, on a store where one stream has
// 100 and 10,000 releases (three apps each, with the config and manifest a real deploy writes): `stream info`,
// `stream history` (its first page), `stream manifest`, and the reads of deploy, update and undeploy (a deploy
// of the deployed stream and an update that changes nothing fail once they have read what they need; an
// undeploy runs on a fresh copy of the store each time). Issue "Releases read in one query and only what is
// needed" asks for info and history at 10,000 releases within 1.5x their time at 100.
func BenchmarkStreamReleases(b *testing.B) {
	for _, n := range []int{100, 10000} {
		dir := b.TempDir()
		releasesStore(b, dir, n)
		commands := []struct {
			name string
			args []string
			code int
			want string
		}{
			{"info", []string{"stream", "info", "tick"}, 0, "║tick"},
			{"history", []string{"stream", "history", "tick"}, 0, "│DEPLOYED"},
			{"manifest", []string{"stream", "manifest", "tick"}, 0, "SpringCloudDeployerApplication"},
			{"deploy-reads", []string{"stream", "deploy", "tick"}, 1, "already deployed"},
			{"update-reads", []string{"stream", "update", "tick", "--properties", "deployer.log.count=1"}, 1, "no difference"},
			{"undeploy", []string{"stream", "undeploy", "tick"}, 0, ""},
		}
		for _, c := range commands {
			b.Run(fmt.Sprintf("releases=%d/%s", n, c.name), func(b *testing.B) {
				times := make([]time.Duration, 0, b.N)
				for range b.N {
					run := dir
					if c.name == "undeploy" { // it changes the store: each run gets the store as built
						run = b.TempDir()
						copyFile(b, filepath.Join(dir, "df.db"), filepath.Join(run, "df.db"))
					}
					t0 := time.Now()
					out, stderr, code := runEnv(b, run, "", []string{"DATAFLOW_DB=" + filepath.Join(run, "df.db")}, c.args...)
					times = append(times, time.Since(t0))
					if code != c.code || !strings.Contains(out+stderr, c.want) {
						b.Fatalf("%v: %d\n%s%s", c.args, code, out, stderr)
					}
				}
				sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
				b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
			})
		}
	}
}

// releasesStore writes a store whose stream "tick" (time | uppercase | log, on the default local account) has n
// releases: each one changed one app (its deployment id carries the new version), the last is DEPLOYED and
// every tenth of the others FAILED, the rest DELETED.
func releasesStore(b *testing.B, dir string, n int) {
	b.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(dir, "df.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer closeStore(b, s)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	labels := []string{"log", "uppercase", "time"}
	err = s.InTx(ctx, func(tx *store.Tx) error {
		err := tx.InsertDefinition(ctx, store.StreamDefinitions, store.Definition{Name: "tick",
			Definition: "time | uppercase | log", CreatedAt: start})
		if err != nil {
			return err
		}
		ids := map[string]string{}
		for _, l := range labels {
			ids[l] = "tick-" + l + "-v1"
		}
		for v := 1; v <= n; v++ {
			if v > 1 {
				l := labels[v%3]
				ids[l] = fmt.Sprintf("tick-%s-v%d", l, v)
			}
			status, description := store.ReleaseDeleted, "Delete complete"
			switch {
			case v == n:
				status, description = store.ReleaseDeployed, "Upgrade complete"
			case v%10 == 0:
				status, description = store.ReleaseFailed, "Could not deploy app."
			}
			config, manifest := benchReleaseConfig(v)
			rel := store.Release{Name: "tick", Version: v, Platform: "default", Status: status, Description: description,
				FirstDeployed: start.Add(time.Duration(v) * time.Minute), LastDeployed: start.Add(time.Duration(v) * time.Minute),
				Config: config, Manifest: manifest}
			for _, l := range labels {
				// A local account's handle: the app's directory, and no instance still running.
				handle := `{"dir":"` + filepath.Join(dir, "apps", ids[l]) + `","instances":[]}`
				rel.Apps = append(rel.Apps, store.ReleaseApp{Label: l, DeploymentID: ids[l], Handle: handle})
			}
			if err := tx.InsertRelease(ctx, rel); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	s.FoldWAL(ctx)
}

// benchReleaseConfig is a release's config (flow's JSON) and manifest, of the size a deploy of three apps with
// SCDF's common properties writes.
func benchReleaseConfig(v int) (string, string) {
	type app struct {
		Label                 string            `json:"label"`
		Name                  string            `json:"name"`
		Type                  string            `json:"type"`
		Resource              string            `json:"resource"`
		Version               string            `json:"version"`
		URI                   string            `json:"uri"`
		ApplicationProperties map[string]string `json:"applicationProperties"`
		DeploymentProperties  map[string]string `json:"deploymentProperties"`
	}
	var apps []app
	var manifest strings.Builder
	for i, a := range []struct{ label, typ string }{{"log", "sink"}, {"uppercase", "processor"}, {"time", "source"}} {
		props := map[string]string{
			"management.endpoints.web.exposure.include":       "health,info,bindings",
			"management.metrics.tags.stream.name":             "${spring.cloud.dataflow.stream.name:unknown}",
			"management.metrics.tags.application.name":        "${vcap.application.application_name:${spring.cloud.dataflow.stream.app.label:unknown}}",
			"management.metrics.tags.application.type":        "${spring.cloud.dataflow.stream.app.type:unknown}",
			"management.metrics.tags.instance.index":          "${vcap.application.instance_index:${spring.cloud.stream.instanceIndex:0}}",
			"management.metrics.tags.application.guid":        "${spring.cloud.application.guid:unknown}",
			"wavefront.application.name":                      "${spring.cloud.dataflow.stream.name:unknown}",
			"spring.cloud.dataflow.stream.name":               "tick",
			"spring.cloud.dataflow.stream.app.label":          a.label,
			"spring.cloud.dataflow.stream.app.type":           a.typ,
			"spring.cloud.stream.bindings.input.destination":  "tick.time",
			"spring.cloud.stream.bindings.output.destination": "tick." + a.label,
			"greeting": fmt.Sprintf("release %d", v),
		}
		deploy := map[string]string{"spring.cloud.deployer.count": "1", "spring.cloud.deployer.group": "tick"}
		apps = append(apps, app{a.label, a.label, a.typ, "docker:springcloudstream/" + a.label + "-" + a.typ + "-kafka", "3.2.1",
			"docker:springcloudstream/" + a.label + "-" + a.typ + "-kafka:3.2.1", props, deploy})
		if i > 0 {
			manifest.WriteString("---\n")
		}
		fmt.Fprintf(&manifest, "\"apiVersion\": \"skipper.spring.io/v1\"\n\"kind\": \"SpringCloudDeployerApplication\"\n\"metadata\":\n  \"name\": %q\n\"spec\":\n", a.label)
		for k, val := range props {
			fmt.Fprintf(&manifest, "    %q: %q\n", k, val)
		}
	}
	raw, _ := json.Marshal(map[string]any{"apps": apps})
	return string(raw), manifest.String()
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = in.Close() }() // only read
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
