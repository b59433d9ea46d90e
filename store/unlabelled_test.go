package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// A store from before identities is upgraded: it gets an identity, and the releases it had recorded are marked
// as having made objects without one, while releases recorded after the upgrade are not.
func TestUpgradeMarksTheReleasesRecordedBeforeTheIdentity(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := loadMigrations(engineSQLite)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.version >= identityMigration {
			break
		}
		if _, err := db.ExecContext(ctx, m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		if _, err := db.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			t.Fatal(err)
		}
	}
	now := formatTime(time.Now())
	if _, err := db.ExecContext(ctx, `INSERT INTO releases (name, version, platform, status, description, first_deployed, last_deployed, config, manifest)
		VALUES ('s', 1, 'k8s', 'DEPLOYED', 'Install complete', ?, ?, '{}', 'm')`, now, now); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO release_apps (name, version, label, deployment_id) VALUES ('s', 1, 'time', 's-time-v1')`); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if id, err := s.Identity(ctx); err != nil || len(id) != 32 {
		t.Fatalf("upgraded store's identity = %q, %v", id, err)
	}
	err = s.Read().InsertRelease(ctx, Release{Name: "s", Version: 2, Platform: "k8s", Status: ReleaseDeployed, Description: "d",
		FirstDeployed: time.Now(), LastDeployed: time.Now(), Config: "{}", Manifest: "m",
		Apps: []ReleaseApp{{Label: "time", DeploymentID: "s-time-v1"}, {Label: "log", DeploymentID: "s-log-v2"}}})
	if err != nil {
		t.Fatal(err)
	}
	uses, err := s.Read().DeploymentUses(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, u := range uses {
		got[u.App.DeploymentID] = u.Unlabelled
	}
	if len(got) != 2 || !got["s-time-v1"] || got["s-log-v2"] {
		t.Fatalf("unlabelled ids = %v, want s-time-v1 only (recorded before the upgrade)", got)
	}
}

// The mark is read the same way on both engines: an id is unlabelled when any release that used it is.
func TestDeploymentUsesSayWhichIDsAreUnlabelled(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for v := 1; v <= 2; v++ {
			err := s.Read().InsertRelease(ctx, Release{Name: "s", Version: v, Platform: "k8s", Status: ReleaseDeployed, Description: "d",
				FirstDeployed: time.Now(), LastDeployed: time.Now(), Config: "{}", Manifest: "m",
				Apps: []ReleaseApp{{Label: "time", DeploymentID: "s-time-v1"}, {Label: "log", DeploymentID: fmt.Sprintf("s-log-v%d", v)}}})
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.db.ExecContext(ctx, "UPDATE releases SET unlabelled = 1 WHERE version = 1"); err != nil {
			t.Fatal(err)
		}
		uses, err := s.Read().DeploymentUses(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, u := range uses {
			got[u.App.DeploymentID] = u.Unlabelled
		}
		if len(got) != 3 || !got["s-time-v1"] || !got["s-log-v1"] || got["s-log-v2"] {
			t.Fatalf("unlabelled ids = %v, want s-time-v1 and s-log-v1", got)
		}
	})
}

// Two migrations of one version would leave one of them unapplied for good (the loader applies a version
// once): branches that each add the next migration meet here when merged.
func TestMigrationVersionsAreUnique(t *testing.T) {
	for _, e := range []engine{engineSQLite, enginePostgres} {
		ms, err := loadMigrations(e)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]string{}
		for _, m := range ms {
			if other, dup := seen[m.version]; dup {
				t.Errorf("migrations %s and %s share version %d", other, m.name, m.version)
			}
			seen[m.version] = m.name
		}
	}
}
