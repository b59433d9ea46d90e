package store

import (
	"context"
	"time"
)

// Leftover is an app that a cleanup could not remove from its platform.
type Leftover struct {
	Stream       string
	Platform     string
	Label        string
	DeploymentID string
	Handle       string
	// Release is the version the app belonged to; Reason the error its removal last met.
	Release   int
	Reason    string
	CreatedAt time.Time
}

// AddLeftovers records apps still to be removed; an app recorded already gets the newer reason.
func (t *Tx) AddLeftovers(ctx context.Context, list []Leftover) error {
	for _, l := range list {
		_, err := t.q.ExecContext(ctx, `INSERT INTO leftovers (stream, platform, label, deployment_id, handle, release_version, reason, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (stream, deployment_id) DO UPDATE SET reason = excluded.reason`,
			l.Stream, l.Platform, l.Label, l.DeploymentID, l.Handle, l.Release, l.Reason, formatTime(l.CreatedAt))
		if err != nil {
			return err
		}
	}
	return nil
}

// Leftovers lists the apps of a stream still to be removed, oldest first.
func (t *Tx) Leftovers(ctx context.Context, stream string) ([]Leftover, error) {
	return t.leftovers(ctx, "WHERE stream = ?", stream)
}

func (t *Tx) leftovers(ctx context.Context, where string, arg string) ([]Leftover, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT stream, platform, label, deployment_id, handle, release_version, reason, created_at
		FROM leftovers `+where+` ORDER BY created_at, deployment_id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Leftover
	for rows.Next() {
		var l Leftover
		var at string
		if err := rows.Scan(&l.Stream, &l.Platform, &l.Label, &l.DeploymentID, &l.Handle, &l.Release, &l.Reason, &at); err != nil {
			return nil, err
		}
		l.CreatedAt = parseTime(at)
		list = append(list, l)
	}
	return list, rows.Err()
}

// RemoveLeftover forgets an app once it is gone from its platform.
func (t *Tx) RemoveLeftover(ctx context.Context, stream, deploymentID string) error {
	_, err := t.q.ExecContext(ctx, "DELETE FROM leftovers WHERE stream = ? AND deployment_id = ?", stream, deploymentID)
	return err
}

// AppsOn lists the apps that may run on a platform account, of every stream but one: those of DEPLOYED releases
// and of releases with an operation underway (UNKNOWN), and the leftovers. One query: it runs in every deploy's
// write transaction.
func (t *Tx) AppsOn(ctx context.Context, platform, exceptStream string) ([]Leftover, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT a.name, a.label, a.deployment_id, a.version
		FROM release_apps a JOIN releases r ON r.name = a.name AND r.version = a.version
		WHERE r.platform = ? AND r.name != ? AND r.status IN (?, ?)
		UNION ALL SELECT stream, label, deployment_id, release_version FROM leftovers WHERE platform = ? AND stream != ?`,
		platform, exceptStream, ReleaseDeployed, ReleaseUnknown, platform, exceptStream)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Leftover
	for rows.Next() {
		l := Leftover{Platform: platform}
		if err := rows.Scan(&l.Stream, &l.Label, &l.DeploymentID, &l.Release); err != nil {
			return nil, err
		}
		list = append(list, l)
	}
	return list, rows.Err()
}
