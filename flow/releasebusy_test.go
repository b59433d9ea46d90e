package flow

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/store"
)

// Two operations that both read the stream's history before either wrote: the first to claim its release wins,
// the second is told the release is busy and writes nothing (the two shells racing past checkIdle).
func TestClaimReleaseOneWins(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore(t, s)
	f := New(Config{Store: s, Actor: "test"})
	audit := func() store.AuditRecord {
		return store.AuditRecord{Operation: "STREAM", Action: "UPDATE", Correlation: "foo", Platform: "default"}
	}
	if _, err := f.claimRelease(ctx, audit(), f.newRelease("foo", 1, "default", releaseConfig{}, "Initial install underway")); err != nil {
		t.Fatal(err)
	}
	if err := f.finishRelease(ctx, "foo", 1, store.ReleaseDeployed, "Install complete", nil); err != nil {
		t.Fatal(err)
	}
	first := f.newRelease("foo", 2, "default", releaseConfig{}, "Upgrade install underway")
	second := f.newRelease("foo", 2, "default", releaseConfig{}, "Rollback install underway")
	if _, err := f.claimRelease(ctx, audit(), first); err != nil {
		t.Fatal(err)
	}
	_, err = f.claimRelease(ctx, audit(), second)
	if err == nil || !strings.Contains(err.Error(), "Stream 'foo' is busy: release 2 (Upgrade install underway) is being run by another dataflow process") {
		t.Fatalf("second claim: %v", err)
	}
	// Once the first is over, an operation that read the history before it ended is still refused: its view
	// (latest = 1) is stale.
	if err := f.finishRelease(ctx, "foo", 2, store.ReleaseDeployed, "Upgrade complete", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.claimRelease(ctx, audit(), second); err == nil || !strings.Contains(err.Error(), "is busy") {
		t.Fatalf("stale claim: %v", err)
	}
	history, err := s.Read().Releases(ctx, "foo")
	if err != nil || len(history) != 2 || history[0].Description != "Upgrade complete" {
		t.Fatalf("history: %+v %v", history, err)
	}
	audits, err := s.Read().ListAudit(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(audits) != 2 {
		t.Errorf("refused claims were audited: %d records", len(audits))
	}
}
