package store

import (
	"context"
	"database/sql"
	"strings"
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

// releaseHeadColumns are releaseColumns without the config and the manifest (read as ""): what history,
// status and the checks of an operation read.
const releaseHeadColumns = "name, version, platform, status, description, package_version, first_deployed, last_deployed, '', '', owner"

// underway selects the releases with an operation underway: UNKNOWN ones, and those an undeploy claimed. It is
// the condition of the releases_underway index, written as it is there so that SQLite uses it.
const underway = "(status = 'UNKNOWN' OR owner <> '')"

// Releases returns every release of a stream, newest first, with their apps.
func (t *Tx) Releases(ctx context.Context, name string) ([]Release, error) {
	return t.releasesWithApps(ctx, "SELECT "+releaseColumns+" FROM releases WHERE name = ? ORDER BY version DESC", name)
}

// ReleasePage returns one page of a stream's history, newest first, without configs, manifests or apps:
// at most limit releases (0: all) after skipping offset.
func (t *Tx) ReleasePage(ctx context.Context, name string, limit, offset int) ([]Release, error) {
	return t.queryReleases(ctx, "SELECT "+releaseHeadColumns+" FROM releases WHERE name = ? ORDER BY version DESC LIMIT ? OFFSET ?",
		name, t.noLimit(limit), offset)
}

// Release returns one release of a stream with its config and manifest (version 0: the newest), without its
// apps; false when there is none.
func (t *Tx) Release(ctx context.Context, name string, version int) (Release, bool, error) {
	if version == 0 {
		return t.oneRelease(ctx, "SELECT "+releaseColumns+" FROM releases WHERE name = ? ORDER BY version DESC LIMIT 1", name)
	}
	return t.oneRelease(ctx, "SELECT "+releaseColumns+" FROM releases WHERE name = ? AND version = ?", name, version)
}

// LatestRelease returns a stream's newest release without its config, manifest and apps; false when it has none.
func (t *Tx) LatestRelease(ctx context.Context, name string) (Release, bool, error) {
	return t.oneRelease(ctx, "SELECT "+releaseHeadColumns+" FROM releases WHERE name = ? ORDER BY version DESC LIMIT 1", name)
}

// DeployedRelease returns a stream's newest DEPLOYED release, with its config, manifest and apps; false when
// none is deployed.
func (t *Tx) DeployedRelease(ctx context.Context, name string) (Release, bool, error) {
	list, err := t.releasesWithApps(ctx, "SELECT "+releaseColumns+" FROM releases WHERE status = ? AND name = ? ORDER BY version DESC LIMIT 1",
		ReleaseDeployed, name)
	if err != nil || len(list) == 0 {
		return Release{}, false, err
	}
	return list[0], true, nil
}

// UnderwayReleases returns the releases of a stream with an operation underway or interrupted (UNKNOWN, or with
// an owner), newest first, with their apps but without configs and manifests.
func (t *Tx) UnderwayReleases(ctx context.Context, name string) ([]Release, error) {
	return t.releasesWithApps(ctx, "SELECT "+releaseHeadColumns+" FROM releases WHERE name = ? AND "+underway+" ORDER BY version DESC", name)
}

// NewestReleases returns the n newest releases of a stream whose status is one of statuses, newest first, with
// their configs and manifests but without apps.
func (t *Tx) NewestReleases(ctx context.Context, name string, n int, statuses ...ReleaseStatus) ([]Release, error) {
	if len(statuses) == 0 {
		return nil, nil
	}
	// One index range per status, each cut at n: the cost does not grow with the history.
	parts := make([]string, len(statuses))
	args := make([]any, 0, 3*len(statuses)+1)
	for i, s := range statuses {
		parts[i] = "SELECT * FROM (SELECT " + releaseColumns + " FROM releases WHERE status = ? AND name = ? ORDER BY version DESC LIMIT ?) AS newest"
		args = append(args, s, name, n)
	}
	args = append(args, n)
	return t.queryReleases(ctx, strings.Join(parts, " UNION ALL ")+" ORDER BY version DESC LIMIT ?", args...)
}

// LastChangedRelease returns the release of a stream whose status changed last (the newest of those that changed
// at the same time), without its config, manifest and apps; false when the stream has none.
func (t *Tx) LastChangedRelease(ctx context.Context, name string) (Release, bool, error) {
	return t.oneRelease(ctx, "SELECT "+releaseHeadColumns+" FROM releases WHERE name = ? ORDER BY last_deployed DESC, version DESC LIMIT 1", name)
}

// LatestReleases returns the newest release of every stream that has one, by name (without configs, manifests
// and apps).
func (t *Tx) LatestReleases(ctx context.Context) (map[string]Release, error) {
	// The names are walked on the primary key, one step per stream, rather than every release read.
	list, err := t.queryReleases(ctx, `WITH RECURSIVE streams(name) AS (
			SELECT MIN(name) FROM releases
			UNION ALL SELECT (SELECT MIN(name) FROM releases WHERE name > streams.name) FROM streams WHERE streams.name IS NOT NULL)
		SELECT `+releaseHeadColumns+` FROM streams JOIN releases r USING (name)
		WHERE r.version = (SELECT MAX(version) FROM releases WHERE name = streams.name)`)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Release, len(list))
	for _, r := range list {
		out[r.Name] = r
	}
	return out, nil
}

// DeploymentUse is a deployment id that releases of a stream used on a platform account: the app as the oldest
// of them recorded it, and whether one of them is DEPLOYED or UNKNOWN (its app may be serving or being made).
type DeploymentUse struct {
	Platform string
	Release  int
	App      ReleaseApp
	Live     bool
	// Unlabelled is set when a release recorded before the store had an identity used the id: its objects
	// carry no store id, and are claimed as the store's.
	Unlabelled bool
}

// DeploymentUses returns every deployment id the stream's releases used, by platform account, and the accounts
// its releases ran on (an account whose releases have no apps has a DeploymentUse with an empty App).
func (t *Tx) DeploymentUses(ctx context.Context, name string) ([]DeploymentUse, error) {
	// With a single MIN(), SQLite takes the bare columns (label, handle) from the row of the oldest release;
	// PostgreSQL has no bare columns and says the same with DISTINCT ON the oldest row and a window.
	query := `SELECT r.platform, MIN(r.version), a.label, a.deployment_id, a.handle, SUM(r.status IN (?, ?)) > 0,
		SUM(r.unlabelled) > 0
		FROM releases r LEFT JOIN release_apps a ON a.name = r.name AND a.version = r.version
		WHERE r.name = ? GROUP BY r.platform, a.deployment_id`
	if t.engine == enginePostgres {
		query = `SELECT DISTINCT ON (r.platform, a.deployment_id) r.platform, r.version, a.label, a.deployment_id, a.handle,
			bool_or(r.status IN (?, ?)) OVER (PARTITION BY r.platform, a.deployment_id),
			bool_or(r.unlabelled <> 0) OVER (PARTITION BY r.platform, a.deployment_id)
		FROM releases r LEFT JOIN release_apps a ON a.name = r.name AND a.version = r.version
		WHERE r.name = ? ORDER BY r.platform, a.deployment_id, r.version`
	}
	rows, err := t.q.QueryContext(ctx, query, ReleaseDeployed, ReleaseUnknown, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeploymentUse
	for rows.Next() {
		var u DeploymentUse
		var label, id, handle sql.NullString
		if err := rows.Scan(&u.Platform, &u.Release, &label, &id, &handle, &u.Live, &u.Unlabelled); err != nil {
			return nil, err
		}
		u.App = ReleaseApp{Label: label.String, DeploymentID: id.String, Handle: handle.String}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UsedBefore says which of the deployment ids releases of the stream older than version used.
func (t *Tx) UsedBefore(ctx context.Context, name string, version int, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{name, version}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := t.q.QueryContext(ctx, "SELECT DISTINCT deployment_id FROM release_apps WHERE name = ? AND +version < ? AND deployment_id IN ("+
		placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// DeleteReleases forgets a stream's release history.
func (t *Tx) DeleteReleases(ctx context.Context, name string) error {
	if _, err := t.q.ExecContext(ctx, "DELETE FROM release_apps WHERE name = ?", name); err != nil {
		return err
	}
	_, err := t.q.ExecContext(ctx, "DELETE FROM releases WHERE name = ?", name)
	return err
}

func (t *Tx) queryReleases(ctx context.Context, query string, args ...any) ([]Release, error) {
	rows, err := t.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanReleases(rows)
}

func (t *Tx) oneRelease(ctx context.Context, query string, args ...any) (Release, bool, error) {
	list, err := t.queryReleases(ctx, query, args...)
	if err != nil || len(list) == 0 {
		return Release{}, false, err
	}
	return list[0], true, nil
}

// releasesWithApps runs a query of releases of one stream and reads their apps in one more query.
func (t *Tx) releasesWithApps(ctx context.Context, query string, args ...any) ([]Release, error) {
	list, err := t.queryReleases(ctx, query, args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	args = make([]any, 1, len(list)+1)
	args[0] = list[0].Name
	at := make(map[int]int, len(list))
	for i, r := range list {
		args = append(args, r.Version)
		at[r.Version] = i
	}
	query = "SELECT version, label, deployment_id, handle FROM release_apps WHERE name = ? AND version IN (" + placeholders(len(list)) + ") ORDER BY " + t.insertionOrder()
	if len(list) > maxListedVersions { // a whole history: every app of the stream, rather than as many parameters
		query, args = "SELECT version, label, deployment_id, handle FROM release_apps WHERE name = ? ORDER BY "+t.insertionOrder(), args[:1]
	}
	rows, err := t.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		var a ReleaseApp
		if err := rows.Scan(&v, &a.Label, &a.DeploymentID, &a.Handle); err != nil {
			return nil, err
		}
		if i, ok := at[v]; ok {
			list[i].Apps = append(list[i].Apps, a)
		}
	}
	return list, rows.Err()
}

// maxListedVersions is the most releases whose apps are asked for by version.
const maxListedVersions = 500

// placeholders is "?, ?, ..." for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
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
