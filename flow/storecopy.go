package flow

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/dataflow-cli/dataflow/store"
)

// TableCount is how many rows of a table a store copy wrote.
type TableCount = store.TableCount

// IsStoreURL says whether a --db value names a PostgreSQL database rather than a SQLite file.
func IsStoreURL(target string) bool { return store.IsPostgresURL(target) }

// StoreCopy is what a store copy did: from where, to where, and how many rows of each table.
type StoreCopy struct {
	From, To string // as they can be shown: a URL without its password
	Tables   []TableCount
}

// CopyStore copies the store at from into the store at to, which must hold nothing (a new SQLite file is
// created; a PostgreSQL database gets the store's tables). Each is a SQLite file or a PostgreSQL URL. A copy
// that fails leaves no new file behind.
func CopyStore(ctx context.Context, from, to string) (StoreCopy, error) {
	if from == to {
		return StoreCopy{}, errors.New("the source and the target are the same store: give another --to")
	}
	if !store.IsPostgresURL(from) {
		if _, err := os.Stat(from); err != nil {
			return StoreCopy{}, fmt.Errorf("there is no store at %s to copy", from)
		}
	}
	src, err := store.Open(ctx, from)
	if err != nil {
		return StoreCopy{}, err
	}
	defer func() { _ = src.Close() }() // only read
	created := false
	if !store.IsPostgresURL(to) {
		_, err := os.Stat(to)
		created = errors.Is(err, os.ErrNotExist)
	}
	dst, err := store.Open(ctx, to)
	if err != nil {
		removeNewStore(to, created)
		return StoreCopy{}, err
	}
	counts, err := store.Copy(ctx, src, dst)
	if cerr := dst.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing %s: %w", dst.Path(), cerr)
	}
	if err != nil {
		removeNewStore(to, created)
		return StoreCopy{}, err
	}
	return StoreCopy{From: src.Path(), To: dst.Path(), Tables: counts}, nil
}

// removeNewStore removes a SQLite store this copy created, so that a failed copy leaves nothing behind.
func removeNewStore(path string, created bool) {
	if !created {
		return
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(path + suffix)
	}
}
