package store

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"
)

func TestIdentityIsMadeOnceAndKept(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "df.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Fatalf("identity %q is not 32 hex digits", id)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = again.Close() }()
	if got, err := again.Identity(ctx); err != nil || got != id {
		t.Fatalf("reopened store's identity = %q (%v), want %q", got, err, id)
	}
	other := openTemp(t)
	if otherID, err := other.Identity(ctx); err != nil || otherID == id {
		t.Fatalf("a second store's identity = %q (%v), must differ from %q", otherID, err, id)
	}
}
