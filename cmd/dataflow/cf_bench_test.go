package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/cloudfoundry/cctest"
	"github.com/dataflow-cli/dataflow/store"
)

// cfLatency is what every Cloud Controller request costs in the benchmark.
const cfLatency = 5 * time.Millisecond

// cfDeployChain is the longest chain of requests a deploy must send one after the other: the token, the app
// (with its environment), its docker package, the build, two looks at the build (STAGING, then STAGED), and
// the deployment that makes the droplet current and starts the app. The API root and the space are
// remembered from the first deploy (the space is confirmed beside the push); everything else (the other apps,
// the apps domain, process settings, routes, bindings) runs beside the chain too.
const cfDeployChain = 7

// BenchmarkCloudFoundryStreamDeploy is `stream deploy` of a three-app stream to a Cloud Foundry account whose
// every request takes 5 ms, through flow as the command runs it (a fresh login per deploy, as per command,
// with the memo in the store),
// without waiting for the instances to run. It reports the median, the target (20 ms + the chain x 5 ms) and
// the requests per deploy and per status.
func BenchmarkCloudFoundryStreamDeploy(b *testing.B) {
	// With no latency at all, the run shows what dataflow itself costs (SQLite, JSON, HTTP on loopback).
	for _, latency := range []time.Duration{cfLatency, 0} {
		b.Run("latency="+latency.String(), func(b *testing.B) { benchCFDeploy(b, latency) })
	}
}

func benchCFDeploy(b *testing.B, latency time.Duration) {
	s := cctest.New(cctest.WithLatency(latency))
	defer s.Close()
	dir := b.TempDir()
	b.Setenv("CF_PASSWORD", cfPassword)
	yaml := "streams:\n  - name: default\n    type: cloudfoundry\n    cloudfoundry:\n      connection:\n        url: " + s.URL() +
		"\n        org: " + cctest.DefaultOrg + "\n        space: " + cctest.DefaultSpace + "\n        username: admin\n        password: ${CF_PASSWORD}\n"
	config := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(config, []byte(yaml), 0o600); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "df.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer closeStore(b, st)
	accounts, err := flow.LoadAccounts(config, os.Getenv, dir)
	if err != nil {
		b.Fatal(err)
	}
	// A flow per command, as the shell makes one: its platform clients (a CF login) last that command.
	var memo platforms.Memo
	command := func() *flow.Flow {
		env := accounts.Environment()
		env.Memo = memo // as the command has it: what one deploy learnt, the next uses
		return flow.New(flow.Config{Store: st, Actor: "bench", Accounts: func() (*flow.Accounts, error) { return accounts, nil },
			Platforms: flow.NewPlatforms(drivers, env)})
	}
	f := command()
	memo = f.Memo()
	for _, a := range []struct{ name, typ string }{{"cardata", "source"}, {"predict", "processor"}, {"cassandra", "sink"}} {
		if _, err := f.RegisterApp(ctx, flow.RegisterRequest{Name: a.name, Type: flow.AppType(a.typ), URI: "docker:myorg/" + a.name + ":1.0.0"}); err != nil {
			b.Fatal(err)
		}
	}

	times := make([]time.Duration, 0, b.N)
	var deployRequests, statusCold, statusWarm int
	b.ResetTimer()
	for i := range b.N {
		// A stream of its own per deploy: a first install, as users mostly run it (a stream redeployed b.N
		// times would measure reading its ever longer history).
		b.StopTimer()
		name := fmt.Sprintf("s%d", i)
		if _, err := f.CreateStream(ctx, name, "cardata | predict | cassandra", ""); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s.ResetRequests()
		start := time.Now()
		if _, err := command().DeployStream(ctx, flow.StreamDeployRequest{Name: name, Platform: "default"}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		b.StopTimer()
		deployRequests = len(s.Requests())

		s.ResetRequests()
		d := command()
		if _, err := d.StreamRuntimeOf(ctx, name); err != nil {
			b.Fatal(err)
		}
		statusCold = len(s.Requests())
		s.ResetRequests()
		if _, err := d.StreamRuntimeOf(ctx, name); err != nil {
			b.Fatal(err)
		}
		statusWarm = len(s.Requests())
		if err := d.UndeployStream(ctx, name); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	median := times[len(times)/2]
	target := 20*time.Millisecond + cfDeployChain*latency
	b.ReportMetric(float64(median.Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(target.Microseconds())/1000, "target-ms")
	b.ReportMetric(float64(deployRequests), "requests/deploy")
	b.ReportMetric(float64(statusCold), "requests/status-cold")
	b.ReportMetric(float64(statusWarm), "requests/status-warm")
	if median > target {
		b.Logf("median %s is over the target %s", median, target)
	}
}
