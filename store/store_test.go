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
	eachEngine(t, func(t *testing.T, s *Store) {
		v, err := s.schemaVersion(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if v != SchemaVersion() || v < 2 {
			t.Fatalf("schema version = %d, want %d", v, SchemaVersion())
		}
		if s.engine == enginePostgres {
			return
		}
		var mode string
		if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal_mode = %q (%v), want wal", mode, err)
		}
	})
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
	eachEngine(t, func(t *testing.T, s *Store) {
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
	})
}

func TestAppsDefaultAndDelete(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
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
	})
}

func TestHistoryKeepsTheNewestLines(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
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
	})
}

func TestDefinitions(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
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
	})
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
	eachEngine(t, func(t *testing.T, s *Store) {
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
	})
}

// The reads of one part of a history: a page, one release, the deployed one, those underway, the newest of some
// statuses, the one that changed last, the ids a stream used, and the apps of each read in one query.
func TestReleaseReads(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		statuses := []ReleaseStatus{ReleaseDeleted, ReleaseDeployed, ReleaseFailed, ReleaseDeleted, ReleaseFailed, ReleaseUnknown}
		err := s.InTx(ctx, func(tx *Tx) error {
			for i, st := range statuses {
				v := i + 1
				r := Release{Name: "s", Version: v, Platform: "default", Status: st, Description: "d", FirstDeployed: at, LastDeployed: at.Add(time.Duration(v) * time.Minute),
					Config: fmt.Sprintf("{%d}", v), Manifest: fmt.Sprintf("m%d", v),
					Apps: []ReleaseApp{{Label: "b", DeploymentID: fmt.Sprintf("s-b-v%d", v)}, {Label: "a", DeploymentID: "s-a-v1", Handle: fmt.Sprintf("h%d", v)}}}
				if st == ReleaseUnknown {
					r.Owner = "pid=1 start=2"
				}
				if v == 4 {
					r.Platform = "other"
				}
				if err := tx.InsertRelease(ctx, r); err != nil {
					return err
				}
			}
			// Release 1 was deleted after the rest: it changed last.
			if err := tx.SetReleaseStatus(ctx, "s", 1, ReleaseDeleted, "Delete complete", at.Add(time.Hour)); err != nil {
				return err
			}
			return tx.InsertRelease(ctx, Release{Name: "t", Version: 1, Platform: "default", Status: ReleaseDeployed, FirstDeployed: at, LastDeployed: at})
		})
		if err != nil {
			t.Fatal(err)
		}
		r := s.Read()
		versions := func(list []Release) string {
			var out []string
			for _, r := range list {
				out = append(out, fmt.Sprint(r.Version))
			}
			return strings.Join(out, ",")
		}
		page, err := r.ReleasePage(ctx, "s", 2, 2)
		if err != nil || versions(page) != "4,3" || page[0].Config != "" || page[0].Apps != nil || page[0].Platform != "other" {
			t.Fatalf("page: %+v %v", page, err)
		}
		if all, err := r.ReleasePage(ctx, "s", 0, 0); err != nil || versions(all) != "6,5,4,3,2,1" {
			t.Fatalf("all: %+v %v", all, err)
		}
		if one, ok, err := r.Release(ctx, "s", 3); err != nil || !ok || one.Config != "{3}" || one.Manifest != "m3" {
			t.Fatalf("release 3: %+v %v %v", one, ok, err)
		}
		if latest, ok, err := r.Release(ctx, "s", 0); err != nil || !ok || latest.Version != 6 || latest.Manifest != "m6" {
			t.Fatalf("release 0: %+v %v %v", latest, ok, err)
		}
		if _, ok, err := r.Release(ctx, "s", 9); err != nil || ok {
			t.Fatalf("release 9: %v %v", ok, err)
		}
		if latest, ok, err := r.LatestRelease(ctx, "s"); err != nil || !ok || latest.Version != 6 || latest.Owner == "" || latest.Config != "" {
			t.Fatalf("latest: %+v %v %v", latest, ok, err)
		}
		cur, ok, err := r.DeployedRelease(ctx, "s")
		if err != nil || !ok || cur.Version != 2 || cur.Config != "{2}" || len(cur.Apps) != 2 || cur.Apps[0].DeploymentID != "s-b-v2" || cur.Apps[1].Handle != "h2" {
			t.Fatalf("deployed: %+v %v %v", cur, ok, err)
		}
		if _, ok, err := r.DeployedRelease(ctx, "none"); err != nil || ok {
			t.Fatalf("deployed of none: %v %v", ok, err)
		}
		if err := s.Read().SetReleaseOwner(ctx, "s", 2, "pid=3 start=4"); err != nil {
			t.Fatal(err)
		}
		busy, err := r.UnderwayReleases(ctx, "s")
		if err != nil || versions(busy) != "6,2" || len(busy[0].Apps) != 2 || busy[0].Apps[0].DeploymentID != "s-b-v6" {
			t.Fatalf("underway: %+v %v", busy, err)
		}
		usable, err := r.NewestReleases(ctx, "s", 2, ReleaseDeployed, ReleaseDeleted)
		if err != nil || versions(usable) != "4,2" || usable[1].Config != "{2}" {
			t.Fatalf("newest deployed or deleted: %+v %v", usable, err)
		}
		if last, ok, err := r.LastChangedRelease(ctx, "s"); err != nil || !ok || last.Version != 1 {
			t.Fatalf("last changed: %+v %v %v", last, ok, err)
		}
		used, err := r.UsedBefore(ctx, "s", 3, []string{"s-a-v1", "s-b-v2", "s-b-v3"})
		if err != nil || len(used) != 2 || !used["s-a-v1"] || !used["s-b-v2"] {
			t.Fatalf("used before 3: %v %v", used, err)
		}
		uses, err := r.DeploymentUses(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]DeploymentUse{}
		for _, u := range uses {
			got[u.Platform+" "+u.App.DeploymentID] = u
		}
		if len(got) != 8 || got["default s-a-v1"].Release != 1 || !got["default s-a-v1"].Live || got["default s-a-v1"].App.Handle != "h1" ||
			got["other s-a-v1"].Release != 4 || got["other s-a-v1"].Live || !got["default s-b-v6"].Live || got["default s-b-v5"].Live {
			t.Fatalf("uses: %+v", uses)
		}
		latest, err := r.LatestReleases(ctx)
		if err != nil || len(latest) != 2 || latest["s"].Version != 6 || latest["t"].Version != 1 || latest["s"].Config != "" {
			t.Fatalf("latest of every stream: %+v %v", latest, err)
		}
	})
}
