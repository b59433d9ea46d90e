package store

import (
	"context"
	"fmt"
)

// Identity is the store's id, made when the store was created (or first migrated to know one): what the
// objects its commands put on platforms carry, so that they can be told from those of any other store.
func (s *Store) Identity(ctx context.Context) (string, error) {
	var id string
	if err := s.db.QueryRowContext(ctx, "SELECT id FROM store_identity WHERE one = 1").Scan(&id); err != nil {
		return "", fmt.Errorf("cannot read the identity of the store %s: %w", s.path, err)
	}
	return id, nil
}
