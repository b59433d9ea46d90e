// Command releases fills a Helm release's history for bench/helm-compare.sh, the counterpart of
// bench/releases for dataflow: it copies the release's deployed revision as revisions newest+1 .. -to through
// Helm's own storage (the Secrets driver, Helm's default), each earlier one superseded and -to deployed, as that
// many `helm upgrade --history-max 0` runs would leave them. The chart's objects are not touched.
//
//	go run ./releases -kubeconfig "$KUBECONFIG" -namespace bench-helm -release h3 -to 10000
package main

import (
	"flag"
	"fmt"
	"os"
	"sync"

	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/storage"
	"helm.sh/helm/v3/pkg/storage/driver"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", os.Getenv("KUBECONFIG"), "the cluster's kubeconfig")
	namespace := flag.String("namespace", "default", "the release's namespace")
	name := flag.String("release", "", "the release whose history to fill")
	to := flag.Int("to", 0, "the last revision to write (deployed)")
	flag.Parse()
	if err := run(*kubeconfig, *namespace, *name, *to); err != nil {
		fmt.Fprintln(os.Stderr, "releases:", err)
		os.Exit(1)
	}
}

func run(kubeconfig, namespace, name string, to int) error {
	if name == "" {
		return fmt.Errorf("-release is required")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	cfg.QPS, cfg.Burst = 1000, 1000 // client-go's default 5 per second would make 10,000 creates take half an hour
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	st := storage.Init(driver.NewSecrets(cs.CoreV1().Secrets(namespace)))
	cur, err := st.Deployed(name)
	if err != nil {
		return err
	}
	if to <= cur.Version {
		return nil
	}
	// Write the superseded copies first, 16 at a time, then the deployed one, then retire the old deployed one:
	// at every moment Helm finds exactly one deployed revision.
	versions := make(chan int)
	errs := make(chan error, 16)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for v := range versions {
				if err := st.Create(copyAs(cur, v, release.StatusSuperseded)); err != nil {
					errs <- fmt.Errorf("revision %d: %w", v, err)
					return
				}
			}
		})
	}
	var firstErr error
feed:
	for v := cur.Version + 1; v < to; v++ {
		select {
		case versions <- v:
		case firstErr = <-errs:
			break feed
		}
	}
	close(versions)
	wg.Wait()
	close(errs)
	if firstErr == nil {
		firstErr = <-errs
	}
	if firstErr != nil {
		return firstErr
	}
	if err := st.Create(copyAs(cur, to, release.StatusDeployed)); err != nil {
		return err
	}
	old := *cur
	old.Info = new(*cur.Info)
	old.SetStatus(release.StatusSuperseded, "Superseded")
	return st.Update(&old)
}

func copyAs(r *release.Release, version int, status release.Status) *release.Release {
	c := *r
	info := *r.Info
	c.Info = &info
	c.Version = version
	if status == release.StatusDeployed {
		c.SetStatus(status, "Upgrade complete")
	} else {
		c.SetStatus(status, "Superseded")
	}
	c.Labels = nil
	return &c
}
