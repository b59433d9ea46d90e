// Command releases fills a stream's release history for bench/helm-compare.sh: it copies the stream's newest
// release (which must not be underway) as versions newest+1 .. -to, each DELETED with Skipper's "Delete complete",
// in one transaction of dataflow's own store package. Going through `stream update` instead would take hours
// for 10,000 releases; the copies are what that many update/undeploy rounds leave, config and manifest included.
//
//	go run ./bench/releases -db "$DATAFLOW_DB" -stream s3 -to 9999
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/dataflow-cli/dataflow/store"
)

func main() {
	db := flag.String("db", os.Getenv("DATAFLOW_DB"), "the store file")
	stream := flag.String("stream", "", "the stream whose history to fill")
	to := flag.Int("to", 0, "the last version to write")
	flag.Parse()
	if err := run(context.Background(), *db, *stream, *to); err != nil {
		fmt.Fprintln(os.Stderr, "releases:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, db, stream string, to int) error {
	if db == "" || stream == "" {
		return fmt.Errorf("-db and -stream are required")
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer func() { _ = s.Close() }() // a failed write is reported by InTx
	return s.InTx(ctx, func(tx *store.Tx) error {
		latest, ok, err := tx.LatestRelease(ctx, stream)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("stream %s has no release to copy", stream)
		}
		if latest.Status == store.ReleaseUnknown || latest.Owner != "" {
			return fmt.Errorf("release %d of %s is underway", latest.Version, stream)
		}
		all, err := tx.Releases(ctx, stream)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		for v := latest.Version + 1; v <= to; v++ {
			r := all[0] // with its config, manifest and apps: copies as heavy as real releases
			apps := r.Apps
			r.Version, r.Status, r.Description, r.Owner, r.Apps = v, store.ReleaseDeleted, "Delete complete", "", apps
			r.FirstDeployed, r.LastDeployed = now, now
			if err := tx.InsertRelease(ctx, r); err != nil {
				return fmt.Errorf("version %d: %w", v, err)
			}
		}
		return nil
	})
}
