package store

import (
	"context"
	"testing"
	"time"
)

func TestMemoRemembersPerAccountAndReplaces(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		r := s.Read()
		if _, ok, err := r.Memo(ctx, "cf", "k"); ok || err != nil {
			t.Fatalf("empty memo: %v %v", ok, err)
		}
		for _, v := range []string{"one", "two"} {
			if err := r.SetMemo(ctx, "cf", "k", v, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if err := r.SetMemo(ctx, "other", "k", "theirs", time.Now()); err != nil {
			t.Fatal(err)
		}
		if v, ok, err := r.Memo(ctx, "cf", "k"); !ok || err != nil || v != "two" {
			t.Fatalf("memo = %q %v %v, want the newer value", v, ok, err)
		}
	})
}
