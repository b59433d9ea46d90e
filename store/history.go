package store

import (
	"context"
	"time"
)

// HistoryEntry is one command line typed into the shell (already redacted by the caller).
type HistoryEntry struct {
	ID        int64
	Line      string
	CreatedAt time.Time
}

// AppendHistory records a command line and trims the history to keep at most limit lines.
func (t *Tx) AppendHistory(ctx context.Context, line string, at time.Time, limit int) error {
	if _, err := t.q.ExecContext(ctx, "INSERT INTO history (line, created_at) VALUES (?, ?)", line, formatTime(at)); err != nil {
		return err
	}
	if limit > 0 {
		_, err := t.q.ExecContext(ctx, "DELETE FROM history WHERE id <= (SELECT max(id) FROM history) - ?", limit)
		return err
	}
	return nil
}

// RecentHistory returns at most limit lines, oldest first.
func (t *Tx) RecentHistory(ctx context.Context, limit int) ([]HistoryEntry, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT id, line, created_at FROM
		(SELECT id, line, created_at FROM history ORDER BY id DESC LIMIT ?) AS newest ORDER BY id`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HistoryEntry
	for rows.Next() {
		var h HistoryEntry
		var created string
		if err := rows.Scan(&h.ID, &h.Line, &created); err != nil {
			return nil, err
		}
		h.CreatedAt = parseTime(created)
		out = append(out, h)
	}
	return out, rows.Err()
}
