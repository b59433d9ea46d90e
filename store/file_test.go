package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func writeFile(path, body string) error { return os.WriteFile(path, []byte(body), 0o600) }

// A store path holding '?', '#' or '%' opens the file it names: the driver reads a URI filename, where they
// start a query, a fragment or an escape (the store went to "a" for "a?b#c/df.db").
func TestStorePathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%20d")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "df.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the store is not where it was named: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if e.Name() != "a?b#c%20d" {
			t.Errorf("a stray file %s beside the store's directory", e.Name())
		}
	}
}
