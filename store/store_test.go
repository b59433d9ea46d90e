package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "df.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestOpenMigratesToNewestSchema(t *testing.T) {
	s := openTemp(t)
	v, err := s.userVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() || v < 2 {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion())
	}
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q (%v), want wal", mode, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "df.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+5)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "upgrade dataflow") {
		t.Fatalf("want a refusal naming the upgrade, got %v", err)
	}
}

func TestOpenRejectsAFileThatIsNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "df.db")
	if err := writeFile(path, strings.Repeat("not sqlite ", 200)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), path); err == nil {
		t.Fatal("opening a text file as the store must fail")
	}
}

func TestInTxRollsBackOnError(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.UpsertApp(ctx, AppRecord{Type: "source", Name: "time", Version: "1", URI: "docker:time:1"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	n, _ := s.Read().CountApps(ctx)
	if n != 0 {
		t.Fatalf("rolled back transaction left %d apps", n)
	}
}

func TestAppsDefaultAndDelete(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	r := s.Read()
	now := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, v := range []string{"1.0", "2.0"} {
		if err := r.UpsertApp(ctx, AppRecord{Type: "sink", Name: "log", Version: v, URI: "docker:log:" + v, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.SetDefaultApp(ctx, "sink", "log", "2.0"); err != nil {
		t.Fatal(err)
	}
	apps, err := r.AppVersions(ctx, "sink", "log")
	if err != nil || len(apps) != 2 {
		t.Fatalf("apps=%v err=%v", apps, err)
	}
	if apps[0].Default || !apps[1].Default || !apps[1].CreatedAt.Equal(now) {
		t.Fatalf("default flags or time wrong: %+v", apps)
	}
	if err := r.DeleteApp(ctx, "sink", "log", "3.0"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleting a missing version: %v", err)
	}
	if err := r.SetDefaultApp(ctx, "sink", "nope", "1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("default of a missing app: %v", err)
	}
	names, _ := r.AppNames(ctx)
	if strings.Join(names["sink"], ",") != "log" {
		t.Fatalf("names = %v", names)
	}
}

func TestHistoryKeepsTheNewestLines(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	for i := range 10 {
		if err := s.Read().AppendHistory(ctx, fmt.Sprintf("line %d", i), time.Now(), 5); err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.Read().RecentHistory(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 5 || h[0].Line != "line 5" || h[4].Line != "line 9" {
		t.Fatalf("history = %+v", h)
	}
}

func TestDefinitions(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	r := s.Read()
	if _, err := r.GetDefinition(ctx, StreamDefinitions, "foo"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing definition: %v", err)
	}
	if err := r.InsertDefinition(ctx, StreamDefinitions, Definition{Name: "foo", Definition: "time | log"}); err != nil {
		t.Fatal(err)
	}
	if err := r.InsertDefinition(ctx, StreamDefinitions, Definition{Name: "foo", Definition: "x"}); err == nil {
		t.Fatal("a duplicate name must be refused")
	}
	if err := r.InsertDefinition(ctx, TaskDefinitions, Definition{Name: "ct-a", Definition: "a", ComposedParent: "ct"}); err != nil {
		t.Fatal(err)
	}
	d, err := r.GetDefinition(ctx, TaskDefinitions, "ct-a")
	if err != nil || d.ComposedParent != "ct" {
		t.Fatalf("d=%+v err=%v", d, err)
	}
	if err := r.DeleteDefinition(ctx, StreamDefinitions, "foo"); err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteDefinition(ctx, StreamDefinitions, "foo"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}

// Two handles on one file stand in for two dataflow processes; every write must land.
func TestConcurrentWritersOnOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "df.db")
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(ctx, path)
			if err != nil {
				errs <- err
				return
			}
			defer func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			}()
			for i := range 100 {
				err := s.InTx(ctx, func(tx *Tx) error {
					if _, err := tx.AppVersions(ctx, "source", "x"); err != nil {
						return err
					}
					return tx.UpsertApp(ctx, AppRecord{Type: "source", Name: fmt.Sprintf("a%d-%d", w, i), Version: "1", URI: "docker:x:1"})
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}()
	if n, _ := s.Read().CountApps(ctx); n != 300 {
		t.Fatalf("apps = %d, want 300", n)
	}
}

func TestNewStoreIsPrivate(t *testing.T) {
	s := openTemp(t)
	if err := s.InTx(context.Background(), func(tx *Tx) error {
		return tx.InsertRelease(context.Background(), Release{Name: "s", Version: 1, Status: ReleaseDeployed, Config: "{}"})
	}); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal"} {
		info, err := os.Stat(s.Path() + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o, want 600", s.Path()+suffix, mode)
		}
	}
}

// Releases come back newest first with their apps; a status change clears the owner of the operation.
func TestReleases(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	err := s.InTx(ctx, func(tx *Tx) error {
		for v := 1; v <= 2; v++ {
			r := Release{Name: "s", Version: v, Platform: "default", Status: ReleaseUnknown, Description: "underway", FirstDeployed: now,
				LastDeployed: now, Config: "{}", Manifest: "m", Owner: "pid=1 start=2",
				Apps: []ReleaseApp{{Label: "b", DeploymentID: fmt.Sprintf("s-b-v%d", v)}, {Label: "a", DeploymentID: "s-a-v1", Handle: "h"}}}
			if err := tx.InsertRelease(ctx, r); err != nil {
				return err
			}
		}
		return tx.SetReleaseStatus(ctx, "s", 2, ReleaseDeployed, "Install complete", now)
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.Read().Releases(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Version != 2 || list[0].Status != ReleaseDeployed || list[0].Owner != "" || list[1].Owner == "" {
		t.Fatalf("releases: %+v", list)
	}
	if a := list[0].Apps; len(a) != 2 || a[0].DeploymentID != "s-b-v2" || a[1].Handle != "h" {
		t.Fatalf("apps: %+v", a)
	}
	latest, err := s.Read().LatestReleases(ctx)
	if err != nil || latest["s"].Version != 2 {
		t.Fatalf("latest: %+v %v", latest, err)
	}
}
