package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
)

// identityMigration is the schema version that creates the store_identity table; its Go step writes the id.
const identityMigration = 13

// newIdentity is 128 random bits in hex: unique across every store a team will ever make, and a valid
// Kubernetes label value.
func newIdentity() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// writeIdentity gives a store created (or upgraded) by this migration its id, unless it has one.
func writeIdentity(ctx context.Context, tx *Tx) error {
	id, err := newIdentity()
	if err != nil {
		return fmt.Errorf("store: cannot make the store's identity: %w", err)
	}
	_, err = tx.q.ExecContext(ctx, "INSERT INTO store_identity (singleton, id) VALUES (1, ?) ON CONFLICT DO NOTHING", id)
	return err
}

// identityCache holds the id once read: it never changes while the store is open.
type identityCache struct {
	mu sync.Mutex
	id string
}

// Identity is the store's id, made when the store was created: what the objects it puts on platforms carry.
func (s *Store) Identity(ctx context.Context) (string, error) {
	s.identity.mu.Lock()
	defer s.identity.mu.Unlock()
	if s.identity.id != "" {
		return s.identity.id, nil
	}
	var id string
	if err := s.db.QueryRowContext(ctx, "SELECT id FROM store_identity WHERE singleton = 1").Scan(&id); err != nil {
		return "", fmt.Errorf("store: cannot read the store's identity: %w", err)
	}
	s.identity.id = id
	return id, nil
}
