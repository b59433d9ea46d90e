package store

import (
	"context"
	"database/sql"
	"time"
)

// Release is one version of a stream's deployment.
type Release struct {
	Name           string
	Version        int
	Platform       string
	Status         ReleaseStatus
	Description    string
	PackageVersion string
	FirstDeployed  time.Time
	LastDeployed   time.Time
	// Config is what a redeploy of this version needs (JSON, flow's format); Manifest is what users read.
	Config   string
	Manifest string
	// Owner names the process running an operation underway on this release ("" when none).
	Owner string
	Apps  []ReleaseApp
}

// ReleaseApp ties an app of a release to the platform object it runs as.
type ReleaseApp struct {
	Label        string
	DeploymentID string
	Handle       string
}

const releaseColumns = "name, version, platform, status, description, package_version, first_deployed, last_deployed, config, manifest, owner"

// InsertRelease adds a release and its apps.
func (t *Tx) InsertRelease(ctx context.Context, r Release) error {
	if r.PackageVersion == "" {
		r.PackageVersion = "1.0.0"
	}
	_, err := t.q.ExecContext(ctx, "INSERT INTO releases ("+releaseColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		r.Name, r.Version, r.Platform, r.Status, r.Description, r.PackageVersion, formatTime(r.FirstDeployed),
		formatTime(r.LastDeployed), r.Config, r.Manifest, r.Owner)
	if err != nil {
		return err
	}
	return t.SetReleaseApps(ctx, r.Name, r.Version, r.Apps)
}

// SetReleaseApps replaces the app rows of a release.
func (t *Tx) SetReleaseApps(ctx context.Context, name string, version int, apps []ReleaseApp) error {
	if _, err := t.q.ExecContext(ctx, "DELETE FROM release_apps WHERE name = ? AND version = ?", name, version); err != nil {
		return err
	}
	for _, a := range apps {
		if _, err := t.q.ExecContext(ctx, "INSERT INTO release_apps (name, version, label, deployment_id, handle) VALUES (?, ?, ?, ?, ?)",
			name, version, a.Label, a.DeploymentID, a.Handle); err != nil {
			return err
		}
	}
	return nil
}

// SetReleaseStatus records a release's new status; the owner is cleared, as the operation is over.
func (t *Tx) SetReleaseStatus(ctx context.Context, name string, version int, status ReleaseStatus, description string, at time.Time) error {
	_, err := t.q.ExecContext(ctx, "UPDATE releases SET status = ?, description = ?, last_deployed = ?, owner = '' WHERE name = ? AND version = ?",
		status, description, formatTime(at), name, version)
	return err
}

// SetReleaseConfig rewrites a release's config and manifest (a scale changes the counts in place, as Skipper's).
func (t *Tx) SetReleaseConfig(ctx context.Context, name string, version int, config, manifest string) error {
	_, err := t.q.ExecContext(ctx, "UPDATE releases SET config = ?, manifest = ? WHERE name = ? AND version = ?", config, manifest, name, version)
	return err
}

// Releases returns every release of a stream, newest first, with their apps.
func (t *Tx) Releases(ctx context.Context, name string) ([]Release, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+releaseColumns+" FROM releases WHERE name = ? ORDER BY version DESC", name)
	if err != nil {
		return nil, err
	}
	list, err := scanReleases(rows)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Apps, err = t.releaseApps(ctx, name, list[i].Version); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// LatestRelease returns a stream's newest release (without its apps); false when it has none.
func (t *Tx) LatestRelease(ctx context.Context, name string) (Release, bool, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+releaseColumns+" FROM releases WHERE name = ? ORDER BY version DESC LIMIT 1", name)
	if err != nil {
		return Release{}, false, err
	}
	list, err := scanReleases(rows)
	if err != nil || len(list) == 0 {
		return Release{}, false, err
	}
	return list[0], true, nil
}

// LatestReleases returns the newest release of every stream that has one, by name (without apps).
func (t *Tx) LatestReleases(ctx context.Context) (map[string]Release, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT "+releaseColumns+` FROM releases r
		WHERE version = (SELECT MAX(version) FROM releases WHERE name = r.name)`)
	if err != nil {
		return nil, err
	}
	list, err := scanReleases(rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Release, len(list))
	for _, r := range list {
		out[r.Name] = r
	}
	return out, nil
}

// DeleteReleases forgets a stream's release history.
func (t *Tx) DeleteReleases(ctx context.Context, name string) error {
	if _, err := t.q.ExecContext(ctx, "DELETE FROM release_apps WHERE name = ?", name); err != nil {
		return err
	}
	_, err := t.q.ExecContext(ctx, "DELETE FROM releases WHERE name = ?", name)
	return err
}

func (t *Tx) releaseApps(ctx context.Context, name string, version int) ([]ReleaseApp, error) {
	rows, err := t.q.QueryContext(ctx, "SELECT label, deployment_id, handle FROM release_apps WHERE name = ? AND version = ? ORDER BY rowid", name, version)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var apps []ReleaseApp
	for rows.Next() {
		var a ReleaseApp
		if err := rows.Scan(&a.Label, &a.DeploymentID, &a.Handle); err != nil {
			return nil, err
		}
		apps = append(apps, a)
	}
	return apps, rows.Err()
}

func scanReleases(rows *sql.Rows) ([]Release, error) {
	defer rows.Close()
	var list []Release
	for rows.Next() {
		var r Release
		var first, last string
		if err := rows.Scan(&r.Name, &r.Version, &r.Platform, &r.Status, &r.Description, &r.PackageVersion, &first, &last,
			&r.Config, &r.Manifest, &r.Owner); err != nil {
			return nil, err
		}
		r.FirstDeployed, r.LastDeployed = parseTime(first), parseTime(last)
		list = append(list, r)
	}
	return list, rows.Err()
}

// SetReleaseOwner records the process running an operation on a release that keeps its status meanwhile (an
// undeploy of a DEPLOYED release); "" clears it.
func (t *Tx) SetReleaseOwner(ctx context.Context, name string, version int, owner string) error {
	_, err := t.q.ExecContext(ctx, "UPDATE releases SET owner = ? WHERE name = ? AND version = ?", owner, name, version)
	return err
}
