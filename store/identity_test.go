package store

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"
)

func TestIdentityIsMadeOnceKeptAndDiffersPerStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Fatalf("identity %q is not 128 bits in hex", id)
	}
	_ = s.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = again.Close() }()
	if got, err := again.Identity(ctx); err != nil || got != id {
		t.Fatalf("reopened identity = %q, %v; want %q", got, err, id)
	}
	other := openTemp(t)
	if theirs, err := other.Identity(ctx); err != nil || theirs == id {
		t.Fatalf("another store's identity = %q, %v; want one of its own", theirs, err)
	}
}
