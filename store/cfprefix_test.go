package store

import (
	"context"
	"testing"
	"time"
)

func TestAppNamePrefixIsMadeOncePerAccount(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var first, again, other string
		err := s.InTx(ctx, func(tx *Tx) error {
			var err error
			if first, err = tx.AppNamePrefix(ctx, "kafkazone", "Ab3dE5g", time.Now()); err != nil {
				return err
			}
			if again, err = tx.AppNamePrefix(ctx, "kafkazone", "zzzzzzz", time.Now()); err != nil {
				return err
			}
			other, err = tx.AppNamePrefix(ctx, "default", "Qq11Qq1", time.Now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if p, ok, err := s.Read().StoredAppNamePrefix(ctx, "kafkazone"); p != "Ab3dE5g" || !ok || err != nil {
			t.Fatalf("stored: %q %v %v", p, ok, err)
		}
		if _, ok, err := s.Read().StoredAppNamePrefix(ctx, "nope"); ok || err != nil {
			t.Fatalf("none stored: %v %v", ok, err)
		}
		if first != "Ab3dE5g" || again != first || other != "Qq11Qq1" {
			t.Fatalf("prefixes: first %q again %q other %q", first, again, other)
		}
	})
}
