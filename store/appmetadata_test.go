package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestAppMetadataIsKeptPerVersionAndGoesWithItsApp(t *testing.T) {
	eachEngine(t, testAppMetadata)
}

func testAppMetadata(t *testing.T, s *Store) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.UpsertApp(ctx, AppRecord{Type: "source", Name: "time", Version: "1.0", URI: "file:/a-1.0.jar", CreatedAt: now}); err != nil {
			return err
		}
		return tx.PutAppMetadata(ctx, AppMetadata{Type: "source", Name: "time", Version: "1.0", Source: "file:/a-1.0.jar", Found: true, Options: `[{"id":"time.format"},{"id":"server.port"}]`, Visible: `[{"id":"time.format"}]`, ReadAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Read().GetAppMetadata(ctx, "source", "time", "1.0", false)
	if err != nil || !m.Found || m.Options != `[{"id":"time.format"},{"id":"server.port"}]` || m.Visible != `[{"id":"time.format"}]` ||
		!m.ReadAt.Equal(now) || m.Source != "file:/a-1.0.jar" {
		t.Fatalf("got %+v, %v", m, err)
	}
	if m, err := s.Read().GetAppMetadata(ctx, "source", "time", "1.0", true); err != nil || m.Options != "" || m.Visible != `[{"id":"time.format"}]` {
		t.Fatalf("visible only: %+v, %v", m, err)
	}
	if _, err := s.Read().GetAppMetadata(ctx, "source", "time", "2.0", false); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another version: %v", err)
	}
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.DeleteApp(ctx, "source", "time", "1.0") }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Read().GetAppMetadata(ctx, "source", "time", "1.0", false); !errors.Is(err, ErrNotFound) {
		t.Fatalf("metadata outlived its app: %v", err)
	}
}
